package org.recprompt.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.recprompt.experiment.ExperimentSpec;

/**
 * Runs a call-bound {@code run}, and {@code bench backend}, in a JVM started with settings for it.
 * Such a run (LLMs, replay, random, most-popular: nothing to fit) spends its CPU on loading classes,
 * on glue code between calls and on compiling that code; HotSpot's defaults, made for long-lived servers, compile every
 * method twice (profiled C1, then C2 or, with {@link JitTuning}'s directives, C1 again) and collect
 * garbage with G1's concurrent threads. C1 alone ({@code -XX:TieredStopAtLevel=1}) and the serial
 * collector did the perf-engine run (2,000 calls, 2 cores) with about 40% less CPU, and brought
 * {@code bench backend} closer to its ideal time (docs/PERFORMANCE.md).
 * A {@code java -jar} command line cannot carry them, so the process started as
 * {@code java [-Xmx.. -D..] -jar recprompt.jar run FILE ...} starts that second JVM, with the same
 * options, arguments, environment, working directory and standard streams, waits for it and exits
 * with its exit code; a signal that ends this process ends the run's process first (its own
 * shutdown hooks run, as they would for this process), and a SIGKILL of this process ends the run's
 * process too ({@link #followStarter}).
 *
 * <p>Only when it is safe to tell: launched with {@code -jar}, JVM options limited to memory sizes
 * and system properties (a profiler, debugger or any {@code -XX} option means someone chose the
 * JVM's settings: the run stays in this process), and an experiment file whose every backend
 * {@code type} is call-bound (anything else, or no type at all, keeps the run in this process, with
 * C2 for its models). {@code RECPROMPT_JIT_TUNING=off} turns it off. The outputs are the same
 * either way: Java's arithmetic does not depend on the compiler.
 */
public final class TunedJvm {

    /** Set in the started JVM, so that it does not start another one. */
    static final String STARTED = "recprompt.tunedJvm";
    /**
     * C1 only, the serial collector, and a first metaspace threshold above what a run's classes
     * take (27 MB for the perf-engine run): at the default (about 21 MB) the JVM stopped for a full
     * collection (61 ms) in the middle of the setup only to find no class to unload.
     */
    static final List<String> FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:MetaspaceSize=128m");

    /** The {@code run} options that take a value (the experiment file is the first other word). */
    private static final Set<String> VALUED = Set.of("--out", "--confirm-above", "--max-error-rate", "--progress-seconds");
    private static final Pattern KEPT_OPTION = Pattern.compile("-Xm[xs]\\S+|-Xss\\S+|-D\\S+");
    private static final Pattern TYPE = Pattern.compile("(?m)(?:^|[\\s{,])type\\s*:\\s*[\"']?([A-Za-z0-9_-]+)");

    private TunedJvm() {
    }

    /**
     * For the process's entry: runs the command in a tuned JVM when that applies and returns its
     * exit code; empty when the command is to run in this process.
     */
    public static OptionalInt runIfTuned(String[] args) {
        if ("off".equalsIgnoreCase(System.getenv("RECPROMPT_JIT_TUNING")) || System.getProperty(DECIDED) != null) {
            return OptionalInt.empty();
        }
        return runIfTuned(args, self(), TunedJvm::read, command -> {
            // the run's --timings count from this process's start, not the tuned JVM's
            List<String> withStart = new ArrayList<>(command);
            processStart().ifPresent(t -> withStart.add(1, "-D" + LAUNCHED_AT + "=" + t.toEpochMilli()));
            Optional<TunedClasspath.Prepared> plain = jarOf(withStart).flatMap(TunedClasspath::prepare);
            if (plain.isEmpty()) {
                return startAndWait(withStart);
            }
            held = plain.get();
            tidyLater(plain.get().directory());
            return startAndWait(onClasspath(withStart, plain.get()));
        });
    }

    /** Deletes other, unused copies of class paths after the run's start-up, on a daemon thread of the lowest priority. */
    private static void tidyLater(Path keep) {
        Thread tidy = new Thread(() -> {
            try {
                Thread.sleep(2_000);
            } catch (InterruptedException e) {
                return;
            }
            TunedClasspath.deleteUnused(keep.getParent(), keep, java.time.Instant.now());
        }, "recprompt-classpath-tidy");
        tidy.setDaemon(true);
        tidy.setPriority(Thread.MIN_PRIORITY);
        tidy.start();
    }

