package org.recprompt;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.OptionalInt;

/**
 * The jar's {@code Main-Class}: copied to the jar's root by the build (pom.xml, after Spring Boot's
 * repackaging), where the JVM finds it without Spring Boot's launcher. It names only JDK types.
 *
 * <p>A call-bound {@code run} or {@code bench backend} runs in a second, tuned JVM
 * ({@link org.recprompt.cli.TunedJvm}). Deciding that, and starting it, needs only a few of this
 * jar's own classes; going through Spring Boot's {@code JarLauncher} first meant indexing all of
 * the jar's 171 nested libraries and building their class loader in a JVM that then only waited:
 * about 0.3 s of the whole run on this machine's 2 cores. Here the decision is made by
 * {@code TunedJvm} loaded from {@code BOOT-INF/classes} alone, through the JDK's own {@code jar:}
 * URLs. Everything else (the workbench, other commands, a tuned JVM's own command, Spring Boot's
 * jar modes) goes to {@code JarLauncher}, exactly as when it was the {@code Main-Class}.
 */
public final class JarEntryPoint {

    /** Set for {@link Main} when this class has already asked whether the command runs in a tuned JVM. */
    public static final String DECIDED = "recprompt.tunedJvm.decided";

    private static final String LAUNCHER = "org.springframework.boot.loader.launch.JarLauncher";

    private JarEntryPoint() {
    }

    public static void main(String[] args) throws Throwable {
        OptionalInt tuned = runIfTuned(args);
        if (tuned.isPresent()) {
            System.exit(tuned.getAsInt());
            return;
        }
        invoke(Class.forName(LAUNCHER).getMethod("main", String[].class), args);
    }

    /**
     * Runs the command in a tuned JVM when {@code TunedJvm} says so, and returns its exit code;
     * empty otherwise, or when this class is not at the root of a Spring Boot jar (a test's class path).
     */
    static OptionalInt runIfTuned(String[] args) throws Throwable {
        if (System.getProperty("recprompt.tunedJvm") != null || args.length == 0 || args[0].startsWith("-")) {
            return OptionalInt.empty(); // a tuned JVM itself, the workbench, or a jar mode and its options
        }
        URL root = JarEntryPoint.class.getProtectionDomain().getCodeSource().getLocation();
        if (root == null || !root.getPath().endsWith(".jar")) {
            return OptionalInt.empty();
        }
        // the application's classes only: the decision reads the command line and the experiment file
        URL classes = new URL("jar:" + root.toExternalForm() + "!/BOOT-INF/classes/");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes}, JarEntryPoint.class.getClassLoader())) {
            Class<?> tunedJvm = Class.forName("org.recprompt.cli.TunedJvm", true, loader);
            OptionalInt code = (OptionalInt) invoke(tunedJvm.getMethod("runIfTuned", String[].class), args);
            System.setProperty(DECIDED, "true");
            return code;
        }
    }

    private static Object invoke(Method main, String[] args) throws Throwable {
        try {
            return main.invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
