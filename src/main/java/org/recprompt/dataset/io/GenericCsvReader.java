package org.recprompt.dataset.io;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.DuplicatePolicy;

/**
 * A generic interaction file (CSV, TSV or similar) read with a {@link ColumnMapping}. Its fields
 * are not quoted. Items are known only by id unless the mapping names an item file
 * ({@link ColumnMapping.ItemFile}, read by {@link ItemFileReader}, quoted fields allowed): then
 * titles, genres, images and authors are joined by id, and an interaction naming an item the file
 * lacks is an error naming its line.
 */
final class GenericCsvReader {

    private static final List<String> USER_NAMES = List.of("user_id", "userid", "user", "uid", "visitorid", "customer_id");
    private static final List<String> ITEM_NAMES = List.of("item_id", "itemid", "item", "movieid", "movie_id", "iid",
            "product_id", "book_id", "isbn");
    private static final List<String> RATING_NAMES = List.of("rating", "score", "stars", "rating_value");
    private static final List<String> TIME_NAMES = List.of("timestamp", "time", "ts", "date", "datetime");

    private GenericCsvReader() {
    }

    static Dataset read(Path file, String name, ColumnMapping mapping, DuplicatePolicy policy) {
        DatasetBuilder b = new DatasetBuilder(policy);
        String[] separator = new String[1];
        int[][] holder = new int[1][];
        TextFiles.streamLines(file, (n, line) -> {
            if (separator[0] == null) {
                separator[0] = String.valueOf(mapping.delimiter() != null ? mapping.delimiter() : guessDelimiter(line));
                String[] first = TextFiles.splitAll(line, separator[0]);
                holder[0] = columns(file, first, mapping);
                if (mapping.items() != null) {
                    ItemFileReader.read(mapping.items(), mapping.header() ? first[holder[0][1]].trim() : null, b);
                }
                if (mapping.header()) {
                    return;
                }
            }
            int[] c = holder[0];
            String[] f = TextFiles.splitAll(line, separator[0]);
            int needed = Arrays.stream(c).max().orElse(0) + 1;
            if (f.length < needed) {
                throw new DatasetFormatException(file, n, "expected at least " + needed + " fields separated by '"
                        + TextFiles.printable(separator[0]) + "' but found " + f.length, line);
            }
            b.addInteraction(file, n, f[c[0]].trim(), f[c[1]].trim(),
                    c[2] < 0 ? Float.NaN : DatasetBuilder.parseRating(file, n, f[c[2]]),
                    c[3] < 0 ? 0 : DatasetBuilder.parseTimestamp(file, n, f[c[3]]));
        });
        return b.build(name, DatasetFormat.CSV.id(), file);
    }

    static char guessDelimiter(String line) {
        for (char c : new char[] {'\t', ',', ';', '|'}) {
            if (line.indexOf(c) >= 0) {
                return c;
            }
        }
        return ',';
    }

    private static int[] columns(Path file, String[] first, ColumnMapping m) {
        int user = resolve(file, first, m, m.user(), USER_NAMES, true, "user");
        int item = resolve(file, first, m, m.item(), ITEM_NAMES, true, "item");
        int rating = resolve(file, first, m, m.rating(), RATING_NAMES, false, "rating");
        int time = resolve(file, first, m, m.timestamp(), TIME_NAMES, false, "timestamp");
        return new int[] {user, item, rating, time};
    }

    private static int resolve(Path file, String[] first, ColumnMapping m, String given, List<String> guesses,
            boolean required, String what) {
        if (given != null && given.matches("\\d+")) {
            return Integer.parseInt(given);
        }
        if (!m.header()) {
            if (given != null) {
                throw new DatasetFormatException(file, 1, "the file has no header, so the " + what
                        + " column must be a 0-based index, not '" + given + "'", null);
            }
            int position = switch (what) {
                case "user" -> 0;
                case "item" -> 1;
                case "rating" -> 2;
                default -> 3;
            };
            return required || position < first.length ? position : -1;
        }
        for (int k = 0; k < first.length; k++) {
            String h = first[k].trim().toLowerCase(Locale.ROOT);
            if (given != null ? h.equalsIgnoreCase(given) : guesses.contains(h)) {
                return k;
            }
        }
        if (required || given != null) {
            throw new DatasetFormatException(file, 1, "no " + what + " column"
                    + (given != null ? " named '" + given + "'" : " (name it with a column mapping)")
                    + " in the header", String.join(",", first));
        }
        return -1;
    }
}
