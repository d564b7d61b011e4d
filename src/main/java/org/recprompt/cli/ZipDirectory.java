package org.recprompt.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * A zip file's entries as its central directory lists them, with where each one's data starts in
 * the file: what {@link TunedClasspath} needs to copy a nested jar (stored, so its bytes are the
 * jar's) straight from the outer jar to a file, which {@link java.util.zip.ZipFile} does not tell.
 * JDK types only: the jar's entry reads it before any library is on a class path.
 *
 * <p>Format: PKWARE's APPNOTE.TXT (sections 4.3.7 local file header, 4.3.12 central directory
 * header, 4.3.16 end of central directory record). A zip64 archive (over 65,535 entries or 4 GB)
 * is refused with a {@link ZipException}; its caller then keeps Spring Boot's launcher.
 */
final class ZipDirectory {

    static final int STORED = 0;
    static final int DEFLATED = 8;

    private static final int END = 0x06054b50;
    private static final int CENTRAL = 0x02014b50;
    private static final int LOCAL = 0x04034b50;
    private static final int ZIP64_LOCATOR = 0x07064b50;

    private ZipDirectory() {
    }

    /**
     * One entry.
     *
     * @param name           its name (UTF-8, as Java's jar tools write them)
     * @param method         {@link #STORED} or {@link #DEFLATED} (others are listed but cannot be read)
     * @param crc            the CRC-32 of its uncompressed bytes
     * @param compressedSize its size in the file
     * @param size           its uncompressed size
     * @param headerOffset   where its local header starts
     */
    record Entry(String name, int method, long crc, long compressedSize, long size, long headerOffset) {

        boolean isDirectory() {
            return name.endsWith("/");
        }
    }

    /** The entries in the central directory's order. */
    static List<Entry> read(FileChannel file) throws IOException {
        long length = file.size();
        int tailLength = (int) Math.min(length, 22 + 65_535);
        ByteBuffer tail = readFully(file, length - tailLength, tailLength);
        int end = -1;
        for (int i = tailLength - 22; i >= 0; i--) {
            if (tail.getInt(i) == END) {
                end = i;
                break;
            }
        }
        if (end < 0) {
            throw new ZipException("no end of central directory record: not a zip file");
        }
        if (end >= 20 && tail.getInt(end - 20) == ZIP64_LOCATOR) {
            throw new ZipException("a zip64 archive");
        }
        int count = Short.toUnsignedInt(tail.getShort(end + 10));
        long directorySize = Integer.toUnsignedLong(tail.getInt(end + 12));
        long directoryOffset = Integer.toUnsignedLong(tail.getInt(end + 16));
        if (directoryOffset + directorySize > length - tailLength + end) {
            throw new ZipException("the central directory lies outside the file");
        }
        ByteBuffer directory = readFully(file, directoryOffset, Math.toIntExact(directorySize));
        List<Entry> entries = new ArrayList<>(count);
        int p = 0;
        for (int i = 0; i < count; i++) {
            if (p + 46 > directorySize || directory.getInt(p) != CENTRAL) {
                throw new ZipException("central directory entry " + i + " is damaged");
            }
            int nameLength = Short.toUnsignedInt(directory.getShort(p + 28));
            int extraLength = Short.toUnsignedInt(directory.getShort(p + 30));
            int commentLength = Short.toUnsignedInt(directory.getShort(p + 32));
            if (p + 46 + nameLength > directorySize) {
                throw new ZipException("central directory entry " + i + " is damaged");
            }
            String name = new String(directory.array(), p + 46, nameLength, StandardCharsets.UTF_8);
            entries.add(new Entry(name, Short.toUnsignedInt(directory.getShort(p + 10)), Integer.toUnsignedLong(directory.getInt(p + 16)),
                    Integer.toUnsignedLong(directory.getInt(p + 20)), Integer.toUnsignedLong(directory.getInt(p + 24)),
                    Integer.toUnsignedLong(directory.getInt(p + 42))));
            p += 46 + nameLength + extraLength + commentLength;
        }
        return entries;
    }

    /** Where an entry's (possibly compressed) bytes start: after its local header, whose name and extra field may differ in length from the central directory's. */
    static long dataOffset(FileChannel file, Entry entry) throws IOException {
        ByteBuffer header = readFully(file, entry.headerOffset(), 30);
        if (header.getInt(0) != LOCAL) {
            throw new ZipException(entry.name() + ": no local header at " + entry.headerOffset());
        }
        return entry.headerOffset() + 30 + Short.toUnsignedInt(header.getShort(26)) + Short.toUnsignedInt(header.getShort(28));
    }