    /** The copy of the class path the tuned JVM runs from, locked while this JVM lives (a channel left to the garbage collector would be closed). */
    private static volatile TunedClasspath.Prepared held;

    /** The jar of a {@code ... -jar JAR ...} command line. */
    static Optional<Path> jarOf(List<String> command) {
        int jar = command.indexOf("-jar");
        return jar < 0 || jar + 1 >= command.size() ? Optional.empty() : Optional.of(Path.of(command.get(jar + 1)).toAbsolutePath());
    }

    /**
     * The tuned JVM's command line with {@code -jar JAR} replaced by the plain class path of
     * {@link TunedClasspath} and the application's main class, and the CDS archive when there is one
     * for this JVM (its messages off: a JVM that cannot map it runs without it, as it would anyway).
     */
    static List<String> onClasspath(List<String> command, TunedClasspath.Prepared plain) {
        int jar = command.indexOf("-jar");
        List<String> out = new ArrayList<>(command.subList(0, jar));
        plain.archive().ifPresent(a -> out.addAll(List.of("-XX:SharedArchiveFile=" + a, "-Xlog:cds=off", "-Xlog:cds+dynamic=off")));
        out.addAll(List.of("-cp", plain.classpathValue(), MAIN));
        out.addAll(command.subList(jar + 2, command.size()));
        return out;
    }

    /** The application's entry, which the jar's launcher would have called. */
    static final String MAIN = "org.recprompt.Main";

    /**
     * When this process started, to 10 ms. On Linux from {@code /proc}: its age is the system's
     * uptime less its start in clock ticks (100 a second, Linux's fixed USER_HZ). The JDK's
     * {@code ProcessHandle} adds the start ticks to the boot time, which {@code /proc/stat} gives in
     * whole seconds, so its instant could be up to a second early, and a run's {@code --timings} were
     * that much late (0.65 s in docs/PERFORMANCE.md's sixth pass). Elsewhere, {@code ProcessHandle}'s.
     */
    static java.util.Optional<java.time.Instant> processStart() {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
            // after the command name "(...)" the fields run from the third, the state; the start time is the 22nd
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long startTicks = Long.parseLong(fields[22 - 3]);
            double uptime = Double.parseDouble(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/uptime")).split(" ")[0]);
            long ageMillis = Math.round(uptime * 1000) - startTicks * 10;
            return java.util.Optional.of(java.time.Instant.now().minusMillis(Math.max(0, ageMillis)));
        } catch (java.io.IOException | RuntimeException notLinux) {
            return ProcessHandle.current().info().startInstant();
        }
    }

    /** Set by the jar's entry ({@code org.recprompt.JarEntryPoint}) once it has asked {@link #runIfTuned}: not asked again. */
    static final String DECIDED = "recprompt.tunedJvm.decided";

    /** On a tuned JVM's command line: when the process that started it started (epoch milliseconds). */
    public static final String LAUNCHED_AT = "recprompt.launchedAt";

    /** For {@code --timings}: " (tuned JVM)", with whether it opens the database from its start; empty in the first JVM. */
    static String describeThisJvm() {
        if (System.getProperty(STARTED) == null) {
            return "";
        }
        return HeadStart.DATABASE.equals(System.getProperty(HeadStart.PROPERTY))
                ? " (tuned JVM, the database opening since its start)" : " (tuned JVM)";
    }

    /** When this command's process started: the JVM that started this tuned JVM, or this JVM (epoch milliseconds). */
    public static long launchedAt() {
        return Long.getLong(LAUNCHED_AT, java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime());
    }

    /** As above for this JVM's launch ({@code self}), files read by {@code read} and the tuned JVM started by {@code start}. */
    static OptionalInt runIfTuned(String[] args, Optional<Self> self, Function<Path, String> read,
            Function<List<String>, OptionalInt> start) {
        // command(...) decides the tuned JVM's whole command line, the head start included
        Optional<List<String>> command = self.flatMap(s -> command(args, s.argv(), s.java(), read));
        return command.isEmpty() ? OptionalInt.empty() : start.apply(command.get());
    }

