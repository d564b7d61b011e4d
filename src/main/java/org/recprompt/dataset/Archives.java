package org.recprompt.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** Zip unpacking that refuses entries escaping the target folder, and checksums. */
public final class Archives {

    private Archives() {
    }

    /** Unpacks a zip into {@code target}; an entry whose path leaves the folder is an error. */
    public static void unzip(Path zip, Path target) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        Files.createDirectories(root);
        int entries = 0;
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                entries++;
                Path out = root.resolve(entry.getName()).normalize();
                if (!out.startsWith(root)) {
                    throw new IOException(zip.getFileName() + ": the entry '" + entry.getName() + "' points outside the folder");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    try (OutputStream o = Files.newOutputStream(out)) {
                        in.transferTo(o);
                    }
                }
            }
        } catch (java.util.zip.ZipException e) {
            throw new IOException(zip.getFileName() + " is not a valid zip file: " + e.getMessage(), e);
        }
        if (entries == 0) {
            throw new IOException(zip.getFileName() + " is not a zip file or is empty");
        }
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
