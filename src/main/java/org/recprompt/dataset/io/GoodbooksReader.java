package org.recprompt.dataset.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.DuplicatePolicy;
import org.recprompt.dataset.Items;

/**
 * goodbooks-10k (Zając, 2017) as published: {@code ratings.csv} ({@code user_id,book_id,rating},
 * sorted by time but without timestamps; the first release had {@code book_id,user_id,rating},
 * read too, without the chronological note) and {@code books.csv} (quoted CSV: the title from
 * {@code title}, {@code authors} separated by ", " become {@link Items#AUTHORS}, {@code
 * original_title}, the year from {@code original_publication_year} such as "2008.0", {@code
 * image_url} unless it is Goodreads' "nophoto" placeholder, and {@code goodreads_book_id},
 * {@code work_id}, {@code language_code}). The isbn columns are not kept: the CSV lost their
 * leading zeros and wrote isbn13 as a float. Optional: {@code to_read.csv} gives each book its
 * {@code to_read_count}; {@code book_tags.csv} with {@code tags.csv} give each book its most used
 * Goodreads shelves as the attribute {@code tags} (not as genres: shelves mix genres with
 * "to-read" and "favorites").
 */
final class GoodbooksReader {

    static final String CHRONOLOGICAL_NOTE = "ratings.csv is sorted by time (the publisher) but has no timestamps:"
            + " use order: file (--order file) for a chronological split.";
    static final String SCALE_NOTE = "Ratings are 1-5.";
    private static final int TAGS_KEPT = 10;
    private static final String NO_PHOTO = "/nophoto/";

    private GoodbooksReader() {
    }

    static Dataset read(Path dir, String name, DuplicatePolicy policy) {
        DatasetBuilder b = new DatasetBuilder(policy);
        Path books = dir.resolve("books.csv");
        if (!Files.isRegularFile(books)) {
            throw new DatasetFormatException(dir, "has no books.csv (goodbooks-10k's titles and authors are in it)");
        }
        List<String> notes = new ArrayList<>();
        Map<String, Integer> byGoodreadsId = new HashMap<>();
        int placeholders = 0;
        for (MovieLensCsvReader.Row row : MovieLensCsvReader.csv(books, "book_id", "goodreads_book_id", "authors",
                "original_publication_year", "original_title", "title", "image_url")) {
            String title = row.get("title").strip();
            if (title.isEmpty()) {
                title = row.get("original_title").strip();
            }
            String year = row.get("original_publication_year").strip();
            int y = year(books, row.line(), year);
            int item = b.addItem(books, row.line(), row.get("book_id").strip(), title, y, List.of());
            if (y <= 0 && !year.isEmpty()) {
                b.itemAttribute(item, "original_publication_year", year);
            }
            String authors = authors(row.get("authors"));
            if (!authors.isEmpty()) {
                b.itemAttribute(item, Items.AUTHORS, authors);
            }
            String original = row.get("original_title").strip();
            if (!original.isEmpty()) {
                b.itemAttribute(item, Items.ORIGINAL_TITLE, original);
            }
            String image = row.get("image_url").strip();
            if (image.contains(NO_PHOTO)) {
                placeholders++;
            } else if (!image.isEmpty()) {
                b.itemAttribute(item, "image_url", image);
            }
            String goodreads = row.get("goodreads_book_id").strip();
            b.itemAttribute(item, "goodreads_book_id", goodreads);
            byGoodreadsId.put(goodreads, item);
            for (String column : new String[] {"work_id", "language_code"}) {
                if (row.record().isMapped(column) && !row.get(column).isBlank()) {
                    b.itemAttribute(item, column, row.get(column).strip());
                }
            }
        }
        Path ratings = dir.resolve("ratings.csv");
        boolean[] userFirst = new boolean[1];
        boolean[] headerSeen = new boolean[1];
        TextFiles.streamLines(ratings, (n, line) -> {
            if (!headerSeen[0]) {
                Boolean order = header(line);
                if (order == null) {
                    throw new DatasetFormatException(ratings, n, "expected the header user_id,book_id,rating", line);
                }
                userFirst[0] = order;
                headerSeen[0] = true;
                return;
            }
            String[] f = TextFiles.split(ratings, n, line, ",", 3);
            String user = (userFirst[0] ? f[0] : f[1]).strip();
            String book = (userFirst[0] ? f[1] : f[0]).strip();
            b.addInteraction(ratings, n, user, book, DatasetBuilder.parseRating(ratings, n, f[2]), 0);
        });
        if (userFirst[0]) {
            notes.add(CHRONOLOGICAL_NOTE);
        }
        notes.add(SCALE_NOTE);
        if (placeholders > 0) {
            notes.add(String.format(Locale.ROOT, "Books whose image_url is Goodreads' \"nophoto\" placeholder: %,d;"
                    + " they have no image (a vision prompt would show the placeholder as the cover).", placeholders));
        }
        toRead(b, dir.resolve("to_read.csv"), notes);
        tags(b, dir.resolve("book_tags.csv"), dir.resolve("tags.csv"), byGoodreadsId, notes);
        return b.build(name, DatasetFormat.GOODBOOKS.id(), ratings).withNotes(notes);
    }