    /** This JVM's {@code java} command and its command line (options, {@code -jar}, the jar, the program arguments). */
    record Self(String java, List<String> argv) {
    }

    /** This JVM's launch; empty in a JVM this class started, or when the command line is unknown. */
    private static Optional<Self> self() {
        if (System.getProperty(STARTED) != null) {
            return Optional.empty();
        }
        ProcessHandle.Info self = ProcessHandle.current().info();
        Optional<String[]> argv = self.arguments();
        if (argv.isEmpty()) {
            return Optional.empty();
        }
        String java = self.command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        return Optional.of(new Self(java, Arrays.asList(argv.get())));
    }

    /**
     * How this JVM was launched, when another JVM like it may be started in its place:
     * {@code java [-Xm.. -Xss.. -D..] -jar JAR args} with these program arguments. Empty in a JVM
     * that this class started ({@link #STARTED}), or when the command line is unknown or carries
     * other options (a profiler, debugger or {@code -XX} option: someone chose the JVM's settings).
     */
    public static Optional<Launch> launch(String[] args) {
        return self().flatMap(s -> launch(args, s.argv(), s.java()));
    }

    /** This JVM's launch, given its command line ({@code argv}: options, {@code -jar}, the jar, the program arguments). */
    static Optional<Launch> launch(String[] args, List<String> argv, String java) {
        int jar = argv.indexOf("-jar");
        if (jar < 0 || jar + 1 >= argv.size() || !argv.get(jar + 1).endsWith(".jar")
                || !argv.subList(jar + 2, argv.size()).equals(Arrays.asList(args))) {
            return Optional.empty();
        }
        List<String> options = argv.subList(0, jar);
        if (!options.stream().allMatch(o -> KEPT_OPTION.matcher(o).matches())) {
            return Optional.empty();
        }
        return Optional.of(new Launch(java, List.copyOf(options), argv.get(jar + 1)));
    }

    /**
     * A launch of this JVM: the {@code java} command, its options and the jar.
     *
     * @param java    the {@code java} executable
     * @param options the JVM options before {@code -jar}
     * @param jar     the jar as given after {@code -jar}
     */
    public record Launch(String java, List<String> options, String jar) {

        /** {@code java OPTIONS -Drecprompt.tunedJvm=true -jar JAR ARGS}: a second JVM that starts no third. */
        public List<String> command(List<String> options, String jar, String[] args) {
            List<String> command = new ArrayList<>();
            command.add(java);
            command.addAll(options);
            command.add("-D" + STARTED + "=true");
            command.add("-jar");
            command.add(jar);
            command.addAll(Arrays.asList(args));
            return command;
        }
    }

