package org.recprompt;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.CRC32;

import org.recprompt.cli.TunedJvm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the workbench from a class-data archive (HotSpot's AppCDS) made once per jar build. Half
 * of the start's main thread went to finding, reading and defining classes from the jars nested in
 * {@code recprompt.jar} (docs/PERFORMANCE.md, "Workbench start"); a {@code java -jar} command line
 * cannot carry the options that avoid it, so, as {@link TunedJvm} does for a headless {@code run},
 * the process started as {@code java [-Xm.. -D..] -jar recprompt.jar} starts the workbench in a
 * second JVM with the same options, arguments, environment, working folder and streams, waits for
 * it and exits with its exit code (a signal or a SIGKILL of this process stops it too).
 *
 * <p>The cache, under {@code $XDG_CACHE_HOME/recprompt/start} (else {@code ~/.cache/...}), holds
 * one folder per jar build and JVM: the jar extracted as Spring Boot's {@code -Djarmode=tools
 * extract} lays it out (the application's jar and its libraries side by side, which the JVM's own
 * class loader reads and CDS can archive), and the archive written by a training start of that
 * layout ({@code -XX:ArchiveClassesAtExit}) on a temporary workspace with an H2 database, a free
 * port and none of the user's settings, that exits once its first page has answered. A start
 * without a ready cache runs in this JVM as before and then prepares the cache in the background
 * (niced where {@code nice} exists), for the next start. The classes and their code are the jar's
 * own: only how the JVM finds them changes; a stale or unusable archive makes the JVM read the
 * classes from the jars again. {@code RECPROMPT_START_CACHE=off} turns it off.
 */
final class StartCache {


    /** The logger, looked up when needed: the process that only starts the workbench's JVM sets up no logging. */
    private static Logger log() {
        return LoggerFactory.getLogger(StartCache.class);
    }

    static final String SWITCH = "RECPROMPT_START_CACHE";
    /** Set in the training start: it exits once its first page answered. */
    static final String TRAINING = "recprompt.startCache.training";

    static final String ARCHIVE = "app.jsa";
    static final String READY = "ready";
    static final String APP = "app";
    /** Written when the extracted jar holds Spring's build-time (AOT) processing of the workbench's context. */
    static final String AOT = "aot";
    /** The class Spring's AOT processing generates for the application, which {@code spring.aot.enabled} runs. */
    static final String AOT_INITIALIZER = "org/recprompt/Application__ApplicationContextInitializer.class";
    static final String AOT_OPTION = "-Dspring.aot.enabled=true";
    /**
     * Spring properties whose values Spring's AOT processing fixed at build time (the conditions of
     * Spring Boot's, Vaadin's and the management auto-configuration), but those the README documents
     * for the workbench's own start, which drive no condition.
     */
    private static final List<String> BUILD_TIME_PREFIXES = List.of("spring.", "server.", "management.", "vaadin.");
    private static final List<String> RUN_TIME_PROPERTIES = List.of("server.port", "server.address");
    private static final List<String> JVM_OPTION_VARIABLES = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");
    private static final String PREFIX = "recprompt-start-";
    private static final long TRAINING_TIMEOUT_MINUTES = 10;
    /** How many caches of other jar builds are kept (the last started). */
    static final int KEPT_OTHERS = 2;

    private final TunedJvm.Launch launch;
    private final Path jar;
    private final Path folder;

    StartCache(TunedJvm.Launch launch, Path folder) {
        this.launch = launch;
        this.jar = Path.of(launch.jar()).toAbsolutePath().normalize();
        this.folder = folder;
    }

    /**
     * The cache for this JVM's start: empty when it does not apply (turned off, not a plain
     * {@code java -jar} start, or this is the JVM it started) or the jar cannot be read.
     */
    static Optional<StartCache> forStart(String[] args, Map<String, String> env) {
        if ("off".equalsIgnoreCase(env.get(SWITCH))) {
            return Optional.empty();
        }
        Optional<TunedJvm.Launch> launch = TunedJvm.launch(args);
        if (launch.isEmpty()) {
            return Optional.empty();
        }
        try {
            Path jar = Path.of(launch.get().jar()).toAbsolutePath().normalize();
            return Optional.of(new StartCache(launch.get(), root(env).resolve(PREFIX + key(jar))));
        } catch (IOException | RuntimeException e) {
            log().debug("No start cache: {}", e.toString());
            return Optional.empty();
        }
    }

