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
 */
public record Items(IdIndex ids, String[] titles, int[] years, int[][] genres, List<String> genreNames,
        Map<String, String[]> attributes, String[] images) {

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

    public String image(int item) {
        return images == null ? null : images[item];
    }
}