    /**
     * Starts the command with this process's environment, working directory and standard streams,
     * waits for it and returns its exit code; a signal that ends this process ends it first. Empty
     * when it could not be started (the caller then goes on in this JVM).
     */
    public static OptionalInt startAndWait(List<String> command) {
        Process child;
        try {
            child = new ProcessBuilder(command).inheritIO().start();
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty(); // no second JVM: the caller goes on in this one
        }
        Thread stop = new Thread(() -> {
            if (child.isAlive()) {
                child.destroy();
                try {
                    child.waitFor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "recprompt-run-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        while (true) {
            try {
                return OptionalInt.of(child.waitFor());
            } catch (InterruptedException e) {
                // only a signal ends the wait: the shutdown hook stops the child
            }
        }
    }

    /**
     * In the tuned JVM: a daemon thread that ends this JVM at once, as {@code kill -9} would, when
     * the JVM that started it is gone. Killing that process (SIGKILL, as a user or a scheduler
     * stops a run for good) then stops the run within a tenth of a second, never leaving it running
     * unseen; the journal makes it resumable as after any kill. Nothing in any other JVM.
     */
    public static void followStarter() {
        if (System.getProperty(STARTED) == null) {
            return;
        }
        // Its parent changing tells: a killed process may stay a zombie (and "alive") until reaped, but its children are
        // handed to another parent at once.
        long starter = parentPid();
        if (starter < 0) {
            return;
        }
        Thread watch = new Thread(() -> {
            while (parentPid() == starter) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
            Runtime.getRuntime().halt(137);
        }, "recprompt-starter-watch");
        watch.setDaemon(true);
        watch.start();
    }

    private static long parentPid() {
        return ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L).longValue();
    }

    /**
     * The command line of the tuned JVM for these program arguments, given this JVM's own command
     * line ({@code argv}: options, {@code -jar}, the jar, the program arguments); empty when the
     * command is to run in this process. {@code read} gives a file's text, or null.
     */
    static Optional<List<String>> command(String[] args, List<String> argv, String java, Function<Path, String> read) {
        Optional<Launch> launch = launch(args, argv, java);
        java.util.Map<Path, String> texts = new java.util.HashMap<>();
        Function<Path, String> once = file -> texts.computeIfAbsent(file, read); // the experiment is read once
        if (launch.isEmpty() || !applies(args, once)) {
            return Optional.empty();
        }
        List<String> options = new ArrayList<>(launch.get().options());
        options.addAll(FLAGS);
        if (opensDatabase(args, once)) {
            options.add("-D" + HeadStart.PROPERTY + "=" + HeadStart.DATABASE);
        }
        return Optional.of(launch.get().command(options, launch.get().jar(), args));
    }

    /** Whether the command is a call-bound {@code run} or {@code bench backend} (calls to a local server, nothing else). */
    static boolean applies(String[] args, Function<Path, String> read) {
        List<String> words = Arrays.stream(args).filter(a -> !a.startsWith("-")).limit(2).toList();
        if (words.equals(List.of("bench", "backend"))) {
            return true;
        }
        Optional<String> file = experimentFile(args);
        return file.isPresent() && isCallBound(read.apply(Path.of(file.get())));
    }

    /**
     * Whether this {@code run} will open the workspace database for its response cache: an LLM
     * backend (not a replay) and neither {@code --no-cache} nor {@code --workers} (which opens a
     * shared database of its own). {@link HeadStart} then opens it from the tuned JVM's start.
     */
    static boolean opensDatabase(String[] args, Function<Path, String> read) {
        if (Arrays.asList(args).contains("--no-cache") || Arrays.asList(args).contains("--workers")) {
            return false;
        }
        Optional<String> file = experimentFile(args);
        String yaml = file.isEmpty() ? null : read.apply(Path.of(file.get()));
        if (yaml == null) {
            return false;
        }
        return kinds(yaml).stream().anyMatch(k -> k != null && k.isLlm());
    }

    /** The experiment file of a {@code run} command line; empty for another command. */
    static Optional<String> experimentFile(String[] args) {
        int i = 0;
        while (i < args.length && args[i].startsWith("-")) {
            i++;
        }
        if (i >= args.length || !"run".equals(args[i])) {
            return Optional.empty();
        }
        for (i++; i < args.length; i++) {
            String a = args[i];
            if (VALUED.contains(a)) {
                i++;
            } else if (!a.startsWith("-")) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether an experiment's text names backend types and all of them are call-bound (their work is
     * calls, not fitting a model); false for no text, no type or an unknown one.
     */
    static boolean isCallBound(String yaml) {
        if (yaml == null) {
            return false;
        }
        List<ExperimentSpec.Kind> kinds = kinds(yaml);
        return !kinds.isEmpty() && kinds.stream().allMatch(k -> k != null
                && (k.usesPrompt() || k == ExperimentSpec.Kind.RANDOM || k == ExperimentSpec.Kind.MOST_POPULAR));
    }

    /** The backend types the experiment's text names, in order; null for a type no backend has. */
    private static List<ExperimentSpec.Kind> kinds(String yaml) {
        List<ExperimentSpec.Kind> kinds = new ArrayList<>();
        Matcher m = TYPE.matcher(yaml);
        while (m.find()) {
            kinds.add(kind(m.group(1)));
        }
        return kinds;
    }

    private static ExperimentSpec.Kind kind(String id) {
        try {
            return ExperimentSpec.Kind.byId(id.toLowerCase(Locale.ROOT));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String read(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!(name.endsWith(".yaml") || name.endsWith(".yml"))) {
            return null;
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
