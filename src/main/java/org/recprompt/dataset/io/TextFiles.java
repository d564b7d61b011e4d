package org.recprompt.dataset.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.recprompt.base.LineReader;

/** Reading text files line by line with line numbers and clear errors about their encoding. */
final class TextFiles {

    /** What a line handler sees. */
    @FunctionalInterface
    interface LineHandler {
        void line(long number, String text);
    }

    private TextFiles() {
    }

    /**
     * Reads a whole (metadata-sized) file as UTF-8; where {@code latin1Allowed} (the MovieLens 100K
     * and 1M files are Latin-1), a file that is not valid UTF-8 is read as Latin-1 instead.
     * Otherwise invalid UTF-8 is an error naming the line.
     */
    static String readSmall(Path file, boolean latin1Allowed) {
        byte[] bytes = readBytes(file);
        checkLineLengths(file, bytes);
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            String text = utf8.decode(in).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            if (latin1Allowed) {
                return new String(bytes, StandardCharsets.ISO_8859_1);
            }
            int at = in.position();
            throw new DatasetFormatException(file, lineAt(bytes, at),
                    String.format("is not valid UTF-8 (byte 0x%02X at offset %d); save the file as UTF-8", bytes[at] & 0xff, at),
                    null);
        }
    }

    /** Calls the handler for every line of a small file, numbered from 1; blank lines are skipped. */
    static void eachLine(Path file, boolean latin1Allowed, LineHandler handler) {
        String text = readSmall(file, latin1Allowed);
        long number = 0;
        int start = 0;
        while (start <= text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            number++;
            String line = text.substring(start, end);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (!line.isBlank()) {
                handler.line(number, line);
            }
            start = end + 1;
        }
    }

    /**
     * Streams a large file (ratings) as strict UTF-8, one line at a time, without holding it in
     * memory. Blank lines are skipped; a byte-order mark is dropped; a line longer than
     * {@link LineReader#MAX_LINE_BYTES} or bytes that are not UTF-8 are errors naming the line.
     */
    static void streamLines(Path file, LineHandler handler) {
        long number = 0;
        try (LineReader reader = new LineReader(file)) {
            String line;
            while (true) {
                try {
                    line = reader.readLine();
                } catch (LineReader.LineException e) {
                    throw new DatasetFormatException(file, e.line(), e.problem(), null);
                }
                if (line == null) {
                    break;
                }
                number = reader.lineNumber();
                if (!line.isBlank()) {
                    handler.line(number, line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        if (number == 0) {
            throw new DatasetFormatException(file, "the file is empty");
        }
    }

    static byte[] readBytes(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length == 0) {
                throw new DatasetFormatException(file, "the file is empty");
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Calls the handler for every non-blank line of a Windows-1252 file (Book-Crossing's CSV dump),
     * numbered from 1. The five bytes Windows-1252 leaves undefined are read as the Latin-1
     * characters of the same value, so no byte is refused or replaced. A file that is valid UTF-8
     * and holds characters beyond ASCII was re-encoded after download: it is refused, naming the
     * line of its first such character, because reading it as Windows-1252 would garble every accent.
     */
    static void eachLineWindows1252(Path file, LineHandler handler) {
        byte[] bytes = readBytes(file);
        checkLineLengths(file, bytes);
        int firstHigh = -1;
        for (int k = 0; k < bytes.length && firstHigh < 0; k++) {
            if (bytes[k] < 0) {
                firstHigh = k;
            }
        }
        if (firstHigh >= 0 && isUtf8(bytes)) {
            throw new DatasetFormatException(file, lineAt(bytes, firstHigh), "is UTF-8 (a multi-byte character is here),"
                    + " but this format's files are Windows-1252 as published; use the files as downloaded", null);
        }
        char[] line = new char[256];
        long number = 1;
        int length = 0;
        for (int k = 0; k <= bytes.length; k++) {
            if (k == bytes.length || bytes[k] == '\n') {
                int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
                String text = new String(line, 0, end);
                if (!text.isBlank()) {
                    handler.line(number, text);
                }
                number++;
                length = 0;
                continue;
            }
            if (length == line.length) {
                line = java.util.Arrays.copyOf(line, length * 2);
            }
            line[length++] = WINDOWS_1252[bytes[k] & 0xff];
        }
    }

    /** Each byte's character in Windows-1252; the undefined 0x81, 0x8D, 0x8F, 0x90, 0x9D as in Latin-1. */
    private static final char[] WINDOWS_1252 = windows1252();

    private static char[] windows1252() {
        char[] table = new char[256];
        CharsetDecoder decoder = java.nio.charset.Charset.forName("windows-1252").newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        for (int b = 0; b < 256; b++) {
            try {
                table[b] = decoder.decode(ByteBuffer.wrap(new byte[] {(byte) b})).charAt(0);
            } catch (CharacterCodingException e) {
                table[b] = (char) b;
            }
        }
        return table;
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** A line longer than {@link LineReader#MAX_LINE_BYTES} is an error naming it. */
    private static void checkLineLengths(Path file, byte[] bytes) {
        if (bytes.length <= LineReader.MAX_LINE_BYTES) {
            return;
        }
        long line = 1;
        int start = 0;
        for (int k = 0; k <= bytes.length; k++) {
            if (k == bytes.length || bytes[k] == '\n') {
                if (k - start > LineReader.MAX_LINE_BYTES) {
                    throw new DatasetFormatException(file, line, "the line is longer than " + LineReader.MAX_LINE_TEXT
                            + " (the limit for one line)", null);
                }
                line++;
                start = k + 1;
            }
        }
    }

    private static long lineAt(byte[] bytes, int offset) {
        long line = 1;
        for (int k = 0; k < offset && k < bytes.length; k++) {
            if (bytes[k] == '\n') {
                line++;
            }
        }
        return line;
    }

    /**
     * Splits on a one-character or multi-character separator without regular expressions; the
     * result has exactly {@code expected} fields or the line is reported.
     */
    static String[] split(Path file, long number, String line, String separator, int expected) {
        String[] fields = new String[expected];
        int start = 0;
        for (int k = 0; k < expected - 1; k++) {
            int end = line.indexOf(separator, start);
            if (end < 0) {
                throw new DatasetFormatException(file, number, "expected " + expected + " fields separated by '"
                        + printable(separator) + "' but found " + (k + 1), line);
            }
            fields[k] = line.substring(start, end);
            start = end + separator.length();
        }
        if (line.indexOf(separator, start) >= 0) {
            throw new DatasetFormatException(file, number, "expected " + expected + " fields separated by '"
                    + printable(separator) + "' but found " + splitAll(line, separator).length, line);
        }
        fields[expected - 1] = line.substring(start);
        return fields;
    }

    /** Splits into all fields. */
    static String[] splitAll(String line, String separator) {
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        int start = 0;
        while (true) {
            int end = line.indexOf(separator, start);
            if (end < 0) {
                out.add(line.substring(start));
                return out.toArray(String[]::new);
            }
            out.add(line.substring(start, end));
            start = end + separator.length();
        }
    }

    static String printable(String separator) {
        return separator.equals("\t") ? "\\t" : separator;
    }
}
