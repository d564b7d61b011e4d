package org.recprompt.dataset.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.DuplicatePolicy;

/**
 * RecBole atomic files: tab-separated {@code NAME.inter}, {@code NAME.item}, {@code NAME.user}
 * whose header names each field with its type, such as {@code item_id:token} or
 * {@code movie_title:token_seq}. Recognised fields: user_id, item_id, rating, timestamp; for
 * items a title (movie_title, title, name), a year (release_year, year) and genres (genre,
 * genres, class; space-separated tokens); every other field becomes an attribute.
 */
final class RecBoleReader {

    private RecBoleReader() {
    }

    /** A header field: name and RecBole type. */
    record Field(String name, String type) {
    }

    static Dataset read(Path inter, String name, DuplicatePolicy policy) {
        String base = inter.getFileName().toString().replaceFirst("\\.inter$", "");
        Path dir = inter.toAbsolutePath().getParent();
        DatasetBuilder b = new DatasetBuilder(policy);
        readItems(b, dir.resolve(base + ".item"));
        readUsers(b, dir.resolve(base + ".user"));
        List<Field>[] header = new List[1];
        int[] cols = new int[4];
        TextFiles.streamLines(inter, (n, line) -> {
            if (header[0] == null) {
                header[0] = header(inter, n, line);
                cols[0] = column(inter, header[0], true, "user_id");
                cols[1] = column(inter, header[0], true, "item_id");
                cols[2] = column(inter, header[0], false, "rating");
                cols[3] = column(inter, header[0], false, "timestamp");
                return;
            }
            String[] f = fields(inter, n, line, header[0].size());
            b.addInteraction(inter, n, f[cols[0]], f[cols[1]],
                    cols[2] < 0 ? Float.NaN : DatasetBuilder.parseRating(inter, n, f[cols[2]]),
                    cols[3] < 0 ? 0 : DatasetBuilder.parseTimestamp(inter, n, f[cols[3]]));
        });
        return b.build(name, DatasetFormat.RECBOLE.id(), inter);
    }

    /** What a reader does with each data row of a typed-header file. */
    @FunctionalInterface
    private interface RowHandler {
        void row(long line, List<Field> header, String[] fields);
    }

    /** Reads a typed-header file that must have {@code idField}, calling the handler for each data row. */
    private static void eachRow(Path file, String idField, RowHandler handler) {
        if (!Files.exists(file)) {
            return;
        }
        List<Field>[] header = new List[1];
        TextFiles.eachLine(file, false, (n, line) -> {
            if (header[0] == null) {
                header[0] = header(file, n, line);
                column(file, header[0], true, idField);
                return;
            }
            handler.row(n, header[0], fields(file, n, line, header[0].size()));
        });
    }

    private static void readItems(DatasetBuilder b, Path file) {
        eachRow(file, "item_id", (n, h, f) -> {
            int id = column(file, h, true, "item_id");
            int title = column(file, h, false, "movie_title", "title", "name", "item_name");
            int year = column(file, h, false, "release_year", "year");
            int genre = column(file, h, false, "genre", "genres", "class", "categories");
            List<String> genres = new ArrayList<>();
            if (genre >= 0) {
                for (String g : f[genre].trim().split("\\s+")) {
                    if (!g.isEmpty()) {
                        genres.add(g);
                    }
                }
            }
            int y = year >= 0 && f[year].trim().matches("\\d{4}") ? Integer.parseInt(f[year].trim()) : 0;
            int item = b.addItem(file, n, f[id], title >= 0 ? f[title].trim() : f[id], y, genres);
            for (int k = 0; k < h.size(); k++) {
                if (k != id && k != title && k != year && k != genre && !f[k].isEmpty()) {
                    b.itemAttribute(item, h.get(k).name(), f[k]);
                }
            }
        });
    }

    private static void readUsers(DatasetBuilder b, Path file) {
        eachRow(file, "user_id", (n, h, f) -> {
            int id = column(file, h, true, "user_id");
            int user = b.addUser(file, n, f[id]);
            for (int k = 0; k < h.size(); k++) {
                if (k != id && !f[k].isEmpty()) {
                    b.userAttribute(user, h.get(k).name(), f[k]);
                }
            }
        });
    }

    static List<Field> header(Path file, long n, String line) {
        List<Field> out = new ArrayList<>();
        for (String raw : line.split("\t", -1)) {
            int colon = raw.lastIndexOf(':');
            if (colon <= 0) {
                throw new DatasetFormatException(file, n, "header field " + (out.size() + 1)
                        + " has no type (RecBole headers look like item_id:token)", line);
            }
            String type = raw.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
            if (!List.of("token", "token_seq", "float", "float_seq").contains(type)) {
                throw new DatasetFormatException(file, n, "header field " + (out.size() + 1)
                        + " has an unknown type (token, token_seq, float, float_seq)", line);
            }
            out.add(new Field(raw.substring(0, colon).trim(), type));
        }
        return out;
    }

    private static String[] fields(Path file, long n, String line, int expected) {
        String[] f = line.split("\t", -1);
        if (f.length != expected) {
            throw new DatasetFormatException(file, n, "expected " + expected + " tab-separated fields but found "
                    + f.length, line);
        }
        return f;
    }

    private static int column(Path file, List<Field> header, boolean required, String... names) {
        for (String name : names) {
            for (int k = 0; k < header.size(); k++) {
                if (header.get(k).name().equalsIgnoreCase(name)) {
                    return k;
                }
            }
        }
        if (required) {
            throw new DatasetFormatException(file, 1, "the header has no field " + names[0], null);
        }
        return -1;
    }
}
