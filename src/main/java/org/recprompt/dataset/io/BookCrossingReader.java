package org.recprompt.dataset.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.DuplicatePolicy;
import org.recprompt.dataset.Items;

/**
 * Book-Crossing (Ziegler et al., WWW 2005) as published in BX-CSV-Dump: {@code BX-Book-Ratings.csv}
 * ({@code "User-ID";"ISBN";"Book-Rating"}), {@code BX-Books.csv} ({@code "ISBN";"Book-Title";
 * "Book-Author";"Year-Of-Publication";"Publisher";"Image-URL-S";"Image-URL-M";"Image-URL-L"}) and,
 * optionally, {@code BX-Users.csv} ({@code "User-ID";"Location";"Age"}, Age NULL when unknown),
 * all semicolon-separated, double-quoted and Windows-1252 (see {@link BxFields} for the dump's
 * quoting defects and HTML entities).
 *
 * <p>Conventions, each said in a note: Book-Rating 0 is an implicit interaction (the publisher:
 * 1-10 explicit, 0 implicit) and is kept without a rating (NaN); a rating whose ISBN is not in
 * BX-Books.csv (an ISBN in another case is matched) or whose user is not in BX-Users.csv has no
 * title to show and is left out, counted; a Year-Of-Publication of 0 or after the 2004 crawl is
 * unknown. Book-Author becomes {@link Items#AUTHORS} (the publisher gives only the first author),
 * Image-URL-L the {@code image_url}, Publisher the {@code publisher}; Location the user attribute
 * {@code location} and its last comma-separated part {@code country}, Age {@code age}.
 */
final class BookCrossingReader {

    /** Ages outside these bounds (the dump has 0 and 244) are unknown rather than a band. */
    static final int MIN_AGE = 5;
    static final int MAX_AGE = 100;

    static final String RATINGS = "BX-Book-Ratings.csv";
    static final String BOOKS = "BX-Books.csv";
    static final String USERS = "BX-Users.csv";
    /** The crawl was in August and September 2004: a later year of publication is an error in the data. */
    private static final int LAST_YEAR = 2004;

    private BookCrossingReader() {
    }

