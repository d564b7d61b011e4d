package org.recprompt.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.recprompt.base.SafeUnzip;

/** Zip unpacking that trusts nothing in the archive ({@link SafeUnzip}), and checksums. */
public final class Archives {

    private Archives() {
    }

    /** What raises the limits a dataset archive is unpacked under. */
    static final String LIMIT_SETTING = "unpack it yourself and import the folder";

    /**
     * Unpacks a zip into {@code target} under {@link SafeUnzip}'s rules (no entry outside the
     * folder, no symbolic link, at most the default number of entries and unpacked bytes); an
     * archive with no entry is an error.
     */
    public static void unzip(Path zip, Path target) throws IOException {
        unzip(zip, target, SafeUnzip.Limits.DEFAULT, LIMIT_SETTING);
    }

    /** {@link #unzip(Path, Path)} under the given limits, {@code setting} saying what raises them. */
    public static void unzip(Path zip, Path target, SafeUnzip.Limits limits, String setting) throws IOException {
        unzip(zip, target, limits, SafeUnzip.Unpacked.NONE, setting);
    }

    /** {@link #unzip(Path, Path, SafeUnzip.Limits, String)} counted on top of {@code before}; returns what it brought. */
    public static SafeUnzip.Unpacked unzip(Path zip, Path target, SafeUnzip.Limits limits, SafeUnzip.Unpacked before,
            String setting) throws IOException {
        Files.createDirectories(target);
        SafeUnzip.Unpacked brought = SafeUnzip.unzip(zip, target, limits, before, setting);
        try (var entries = Files.list(target)) {
            if (entries.findAny().isEmpty()) {
                throw new IOException(zip.getFileName() + " is an empty zip archive, so nothing was imported.");
            }
        }
        return brought;
    }

    public static String sha256(Path file) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    public static MessageDigest sha256() {
        return org.recprompt.base.Hashes.sha256();
    }
}
