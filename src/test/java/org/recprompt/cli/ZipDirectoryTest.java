package org.recprompt.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZipDirectoryTest {

    @TempDir
    Path dir;

    /** Writes a zip of these entries in order (a name ending in "/" is a directory), stored or deflated, each with a local extra field. */
    static Path zip(Path file, Map<String, byte[]> entries, boolean stored, String comment) throws IOException {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry z = new ZipEntry(e.getKey());
                byte[] data = e.getValue();
                if (stored || e.getKey().endsWith("/")) {
                    CRC32 crc = new CRC32();
                    crc.update(data);
                    z.setMethod(ZipEntry.STORED);
                    z.setSize(data.length);
                    z.setCompressedSize(data.length);
                    z.setCrc(crc.getValue());
                }
                z.setExtra(new byte[] {(byte) 0xfe, (byte) 0xca, 0, 0}); // a local extra field the central directory also has
                out.putNextEntry(z);
                out.write(data);
                out.closeEntry();
            }
            if (comment != null) {
                out.setComment(comment);
            }
        }
        return file;
    }

    private static Map<String, byte[]> sample() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("dir/", new byte[0]);
        m.put("dir/a.txt", "alpha alpha alpha alpha alpha".getBytes(StandardCharsets.UTF_8));
        m.put("dir/ü-é.txt", "non-ASCII name".getBytes(StandardCharsets.UTF_8));
        byte[] big = new byte[200_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 % 251);
        }
        m.put("big.bin", big);
        return m;
    }

    @Test
    void listsEveryEntryWithWhereItsBytesStartStoredOrDeflated() throws IOException {
        for (boolean stored : new boolean[] {true, false}) {
            Path z = zip(dir.resolve("s" + stored + ".zip"), sample(), stored, "a comment at the end");
            try (FileChannel f = FileChannel.open(z)) {
                List<ZipDirectory.Entry> entries = ZipDirectory.read(f);
                assertEquals(List.copyOf(sample().keySet()), entries.stream().map(ZipDirectory.Entry::name).toList());
                for (ZipDirectory.Entry e : entries) {
                    byte[] expected = sample().get(e.name());
                    assertArrayEquals(expected, ZipDirectory.bytes(f, e), e.name());
                    assertEquals(expected.length, e.size());
                    CRC32 crc = new CRC32();
                    crc.update(expected);
                    assertEquals(crc.getValue(), e.crc());
                    if (e.method() == ZipDirectory.STORED) {
                        ByteBuffer raw = ZipDirectory.readFully(f, ZipDirectory.dataOffset(f, e), expected.length);
                        assertArrayEquals(expected, raw.array(), "a stored entry's bytes are the file's from its data offset");
                    }
                }
                assertEquals(stored, entries.get(1).method() == ZipDirectory.STORED);
            }
        }
    }

    @Test
    void aCopyUnderNewNamesReadsBackAndIsTheSameBytesEveryTime() throws IOException {
        Path z = zip(dir.resolve("in.zip"), sample(), false, null);
        List<byte[]> copies = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Path out = dir.resolve("out" + i + ".zip");
            try (FileChannel f = FileChannel.open(z); FileChannel to = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                List<ZipDirectory.Entry> some = ZipDirectory.read(f).stream().filter(e -> e.name().startsWith("dir/")).toList();
                ZipDirectory.copy(f, some, n -> "renamed/" + n.substring(4), to);
            }
            copies.add(Files.readAllBytes(out));
            try (ZipFile read = new ZipFile(out.toFile())) {
                assertEquals(List.of("renamed/", "renamed/a.txt", "renamed/ü-é.txt"), read.stream().map(ZipEntry::getName).toList());
                assertArrayEquals(sample().get("dir/a.txt"), read.getInputStream(read.getEntry("renamed/a.txt")).readAllBytes());
                assertTrue(read.getEntry("renamed/").isDirectory());
                assertEquals(java.time.LocalDateTime.of(2000, 1, 1, 0, 0), read.getEntry("renamed/a.txt").getTimeLocal());
            }
        }
        assertArrayEquals(copies.get(0), copies.get(1), "the same entries give the same file");
    }

    @Test
    void notAZipAndATruncatedOneAreRefusedWithTheReason() throws IOException {
        Path text = Files.writeString(dir.resolve("x.jar"), "not a zip at all");
        try (FileChannel f = FileChannel.open(text)) {
            ZipException e = assertThrows(ZipException.class, () -> ZipDirectory.read(f));
            assertTrue(e.getMessage().contains("not a zip"), e.getMessage());
        }
        byte[] whole = Files.readAllBytes(zip(dir.resolve("w.zip"), sample(), true, null));
        ByteArrayOutputStream cut = new ByteArrayOutputStream();
        cut.write(whole, 0, 100); // the start of the first entry ...
        cut.write(whole, whole.length - 200, 200); // ... and the end of the central directory: offsets point past the file
        Path broken = Files.write(dir.resolve("broken.zip"), cut.toByteArray());
        try (FileChannel f = FileChannel.open(broken)) {
            assertThrows(ZipException.class, () -> ZipDirectory.read(f));
        }
    }
}
