package org.recprompt.prompt;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.recprompt.dataset.Items;

/**
 * The fields a template shows of an item ({@code title}, {@code name}, {@code year},
 * {@code genres}, {@code authors}, {@code has_authors}, {@code image}, {@code has_image}), computed
 * once per item of one catalog and handed out as a new map each time ({@link PromptContext} adds
 * the user's own fields to it: rating, position, letter).
 *
 * <p>A run renders every user's whole history: 500 MovieLens users showed 82,000 history items,
 * each stripped of its year by a regular expression and its genres joined, which was a fifth of
 * the look-ahead thread's time and a sixth of the run's allocation. A run keeps one of these for
 * its catalog ({@code RunSetup}); the fields are the ones {@link #of(Items, int)} computes, so a
 * prompt is the same with or without it.
 */
public final class ItemTexts {

    /** A title's trailing " (1995)": compiled once, as every history item of every prompt is stripped of it. */
    private static final java.util.regex.Pattern TRAILING_YEAR = java.util.regex.Pattern.compile("\\s*\\(\\d{4}\\)\\s*$");

    private final Items items;
    /** Filled as items are first shown; a record's fields are final, so a slot another thread filled is seen whole. */
    private final Text[] texts;

    /** One item's fields, in the order a template's map has them. */
    private record Text(String title, String name, String year, String genres, String authors, boolean hasAuthors,
            String image) {

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("title", title);
            m.put("name", name);
            m.put("year", year);
            m.put("genres", genres);
            m.put("authors", authors);
            m.put("has_authors", hasAuthors);
            m.put("image", image == null ? "" : image);
            m.put("has_image", image != null);
            return m;
        }
    }

    public ItemTexts(Items items) {
        this.items = items;
        this.texts = new Text[items.size()];
    }

    /** The catalog these are the items of. */
    public Items items() {
        return items;
    }

    /** The item's fields, a new map the caller may add to. */
    public Map<String, Object> fields(int item) {
        Text t = texts[item];
        if (t == null) {
            t = text(items, item);
            texts[item] = t; // two threads may both compute it: the same values
        }
        return t.toMap();
    }

    /** An item's fields computed afresh, for a caller that keeps no {@code ItemTexts}. */
    public static Map<String, Object> of(Items items, int item) {
        return text(items, item).toMap();
    }

    private static Text text(Items items, int i) {
        String title = items.title(i);
        List<String> authors = items.values(Items.AUTHORS, i);
        return new Text(title, TRAILING_YEAR.matcher(title).replaceFirst(""),
                items.year(i) == 0 ? "" : String.valueOf(items.year(i)),
                String.join(", ", items.genreNamesOf(i)), String.join(", ", authors), !authors.isEmpty(), items.image(i));
    }
}