    /** True for user_id,book_id,rating; false for the first release's book_id,user_id,rating; null otherwise. */
    private static Boolean header(String line) {
        String h = line.replace(" ", "").replace("\"", "").toLowerCase(Locale.ROOT);
        return switch (h) {
            case "user_id,book_id,rating" -> true;
            case "book_id,user_id,rating" -> false;
            default -> null;
        };
    }

    /** goodbooks separates several authors with ", "; the workbench with "|". */
    static String authors(String field) {
        Set<String> names = new LinkedHashSet<>();
        for (String a : field.split(",")) {
            if (!a.isBlank()) {
                names.add(a.strip());
            }
        }
        return String.join(Items.LIST_SEPARATOR, names);
    }

    /** "2008.0" is 2008; empty, zero or before year 1 (the Iliad's -750) is 0, unknown. */
    private static int year(Path file, long line, String text) {
        if (text.isEmpty()) {
            return 0;
        }
        double y;
        try {
            y = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new DatasetFormatException(file, line, "original_publication_year '" + text + "' is not a number", null);
        }
        return y >= 1 && y <= 9999 ? (int) y : 0;
    }

    private static void toRead(DatasetBuilder b, Path file, List<String> notes) {
        if (!Files.isRegularFile(file)) {
            return;
        }
        int[] counts = new int[b.itemCount()];
        long[] pairs = {0};
        long[] unknown = {0};
        TextFiles.streamLines(file, (n, line) -> {
            if (n == 1 && line.replace(" ", "").equalsIgnoreCase("user_id,book_id")) {
                return;
            }
            String[] f = TextFiles.split(file, n, line, ",", 2);
            int item = b.itemIndex(f[1].strip());
            if (item < 0) {
                unknown[0]++;
                return;
            }
            counts[item]++;
            pairs[0]++;
        });
        for (int item = 0; item < counts.length; item++) {
            if (counts[item] > 0) {
                b.itemAttribute(item, "to_read_count", Integer.toString(counts[item]));
            }
        }
        notes.add(String.format(Locale.ROOT, "to_read.csv's %,d (user, book) pairs of books marked to read are not"
                + " interactions: each book's count is its to_read_count attribute.", pairs[0]));
        if (unknown[0] > 0) {
            notes.add(String.format(Locale.ROOT, "to_read.csv pairs naming a book that is not in books.csv (not counted):"
                    + " %,d.", unknown[0]));
        }
    }

    private static void tags(DatasetBuilder b, Path bookTags, Path tagNames, Map<String, Integer> byGoodreadsId,
            List<String> notes) {
        if (!Files.isRegularFile(bookTags)) {
            return;
        }
        if (!Files.isRegularFile(tagNames)) {
            notes.add("book_tags.csv was not read: tags.csv, which names its tags, is missing.");
            return;
        }
        Map<String, String> names = new HashMap<>();
        for (MovieLensCsvReader.Row row : MovieLensCsvReader.csv(tagNames, "tag_id", "tag_name")) {
            names.put(row.get("tag_id").strip(), row.get("tag_name").strip());
        }
        TopCounts top = new TopCounts(b.itemCount(), TAGS_KEPT);
        long[] unknown = {0};
        TextFiles.streamLines(bookTags, (n, line) -> {
            if (n == 1 && line.replace(" ", "").equalsIgnoreCase("goodreads_book_id,tag_id,count")) {
                return;
            }
            String[] f = TextFiles.split(bookTags, n, line, ",", 3);
            Integer item = byGoodreadsId.get(f[0].strip());
            String tag = names.get(f[1].strip());
            long count = count(bookTags, n, f[2]);
            if (item == null || tag == null) {
                unknown[0]++;
                return;
            }
            top.add(item, tag, count);
        });
        for (int item = 0; item < b.itemCount(); item++) {
            List<String> kept = top.top(item);
            if (!kept.isEmpty()) {
                b.itemAttribute(item, "tags", String.join(", ", kept));
            }
        }
        notes.add("Each book's " + TAGS_KEPT + " most used Goodreads shelves (book_tags.csv) are its tags attribute,"
                + " not its genres: shelves mix genres with to-read, favorites and owned.");
        if (unknown[0] > 0) {
            notes.add(String.format(Locale.ROOT, "book_tags.csv rows naming a book not in books.csv or a tag not in"
                    + " tags.csv (not used): %,d.", unknown[0]));
        }
    }

    private static long count(Path file, long line, String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new DatasetFormatException(file, line, "the count field is not a whole number", null);
        }
    }
}
