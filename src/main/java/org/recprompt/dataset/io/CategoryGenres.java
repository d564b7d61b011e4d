package org.recprompt.dataset.io;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.recprompt.dataset.IdIndex;

/**
 * Turns publisher categories (Amazon's category paths, Yelp's category lists) into a bounded
 * genre vocabulary: every rated item's candidate categories are collected, and the
 * {@link #MAX_GENRES} categories held by the most items (ties by name) become the genres, in that
 * order; an item keeps those of its categories that made the cut. The vocabulary stays small
 * enough for genre metrics (diversity, calibration) and prompts whatever the catalog's size.
 */
final class CategoryGenres {

    /** The most genres a dataset gets from its categories. */
    static final int MAX_GENRES = 50;

    private final IdIndex names = new IdIndex();
    private int[][] perItem = new int[1024][];

    /** Records the item's candidate categories (blank and repeated ones ignored). */
    void set(int item, List<String> categories) {
        if (item >= perItem.length) {
            perItem = Arrays.copyOf(perItem, Math.max(item + 1, PrimitiveLists.grow(perItem.length)));
        }
        int[] ids = new int[categories.size()];
        int n = 0;
        for (String c : categories) {
            String name = c == null ? "" : c.strip();
            if (name.isEmpty()) {
                continue;
            }
            int id = names.add(name);
            boolean seen = false;
            for (int k = 0; k < n && !seen; k++) {
                seen = ids[k] == id;
            }
            if (!seen) {
                ids[n++] = id;
            }
        }
        perItem[item] = Arrays.copyOf(ids, n);
    }

    /** How many distinct categories the items had. */
    int categories() {
        return names.size();
    }

    /**
     * Declares the chosen genres in the builder and gives every described item its genres;
     * returns a note when categories were left out of the vocabulary (null otherwise).
     */
    String apply(DatasetBuilder b, String what) {
        int[] itemsOf = new int[names.size()];
        for (int[] ids : perItem) {
            if (ids != null) {
                for (int id : ids) {
                    itemsOf[id]++;
                }
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int id = 0; id < names.size(); id++) {
            order.add(id);
        }
        order.sort((x, y) -> itemsOf[x] != itemsOf[y] ? Integer.compare(itemsOf[y], itemsOf[x])
                : names.id(x).compareTo(names.id(y)));
        boolean[] kept = new boolean[names.size()];
        for (int k = 0; k < Math.min(MAX_GENRES, order.size()); k++) {
            kept[order.get(k)] = true;
            b.genre(names.id(order.get(k)));
        }
        for (int item = 0; item < perItem.length; item++) {
            int[] ids = perItem[item];
            if (ids == null) {
                continue;
            }
            List<String> genres = new ArrayList<>(ids.length);
            for (int id : ids) {
                if (kept[id]) {
                    genres.add(names.id(id));
                }
            }
            b.describeItem(item, null, genres);
        }
        if (names.size() <= MAX_GENRES) {
            return null;
        }
        return String.format(java.util.Locale.ROOT, "Genres are the %d %s held by the most items; the other %,d were"
                + " left out of the genre vocabulary.", MAX_GENRES, what, names.size() - MAX_GENRES);
    }
}
