package org.recprompt.dataset.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * The item metadata of the Amazon datasets, joined to the rated items by ASIN (2023: parent_asin).
 * Kept per item: the title, the genres, the brand (2023: the store) as {@code brand}, and the
 * first large image as {@code image_url} (2014 imUrl; 2018 imageURLHighRes, else imageURL, else
 * image; 2023 the MAIN image's "large", else the first "large"). Descriptions, features, prices,
 * related items and ranks are not kept. Genres: the second level of the category path (the first
 * is the file's own category, the same for every item; a one-level path gives its only level), for
 * every path a 2014 item lists, bounded by {@link CategoryGenres}. Meta lines of items nobody rated
 * are left out, an ASIN listed twice keeps its first line, and rated items without a line keep
 * their ASIN as title: each is counted in a note.
 */
final class AmazonMeta {

    static final String BRAND = "brand";
    static final String IMAGE_URL = "image_url";

    private final DatasetBuilder b;
    private final Path file;
    private final CategoryGenres genres = new CategoryGenres();
    private final BitSet described = new BitSet();
    private long unrated;
    private long repeated;
    private long untitled;

    private AmazonMeta(DatasetBuilder b, Path file) {
        this.b = b;
        this.file = file;
    }

    /** One product's fields as the metadata gives them. */
    private record Product(String id, String title, List<String> categories, String brand, String image) {
    }

    static void read(DatasetBuilder b, Path meta, DatasetFormat format, List<String> notes) {
        AmazonMeta m = new AmazonMeta(b, meta);
        if (format == DatasetFormat.AMAZON_2014) {
            JsonLines.eachLine(meta, (line, text) -> m.add(line, python2014(meta, line, text)));
        } else {
            boolean y2023 = format == DatasetFormat.AMAZON_2023;
            JsonLines.eachObject(meta, (line, p) -> m.add(line, y2023 ? json2023(p) : json2018(p)));
        }
        m.finish(notes, format);
    }

    private void add(long line, Product p) {
        if (p.id() == null || p.id().isBlank()) {
            throw new DatasetFormatException(file, line, "the metadata line has no item id (asin"
                    + " or parent_asin)", null);
        }
        int item = b.itemIndex(p.id().strip());
        if (item < 0) {
            unrated++;
            return;
        }
        if (described.get(item)) {
            repeated++;
            return;
        }
        described.set(item);
        String title = clean(p.title());
        if (title == null) {
            untitled++;
        }
        b.describeItem(item, title, null);
        List<String> level2 = new ArrayList<>();
        for (String c : p.categories()) {
            String v = clean(c);
            if (v != null && v.length() <= 80) {
                level2.add(v);
            }
        }
        genres.set(item, level2);
        String brand = clean(p.brand());
        if (brand != null) {
            b.itemAttribute(item, BRAND, brand);
        }
        if (p.image() != null && (p.image().startsWith("http://") || p.image().startsWith("https://"))) {
            b.itemAttribute(item, IMAGE_URL, p.image());
        }
    }

    private void finish(List<String> notes, DatasetFormat format) {
        String metaName = file.getFileName().toString();
        int items = b.itemCount();
        int missing = items - described.cardinality();
        if (genres.categories() > 0) {
            notes.add("Genres are the second level of Amazon's category path (the first level is the file's category).");
        }
        String bounded = genres.apply(b, "second-level categories");
        if (bounded != null) {
            notes.add(bounded);
        }
        if (missing > 0) {
            notes.add(String.format(Locale.ROOT, "%,d of %,d rated items have no line in %s; their %s stands for the title.",
                    missing, items, metaName, format == DatasetFormat.AMAZON_2023 ? "parent_asin" : "ASIN"));
        }
        if (untitled > 0) {
            notes.add(count(untitled, "rated item has", "rated items have") + " no title in " + metaName
                    + "; the ASIN stands for the title.");
        }
        if (unrated > 0) {
            notes.add(count(unrated, "item", "items") + " of " + metaName + (unrated == 1 ? " was never rated and is"
                    : " were never rated and are") + " not in the catalog.");
        }
        if (repeated > 0) {
            notes.add(metaName + " lists " + count(repeated, "item id", "item ids")
                    + " more than once; the first line of each was kept.");
        }
    }

    /** "1 item", "2,000 items". */
    static String count(long n, String one, String many) {
        return String.format(Locale.ROOT, "%,d %s", n, n == 1 ? one : many);
    }

    /** The text with a few HTML entities decoded and whitespace trimmed; null when blank or markup. */
    static String clean(String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip();
        if (t.isEmpty() || t.startsWith("<")) {
            return null;
        }
        return t.indexOf('&') >= 0 ? BxFields.text(t) : t;
    }

    /** A 2014 line: a Python dict literal. */
    private static Product python2014(Path file, long line, String text) {
        Map<String, Object> m;
        try {
            m = PythonLiteral.dict(text);
        } catch (IllegalArgumentException e) {
            throw new DatasetFormatException(file, line, "is not a Python dict literal (" + e.getMessage() + ")", null);
        }
        List<String> categories = new ArrayList<>();
        if (m.get("categories") instanceof List<?> paths) {
            for (Object path : paths) {
                if (path instanceof List<?> levels && !levels.isEmpty()) {
                    Object level = levels.get(levels.size() > 1 ? 1 : 0);
                    if (level instanceof String s) {
                        categories.add(s);
                    }
                }
            }
        }
        return new Product(string(m.get("asin")), string(m.get("title")), categories, string(m.get("brand")),
                string(m.get("imUrl")));
    }

    private static String string(Object o) {
        return o instanceof String s ? s : o == null ? null : String.valueOf(o);
    }

    /** A 2018 line: asin, title, brand, category [...], imageURLHighRes / imageURL / image [...]. */
    private static Product json2018(JsonParser p) throws IOException {
        String id = null;
        String title = null;
        String brand = null;
        List<String> path = List.of();
        String high = null;
        String low = null;
        String any = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "asin" -> id = JsonLines.text(p);
                case "title" -> title = JsonLines.text(p);
                case "brand" -> brand = JsonLines.text(p);
                case "category" -> path = JsonLines.strings(p);
                case "imageURLHighRes" -> high = AmazonReader.first(p);
                case "imageURL" -> low = AmazonReader.first(p);
                case "image" -> any = AmazonReader.first(p);
                default -> p.skipChildren();
            }
        }
        return new Product(id, title, level2(path), brand, high != null ? high : low != null ? low : any);
    }

    /** A 2023 line: parent_asin, title, store, categories [...], images [{thumb, large, variant, hi_res}]. */
    private static Product json2023(JsonParser p) throws IOException {
        String id = null;
        String title = null;
        String store = null;
        List<String> path = List.of();
        String image = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "parent_asin" -> id = JsonLines.text(p);
                case "title" -> title = JsonLines.text(p);
                case "store" -> store = JsonLines.text(p);
                case "categories" -> path = JsonLines.strings(p);
                case "images" -> image = mainImage(p);
                default -> p.skipChildren();
            }
        }
        return new Product(id, title, level2(path), store, image);
    }

    private static List<String> level2(List<String> path) {
        List<String> clean = new ArrayList<>();
        for (String s : path) {
            if (clean(s) != null) {
                clean.add(s);
            }
        }
        return clean.isEmpty() ? List.of() : List.of(clean.get(clean.size() > 1 ? 1 : 0));
    }

    /** The "large" URL of the MAIN image, else of the first image with one. */
    private static String mainImage(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            JsonLines.text(p);
            return null;
        }
        String first = null;
        String main = null;
        while (p.nextToken() == JsonToken.START_OBJECT) {
            String large = null;
            String variant = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "large" -> large = JsonLines.text(p);
                    case "variant" -> variant = JsonLines.text(p);
                    default -> p.skipChildren();
                }
            }
            if (large != null && !large.isBlank()) {
                if (first == null) {
                    first = large;
                }
                if (main == null && "MAIN".equals(variant)) {
                    main = large;
                }
            }
        }
        if (p.currentToken() != JsonToken.END_ARRAY) {
            p.skipChildren();
            while (p.currentToken() != JsonToken.END_ARRAY && p.nextToken() != null) {
                p.skipChildren();
            }
        }
        return main != null ? main : first;
    }
}
