package org.recprompt;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps HotSpot's optimising compiler (C2) idle while the workbench starts. Spring, Hibernate,
 * Tomcat and Vaadin run their start-up code once, but it is hot enough for C2 to compile: on this
 * 2-core machine C2 took about 8 of the start's 26 CPU seconds, on the cores the start itself
 * needs (docs/PERFORMANCE.md, "Workbench start"). C1 keeps compiling as usual.
 *
 * <p>It adds a compiler directive through the JDK's diagnostic-command MBean (what {@code jcmd PID
 * Compiler.directives_add} does) before Spring starts and removes it once the workbench is ready,
 * from when C2 compiles whatever becomes hot. The methods that asked for C2 during the start stay
 * C1-compiled (HotSpot marks an excluded method as not to be compiled by C2): start-up code, and
 * some of the JDK's that the start used heavily. Best effort: on a JVM without diagnostic commands
 * nothing happens. {@code RECPROMPT_JIT_TUNING=off} turns it off (as for the headless {@code run}).
 */
final class StartupJit {

    private static final Logger log = LoggerFactory.getLogger(StartupJit.class);

    static final String DIRECTIVE = "[{ match: \"*.*\", c2: { Exclude: true } }]";

    private static final String MBEAN = "com.sun.management:type=DiagnosticCommand";

    private final AtomicBoolean active;

    private StartupJit(boolean active) {
        this.active = new AtomicBoolean(active);
    }

    /** Adds the directive unless {@code RECPROMPT_JIT_TUNING} is {@code off}; the result removes it. */
    static StartupJit begin(String tuningSetting) {
        if ("off".equalsIgnoreCase(tuningSetting)) {
            return new StartupJit(false);
        }
        Path file = null;
        try {
            file = Files.createTempFile("recprompt-jit-", ".json");
            Files.writeString(file, DIRECTIVE, StandardCharsets.UTF_8);
            invoke("compilerDirectivesAdd", file.toString());
            return new StartupJit(true);
        } catch (Exception | LinkageError e) {
            log.debug("Compiler directive not added (the start is only slower): {}", e.toString());
            return new StartupJit(false);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (java.io.IOException ignored) {
                    // a temporary file of a few bytes left behind
                }
            }
        }
    }

    /** Whether the directive is in place (added and not yet removed). */
    boolean active() {
        return active.get();
    }

    /** Removes the directive (once; later calls do nothing); true when this call removed it. */
    boolean end() {
        if (!active.compareAndSet(true, false)) {
            return false;
        }
        try {
            invoke("compilerDirectivesRemove", null);
            return true;
        } catch (Exception | LinkageError e) {
            log.debug("Compiler directive not removed: {}", e.toString());
            return false;
        }
    }

    private static void invoke(String operation, String argument) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName(MBEAN);
        if (argument == null) {
            server.invoke(name, operation, new Object[0], new String[0]);
        } else {
            server.invoke(name, operation, new Object[] {new String[] {argument}}, new String[] {String[].class.getName()});
        }
    }
}
