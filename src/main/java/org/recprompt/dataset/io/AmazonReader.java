package org.recprompt.dataset.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.DuplicatePolicy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Amazon review datasets from the McAuley lab, as published: 2014 ({@code reviews_<Category>.json.gz}
 * or {@code reviews_<Category>_5.json.gz}, or the ratings-only {@code ratings_<Category>.csv}, with
 * {@code meta_<Category>.json.gz} whose lines are Python dict literals), 2018
 * ({@code <Category>.json.gz} or {@code <Category>_5.json.gz} with {@code meta_<Category>.json.gz})
 * and 2023 ({@code <Category>.jsonl.gz} with {@code meta_<Category>.jsonl.gz}, items keyed by
 * {@code parent_asin}, timestamps in milliseconds). Gzip or not. The reviews are read first
 * (only the user, item, rating and time of each; review texts are skipped unread), then the
 * metadata of the rated items: title, genres (see {@link AmazonMeta}), brand and the first large
 * image as {@code image_url}. The metadata file is required; what it lacks is counted in notes.
 */
final class AmazonReader {

    private static final Pattern NAME_2014 = Pattern.compile("reviews_(.+?)(_5)?\\.json(\\.gz)?");
    private static final Pattern RATINGS_2014 = Pattern.compile("ratings_(.+)\\.csv(\\.gz)?");
    private static final Pattern NAME_2018 = Pattern.compile("(.+?)(_5)?\\.json(\\.gz)?");
    private static final Pattern NAME_2023 = Pattern.compile("(.+?)\\.jsonl(\\.gz)?");
    private static final DateTimeFormatter REVIEW_TIME = DateTimeFormatter.ofPattern("MM d, yyyy", Locale.ROOT);

    private AmazonReader() {
    }

    /** What a review file's name says: its category and whether it is the 5-core. */
    record Naming(String category, boolean fiveCore, boolean ratingsCsv) {
        /** The dataset's name: the category, with "-5core" for the 5-core file. */
        String datasetName() {
            return fiveCore ? category + "-5core" : category;
        }
    }

    /** The category of a reviews file of this edition, or null when the name is not one of its review files. */
    static Naming naming(Path file, DatasetFormat format) {
        String n = file.getFileName().toString();
        if (n.startsWith("meta_")) {
            return null;
        }
        Matcher m;
        switch (format) {
            case AMAZON_2014 -> {
                m = RATINGS_2014.matcher(n);
                if (m.matches()) {
                    return new Naming(m.group(1), false, true);
                }
                m = NAME_2014.matcher(n);
            }
            case AMAZON_2018 -> m = NAME_2018.matcher(n);
            case AMAZON_2023 -> m = NAME_2023.matcher(n);
            default -> {
                return null;
            }
        }
        if (!m.matches()) {
            return null;
        }
        return new Naming(m.group(1), format != DatasetFormat.AMAZON_2023 && m.group(2) != null, false);
    }

    /** The metadata file beside a reviews file (.gz or not), or null when there is none. */
    static Path metaOf(Path reviews, DatasetFormat format) {
        Naming naming = naming(reviews, format);
        if (naming == null) {
            return null;
        }
        Path dir = reviews.toAbsolutePath().getParent();
        String ext = format == DatasetFormat.AMAZON_2023 ? ".jsonl" : ".json";
        for (String suffix : new String[] {ext + ".gz", ext}) {
            Path meta = dir.resolve("meta_" + naming.category() + suffix);
            if (Files.isRegularFile(meta)) {
                return meta;
            }
        }
        return null;
    }

    static Dataset read(Path reviews, DatasetFormat format, DuplicatePolicy policy) {
        Naming naming = naming(reviews, format);
        if (naming == null) {
            throw new DatasetFormatException(reviews, "is not named as an " + format.id() + " reviews file ("
                    + expectedNames(format) + ")");
        }
        Path meta = metaOf(reviews, format);
        if (meta == null) {
            String ext = format == DatasetFormat.AMAZON_2023 ? ".jsonl.gz" : ".json.gz";
            throw new DatasetFormatException(reviews, "has no metadata file beside it (expected meta_" + naming.category()
                    + ext + " in the same folder; item titles, categories and images come from it)");
        }
        DatasetBuilder b = new DatasetBuilder(policy);
        if (naming.ratingsCsv()) {
            ratingsCsv(b, reviews);
        } else {
            reviews(b, reviews, format);
        }
        List<String> notes = new ArrayList<>();
        if (format == DatasetFormat.AMAZON_2023) {
            notes.add("Items are keyed by parent_asin: the variants of a product (sizes, colours) are one item.");
            notes.add("Timestamps in the reviews file are in milliseconds; they were divided by 1000.");
        }
        if (naming.fiveCore()) {
            notes.add("This is the publisher's 5-core: every user and item has at least 5 reviews.");
        }
        AmazonMeta.read(b, meta, format, notes);
        Dataset d = b.build(naming.datasetName(), format.id(), reviews);
        return d.withNotes(notes);
    }

