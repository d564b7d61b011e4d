package org.recprompt.base;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Unpacks an archive that came from elsewhere without trusting it: every entry stays inside the
 * target folder (no absolute name, no {@code ..}, no backslash), no entry is a symbolic link, and
 * unpacking stops with one sentence past a number of entries or of unpacked bytes (a zip bomb is
 * counted as it inflates, not by the sizes it claims). {@link #checkTree} holds a folder to the same
 * rules. The caller deletes the target folder on failure.
 */
public final class SafeUnzip {

    /** At most {@code maxBytes} unpacked and {@code maxEntries} entries. */
    public record Limits(long maxBytes, long maxEntries) {
        public static final Limits DEFAULT = new Limits(2L * 1024 * 1024 * 1024, 100_000);
    }

    /** What archives unpacked so far brought: their unpacked bytes and entries, counted against one {@link Limits}. */
    public record Unpacked(long bytes, long entries) {
        public static final Unpacked NONE = new Unpacked(0, 0);

        public Unpacked plus(Unpacked other) {
            return new Unpacked(bytes + other.bytes, entries + other.entries);
        }

        public Unpacked minus(Unpacked other) {
            return new Unpacked(bytes - other.bytes, entries - other.entries);
        }
    }

    private static final int S_IFMT = 0170000;
    private static final int S_IFLNK = 0120000;

    private SafeUnzip() {
    }

    /** Unpacks {@code zip} into the existing, empty folder {@code into}. */
    public static void unzip(Path zip, Path into, Limits limits, String limitSetting) throws IOException {
        unzip(zip, into, limits, Unpacked.NONE, limitSetting);
    }

    /**
     * Unpacks {@code zip} into the existing, empty folder {@code into}, counting what it brings on top
     * of what earlier archives of the same batch unpacked ({@code before}): the limits hold for the
     * batch, not for each archive. Returns what this archive brought.
     */
    public static Unpacked unzip(Path zip, Path into, Limits limits, Unpacked before, String limitSetting) throws IOException {
        Set<String> links = symbolicLinks(zip, limits, before, limitSetting);
        long total = before.bytes();
        long entries = before.entries();
        byte[] buffer = new byte[64 * 1024];
        Path root = into.toAbsolutePath().normalize();
        try (ZipFile z = new ZipFile(zip.toFile(), StandardCharsets.UTF_8)) {
            Enumeration<? extends ZipEntry> all = z.entries();
            while (all.hasMoreElements()) {
                ZipEntry e = all.nextElement();
                if (++entries > limits.maxEntries()) {
                    throw tooMany(zip, limits, before, limitSetting);
                }
                String name = e.getName();
                Path out = inside(zip, root, name);
                if (links.contains(name)) {
                    throw new IOException(zip + ": entry " + shown(name) + " is a symbolic link; an archive to import holds plain files only,"
                            + " so nothing was imported.");
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = z.getInputStream(e);
                        OutputStream o = Files.newOutputStream(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        total += n;
                        if (total > limits.maxBytes()) {
                            throw tooLarge(zip, limits, before, limitSetting);
                        }
                        o.write(buffer, 0, n);
                    }
                } catch (FileAlreadyExistsException twice) {
                    throw new IOException(zip + ": entry " + shown(name) + " appears twice, so nothing was imported.");
                }
            }
        } catch (java.util.zip.ZipException bad) {
            throw new IOException(zip + " is not a readable zip archive (" + bad.getMessage() + "), so nothing was imported.");
        }
        return new Unpacked(total, entries).minus(before);
    }

    /** Refuses a folder holding a symbolic link, or more files or bytes than the limits. */
    public static void checkTree(Path folder, Limits limits, String limitSetting) throws IOException {
        long[] count = {0, 0};
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (a.isSymbolicLink()) {
                    throw new IOException(p + " is a symbolic link; an exported project holds plain files only, so nothing was imported.");
                }
                if (++count[0] > limits.maxEntries()) {
                    throw tooMany(folder, limits, Unpacked.NONE, limitSetting);
                }
                count[1] += a.isRegularFile() ? a.size() : 0;
                if (count[1] > limits.maxBytes()) {
                    throw tooLarge(folder, limits, Unpacked.NONE, limitSetting);
                }
            }
        }
    }

    private static Path inside(Path zip, Path root, String name) throws IOException {
        boolean bad = name.isEmpty() || name.startsWith("/") || name.indexOf('\\') >= 0 || name.indexOf('\u0000') >= 0
                || name.matches("(?s)[A-Za-z]:.*");
        for (String part : name.split("/")) {
            bad |= part.equals("..");
        }
        Path out = bad ? null : root.resolve(name).normalize();
        if (out == null || !out.startsWith(root) || out.equals(root)) {
            throw new IOException(zip + ": entry " + shown(name) + " points outside the archive (an absolute path or ..),"
                    + " so nothing was imported.");
        }
        return out;
    }

    private static IOException tooLarge(Path source, Limits limits, Unpacked before, String setting) {
        return new IOException(source + (before.bytes() > 0 ? " together with the archives unpacked before it" : "")
                + " unpacks to more than " + human(limits.maxBytes()) + ", the import limit (" + setting
                + "), so nothing was imported.");
    }

    private static IOException tooMany(Path source, Limits limits, Unpacked before, String setting) {
        return new IOException(source + (before.entries() > 0 ? " together with the archives unpacked before it" : "")
                + " holds more than " + limits.maxEntries() + " files, the import limit (" + setting
                + "), so nothing was imported.");
    }

    private static String human(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30)).replace(".0 ", " ");
        }
        if (bytes >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / (double) (1L << 20)).replace(".0 ", " ");
        }
        return bytes + " bytes";
    }

    private static String shown(String name) {
        String s = name.replaceAll("\\p{Cntrl}", "?");
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    /**
     * The names of the entries the central directory marks as Unix symbolic links (ZipFile does not
     * say), refusing an archive with more entries than the limit before reading any.
     */
    private static Set<String> symbolicLinks(Path zip, Limits limits, Unpacked before, String setting) throws IOException {
        try (FileChannel ch = FileChannel.open(zip, StandardOpenOption.READ)) {
            long size = ch.size();
            int tail = (int) Math.min(size, 22 + 65_535);
            ByteBuffer end = read(ch, size - tail, tail);
            int eocd = -1;
            for (int i = tail - 22; i >= 0; i--) {
                if (end.getInt(i) == 0x06054b50) {
                    eocd = i;
                    break;
                }
            }
            if (eocd < 0) {
                throw new IOException(zip + " is not a zip archive (no central directory), so nothing was imported.");
            }
            long count = end.getShort(eocd + 10) & 0xffff;
            long cdSize = end.getInt(eocd + 12) & 0xffffffffL;
            long cdOffset = end.getInt(eocd + 16) & 0xffffffffL;
            if ((cdOffset == 0xffffffffL || count == 0xffff || cdSize == 0xffffffffL) && eocd >= 20
                    && end.getInt(eocd - 20) == 0x07064b50) {
                ByteBuffer z64 = read(ch, end.getLong(eocd - 20 + 8), 56);
                count = z64.getLong(32);
                cdSize = z64.getLong(40);
                cdOffset = z64.getLong(48);
            }
            if (count > limits.maxEntries() - before.entries()) {
                throw tooMany(zip, limits, before, setting);
            }
            if (cdSize < 0 || cdOffset < 0 || cdOffset + cdSize > size || cdSize > Integer.MAX_VALUE) {
                throw new IOException(zip + " is not a readable zip archive (its central directory is out of place), so nothing was imported.");
            }
            ByteBuffer cd = read(ch, cdOffset, (int) cdSize);
            Set<String> links = new HashSet<>();
            int p = 0;
            while (p + 46 <= cdSize && cd.getInt(p) == 0x02014b50) {
                int madeBy = (cd.getShort(p + 4) & 0xffff) >> 8;
                int nameLength = cd.getShort(p + 28) & 0xffff;
                int extraLength = cd.getShort(p + 30) & 0xffff;
                int commentLength = cd.getShort(p + 32) & 0xffff;
                int mode = (cd.getInt(p + 38) >>> 16) & S_IFMT;
                if (p + 46 + nameLength > cdSize) {
                    break;
                }
                byte[] name = new byte[nameLength];
                cd.get(p + 46, name);
                if (madeBy == 3 && mode == S_IFLNK) {
                    links.add(new String(name, StandardCharsets.UTF_8));
                }
                p += 46 + nameLength + extraLength + commentLength;
            }
            return links;
        }
    }

    private static ByteBuffer read(FileChannel ch, long at, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, at + b.position()) < 0) {
                throw new IOException("unexpected end of the archive");
            }
        }
        return b.flip().order(ByteOrder.LITTLE_ENDIAN);
    }
}
