package org.recprompt.cli;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The class path of a tuned run's JVM ({@link TunedJvm}) as plain files, and the class data
 * sharing (CDS) archive the build made for it.
 *
 * <p>Why: started with {@code -jar}, the run's JVM loads its 4,000 classes through Spring Boot's
 * launcher, which first indexes the jar's 170 nested libraries and then reads every class and
 * resource through its own zip code: 0.28 s more than the same command from extracted jars on this
 * machine's 2 cores. From plain jars the JDK's own class loader reads them, and a dynamic CDS archive
 * of the run's classes (JEP 350, made at build time by {@link CdsTraining}) maps them already parsed
 * and verified: the perf-engine run's setup was ready 0.5 s earlier (docs/PERFORMANCE.md, eighth pass).
 *
 * <p>What: the libraries ({@code BOOT-INF/lib/*.jar}, stored in the jar, so copied byte for byte) and
 * a jar of the application's classes ({@code BOOT-INF/classes/} and the jar's own {@code META-INF/},
 * which holds the build information; their bytes copied as they are) go to {@code <java.io.tmpdir>/recprompt-<user>/cp-<key>}, where the key is a digest of every
 * entry copied (name, CRC, sizes): a jar with the same classes finds its copy, a rebuilt one with
 * other classes makes its own. The copy is made once, in a directory of its own that is then renamed
 * into place, so a run never sees half of one; every file is dated 2000-01-01, as the CDS archive
 * recorded them. The class path's order is Spring Boot's ({@code BOOT-INF/classpath.idx}), so the
 * same class comes from the same jar either way.
 *
 * <p>The archive ({@value #ARCHIVE}) is used only by the JVM it was made with, for this key and
 * directory (the JVM checks the jars' paths, sizes and dates itself and runs without it otherwise).
 * The JVM that started the run holds a shared lock on the copy while the run lasts; copies not used
 * for a day and not locked are deleted when another is made. Anything unexpected (not a Spring Boot
 * jar, a zip64 jar, a directory that another user owns or others can write to, a full disk) keeps
 * the run on {@code -jar}, as before: slower, never different.
 */
public final class TunedClasspath {

    static final String LIB = "BOOT-INF/lib/";
    static final String CLASSES = "BOOT-INF/classes/";
    static final String INDEX = "BOOT-INF/classpath.idx";
    /** The CDS archive in the jar, stored, and what it was made for ({@link #ARCHIVE_INFO}). */
    static final String ARCHIVE = "META-INF/recprompt/run.jsa";
    static final String ARCHIVE_INFO = "META-INF/recprompt/run.jsa.properties";
    /** The application's jar of the copy the archive was made with, as the build wrote it: copied whole instead of written entry by entry. */
    static final String APP_ENTRY = "META-INF/recprompt/app.jar";
    /** Where they are: left out of the copy, which the archive describes. */
    private static final String OWN = "META-INF/recprompt/";
    /** Changes when what a copy holds changes, so an old copy is never taken for a new one. */
    private static final String FORMAT = "tuned-classpath-1";
    static final FileTime DATE = FileTime.from(Instant.parse("2000-01-01T00:00:00Z"));
    static final String APP_JAR = "app.jar";
    /** Where copies share their libraries: one file per library content, hard-linked into every copy that has it. */
    static final String LIBRARIES = "libraries";
    static final String COMPLETE = "complete";
    private static final String LOCK = ".lock";
    private static final Duration UNUSED = Duration.ofDays(1);

    private TunedClasspath() {
    }

    /**
     * What a Spring Boot jar holds for a tuned run.
     *
     * @param jar         the jar
     * @param key         the digest of the entries copied
     * @param classes     the entries of the application's jar in the copy: the jar's {@code META-INF/}, then {@code BOOT-INF/classes/}
     * @param libs        the nested libraries in class path order
     * @param archive     the CDS archive's entry, or null
     * @param archiveInfo what the archive was made for, or null
     * @param app         the application's jar as the build wrote it for this key ({@value #APP_ENTRY}), or null
     */
    record Layout(Path jar, String key, List<ZipDirectory.Entry> classes, List<ZipDirectory.Entry> libs, ZipDirectory.Entry archive,
            Properties archiveInfo, ZipDirectory.Entry app) {
    }

    /**
     * A copy ready for a run.
     *
     * @param directory the copy
     * @param classpath its jars in class path order
     * @param archive   the CDS archive when this JVM can use it
     * @param lock      held while the run lasts (closing it releases the copy)
     */
    public record Prepared(Path directory, List<Path> classpath, Optional<Path> archive, FileChannel lock) {

        /** The class path as one {@code -cp} value. */
        public String classpathValue() {
            return String.join(java.io.File.pathSeparator, classpath.stream().map(Path::toString).toList());
        }
    }

    /** Where this user's copies live: {@code <java.io.tmpdir>/recprompt-<user.name>}. */
    static Path base() {
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
        return Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().resolve("recprompt-" + user);
    }

    /** The copy of this jar's class path in {@link #base()}, made now if there is none; empty when it cannot be used. */
    public static Optional<Prepared> prepare(Path jar) {
        try {
            Optional<Layout> layout = read(jar);
            return layout.isEmpty() ? Optional.empty() : prepare(layout.get(), base());
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // the run goes through -jar
        }
    }

    /** The layout of a Spring Boot jar; empty for another jar. */
    static Optional<Layout> read(Path jar) throws IOException {
        try (FileChannel file = FileChannel.open(jar)) {
            Map<String, ZipDirectory.Entry> byName = new LinkedHashMap<>();
            for (ZipDirectory.Entry e : ZipDirectory.read(file)) {
                byName.put(e.name(), e);
            }
            ZipDirectory.Entry index = byName.get(INDEX);
            if (index == null || !byName.containsKey(CLASSES)) {
                return Optional.empty();
            }
            List<ZipDirectory.Entry> libs = new ArrayList<>();
            java.util.Set<String> listed = new java.util.HashSet<>(); // names, not entries: a record's equals is bootstrapped at its first call
            for (String line : new String(ZipDirectory.bytes(file, index), StandardCharsets.UTF_8).split("\n")) {
                String name = line.strip();
                if (name.startsWith("- \"") && name.endsWith("\"")) {
                    ZipDirectory.Entry lib = byName.get(name.substring(3, name.length() - 1));
                    if (lib != null && listed.add(lib.name())) {
                        libs.add(lib);
                    }
                }
            }
            // the jar's own META-INF (where Spring Boot keeps the application's build information), then its classes: under
            // -jar the former is on the JDK's class path, ahead of the launcher's, so it wins a name both have
            List<ZipDirectory.Entry> classes = new ArrayList<>();
            java.util.Set<String> names = new java.util.HashSet<>();
            for (ZipDirectory.Entry e : byName.values()) {
                if (e.name().startsWith("META-INF/") && !e.name().startsWith(OWN) && names.add(e.name())) {
                    classes.add(e);
                }
            }
            for (ZipDirectory.Entry e : byName.values()) {
                if (e.name().startsWith(LIB) && !e.isDirectory() && listed.add(e.name())) {
                    libs.add(e); // not in the index: after the indexed ones, as Spring Boot's launcher adds them
                } else if (e.name().startsWith(CLASSES) && e.name().length() > CLASSES.length() && names.add(appName(e.name()))) {
                    classes.add(e);
                }
            }
            for (ZipDirectory.Entry lib : libs) {
                if (lib.method() != ZipDirectory.STORED || lib.name().indexOf('/', LIB.length()) >= 0) {
                    return Optional.empty(); // Spring Boot stores them; anything else is not its layout
                }
            }
            ZipDirectory.Entry archive = byName.get(ARCHIVE);
            ZipDirectory.Entry info = byName.get(ARCHIVE_INFO);
            Properties archiveInfo = null;
            if (archive != null && info != null && archive.method() == ZipDirectory.STORED) {
                archiveInfo = new Properties();
                archiveInfo.load(new StringReader(new String(ZipDirectory.bytes(file, info), StandardCharsets.UTF_8)));
            } else {
                archive = null;
            }
            String key = key(classes, libs);
            ZipDirectory.Entry app = byName.get(APP_ENTRY);
            if (app == null || app.method() != ZipDirectory.STORED || archiveInfo == null || !key.equals(archiveInfo.getProperty("key"))) {
                app = null; // none, or made for other classes (the jar changed after the build): written from the classes
            }
            return Optional.of(new Layout(jar, key, List.copyOf(classes), List.copyOf(libs), archive, archiveInfo, app));
        }
    }

    /** An entry's name in the copy's jar of the application: without {@code BOOT-INF/classes/}. */
    static String appName(String name) {
        return name.startsWith(CLASSES) ? name.substring(CLASSES.length()) : name;
    }

    /**
     * The digest of what a copy holds: every entry copied, in order, with its CRC and sizes, as a
     * 64-bit FNV-1a hash and a CRC-32 of the same bytes (96 bits: against chance collisions, not
     * forgery; the folder is the user's own). Not SHA-256: its provider's start-up took 35 ms of the
     * first JVM, on the run's critical path.
     */
    static String key(List<ZipDirectory.Entry> classes, List<ZipDirectory.Entry> libs) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        long fnv = 0xcbf29ce484222325L;
        StringBuilder text = new StringBuilder(FORMAT);
        for (List<ZipDirectory.Entry> part : List.of(classes, libs)) {
            text.append('|');
            for (ZipDirectory.Entry e : part) {
                text.append(e.name()).append('\0').append(e.method()).append('\0').append(e.crc()).append('\0')
                        .append(e.compressedSize()).append('\0').append(e.size()).append('\n');
            }
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            fnv = (fnv ^ (b & 0xff)) * 0x100000001b3L;
        }
        crc.update(bytes);
        String hex = Long.toHexString(fnv);
        String crcHex = Long.toHexString(crc.getValue());
        return "0".repeat(16 - hex.length()) + hex + "0".repeat(8 - crcHex.length()) + crcHex;
    }

    /** The copy of this layout under {@code base}, made now if there is none; empty when it cannot be used. */
    static Optional<Prepared> prepare(Layout layout, Path base) throws IOException {
        if (!privateDirectory(base)) {
            return Optional.empty();
        }
        Path directory = base.resolve("cp-" + layout.key());
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<Prepared> ready = open(layout, directory);
            if (ready.isPresent()) {
                return ready;
            }
            // named without Files.createTempDirectory, whose SecureRandom took tens of ms to seed in the first JVM
            Path made = base.resolve("new-" + layout.key() + "-" + ProcessHandle.current().pid() + "-" + attempt);
            if (Files.exists(made, LinkOption.NOFOLLOW_LINKS)) {
                deleteTree(made); // left by a killed process whose pid this one now has
            }
            Files.createDirectory(made);
            try {
                write(layout, made);
                Files.move(made, directory, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException | AtomicMoveNotSupportedException raced) {
                // another run made it meanwhile (or a copy being deleted is in the way): take the other one
            } finally {
                if (Files.exists(made)) {
                    deleteTree(made);
                }
            }
        }
        return Optional.empty();
    }

    /** The copy in {@code directory} when it is complete, locked for this run; empty otherwise. */
    private static Optional<Prepared> open(Layout layout, Path directory) throws IOException {
        Path complete = directory.resolve(COMPLETE);
        if (!Files.exists(complete)) {
            return Optional.empty();
        }
        FileChannel lock;
        try {
            lock = FileChannel.open(directory.resolve(LOCK), StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException gone) {
            return Optional.empty();
        }
        try {
            FileLock shared = lock.tryLock(0, Long.MAX_VALUE, true);
            if (shared == null || !Files.exists(complete)) {
                lock.close(); // being deleted
                return Optional.empty();
            }
            Files.setLastModifiedTime(complete, FileTime.from(Instant.now()));
        } catch (IOException | OverlappingFileLockException e) {
            lock.close();
            return Optional.empty();
        }
        List<Path> classpath = new ArrayList<>();
        classpath.add(directory.resolve(APP_JAR));
        for (ZipDirectory.Entry lib : layout.libs()) {
            classpath.add(directory.resolve("lib").resolve(lib.name().substring(LIB.length())));
        }
        Path archive = directory.resolve("run.jsa");
        boolean usable = layout.archive() != null && Files.exists(archive) && archiveFits(layout.archiveInfo(), layout.key(), directory);
        return Optional.of(new Prepared(directory, List.copyOf(classpath), usable ? Optional.of(archive) : Optional.empty(), lock));
    }

    /** Whether the archive was made for this copy by this JVM (the same build of the same Java). */
    static boolean archiveFits(Properties info, String key, Path directory) {
        return info != null && key.equals(info.getProperty("key")) && directory.toString().equals(info.getProperty("directory"))
                && System.getProperty("java.vm.version", "").equals(info.getProperty("java.vm.version"))
                && System.getProperty("java.home", "").equals(info.getProperty("java.home"));
    }

    /** Writes the copy into {@code made} (a new, empty directory), the completion mark last. */
    private static void write(Layout layout, Path made) throws IOException {
        Path lib = Files.createDirectory(made.resolve("lib"));
        Path store = Files.createDirectories(made.getParent().resolve(LIBRARIES));
        // the largest libraries on a second thread: copying is the kernel's work, and the other core is idle now
        List<ZipDirectory.Entry> bySize = new ArrayList<>(layout.libs());
        bySize.sort(Comparator.comparingLong(ZipDirectory.Entry::size).reversed());
        List<ZipDirectory.Entry> second = new ArrayList<>();
        List<ZipDirectory.Entry> first = new ArrayList<>();
        long secondBytes = 0;
        long firstBytes = 0;
        for (ZipDirectory.Entry e : bySize) {
            if (secondBytes <= firstBytes) {
                second.add(e);
                secondBytes += e.size();
            } else {
                first.add(e);
                firstBytes += e.size();
            }
        }
        IOException[] failed = new IOException[1];
        Thread helper = new Thread(() -> {
            try {
                libraries(layout.jar(), second, store, lib);
            } catch (IOException e) {
                failed[0] = e;
            }
        }, "recprompt-classpath-copy");
        helper.start();
        try {
            libraries(layout.jar(), first, store, lib);
            try (FileChannel jar = FileChannel.open(layout.jar())) {
                Path app = made.resolve(APP_JAR);
                if (layout.app() != null) {
                    copyData(jar, layout.app(), app);
                } else {
                    try (FileChannel to = FileChannel.open(app, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                        ZipDirectory.copy(jar, layout.classes(), TunedClasspath::appName, to);
                    }
                    Files.setLastModifiedTime(app, DATE);
                }
                if (layout.archive() != null) {
                    copyData(jar, layout.archive(), made.resolve("run.jsa"));
                }
            }
        } finally {
            try {
                helper.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while copying the class path");
            }
        }
        if (failed[0] != null) {
            throw failed[0];
        }
        Files.createFile(made.resolve(LOCK));
        Files.createFile(made.resolve(COMPLETE));
    }

    /**
     * Puts these libraries in {@code lib}: each a hard link to its file in the shared {@code store}
     * (named by its name, CRC and size), which is copied from the jar first when no copy holds it yet.
     * A library that cannot be linked (another file system) is copied.
     */
    private static void libraries(Path jarFile, List<ZipDirectory.Entry> libs, Path store, Path lib) throws IOException {
        try (FileChannel jar = FileChannel.open(jarFile)) {
            for (ZipDirectory.Entry e : libs) {
                String name = e.name().substring(LIB.length());
                String crc = Long.toHexString(e.crc());
                Path shared = store.resolve((name.endsWith(".jar") ? name.substring(0, name.length() - 4) : name) + "-"
                        + "0".repeat(8 - crc.length()) + crc + "-" + e.size() + ".jar");
                if (!isCopyOf(shared, e)) {
                    Path part = store.resolve(".part-" + ProcessHandle.current().pid() + "-" + Thread.currentThread().getId() + "-" + name);
                    Files.deleteIfExists(part); // left by a process killed while copying, whose pid this one now has
                    copyData(jar, e, part);
                    Files.move(part, shared, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
                try {
                    Files.createLink(lib.resolve(name), shared);
                } catch (IOException | UnsupportedOperationException e2) {
                    copyData(jar, e, lib.resolve(name));
                }
            }
        }
    }

    /** Whether a file in the store is a whole copy of this library (copies are moved in whole; the size and date tell a damaged one). */
    private static boolean isCopyOf(Path shared, ZipDirectory.Entry e) {
        try {
            java.nio.file.attribute.BasicFileAttributes a = Files.readAttributes(shared, java.nio.file.attribute.BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            return a.isRegularFile() && a.size() == e.size() && a.lastModifiedTime().equals(DATE);
        } catch (IOException missing) {
            return false;
        }
    }

    private static void copyData(FileChannel jar, ZipDirectory.Entry e, Path to) throws IOException {
        long data = ZipDirectory.dataOffset(jar, e);
        try (FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long done = 0; done < e.compressedSize();) {
                long n = jar.transferTo(data + done, e.compressedSize() - done, out);
                if (n <= 0) {
                    throw new IOException(e.name() + " ends past the end of the jar");
                }
                done += n;
            }
        }
        Files.setLastModifiedTime(to, DATE);
    }

    /** Whether {@code base} is (or now is) a directory only this user can read and write. */
    static boolean privateDirectory(Path base) throws IOException {
        Set<PosixFilePermission> owner = org.recprompt.base.OwnerOnly.FOLDER;
        if (!Files.exists(base, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createDirectories(base.getParent());
                Files.createDirectory(base, PosixFilePermissions.asFileAttribute(owner));
            } catch (FileAlreadyExistsException raced) {
                // made meanwhile: checked below
            } catch (UnsupportedOperationException notPosix) {
                return false;
            }
        }
        if (!Files.isDirectory(base, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try {
            return Files.getPosixFilePermissions(base, LinkOption.NOFOLLOW_LINKS).equals(owner)
                    && Files.getOwner(base, LinkOption.NOFOLLOW_LINKS).getName().equals(System.getProperty("user.name"));
        } catch (UnsupportedOperationException notPosix) {
            return false;
        }
    }

    /**
     * Deletes the other copies under {@code base} that no run holds and none has used for a day,
     * and what an interrupted copying left more than a day ago. Returns how many it deleted.
     */
    public static int deleteUnused(Path base, Path keep, Instant now) {
        int deleted = 0;
        try (DirectoryStream<Path> children = Files.newDirectoryStream(base)) {
            for (Path child : children) {
                String name = child.getFileName().toString();
                if (child.equals(keep) || !(name.startsWith("cp-") || name.startsWith("new-"))) {
                    continue;
                }
                try {
                    if (name.startsWith("new-") ? old(child, now) : deleteIfUnused(child, now)) {
                        if (name.startsWith("new-")) {
                            deleteTree(child);
                        }
                        deleted++;
                    }
                } catch (IOException | UncheckedIOException e) {
                    // another run's business: left as it is
                }
            }
        } catch (IOException e) {
            return deleted;
        }
        return deleted + deleteUnlinked(base.resolve(LIBRARIES), now);
    }

    /**
     * Deletes the shared libraries no copy links to (one link left: the store's) that have not been
     * linked or unlinked for a day (their change time; their modification time is the fixed date).
     */
    static int deleteUnlinked(Path store, Instant now) {
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(store)) {
            for (Path f : files) {
                try {
                    Map<String, Object> unix = Files.readAttributes(f, "unix:nlink,ctime", LinkOption.NOFOLLOW_LINKS);
                    Instant changed = ((FileTime) unix.get("ctime")).toInstant();
                    if (((Number) unix.get("nlink")).intValue() == 1 && changed.isBefore(now.minus(UNUSED))) {
                        Files.delete(f);
                        deleted++;
                    }
                } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
                    // not a POSIX file system, or gone: left
                }
            }
        } catch (IOException e) {
            return deleted;
        }
        return deleted;
    }

    private static boolean deleteIfUnused(Path copy, Instant now) throws IOException {
        Path complete = copy.resolve(COMPLETE);
        if (Files.exists(complete) && !old(complete, now)) {
            return false;
        }
        try (FileChannel lock = FileChannel.open(copy.resolve(LOCK), StandardOpenOption.READ, StandardOpenOption.WRITE);
                FileLock exclusive = lock.tryLock()) {
            if (exclusive == null) {
                return false; // a run in another process uses it
            }
            Files.deleteIfExists(complete); // from here on no run takes it
            deleteTree(copy);
            return true;
        } catch (OverlappingFileLockException inThisProcess) {
            return false;
        }
    }

    private static boolean old(Path p, Instant now) throws IOException {
        return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(now.minus(UNUSED));
    }

    static void deleteTree(Path root) throws IOException {
        org.recprompt.base.FileTrees.deleteTree(root);
    }
}
