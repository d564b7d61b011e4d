package org.recprompt.dataset;

import java.util.List;
import java.util.Map;

/**
 * The item catalog, column by column (one array per field, no object per item). Index i is the
 * internal item id; {@link #id(int)} is the id the files use.
 *
 * @param ids external ids
 * @param titles titles as the files give them (MovieLens titles end with " (year)")
 * @param years release years, 0 when unknown
 * @param genres per item, indices into {@code genreNames}
 * @param genreNames the genre vocabulary
 * @param attributes further columns by name (for example "imdb_url"), null entries when absent
 * @param images per item an image path or URL, or null; the array itself may be null
 *
 * <p>Attribute names every reader uses for the same fact, so grounding and prompts find them:
 * {@link #AUTHORS} (several separated by {@link #LIST_SEPARATOR}), {@link #ORIGINAL_TITLE} (the
 * title in its first edition or language) and {@link #ALT_TITLES} (other names the item is known
 * by, such as a series name, separated by {@link #LIST_SEPARATOR}).
 */
public record Items(IdIndex ids, String[] titles, int[] years, int[][] genres, List<String> genreNames,
        Map<String, String[]> attributes, String[] images) {

    /** The item's authors (books) or makers, several separated by {@link #LIST_SEPARATOR}. */
    public static final String AUTHORS = "authors";
    /** The title in the original edition or language, when the catalog records one. */
    public static final String ORIGINAL_TITLE = "original_title";
    /** Further names of the item, separated by {@link #LIST_SEPARATOR}. */
    public static final String ALT_TITLES = "alt_titles";
    /** Separates several values in one attribute. */
    public static final String LIST_SEPARATOR = "|";

    public int size() {
        return titles.length;
    }

    public String id(int item) {
        return ids.id(item);
    }

    /** The index of an external id, or -1. */
    public int indexOf(String externalId) {
        return ids.find(externalId);
    }

    public String title(int item) {
        return titles[item];
    }

    public int year(int item) {
        return years[item];
    }

    public List<String> genreNamesOf(int item) {
        int[] g = genres[item];
        String[] names = new String[g.length];
        for (int k = 0; k < g.length; k++) {
            names[k] = genreNames.get(g[k]);
        }
        return List.of(names);
    }

    /** The item's value of an attribute, or null. */
    public String attribute(String name, int item) {
        String[] column = attributes.get(name);
        return column == null || item >= column.length ? null : column[item];
    }

    /** The values of a list attribute ({@link #AUTHORS}, {@link #ALT_TITLES}), blank ones left out. */
    public List<String> values(String name, int item) {
        String v = attribute(name, item);
        if (v == null || v.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(v.split(java.util.regex.Pattern.quote(LIST_SEPARATOR)))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    public String image(int item) {
        return images == null ? null : images[item];
    }
}
