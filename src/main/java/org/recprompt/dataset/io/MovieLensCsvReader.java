package org.recprompt.dataset.io;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.DuplicatePolicy;

/**
 * MovieLens "latest" CSV files, from ml-latest-small to ml-32m: {@code movies.csv}
 * ({@code movieId,title,genres}, quoted where titles hold commas), {@code ratings.csv}
 * ({@code userId,movieId,rating,timestamp}, streamed), and, when present, {@code links.csv}
 * (IMDb and TMDB ids) and {@code tags.csv} (the most used tags of each movie become its
 * "tags" attribute).
 */
final class MovieLensCsvReader {

    static final String NO_GENRES = "(no genres listed)";
    private static final int TAGS_KEPT = 10;

    private MovieLensCsvReader() {
    }

    static Dataset read(Path dir, String name, DuplicatePolicy policy) {
        DatasetBuilder b = new DatasetBuilder(policy);
        Path movies = dir.resolve("movies.csv");
        // links.csv and tags.csv are parsed on a second thread while the ratings are read here (ml-latest-small: 0.1 s
        // of a cold start); their rows reach the builder on this thread, after the ratings, as before
        java.util.concurrent.CompletableFuture<List<List<Row>>> extras = Files.exists(movies)
                ? java.util.concurrent.CompletableFuture.supplyAsync(() -> List.of(
                        rowsIfPresent(dir.resolve("links.csv"), "movieId", "imdbId", "tmdbId"),
                        rowsIfPresent(dir.resolve("tags.csv"), "userId", "movieId", "tag")), org.recprompt.base.OwnThread.named("dataset-extras"))
                : null;
        if (Files.exists(movies)) {
            for (Row row : csv(movies, "movieId", "title", "genres")) {
                b.addItem(movies, row.line, row.get("movieId"), row.get("title").trim(), 0, genres(row.get("genres")));
            }
        }
        Path ratings = dir.resolve("ratings.csv");
        int[] fields = {0};
        TextFiles.streamLines(ratings, (n, line) -> {
            if (fields[0] == 0) {
                String h = line.replace(" ", "");
                if (!h.startsWith("userId,movieId,rating")) {
                    throw new DatasetFormatException(ratings, n, "expected the header userId,movieId,rating,timestamp", line);
                }
                // Without a timestamp column every interaction is at time 0: the dataset has no timestamps.
                fields[0] = h.equals("userId,movieId,rating") ? 3 : 4;
                return;
            }
            // the fields' bounds, and substrings only for the ids: 100,000 lines of ml-latest-small made 400,000 strings
            int c1 = line.indexOf(',');
            int c2 = c1 < 0 ? -1 : line.indexOf(',', c1 + 1);
            int c3 = c2 < 0 ? -1 : line.indexOf(',', c2 + 1);
            boolean shaped = fields[0] == 3 ? c2 >= 0 && c3 < 0 : c3 >= 0 && line.indexOf(',', c3 + 1) < 0;
            if (!shaped) { // split says what is wrong with the line
                String[] f = TextFiles.split(ratings, n, line, ",", fields[0]);
                b.addInteraction(ratings, n, f[0], f[1], DatasetBuilder.parseRating(ratings, n, f[2]),
                        fields[0] == 3 ? 0 : DatasetBuilder.parseTimestamp(ratings, n, f[3]));
                return;
            }
            int end = fields[0] == 3 ? line.length() : c3;
            b.addInteraction(ratings, n, line.substring(0, c1), line.substring(c1 + 1, c2),
                    DatasetBuilder.parseRating(ratings, n, line, c2 + 1, end),
                    fields[0] == 3 ? 0 : DatasetBuilder.parseTimestamp(ratings, n, line, c3 + 1, line.length()));
        });
        if (b.hasItemsFile()) {
            List<List<Row>> parsed = org.recprompt.base.OwnThread.join(extras); // a broken file's exception as if read here
            links(b, parsed.get(0));
            tags(b, parsed.get(1));
        }
        return b.build(name, DatasetFormat.MOVIELENS_CSV.id(), ratings);
    }

    /** The rows of an optional file (none when it is absent). */
    private static List<Row> rowsIfPresent(Path file, String... required) {
        return Files.exists(file) ? csv(file, required) : List.of();
    }

    /** Splits a MovieLens genre list ("Action|Comedy"); "(no genres listed)" is none. */
    static List<String> genres(String field) {
        String f = field.trim();
        if (f.isEmpty() || f.equals(NO_GENRES)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String g : TextFiles.splitAll(f, "|")) {
            if (!g.isBlank()) {
                out.add(g.trim());
            }
        }
        return out;
    }

    private static void links(DatasetBuilder b, List<Row> rows) {
        // links.csv attributes are keyed by external id; the builder resolves them after the catalog is closed.
        for (Row row : rows) {
            int item = b.itemIndex(row.get("movieId"));
            if (item >= 0) {
                b.itemAttribute(item, "imdb_id", row.get("imdbId"));
                b.itemAttribute(item, "tmdb_id", row.get("tmdbId"));
            }
        }
    }

    private static void tags(DatasetBuilder b, List<Row> rows) {
        Map<Integer, Map<String, Integer>> counts = new LinkedHashMap<>();
        for (Row row : rows) {
            int item = b.itemIndex(row.get("movieId"));
            String tag = row.get("tag").trim();
            if (item >= 0 && !tag.isEmpty()) {
                counts.computeIfAbsent(item, k -> new LinkedHashMap<>()).merge(tag.toLowerCase(java.util.Locale.ROOT), 1, Integer::sum);
            }
        }
        counts.forEach((item, tagCounts) -> {
            Set<String> top = new LinkedHashSet<>();
            tagCounts.entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .limit(TAGS_KEPT)
                    .forEach(e -> top.add(e.getKey()));
            b.itemAttribute(item, "tags", String.join(", ", top));
        });
    }

    /** One parsed CSV record with its 1-based line number. */
    record Row(long line, CSVRecord record) {
        String get(String column) {
            return record.get(column);
        }
    }

    /** Reads a small CSV file with a header that must name the required columns. */
    static List<Row> csv(Path file, String... required) {
        return csv(file, ',', required);
    }

    /** The same with another field separator (a generic item file: tab, ';', '|'). */
    static List<Row> csv(Path file, char delimiter, String... required) {
        String text = TextFiles.readSmall(file, false);
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setHeader().setSkipHeaderRecord(true)
                .setTrim(false).get();
        List<Row> rows = new ArrayList<>();
        try (var parser = format.parse(new StringReader(text))) {
            for (String column : required) {
                if (!parser.getHeaderMap().containsKey(column)) {
                    throw new DatasetFormatException(file, 1, "the header has no column '" + column + "'",
                            String.join(",", parser.getHeaderNames()));
                }
            }
            for (CSVRecord record : parser) {
                long line = parser.getCurrentLineNumber();
                if (!record.isConsistent()) {
                    throw new DatasetFormatException(file, line, "expected " + parser.getHeaderNames().size()
                            + " fields but found " + record.size(), String.join(",", record.toList()));
                }
                rows.add(new Row(line, record));
            }
        } catch (IOException | UncheckedIOException e) {
            throw new DatasetFormatException(file, 0, "is not valid CSV (" + e.getMessage() + ")", null);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new DatasetFormatException(file, 1, "has a malformed header (" + e.getMessage() + ")", null);
        }
        return rows;
    }
}
