package org.recprompt.dataset.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The range parses of a rating and a timestamp (no substring) give what the string parses give, value or error. */
class FieldParseTest {

    private static final Path FILE = Path.of("ratings.csv");

    /** The field in the middle of a line, as the reader finds it. */
    private static String line(String field) {
        return "12,345," + field + ",x";
    }

    /** A parse of a whole field, and of the same field inside a line by its bounds. */
    private interface Parse<T> {
        T of(String line, int from, int to);
    }

    /** The value, or the error's message. */
    private static Object outcome(Parse<?> parse, String text, int from, int to) {
        try {
            Object v = parse.of(text, from, to);
            return v instanceof Float f ? Float.floatToIntBits(f) : v; // bits: -0.0 and NaN compare as they are
        } catch (DatasetFormatException e) {
            return e.getMessage();
        }
    }

    private static void same(Parse<?> whole, Parse<?> range, String field) {
        assertEquals(outcome(whole, field, 0, field.length()), outcome(range, line(field), 7, 7 + field.length()), "'" + field + "'");
    }

    private static void sameRating(String field) {
        same((t, from, to) -> DatasetBuilder.parseRating(FILE, 9, t.substring(from, to)),
                (t, from, to) -> DatasetBuilder.parseRating(FILE, 9, t, from, to), field);
    }

    private static void sameTimestamp(String field) {
        same((t, from, to) -> DatasetBuilder.parseTimestamp(FILE, 9, t.substring(from, to)),
                (t, from, to) -> DatasetBuilder.parseTimestamp(FILE, 9, t, from, to), field);
    }

    @Test
    void everyRatingOfUpToSevenDigitsParsesToTheFloatParseFloatGives() {
        for (int a = 0; a <= 1000; a++) {
            sameRating(Integer.toString(a));
        }
        for (int a = 0; a <= 100; a++) {
            for (int b = 0; b < 100; b++) {
                sameRating(a + "." + b);
                sameRating(a + "." + (b < 10 ? "0" + b : b));
            }
        }
        Random r = new Random(11);
        for (int i = 0; i < 200_000; i++) {
            int digits = 1 + r.nextInt(9); // up to 9: beyond 7 the general parse answers
            StringBuilder s = new StringBuilder();
            for (int d = 0; d < digits; d++) {
                s.append((char) ('0' + r.nextInt(10)));
            }
            if (digits > 1 && r.nextBoolean()) {
                s.insert(1 + r.nextInt(digits - 1), '.');
            }
            sameRating(s.toString());
        }
    }

    @Test
    void anyOtherRatingGoesToTheGeneralParseWithItsMessages() {
        for (String odd : List.of("", " ", "4.", ".5", " 4.0", "4.0 ", "4.0.0", "-1", "+2", "NaN", "Infinity", "1e3", "3,5", "four",
                "0x10", "1e40", "12345678", "0.00000001", "5..0")) {
            sameRating(odd);
        }
    }

    @Test
    void timestampsOfDigitsParseAsTheStringsDoAndAnythingElseGoesToTheGeneralParse() {
        Random r = new Random(5);
        List<String> fields = new ArrayList<>(List.of("0", "1", "964982703", "100000000000", "100000000001", "1445714994000",
                "999999999999999999", "9999999999999999999", "", " 964982703", "964982703 ", "-5", "1.5e9", "964982703.0",
                "2020-01-02", "2020-01-02T03:04:05Z", "soon"));
        for (int i = 0; i < 50_000; i++) {
            fields.add(Long.toString(Math.abs(r.nextLong()) % (r.nextBoolean() ? 2_000_000_000L : 2_000_000_000_000L)));
        }
        for (String f : fields) {
            sameTimestamp(f);
        }
    }

    @Test
    void aFloatStaysAFloatWhenTheFastPathCouldBeWrong() {
        // 7 digits is the limit: 8 would reach numbers a float cannot hold exactly
        try {
            assertEquals(1.2345678f, DatasetBuilder.parseRating(FILE, 1, line("1.2345678"), 7, 16));
        } catch (DatasetFormatException e) {
            fail(e);
        }
    }
}