    /** The folder of all start caches: {@code $XDG_CACHE_HOME/recprompt}, else {@code $HOME/.cache/recprompt}. */
    static Path root(Map<String, String> env) {
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "recprompt");
        }
        return org.recprompt.base.ServerPaths.home().resolve(".cache").resolve("recprompt");
    }

    /** A name for one jar build on one JVM: the jar's path, size and time, and the JVM's home and version. */
    static String key(Path jar) throws IOException {
        String id = String.join("\n", jar.toString(), Long.toString(Files.size(jar)),
                Long.toString(Files.getLastModifiedTime(jar).toMillis()), System.getProperty("java.home"),
                System.getProperty("java.vm.version"));
        CRC32 crc = new CRC32();
        crc.update(id.getBytes(StandardCharsets.UTF_8));
        return Long.toHexString(Files.size(jar)) + "-" + Long.toHexString(crc.getValue());
    }

    /** The extracted application jar, when the cache is ready (its archive made). */
    Optional<Path> readyJar() {
        try {
            Path ready = folder.resolve(READY);
            if (!Files.isRegularFile(ready) || !Files.isRegularFile(folder.resolve(ARCHIVE))) {
                return Optional.empty();
            }
            Path jar = folder.resolve(Files.readString(ready, StandardCharsets.UTF_8).strip());
            return Files.isRegularFile(jar) ? Optional.of(jar) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The command that starts the workbench from the ready cache's jar and archive; {@code aot}: with
     * Spring's context as processed at build time ({@link #aotApplies}).
     */
    List<String> command(Path jar, String[] args, boolean aot) {
        List<String> options = new ArrayList<>(launch.options());
        if (aot) {
            options.add(AOT_OPTION);
        }
        options.add("-XX:SharedArchiveFile=" + folder.resolve(ARCHIVE));
        options.add("-Xshare:auto");
        // an archive the JVM cannot use (another JVM build, other heap settings) is skipped without a word
        options.add("-Xlog:cds=off");
        options.add("-Xlog:cds+dynamic=off");
        return launch.command(options, jar.toString(), args);
    }

    /**
     * Runs the workbench in a JVM started from the ready cache and returns its exit code; empty when
     * the cache is not ready or the JVM could not be started (the workbench then starts in this one).
     */
    OptionalInt runIfReady(String[] args) {
        Optional<Path> jar = readyJar();
        if (jar.isEmpty()) {
            return OptionalInt.empty();
        }
        try { // a sign of use: the caches of other builds last started are kept
            Files.setLastModifiedTime(folder.resolve(READY), FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException ignored) {
            // a read-only cache still serves
        }
        // held while the workbench runs (released with this process), so that a start of another build keeps this cache
        try {
            FileChannel channel = FileChannel.open(lockFile(folder), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            channel.tryLock(0, Long.MAX_VALUE, true);
        } catch (IOException | RuntimeException e) {
            log().debug("Start cache {} not marked as in use: {}", folder, e.toString());
        }
        boolean aot = Files.isRegularFile(folder.resolve(AOT))
                && aotApplies(launch.options(), args, System.getenv(), Path.of("").toAbsolutePath());
        return TunedJvm.startAndWait(command(jar.get(), args, aot));
    }

    /**
     * Whether the workbench's JVM may run Spring's context as processed at build time: unless this
     * start sets a Spring property whose value that processing fixed (a {@code spring.*},
     * {@code server.*} but the port and address, {@code management.*} or {@code vaadin.*} property,
     * given as an argument, a {@code -D} option (also in {@code JAVA_TOOL_OPTIONS} and the like) or
     * an environment variable) or reads a configuration
     * file of its own from the working folder. Such a start parses the configuration classes as
     * before, so a setting of Spring's means what it meant before.
     */
    static boolean aotApplies(List<String> options, String[] args, Map<String, String> env, Path workingFolder) {
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                return false;
            }
            if (fixedAtBuildTime(arg.substring(2))) {
                return false;
            }
        }
        for (String option : options) {
            if (option.startsWith("-D") && fixedAtBuildTime(option.substring(2))) {
                return false;
            }
        }
        for (Map.Entry<String, String> variable : env.entrySet()) { // Spring's relaxed binding: SPRING_MAIN_X is spring.main.x
            if (fixedAtBuildTime(variable.getKey().toLowerCase(Locale.ROOT).replace('_', '.'))) {
                return false;
            }
            if (JVM_OPTION_VARIABLES.contains(variable.getKey()) && variable.getValue() != null) {
                for (String option : variable.getValue().trim().split("\\s+")) { // the JVM reads -D options from these too
                    if (option.startsWith("-D") && fixedAtBuildTime(option.substring(2))) {
                        return false;
                    }
                }
            }
        }
        return !hasOwnConfiguration(workingFolder);
    }

    private static boolean fixedAtBuildTime(String setting) {
        String key = setting.split("=", 2)[0].toLowerCase(Locale.ROOT).replace('-', '.');
        if (RUN_TIME_PROPERTIES.contains(key)) {
            return false;
        }
        return BUILD_TIME_PREFIXES.stream().anyMatch(p -> key.startsWith(p) || key.equals(p.substring(0, p.length() - 1)));
    }

    /** Whether Spring Boot would read an {@code application.*} file from the working folder or its {@code config} folder. */
    private static boolean hasOwnConfiguration(Path folder) {
        List<Path> places = new ArrayList<>(List.of(folder, folder.resolve("config")));
        try (DirectoryStream<Path> nested = Files.newDirectoryStream(folder.resolve("config"), Files::isDirectory)) {
            nested.forEach(places::add);
        } catch (IOException | RuntimeException e) {
            // no config folder
        }
        for (Path place : places) {
            for (String ext : List.of("properties", "yml", "yaml", "xml")) {
                if (Files.exists(place.resolve("application." + ext))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Path lockFile(Path cache) {
        return cache.resolveSibling(cache.getFileName() + ".lock");
    }

    /** Prepares the cache on a background thread of low priority, unless ready; for the next start. */
    void prepareInBackground() {
        if (readyJar().isPresent()) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                prepare();
            } catch (IOException | RuntimeException e) {
                log().info("The faster start for the next time could not be prepared in {}: {}", folder, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "recprompt-start-cache");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /** Extracts the jar and makes the archive, once: another process preparing the same cache makes this one skip. */
    void prepare() throws IOException, InterruptedException {
        Files.createDirectories(folder.getParent());
        removeOtherBuilds();
        try (FileChannel channel = FileChannel.open(lockFile(folder), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            if (lock == null || readyJar().isPresent()) {
                return;
            }
            deleteTree(folder);
            Files.createDirectories(folder);
            Path logFile = folder.resolve("prepare.log");
            Path app = folder.resolve(APP);
            run(List.of(launch.java(), "-Djarmode=tools", "-jar", jar.toString(), "extract", "--destination", app.toString()),
                    Map.of(), logFile);
            Path extracted = app.resolve(jar.getFileName());
            if (!Files.isRegularFile(extracted)) {
                throw new IOException("the extracted jar " + extracted + " is missing (see " + logFile + ")");
            }
            boolean aot = holdsAot(extracted);
            Path part = folder.resolve(ARCHIVE + ".part");
            Path workspace = folder.resolve("training-workspace");
            List<String> options = new ArrayList<>(launch.options().stream().filter(o -> o.startsWith("-X")).toList());
            options.add("-XX:ArchiveClassesAtExit=" + part);
            options.add("-D" + TRAINING + "=true");
            if (aot) { // the archive then holds the classes the usual start (with the build-time context) loads
                options.add(AOT_OPTION);
            }
            List<String> command = new ArrayList<>(launch.command(options, extracted.toString(), new String[] {"--server.port=0"}));
            if (Files.isExecutable(Path.of("/usr/bin/nice"))) {
                command.addAll(0, List.of("/usr/bin/nice", "-n", "10"));
            }
            run(command, Map.of("RECPROMPT_WORKSPACE", workspace.toString()), logFile);
            if (!Files.isRegularFile(part)) {
                throw new IOException("the training start wrote no archive (see " + logFile + ")");
            }
            Files.move(part, folder.resolve(ARCHIVE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(workspace);
            if (aot) {
                Files.writeString(folder.resolve(AOT), AOT_INITIALIZER, StandardCharsets.UTF_8);
            }
            Path ready = folder.resolve(READY + ".part");
            Files.writeString(ready, folder.relativize(extracted).toString(), StandardCharsets.UTF_8);
            Files.move(ready, folder.resolve(READY), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            log().info("Prepared a faster start for the next time in {}", folder);
        }
    }

    /**
     * Runs a preparation step with none of the user's workbench settings (database, port, login,
     * Spring properties) but {@code extra}, its output appended to {@code logFile}; fails unless it
     * exits with 0 in time.
     */
    private static void run(List<String> command, Map<String, String> extra, Path logFile)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        pb.environment().keySet().removeIf(StartCache::isWorkbenchSetting);
        pb.environment().putAll(extra);
        Process p = pb.start();
        Thread stop = new Thread(p::destroyForcibly, "recprompt-start-cache-stop"); // the workbench stops: so does this step
        Runtime.getRuntime().addShutdownHook(stop);
        try {
            if (!p.waitFor(TRAINING_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                throw new IOException("'" + String.join(" ", command) + "' did not finish within "
                        + TRAINING_TIMEOUT_MINUTES + " minutes");
            }
        } finally {
            p.destroyForcibly();
            try {
                Runtime.getRuntime().removeShutdownHook(stop);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs (or ran) anyway
            }
        }
        if (p.exitValue() != 0) {
            throw new IOException("'" + String.join(" ", command) + "' exited with " + p.exitValue() + " (see " + logFile + ")");
        }
    }

    /** Whether the jar holds Spring's build-time processing of the workbench's context (built with {@code process-aot}). */
    static boolean holdsAot(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getEntry(AOT_INITIALIZER) != null;
        }
    }

    /** Whether an environment variable sets up the workbench (kept from the training start). */
    static boolean isWorkbenchSetting(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        return n.startsWith("RECPROMPT_") || n.startsWith("SERVER_") || n.startsWith("SPRING_")
                || n.equals("JAVA_TOOL_OPTIONS") || n.equals("JDK_JAVA_OPTIONS") || n.equals("_JAVA_OPTIONS");
    }

    /**
     * Deletes the caches of other jar builds (the jar was rebuilt, moved or replaced) but the
     * {@value #KEPT_OTHERS} last started, so that two versions started in turn keep theirs, and
     * those a workbench runs from now (it holds a shared lock on its cache while it runs).
     */
    private void removeOtherBuilds() {
        List<Path> others = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder.getParent(), PREFIX + "*")) {
            for (Path other : entries) {
                if (!other.equals(folder) && Files.isDirectory(other)) {
                    others.add(other);
                }
            }
            others.sort(Comparator.comparingLong(StartCache::lastUse).reversed());
            for (Path other : others.subList(Math.min(KEPT_OTHERS, others.size()), others.size())) {
                try (FileChannel channel = FileChannel.open(lockFile(other), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock unused = channel.tryLock()) {
                    if (unused != null) {
                        deleteTree(other);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            log().debug("Old start caches left in {}: {}", folder.getParent(), e.toString());
        }
    }

    /** When a cache was last started from (its ready file is touched at each start), else made. */
    private static long lastUse(Path cache) {
        try {
            Path ready = cache.resolve(READY);
            return Files.getLastModifiedTime(Files.exists(ready) ? ready : cache).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    static void deleteTree(Path dir) throws IOException {
        org.recprompt.base.FileTrees.deleteTree(dir);
    }
}