    static String expectedNames(DatasetFormat format) {
        return switch (format) {
            case AMAZON_2014 -> "reviews_<Category>.json.gz, reviews_<Category>_5.json.gz or ratings_<Category>.csv";
            case AMAZON_2018 -> "<Category>.json.gz or <Category>_5.json.gz";
            default -> "<Category>.jsonl.gz";
        };
    }

    private static void reviews(DatasetBuilder b, Path file, DatasetFormat format) {
        boolean y2023 = format == DatasetFormat.AMAZON_2023;
        String userField = y2023 ? "user_id" : "reviewerID";
        String itemField = y2023 ? "parent_asin" : "asin";
        String ratingField = y2023 ? "rating" : "overall";
        String timeField = y2023 ? "timestamp" : "unixReviewTime";
        JsonLines.eachObject(file, (line, p) -> {
            String user = null;
            String item = null;
            String asin = null;
            double rating = Double.NaN;
            long time = Long.MIN_VALUE;
            String reviewTime = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals(userField)) {
                    user = JsonLines.text(p);
                } else if (field.equals(itemField)) {
                    item = JsonLines.text(p);
                } else if (y2023 && field.equals("asin")) {
                    asin = JsonLines.text(p);
                } else if (field.equals(ratingField)) {
                    rating = JsonLines.number(p);
                } else if (field.equals(timeField)) {
                    time = JsonLines.integer(p);
                } else if (!y2023 && field.equals("reviewTime")) {
                    reviewTime = JsonLines.text(p);
                } else {
                    p.skipChildren();
                }
            }
            if (item == null || item.isBlank()) {
                item = asin;
            }
            require(file, line, user, userField);
            require(file, line, item, itemField);
            if (Double.isNaN(rating) || Double.isInfinite(rating)) {
                throw new DatasetFormatException(file, line, "the review has no numeric '" + ratingField + "'", null);
            }
            if (time == Long.MIN_VALUE) {
                time = reviewTime(file, line, reviewTime, timeField);
            } else if (y2023) {
                time = Math.floorDiv(time, 1000L);
            }
            b.addInteraction(file, line, user, item, (float) rating, time);
        });
    }

    private static void require(Path file, long line, String value, String field) {
        if (value == null || value.isBlank()) {
            throw new DatasetFormatException(file, line, "the review has no '" + field + "'", null);
        }
    }

    /** The 2014/2018 reviewTime ("09 13, 2009"), used when unixReviewTime is absent. */
    private static long reviewTime(Path file, long line, String text, String timeField) {
        if (text == null) {
            throw new DatasetFormatException(file, line, "the review has no '" + timeField + "' (seconds since 1970)", null);
        }
        try {
            return LocalDate.parse(text.strip(), REVIEW_TIME).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        } catch (DateTimeParseException e) {
            throw new DatasetFormatException(file, line, "the review has no '" + timeField + "' and its reviewTime is not"
                    + " a date like '09 13, 2009'", null);
        }
    }

    /** The 2014 ratings-only file: user,item,rating,timestamp without a header. */
    private static void ratingsCsv(DatasetBuilder b, Path file) {
        JsonLines.eachLine(file, (line, text) -> {
            String[] f = TextFiles.split(file, line, text, ",", 4);
            b.addInteraction(file, line, f[0].strip(), f[1].strip(), DatasetBuilder.parseRating(file, line, f[2]),
                    DatasetBuilder.parseTimestamp(file, line, f[3]));
        });
    }

    /** The first string of a JSON array of strings, or the string itself; null otherwise. */
    static String first(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.START_ARRAY) {
            List<String> all = JsonLines.strings(p);
            for (String s : all) {
                if (s != null && !s.isBlank()) {
                    return s.strip();
                }
            }
            return null;
        }
        String s = JsonLines.text(p);
        return s == null || s.isBlank() ? null : s.strip();
    }
}