    static Dataset read(Path dir, String name, DuplicatePolicy policy) {
        DatasetBuilder b = new DatasetBuilder(policy);
        Path books = dir.resolve(BOOKS);
        if (!Files.isRegularFile(books)) {
            throw new DatasetFormatException(dir, "has no " + BOOKS + " (Book-Crossing's titles and authors are in it)");
        }
        List<String> notes = new ArrayList<>();
        int[] unknownYears = {0};
        boolean[] header = {false};
        TextFiles.eachLineWindows1252(books, (n, line) -> {
            String[] f = BxFields.split(books, n, line, 8);
            if (!header[0]) {
                BxFields.requireHeader(books, n, f, "ISBN", "Book-Title", "Book-Author");
                header[0] = true;
                return;
            }
            int year = year(books, n, f[3]);
            if (year == 0) {
                unknownYears[0]++;
            }
            String title = BxFields.text(f[1]);
            int item = b.addItem(books, n, f[0].strip(), title.isEmpty() ? f[0].strip() : title, year, List.of());
            set(b, item, Items.AUTHORS, BxFields.text(f[2]));
            set(b, item, "publisher", BxFields.text(f[4]));
            set(b, item, "image_url", f[7].strip());
        });
        Path users = dir.resolve(USERS);
        int[] noAge = {0};
        int[] implausibleAge = {0};
        boolean usersRead = Files.isRegularFile(users);
        if (usersRead) {
            header[0] = false;
            TextFiles.eachLineWindows1252(users, (n, line) -> {
                String[] f = BxFields.split(users, n, line, 3);
                if (!header[0]) {
                    BxFields.requireHeader(users, n, f, "User-ID", "Location", "Age");
                    header[0] = true;
                    return;
                }
                int user = b.addUser(users, n, f[0].strip());
                String location = BxFields.text(f[1]);
                set(b, user, location);
                String age = f[2].strip();
                if (age.isEmpty() || age.equalsIgnoreCase("NULL")) {
                    noAge[0]++;
                } else if (!age.matches("\\d{1,3}")) {
                    throw new DatasetFormatException(users, n, "Age '" + age + "' is neither a whole number nor NULL", null);
                } else if (Integer.parseInt(age) < MIN_AGE || Integer.parseInt(age) > MAX_AGE) {
                    implausibleAge[0]++;
                } else {
                    b.userAttribute(user, "age", age);
                }
            });
        }
        Path ratings = dir.resolve(RATINGS);
        long[] tally = new long[4];
        Set<String> missingIsbns = new HashSet<>();
        header[0] = false;
        TextFiles.eachLineWindows1252(ratings, (n, line) -> {
            String[] f = BxFields.split(ratings, n, line, 3);
            if (!header[0]) {
                BxFields.requireHeader(ratings, n, f, "User-ID", "ISBN", "Book-Rating");
                header[0] = true;
                return;
            }
            String user = f[0].strip();
            String isbn = f[1].strip();
            float rating = DatasetBuilder.parseRating(ratings, n, f[2]);
            if (rating < 0 || rating > 10 || rating != Math.rint(rating)) {
                throw new DatasetFormatException(ratings, n, "Book-Rating '" + f[2].strip()
                        + "' is not a whole number from 0 (implicit) to 10", null);
            }
            if (b.itemIndex(isbn) < 0 && b.itemIndex(isbn.toUpperCase(Locale.ROOT)) >= 0) {
                isbn = isbn.toUpperCase(Locale.ROOT);
            }
            if (b.itemIndex(isbn) < 0) {
                tally[0]++;
                missingIsbns.add(isbn);
                return;
            }
            if (usersRead && b.userIndex(user) < 0) {
                tally[1]++;
                return;
            }
            tally[rating == 0 ? 2 : 3]++;
            b.addInteraction(ratings, n, user, isbn, rating == 0 ? Float.NaN : rating, 0);
        });
        notes.add(String.format(Locale.ROOT, "Book-Rating 0 is an implicit interaction (the publisher: 1-10 explicit,"
                + " 0 implicit): %,d of the %,d interactions read are implicit and have no rating (NaN).",
                tally[2], tally[2] + tally[3]));
        if (tally[0] > 0) {
            notes.add(String.format(Locale.ROOT, "Ratings left out because their ISBN is not in %s (no title to show):"
                    + " %,d, of %,d distinct ISBNs.", BOOKS, tally[0], missingIsbns.size()));
        }
        if (tally[1] > 0) {
            notes.add(String.format(Locale.ROOT, "Ratings left out because their user is not in %s: %,d.",
                    USERS, tally[1]));
        }
        notes.add("Book-Author is the first author only (the publisher).");
        if (unknownYears[0] > 0) {
            notes.add(String.format(Locale.ROOT, "Books whose Year-Of-Publication is 0 or after the %d crawl, so their year"
                    + " is unknown: %,d.", LAST_YEAR, unknownYears[0]));
        }
        if (usersRead && implausibleAge[0] > 0) {
            notes.add(String.format(Locale.ROOT, "Users whose Age is outside %d-%d years, read as unknown (the dump holds"
                    + " ages such as 0 and 244): %,d.", MIN_AGE, MAX_AGE, implausibleAge[0]));
        }
        if (usersRead && noAge[0] > 0) {
            notes.add(String.format(Locale.ROOT, "Users without an Age (NULL): %,d.", noAge[0]));
        }
        return b.build(name, DatasetFormat.BOOK_CROSSING.id(), ratings).withNotes(notes);
    }

    private static int year(Path file, long line, String text) {
        String t = text.strip();
        if (!t.matches("\\d{1,4}")) {
            throw new DatasetFormatException(file, line, "Year-Of-Publication '" + t + "' is not a year", null);
        }
        int y = Integer.parseInt(t);
        return y >= 1 && y <= LAST_YEAR ? y : 0;
    }

    private static void set(DatasetBuilder b, int item, String attribute, String value) {
        if (!value.isEmpty()) {
            b.itemAttribute(item, attribute, value);
        }
    }

    /** Location "nyc, new york, usa": all of it, and the last part as the country (blank or "n/a": none). */
    private static void set(DatasetBuilder b, int user, String location) {
        if (location.isEmpty()) {
            return;
        }
        b.userAttribute(user, "location", location);
        String country = location.substring(location.lastIndexOf(',') + 1).strip();
        if (!country.isEmpty() && !country.equalsIgnoreCase("n/a")) {
            b.userAttribute(user, "country", country);
        }
    }
}