    /** An entry's uncompressed bytes (a small one: a properties file, an index). */
    static byte[] bytes(FileChannel file, Entry entry) throws IOException {
        ByteBuffer raw = readFully(file, dataOffset(file, entry), Math.toIntExact(entry.compressedSize()));
        if (entry.method() == STORED) {
            return raw.array();
        }
        if (entry.method() != DEFLATED) {
            throw new ZipException(entry.name() + ": compression method " + entry.method());
        }
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(raw.array());
            byte[] out = new byte[Math.toIntExact(entry.size())];
            int n = 0;
            while (n < out.length && !inflater.finished()) {
                int got = inflater.inflate(out, n, out.length - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += got;
            }
            if (n != out.length) {
                throw new ZipException(entry.name() + ": " + n + " bytes inflated of " + out.length);
            }
            return out;
        } catch (DataFormatException e) {
            throw new ZipException(entry.name() + ": " + e.getMessage());
        } finally {
            inflater.end();
        }
    }

    /**
     * Writes a zip file of these entries of {@code from} under new names, their bytes copied as they
     * are (compressed or not), every one dated {@code 2000-01-01 00:00} (MS-DOS time): the same
     * entries always give the same file, byte for byte.
     */
    static void copy(FileChannel from, List<Entry> entries, java.util.function.UnaryOperator<String> rename, FileChannel to)
            throws IOException {
        ByteBuffer central = ByteBuffer.allocate(64 * 1024).order(ByteOrder.LITTLE_ENDIAN);
        long offset = 0;
        for (Entry e : entries) {
            byte[] name = rename.apply(e.name()).getBytes(StandardCharsets.UTF_8);
            long localOffset = offset;
            ByteBuffer local = ByteBuffer.allocate(30 + name.length).order(ByteOrder.LITTLE_ENDIAN);
            local.putInt(LOCAL);
            header(local, e, name.length);
            local.putShort((short) 0).put(name).flip();
            offset += writeFully(to, local, offset);
            long data = dataOffset(from, e);
            for (long done = 0; done < e.compressedSize();) {
                done += from.transferTo(data + done, e.compressedSize() - done, to.position(offset + done));
            }
            offset += e.compressedSize();
            if (central.remaining() < 46 + name.length) {
                central = ByteBuffer.allocate(central.capacity() * 2 + name.length).order(ByteOrder.LITTLE_ENDIAN)
                        .put(central.flip());
            }
            central.putInt(CENTRAL).putShort((short) 20);
            header(central, e, name.length);
            central.putShort((short) 0).putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(e.isDirectory() ? 0x10 : 0)
                    .putInt(Math.toIntExact(localOffset)).put(name);
        }
        int directorySize = central.position();
        long directoryOffset = offset;
        offset += writeFully(to, central.flip(), offset);
        ByteBuffer end = ByteBuffer.allocate(22).order(ByteOrder.LITTLE_ENDIAN);
        end.putInt(END).putShort((short) 0).putShort((short) 0).putShort((short) entries.size()).putShort((short) entries.size())
                .putInt(directorySize).putInt(Math.toIntExact(directoryOffset)).putShort((short) 0).flip();
        writeFully(to, end, offset);
        to.truncate(offset + 22);
    }

    /** The fields a local and a central header share, from "version needed" to the extra field's length (zero). */
    private static void header(ByteBuffer b, Entry e, int nameLength) {
        int dosDate = ((2000 - 1980) << 9) | (1 << 5) | 1;
        b.putShort((short) 20).putShort((short) 0x0800).putShort((short) e.method()).putShort((short) 0).putShort((short) dosDate)
                .putInt((int) e.crc()).putInt(Math.toIntExact(e.compressedSize())).putInt(Math.toIntExact(e.size()))
                .putShort((short) nameLength);
    }

    private static int writeFully(FileChannel to, ByteBuffer b, long position) throws IOException {
        int n = b.remaining();
        while (b.hasRemaining()) {
            position += to.write(b, position);
        }
        return n;
    }

    static ByteBuffer readFully(FileChannel file, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (file.read(buffer, position + buffer.position()) < 0) {
                throw new ZipException("the file ends at " + (position + buffer.position()) + ", before " + (position + length));
            }
        }
        return buffer.flip();
    }
}
