package org.recprompt.cli;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.management.ObjectName;

/**
 * Keeps HotSpot's optimising compiler (C2) off the class-loading code during a {@code run}
 * command. The command loads some 6,000 classes through Spring Boot's nested-jar class loader;
 * that code becomes hot for the few seconds classes load, and C2 then spends seconds of CPU
 * compiling it, on a machine whose two cores the run needs for its calls. Measured on the
 * perf-engine workload (2,000 calls, 2 cores): about 15% less CPU and 1.5-2 s less wall time.
 * The loader stays C1-compiled, which is plenty for code that stops being hot after start-up;
 * everything else (the run, the metrics, the rankers) is compiled as usual.
 *
 * <p>It adds a compiler directive through the JDK's diagnostic-command MBean (what
 * {@code jcmd PID Compiler.directives_add} does). Best effort: on a JVM without it, nothing
 * happens. {@code RECPROMPT_JIT_TUNING=off} turns it off.
 */
final class JitTuning {

    static final String DIRECTIVE = "[{ match: [\"org/springframework/boot/loader/*.*\", \"jdk/internal/loader/*.*\","
            + " \"java/net/URL*.*\", \"java/util/zip/*.*\", \"jdk/internal/org/*.*\", \"java/lang/invoke/*.*\","
            + " \"sun/net/*.*\"], c2: { Exclude: true } }]";

    private JitTuning() {
    }

    /** Applies the directive for a {@code run} command (the first argument that is not an option). */
    static void forCommand(String[] args) {
        String command = null;
        for (String a : args) {
            if (!a.startsWith("-")) {
                command = a;
                break;
            }
        }
        if ("run".equals(command)) {
            processEntry = true;
            add(DIRECTIVE);
        }
    }

    /** Set when the process was started for a run: tuning applies to that process only, never to a JVM that runs commands in process (tests). */
    private static volatile boolean processEntry;

    /**
     * For a run whose work is calls (LLMs, replay, random, most-popular: no model to fit), C2 off
     * for everything from now on: such a run waits on the network, and C2 compiling the JDK's and
     * the libraries' hot paths took about a third of its CPU (2,000 calls: 8.3 s of CPU instead of
     * 12). Runs that fit EASE or item kNN keep C2 (C1 alone made them about 20% slower).
     *
     * <p>The JDK's SHA-256 stays with C2 ({@link #CALL_BOUND}): only C2 replaces its compression
     * loop with the CPU's SHA instructions, and every call hashes its prompt (cache key, prompt hash)
     * a few times over, some kilobytes each; C1-compiled, that loop was the hottest method of the calls.
     */
    static void forCallBoundRun() {
        if (!processEntry) {
            return;
        }
        add(CALL_BOUND);
    }

    /** C2 off for everything but the JDK's message digests (the first directive that matches a method applies). */
    static final String CALL_BOUND = "[{ match: \"sun/security/provider/*.*\", c2: { Exclude: false } },"
            + " { match: \"*.*\", c2: { Exclude: true } }]";

    private static void add(String directive) {
        if ("off".equalsIgnoreCase(System.getenv("RECPROMPT_JIT_TUNING")) || System.getProperty(TunedJvm.STARTED) != null) {
            return;
        }
        Path file = null;
        try {
            file = Files.createTempFile("recprompt-jit-", ".json");
            Files.writeString(file, directive, StandardCharsets.UTF_8);
            ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "compilerDirectivesAdd", new Object[] {new String[] {file.toString()}},
                    new String[] {String[].class.getName()});
        } catch (Exception | LinkageError e) {
            // not HotSpot, or no diagnostic commands: the run is only slower to start
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (java.io.IOException ignored) {
                    // a temporary file left behind
                }
            }
        }
    }
}
