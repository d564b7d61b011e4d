package org.recprompt.base;

import java.io.Closeable;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a text file one line at a time as strict UTF-8 with a bound on the length of a line, so a
 * file with one enormous line is refused with its line number instead of filling the heap. Lines
 * end at '\n' (a '\r' before it is dropped); a byte-order mark at the start is dropped. Bytes that
 * are not UTF-8 are an error naming the line that holds them. After a {@link LineException} the
 * reader can go on: the next {@link #readLine()} starts at the line after the one refused, so a
 * tolerant reader can skip a line (and say so) without holding it.
 */
public final class LineReader implements Closeable {

    /** The longest line any reader accepts: 1 MB (in bytes). */
    public static final int MAX_LINE_BYTES = 1 << 20;

    /** How the limit is named in errors. */
    public static final String MAX_LINE_TEXT = "1 MB";

    /**
     * A line that cannot be read: too long or not UTF-8. The message is one sentence naming file and
     * line. It is bad input, so an {@link IllegalArgumentException}: callers that report bad input
     * need no wrapper.
     */
    public static final class LineException extends IllegalArgumentException {
        private final Path file;
        private final long line;
        private final String problem;

        LineException(Path file, long line, String problem) {
            super(file + " line " + line + ": " + problem);
            this.file = file;
            this.line = line;
            this.problem = problem;
        }

        /** What is wrong, without the file and line. */
        public String problem() {
            return problem;
        }

        public Path file() {
            return file;
        }

        public long line() {
            return line;
        }
    }

    private final Path file;
    private final InputStream in;
    private final int maxBytes;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] chunk = new byte[1 << 16];
    private int pos;
    private int limit;
    private byte[] buffer = new byte[256];
    private long number;
    private boolean eof;
    private boolean skipping;

    public LineReader(Path file) throws IOException {
        this(file, MAX_LINE_BYTES);
    }

    public LineReader(Path file, int maxBytes) throws IOException {
        this.file = file;
        this.in = Files.newInputStream(file);
        this.maxBytes = maxBytes;
    }

    /** The number of the line last returned, from 1. */
    public long lineNumber() {
        return number;
    }

    /**
     * The next line, passing over any line longer than the limit (its sentence, naming the file and
     * line, goes to {@code skipped}); null at the end. For files where one unreadable line may be left
     * out as long as the reader is told.
     */
    public String readLineSkippingLong(java.util.function.Consumer<String> skipped) throws IOException {
        while (true) {
            try {
                return readLine();
            } catch (LineException e) {
                skipped.accept(e.getMessage());
            }
        }
    }

    /** The next line without its line end, or null at the end of the file. */
    public String readLine() throws IOException {
        if (skipping) {
            skipRest();
        }
        int length = 0;
        boolean any = false;
        while (true) {
            if (pos == limit) {
                if (eof) {
                    break;
                }
                limit = in.read(chunk);
                pos = 0;
                if (limit <= 0) {
                    limit = 0;
                    eof = true;
                    break;
                }
            }
            any = true;
            int end = pos;
            while (end < limit && chunk[end] != '\n') {
                end++;
            }
            int n = end - pos;
            if (length + n > maxBytes) {
                return finish(length, true);
            }
            if (length + n > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.min(maxBytes, Math.max(length + n, buffer.length * 2)));
            }
            System.arraycopy(chunk, pos, buffer, length, n);
            length += n;
            if (end < limit) {
                pos = end + 1;
                return finish(length, false);
            }
            pos = limit;
        }
        return !any || length == 0 ? null : finish(length, false);
    }

    /** Drops the rest of a line refused as too long, up to and including its '\n'. */
    private void skipRest() throws IOException {
        skipping = false;
        while (true) {
            if (pos == limit) {
                if (eof) {
                    return;
                }
                limit = in.read(chunk);
                pos = 0;
                if (limit <= 0) {
                    limit = 0;
                    eof = true;
                    return;
                }
            }
            while (pos < limit) {
                if (chunk[pos++] == '\n') {
                    return;
                }
            }
        }
    }

    private String finish(int length, boolean tooLong) {
        number++;
        if (tooLong) {
            skipping = true;
            throw new LineException(file, number, "the line is longer than " + MAX_LINE_TEXT
                    + " (the limit for one line)");
        }
        if (length > 0 && buffer[length - 1] == '\r') {
            length--;
        }
        int from = 0;
        if (number == 1 && length >= 3 && (buffer[0] & 0xff) == 0xEF && (buffer[1] & 0xff) == 0xBB
                && (buffer[2] & 0xff) == 0xBF) {
            from = 3;
        }
        return decode(from, length);
    }

    private String decode(int from, int to) {
        boolean ascii = true;
        for (int k = from; k < to; k++) {
            if (buffer[k] < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(buffer, from, to - from, StandardCharsets.ISO_8859_1);
        }
        try {
            return utf8.reset().decode(ByteBuffer.wrap(buffer, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            throw new LineException(file, number, "is not valid UTF-8; save the file as UTF-8");
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /**
     * A strict UTF-8 character reader of the file for parsers that read records themselves (CSV,
     * where a quoted field may span lines): it throws a {@link LineException} naming the line once a
     * line passes {@link #MAX_LINE_BYTES} characters, so a parser never buffers an enormous line.
     */
    public static Reader bounded(Path file) throws IOException {
        return new BoundedReader(file, Files.newBufferedReader(file, StandardCharsets.UTF_8), MAX_LINE_BYTES);
    }

    private static final class BoundedReader extends FilterReader {
        private final Path file;
        private final int max;
        private long line = 1;
        private int length;

        BoundedReader(Path file, Reader in, int max) {
            super(in);
            this.file = file;
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            char[] one = new char[1];
            return read(one, 0, 1) < 0 ? -1 : one[0];
        }

        @Override
        public int read(char[] cbuf, int off, int len) throws IOException {
            int n = super.read(cbuf, off, len);
            for (int k = off; k < off + Math.max(0, n); k++) {
                if (cbuf[k] == '\n') {
                    line++;
                    length = 0;
                } else if (++length > max) {
                    throw new LineException(file, line, "the line is longer than " + MAX_LINE_TEXT + " (the limit for one line)");
                }
            }
            return n;
        }
    }
}
