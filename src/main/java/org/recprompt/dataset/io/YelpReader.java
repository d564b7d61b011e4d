package org.recprompt.dataset.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.DuplicatePolicy;

import com.fasterxml.jackson.core.JsonToken;

/**
 * The Yelp Open Dataset: {@code review.json} (or {@code yelp_academic_dataset_review.json}; .gz
 * accepted) with user_id, business_id, stars and date ("2016-03-09 00:00:00"), joined with
 * {@code business.json}: name as title, city and state as attributes, and the categories (one
 * comma-separated string) as genres, bounded by {@link CategoryGenres}, with the full list kept in
 * the {@code categories} attribute. Review texts, votes, user.json, tips, check-ins and photos are
 * not read. Businesses nobody reviewed are left out; each omission is counted in a note.
 */
final class YelpReader {

    static final List<String> REVIEW_FILES = List.of("review.json", "yelp_academic_dataset_review.json");
    static final List<String> BUSINESS_FILES = List.of("business.json", "yelp_academic_dataset_business.json");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd[ HH:mm:ss]", Locale.ROOT);

    private YelpReader() {
    }

    /** The first of the names (plain or .gz) that exists in the folder, or null. */
    static Path find(Path dir, List<String> names) {
        for (String n : names) {
            for (String candidate : new String[] {n, n + ".gz"}) {
                Path p = dir.resolve(candidate);
                if (Files.isRegularFile(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    /** True when the file is a Yelp review file by its name. */
    static boolean isReviewFile(Path file) {
        String n = file.getFileName().toString().replaceFirst("\\.gz$", "");
        return REVIEW_FILES.contains(n);
    }

    static Dataset read(Path reviews, DuplicatePolicy policy) {
        Path dir = reviews.toAbsolutePath().getParent();
        Path business = find(dir, BUSINESS_FILES);
        if (business == null) {
            throw new DatasetFormatException(reviews, "has no business.json beside it (nor"
                    + " yelp_academic_dataset_business.json); business names and categories come from it");
        }
        DatasetBuilder b = new DatasetBuilder(policy);
        JsonLines.eachObject(reviews, (line, p) -> {
            String user = null;
            String item = null;
            double stars = Double.NaN;
            String date = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "user_id" -> user = JsonLines.text(p);
                    case "business_id" -> item = JsonLines.text(p);
                    case "stars" -> stars = JsonLines.number(p);
                    case "date" -> date = JsonLines.text(p);
                    default -> p.skipChildren();
                }
            }
            if (user == null || user.isBlank() || item == null || item.isBlank()) {
                throw new DatasetFormatException(reviews, line, "the review has no '" + (user == null || user.isBlank()
                        ? "user_id" : "business_id") + "'", null);
            }
            if (Double.isNaN(stars) || Double.isInfinite(stars)) {
                throw new DatasetFormatException(reviews, line, "the review has no numeric 'stars'", null);
            }
            b.addInteraction(reviews, line, user, item, (float) stars, time(reviews, line, date));
        });
        List<String> notes = new ArrayList<>();
        notes.add("Review dates are local times without a time zone; they were read as UTC.");
        businesses(b, business, notes);
        return b.build("yelp", DatasetFormat.YELP.id(), reviews).withNotes(notes);
    }

    private static long time(Path file, long line, String date) {
        if (date == null) {
            throw new DatasetFormatException(file, line, "the review has no 'date'", null);
        }
        try {
            return LocalDateTime.parse(date.strip().length() == 10 ? date.strip() + " 00:00:00" : date.strip(), DATE)
                    .toEpochSecond(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new DatasetFormatException(file, line, "the review's 'date' is not like 2016-03-09 00:00:00", null);
        }
    }

    private static void businesses(DatasetBuilder b, Path file, List<String> notes) {
        CategoryGenres genres = new CategoryGenres();
        BitSet described = new BitSet();
        long[] unrated = {0};
        long[] repeated = {0};
        JsonLines.eachObject(file, (line, p) -> {
            String id = null;
            String name = null;
            String city = null;
            String state = null;
            String categories = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "business_id" -> id = JsonLines.text(p);
                    case "name" -> name = JsonLines.text(p);
                    case "city" -> city = JsonLines.text(p);
                    case "state" -> state = JsonLines.text(p);
                    case "categories" -> categories = p.currentToken() == JsonToken.START_ARRAY
                            ? String.join(", ", JsonLines.strings(p)) : JsonLines.text(p);
                    default -> p.skipChildren();
                }
            }
            if (id == null || id.isBlank()) {
                throw new DatasetFormatException(file, line, "the business has no 'business_id'", null);
            }
            int item = b.itemIndex(id);
            if (item < 0) {
                unrated[0]++;
                return;
            }
            if (described.get(item)) {
                repeated[0]++;
                return;
            }
            described.set(item);
            b.describeItem(item, name == null || name.isBlank() ? null : name.strip(), null);
            set(b, item, "city", city);
            set(b, item, "state", state);
            List<String> list = new ArrayList<>();
            if (categories != null) {
                for (String c : categories.split(",")) {
                    if (!c.isBlank()) {
                        list.add(c.strip());
                    }
                }
                set(b, item, "categories", String.join(", ", list));
            }
            genres.set(item, list);
        });
        String bounded = genres.apply(b, "Yelp categories");
        if (bounded != null) {
            notes.add(bounded.replace(" left out of the genre vocabulary.",
                    " left out of the genre vocabulary (every category stays in the categories attribute)."));
        }
        String name = file.getFileName().toString();
        int missing = b.itemCount() - described.cardinality();
        if (missing > 0) {
            notes.add(String.format(Locale.ROOT, "%,d of %,d reviewed businesses have no line in %s; their business_id"
                    + " stands for the name.", missing, b.itemCount(), name));
        }
        if (unrated[0] > 0) {
            notes.add(AmazonMeta.count(unrated[0], "business", "businesses") + " of " + name
                    + (unrated[0] == 1 ? " has no review and is" : " have no review and are") + " not in the catalog.");
        }
        if (repeated[0] > 0) {
            notes.add(name + " lists " + AmazonMeta.count(repeated[0], "business id", "business ids")
                    + " more than once; the first line of each was kept.");
        }
    }

    private static void set(DatasetBuilder b, int item, String attribute, String value) {
        if (value != null && !value.isBlank()) {
            b.itemAttribute(item, attribute, value.strip());
        }
    }
}
