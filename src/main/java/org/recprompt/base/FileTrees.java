package org.recprompt.base;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** File operations the workspace needs: copy a tree, delete a tree, write a file all or nothing. */
public final class FileTrees {

    private FileTrees() {
    }

    /** Copies a folder tree into {@code to}, which is created. */
    public static void copy(Path from, Path to) throws IOException {
        copy(from, to, p -> false);
    }

    /** As {@link #copy(Path, Path)}, leaving out the files {@code skip} accepts (never opened). */
    public static void copy(Path from, Path to, java.util.function.Predicate<Path> skip) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                if (skip.test(p)) {
                    continue;
                }
                Path out = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(p, out);
                }
            }
        }
    }

    /** Deletes a folder tree; returns false when something could not be deleted. */
    public static boolean delete(Path dir) {
        try {
            deleteTree(dir);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Deletes a folder tree (nothing when it is absent); throws when something could not be deleted. */
    public static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Writes text to a file. */
    @FunctionalInterface
    public interface TextWriter {
        void write(Writer out) throws IOException;
    }

    /**
     * Writes {@code target} (UTF-8) through a temporary file in the same folder that is moved into
     * place when complete, so a reader never sees half a file and a failure leaves the old one.
     */
    public static void writeAtomically(Path target, TextWriter writer) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, "." + target.getFileName() + "-", ".tmp");
        try {
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                writer.write(out);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** {@link #writeAtomically(Path, TextWriter)} for a string. */
    public static void writeAtomically(Path target, String text) throws IOException {
        writeAtomically(target, out -> out.write(text));
    }

    /** {@link #writeAtomically(Path, TextWriter)} for bytes (a PDF, an image). */
    public static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, "." + target.getFileName() + "-", ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
