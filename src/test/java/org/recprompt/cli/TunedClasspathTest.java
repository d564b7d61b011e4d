package org.recprompt.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TunedClasspathTest {

    @TempDir
    Path dir;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private Path lib(String name, String resource, String text) throws IOException {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put(resource, utf8(text));
        return ZipDirectoryTest.zip(dir.resolve(name), m, false, null);
    }

    /** A Spring Boot jar: its classes (a directory entry and a resource under it), two stored libraries, the index naming them two first. */
    private Path bootJar(String name, String oneText, Map<String, byte[]> extra) throws IOException {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("META-INF/MANIFEST.MF", utf8("Manifest-Version: 1.0\nMain-Class: x.Entry\n"));
        m.put("META-INF/build-info.properties", utf8("build.version=1.2.3"));
        m.put("org/springframework/boot/loader/Launcher.class", utf8("launcher"));
        m.put("BOOT-INF/", new byte[0]);
        m.put("BOOT-INF/classes/", new byte[0]);
        m.put("BOOT-INF/classes/db/migration/", new byte[0]);
        m.put("BOOT-INF/classes/db/migration/V1__init.sql", utf8("create table t (i int);"));
        m.put("BOOT-INF/classes/x/Where.txt", utf8("the application's own resource"));
        m.put("BOOT-INF/classes/META-INF/build-info.properties", utf8("build.version=shadowed"));
        m.put("BOOT-INF/lib/", new byte[0]);
        m.put("BOOT-INF/lib/one.jar", Files.readAllBytes(lib("one-" + name, "shared.txt", oneText)));
        m.put("BOOT-INF/lib/two.jar", Files.readAllBytes(lib("two-" + name, "shared.txt", "from two")));
        m.put("BOOT-INF/classpath.idx", utf8("- \"BOOT-INF/lib/two.jar\"\n- \"BOOT-INF/lib/one.jar\"\n"));
        m.putAll(extra);
        // libraries stored, as Spring Boot writes them; the rest deflated
        Path jar = dir.resolve(name);
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(jar))) {
            for (Map.Entry<String, byte[]> e : m.entrySet()) {
                java.util.zip.ZipEntry z = new java.util.zip.ZipEntry(e.getKey());
                if (e.getKey().endsWith(".jar") || e.getKey().endsWith("/") || e.getKey().endsWith(".jsa")) {
                    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                    crc.update(e.getValue());
                    z.setMethod(java.util.zip.ZipEntry.STORED);
                    z.setSize(e.getValue().length);
                    z.setCrc(crc.getValue());
                }
                out.putNextEntry(z);
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return jar;
    }

    private Path base() throws IOException {
        return Files.createDirectory(dir.resolve("base-" + System.nanoTime()), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
    }

    @Test
    void theCopyHoldsTheLibrariesByteForByteAndTheClassesAsAJarInSpringBootsOrder() throws Exception {
        Path jar = bootJar("app.jar", "from one", Map.of());
        TunedClasspath.Layout layout = TunedClasspath.read(jar).orElseThrow();
        TunedClasspath.Prepared p = TunedClasspath.prepare(layout, base()).orElseThrow();
        try {
            Path copy = p.directory();
            assertEquals(List.of(copy.resolve("app.jar"), copy.resolve("lib/two.jar"), copy.resolve("lib/one.jar")), p.classpath(),
                    "the classes first, then the index's order");
            assertArrayEquals(Files.readAllBytes(dir.resolve("one-app.jar")), Files.readAllBytes(copy.resolve("lib/one.jar")));
            assertArrayEquals(Files.readAllBytes(dir.resolve("two-app.jar")), Files.readAllBytes(copy.resolve("lib/two.jar")));
            for (Path f : p.classpath()) {
                assertEquals(TunedClasspath.DATE, Files.getLastModifiedTime(f), "dated as the CDS archive recorded it: " + f);
            }
            try (URLClassLoader loader = new URLClassLoader(p.classpath().stream().map(TunedClasspathTest::url).toArray(URL[]::new), null)) {
                assertEquals("the application's own resource", text(loader.getResource("x/Where.txt")));
                assertEquals("build.version=1.2.3", text(loader.getResource("META-INF/build-info.properties")),
                        "the jar's own META-INF, where Spring Boot keeps the build information, and ahead of the classes' as under -jar");
                assertEquals("from two", text(loader.getResource("shared.txt")), "the same resource wins as under Spring Boot's launcher");
                assertEquals(2, Collections.list(loader.getResources("shared.txt")).size());
                assertTrue(loader.getResource("db/migration") != null, "directory entries are kept: scanners list a folder of the jar");
                assertEquals(null, loader.getResource("org/springframework/boot/loader/Launcher.class"), "the launcher stays out");
            }
            assertTrue(p.archive().isEmpty(), "no archive in this jar");
        } finally {
            p.lock().close();
        }
    }

    @Test
    void aSecondRunTakesTheSameCopyAndOtherClassesMakeTheirOwn() throws Exception {
        Path base = base();
        Path jar = bootJar("app.jar", "from one", Map.of());
        TunedClasspath.Prepared first = TunedClasspath.prepare(TunedClasspath.read(jar).orElseThrow(), base).orElseThrow();
        first.lock().close();
        Path one = first.directory().resolve("lib/one.jar");
        Object inode = Files.readAttributes(one, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        TunedClasspath.Prepared again = TunedClasspath.prepare(TunedClasspath.read(jar).orElseThrow(), base).orElseThrow();
        again.lock().close();
        assertEquals(first.directory(), again.directory());
        assertEquals(inode, Files.readAttributes(one, java.nio.file.attribute.BasicFileAttributes.class).fileKey(), "not copied again");

        String key = TunedClasspath.read(jar).orElseThrow().key();
        Path changed = bootJar("changed.jar", "from one, changed", Map.of());
        assertNotEquals(key, TunedClasspath.read(changed).orElseThrow().key(), "another library's content is another copy");
        Path withArchive = bootJar("archived.jar", "from one", Map.of(TunedClasspath.ARCHIVE, utf8("archive"),
                TunedClasspath.ARCHIVE_INFO, utf8("key=x\n")));
        assertEquals(key, TunedClasspath.read(withArchive).orElseThrow().key(), "adding the archive does not change the key");
        try (var names = Files.list(base)) {
            assertEquals(java.util.Set.of(first.directory(), base.resolve(TunedClasspath.LIBRARIES)), java.util.Set.copyOf(names.toList()),
                    "nothing left of the copying");
        }
    }

    @Test
    void copiesOfOtherBuildsShareTheLibrariesTheyHaveInCommonAndUnlinkedOnesGoAfterADay() throws Exception {
        Path base = base();
        TunedClasspath.Prepared a = TunedClasspath.prepare(TunedClasspath.read(bootJar("a.jar", "from one", Map.of())).orElseThrow(), base)
                .orElseThrow();
        a.lock().close();
        TunedClasspath.Prepared b = TunedClasspath.prepare(TunedClasspath.read(bootJar("b.jar", "from one, another version", Map.of()))
                .orElseThrow(), base).orElseThrow();
        b.lock().close();
        assertNotEquals(a.directory(), b.directory());
        assertEquals(fileKey(a.directory().resolve("lib/two.jar")), fileKey(b.directory().resolve("lib/two.jar")), "one file, linked twice");
        assertNotEquals(fileKey(a.directory().resolve("lib/one.jar")), fileKey(b.directory().resolve("lib/one.jar")));
        assertArrayEquals(Files.readAllBytes(dir.resolve("one-b.jar")), Files.readAllBytes(b.directory().resolve("lib/one.jar")));
        Path store = base.resolve(TunedClasspath.LIBRARIES);
        try (var files = Files.list(store)) {
            assertEquals(3, files.count(), "two versions of one.jar and one of two.jar");
        }

        TunedClasspath.deleteTree(a.directory());
        assertEquals(0, TunedClasspath.deleteUnlinked(store, Instant.now()), "unlinked just now: kept for a day");
        assertEquals(1, TunedClasspath.deleteUnlinked(store, Instant.now().plus(Duration.ofDays(2))), "only a's one.jar is linked from no copy");
        assertTrue(Files.exists(b.directory().resolve("lib/two.jar")));
        try (var files = Files.list(store)) {
            assertEquals(2, files.count());
        }
    }

    private static Object fileKey(Path p) throws IOException {
        return Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
    }

    @Test
    void theArchiveIsUsedOnlyForItsKeyDirectoryAndThisJvm() throws Exception {
        Path base = base();
        String key = TunedClasspath.read(bootJar("plain.jar", "from one", Map.of())).orElseThrow().key();
        Path copy = base.resolve("cp-" + key);
        Properties info = new Properties();
        info.setProperty("key", key);
        info.setProperty("directory", copy.toString());
        info.setProperty("java.vm.version", System.getProperty("java.vm.version"));
        info.setProperty("java.home", System.getProperty("java.home"));
        StringWriter text = new StringWriter();
        info.store(text, null);
        Path jar = bootJar("archived.jar", "from one", Map.of(TunedClasspath.ARCHIVE, utf8("the archive's bytes"),
                TunedClasspath.ARCHIVE_INFO, utf8(text.toString()), TunedClasspath.APP_ENTRY, utf8("the build's app.jar")));
        TunedClasspath.Prepared p = TunedClasspath.prepare(TunedClasspath.read(jar).orElseThrow(), base).orElseThrow();
        p.lock().close();
        assertEquals(copy.resolve("run.jsa"), p.archive().orElseThrow());
        assertEquals("the build's app.jar", Files.readString(copy.resolve("app.jar")), "the build's copy, whole, for the same key");
        assertEquals(TunedClasspath.DATE, Files.getLastModifiedTime(copy.resolve("app.jar")));

        Path otherBase = base();
        Path stale = bootJar("stale.jar", "from one, changed after the build", Map.of(TunedClasspath.ARCHIVE, utf8("the archive's bytes"),
                TunedClasspath.ARCHIVE_INFO, utf8(text.toString()), TunedClasspath.APP_ENTRY, utf8("the build's app.jar")));
        TunedClasspath.Prepared fromClasses = TunedClasspath.prepare(TunedClasspath.read(stale).orElseThrow(), otherBase).orElseThrow();
        fromClasses.lock().close();
        assertTrue(fromClasses.archive().isEmpty(), "made for other classes");
        try (java.util.zip.ZipFile app = new java.util.zip.ZipFile(fromClasses.directory().resolve("app.jar").toFile())) {
            assertTrue(app.getEntry("x/Where.txt") != null, "written from the jar's classes, not the build's copy for another key");
        }
        assertEquals("the archive's bytes", Files.readString(copy.resolve("run.jsa")));
        assertEquals(TunedClasspath.DATE, Files.getLastModifiedTime(copy.resolve("run.jsa")));

        assertTrue(TunedClasspath.archiveFits(info, key, copy));
        assertFalse(TunedClasspath.archiveFits(info, "other", copy));
        assertFalse(TunedClasspath.archiveFits(info, key, base.resolve("elsewhere")), "the archive names its jars' paths");
        Properties otherJvm = (Properties) info.clone();
        otherJvm.setProperty("java.vm.version", "1.0-other");
        assertFalse(TunedClasspath.archiveFits(otherJvm, key, copy));
        assertFalse(TunedClasspath.archiveFits(null, key, copy));
    }

    @Test
    void anythingButSpringBootsLayoutOrAPrivateDirectoryKeepsTheRunOnTheJar() throws Exception {
        Map<String, byte[]> plain = new LinkedHashMap<>();
        plain.put("x/A.class", utf8("a"));
        Path notBoot = ZipDirectoryTest.zip(dir.resolve("plain.jar"), plain, false, null);
        assertTrue(TunedClasspath.read(notBoot).isEmpty());
        assertTrue(TunedClasspath.prepare(dir.resolve("missing.jar")).isEmpty());

        Path deflatedLib = dir.resolve("deflated.jar");
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("BOOT-INF/classes/", new byte[0]);
        m.put("BOOT-INF/lib/one.jar", utf8("a nested jar, compressed"));
        m.put("BOOT-INF/classpath.idx", utf8("- \"BOOT-INF/lib/one.jar\"\n"));
        ZipDirectoryTest.zip(deflatedLib, m, false, null);
        assertTrue(TunedClasspath.read(deflatedLib).isEmpty(), "a compressed library cannot be copied as it is");

        Path open = Files.createDirectory(dir.resolve("open"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertTrue(TunedClasspath.prepare(TunedClasspath.read(bootJar("app.jar", "x", Map.of())).orElseThrow(), open).isEmpty(),
                "others could put their own classes in a directory they can write to");
        Path made = dir.resolve("made/by/prepare");
        TunedClasspath.Prepared p = TunedClasspath.prepare(TunedClasspath.read(dir.resolve("app.jar")).orElseThrow(), made).orElseThrow();
        p.lock().close();
        assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(made));
    }

    @Test
    void unusedCopiesAreDeletedButNotOneInUseOrUsedToday() throws Exception {
        Path base = base();
        Instant now = Instant.now();
        Path jar = bootJar("app.jar", "x", Map.of());
        TunedClasspath.Prepared kept = TunedClasspath.prepare(TunedClasspath.read(jar).orElseThrow(), base).orElseThrow();
        kept.lock().close();
        Path old = copyOf(kept.directory(), base.resolve("cp-old"), now.minus(Duration.ofDays(3)));
        Path recent = copyOf(kept.directory(), base.resolve("cp-recent"), now.minus(Duration.ofHours(2)));
        Path inUse = copyOf(kept.directory(), base.resolve("cp-in-use"), now.minus(Duration.ofDays(3)));
        Path leftover = Files.createDirectory(base.resolve("new-abc-1"));
        Files.setLastModifiedTime(leftover, FileTime.from(now.minus(Duration.ofDays(2))));
        Path copying = Files.createDirectory(base.resolve("new-abc-2"));
        Path unrelated = Files.createDirectory(base.resolve("something-else"));
        Files.setLastModifiedTime(unrelated, FileTime.from(now.minus(Duration.ofDays(9))));
        Path inUseElsewhere = copyOf(kept.directory(), base.resolve("cp-in-use-by-another-process"), now.minus(Duration.ofDays(3)));
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Holder.class.getName(), inUseElsewhere.resolve(".lock").toString()).start();
        try (FileChannel ch = FileChannel.open(inUse.resolve(".lock"), StandardOpenOption.READ, StandardOpenOption.WRITE);
                FileLock held = ch.lock(0, Long.MAX_VALUE, true)) {
            assertEquals("locked", new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream())).readLine());
            assertEquals(2, TunedClasspath.deleteUnused(base, kept.directory(), now));
        } finally {
            holder.getOutputStream().close();
            holder.waitFor();
        }
        assertTrue(Files.exists(inUseElsewhere.resolve("lib/one.jar")), "a run in another process holds it");
        assertFalse(Files.exists(old));
        assertFalse(Files.exists(leftover));
        assertTrue(Files.exists(recent.resolve("lib/one.jar")));
        assertTrue(Files.exists(inUse.resolve("lib/one.jar")), "a run holds it");
        assertTrue(Files.exists(copying), "a copy being made now");
        assertTrue(Files.exists(unrelated));
        assertTrue(Files.exists(kept.directory().resolve("complete")));
    }

    /** Another process that holds a shared lock on a copy, as the JVM that started a run does, until its input closes. */
    public static final class Holder {
        public static void main(String[] args) throws IOException {
            try (FileChannel ch = FileChannel.open(Path.of(args[0]), StandardOpenOption.READ, StandardOpenOption.WRITE);
                    FileLock held = ch.lock(0, Long.MAX_VALUE, true)) {
                System.out.println("locked");
                System.out.flush();
                System.in.read();
            }
        }
    }

    private static Path copyOf(Path from, Path to, Instant used) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(from.relativize(f).toString()));
            }
        }
        Files.setLastModifiedTime(to.resolve("complete"), FileTime.from(used));
        return to;
    }

    private static URL url(Path p) {
        try {
            return p.toUri().toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(URL url) throws IOException {
        try (var in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
