package org.recprompt.dataset.io;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import org.recprompt.base.LineReader;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;

/**
 * Streams JSON-lines files (one object per line), gzip-compressed ({@code .gz}) or not, through
 * Jackson's streaming parser: no tree per line, and fields a reader does not ask for (review
 * texts) are skipped without being decoded. A malformed line, a truncated or corrupt gzip file
 * and an empty file are errors naming the file and line; the line's content is never repeated.
 */
final class JsonLines {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final int BUFFER = 1 << 16;

    /** What a reader does with one object; the parser is on its START_OBJECT and must be left on its END_OBJECT. */
    @FunctionalInterface
    interface RecordHandler {
        void record(long line, JsonParser p) throws IOException;
    }

    /** What a reader does with one line of a line-oriented (not strictly JSON) file. */
    @FunctionalInterface
    interface LineHandler {
        void line(long line, String text);
    }

    private JsonLines() {
    }

    /** True when the name ends in .gz (the file is then read through a gzip stream). */
    static boolean gzipped(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz");
    }

    /** Opens the file, decompressing a .gz as a stream. */
    static InputStream open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        if (!gzipped(file)) {
            return new BufferedInputStream(raw, BUFFER);
        }
        try {
            return new GZIPInputStream(raw, BUFFER);
        } catch (ZipException | EOFException e) {
            raw.close();
            throw new DatasetFormatException(file, "is not a gzip file although its name ends in .gz");
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** Calls the handler for every object of the file, with its 1-based line. */
    static long eachObject(Path file, RecordHandler handler) {
        long[] last = {0};
        long count = 0;
        try (InputStream in = open(file); JsonParser p = FACTORY.createParser(in)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                long line = p.currentTokenLocation().getLineNr();
                last[0] = line;
                if (t != JsonToken.START_OBJECT) {
                    throw new DatasetFormatException(file, line, "expected one JSON object per line but found "
                            + describe(t), null);
                }
                handler.record(line, p);
                count++;
            }
        } catch (JsonEOFException e) {
            throw new DatasetFormatException(file, lineOf(e, last[0]), "the file ends inside a JSON object"
                    + " (a truncated download?)", null);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new DatasetFormatException(file, lineOf(e, last[0]), "is not valid JSON"
                    + (at != null && at.getColumnNr() > 0 ? " at character " + at.getColumnNr() : ""), null);
        } catch (IOException e) {
            throw streamProblem(file, last[0], e);
        }
        if (count == 0) {
            throw new DatasetFormatException(file, "holds no JSON objects (the file is empty)");
        }
        return count;
    }

    /**
     * Calls the handler for every non-blank line of a text file (gzip or not), strict UTF-8, with
     * lines longer than {@link LineReader#MAX_LINE_BYTES} refused.
     */
    static void eachLine(Path file, LineHandler handler) {
        long number = 0;
        long lines = 0;
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(open(file), decoder), BUFFER)) {
            String line;
            while ((line = r.readLine()) != null) {
                number++;
                if (line.length() > LineReader.MAX_LINE_BYTES) {
                    throw new DatasetFormatException(file, number, "the line is longer than " + LineReader.MAX_LINE_TEXT
                            + " (the limit for one line)", null);
                }
                if (!line.isBlank()) {
                    lines++;
                    handler.line(number, line);
                }
            }
        } catch (CharacterCodingException e) {
            throw new DatasetFormatException(file, number + 1, "is not valid UTF-8", null);
        } catch (IOException e) {
            throw streamProblem(file, number, e);
        }
        if (lines == 0) {
            throw new DatasetFormatException(file, "the file is empty");
        }
    }

    private static RuntimeException streamProblem(Path file, long line, IOException e) {
        if (e instanceof EOFException && gzipped(file)) {
            return new DatasetFormatException(file, line, "the gzip file ends early (it is truncated; the line"
                    + " number is the last one read): download it again", null);
        }
        if (e instanceof ZipException && gzipped(file)) {
            return new DatasetFormatException(file, line, "the gzip file is corrupt (" + e.getMessage()
                    + "; the line number is the last one read): download it again", null);
        }
        return new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
    }

    private static long lineOf(JsonProcessingException e, long fallback) {
        JsonLocation at = e.getLocation();
        return at != null && at.getLineNr() > 0 ? at.getLineNr() : fallback;
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            default -> "'" + t.asString() + "'";
        };
    }

    // ------------------------------------------------------------------ reading values

    /** The current scalar as text (null for JSON null); arrays and objects are skipped and give null. */
    static String text(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            p.skipChildren();
            return null;
        }
        return p.getText();
    }

    /** The current value as a number, NaN when it is null, not a number, or text that is not a number. */
    static double number(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            return p.getDoubleValue();
        }
        String s = text(p);
        if (s == null) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** The current value as a long (timestamps); Long.MIN_VALUE when it is not an integer. */
    static long integer(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT) {
            return p.getLongValue();
        }
        String s = text(p);
        if (s != null && s.trim().matches("\\d{1,18}")) {
            return Long.parseLong(s.trim());
        }
        return Long.MIN_VALUE;
    }

    /** The strings of an array of strings (nested arrays flattened, other values skipped); empty for a non-array. */
    static List<String> strings(JsonParser p) throws IOException {
        List<String> out = new ArrayList<>();
        if (p.currentToken() != JsonToken.START_ARRAY) {
            text(p);
            return out;
        }
        int depth = 1;
        while (depth > 0) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new JsonEOFException(p, null, "end of input inside an array");
            }
            switch (t) {
                case START_ARRAY -> depth++;
                case END_ARRAY -> depth--;
                case START_OBJECT -> p.skipChildren();
                case VALUE_STRING -> out.add(p.getText());
                default -> { }
            }
        }
        return out;
    }
}
