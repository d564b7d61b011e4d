package org.recprompt.metrics.diversity;

import java.util.Arrays;

/**
 * The genres of each catalog item (ids 0..genreCount-1), kept sorted and distinct, and the
 * per-user genre distribution that calibration and the bubble metrics share.
 */
public final class Genres {

    private final int[][] genres;
    private final int genreCount;

    public Genres(int[][] genres, int genreCount) {
        this.genres = new int[genres.length][];
        for (int i = 0; i < genres.length; i++) {
            int[] g = genres[i] == null ? new int[0] : Arrays.stream(genres[i]).sorted().distinct().toArray();
            for (int x : g) {
                if (x < 0 || x >= genreCount) {
                    throw new IllegalArgumentException("item " + i + " has genre " + x + " outside 0.." + (genreCount - 1));
                }
            }
            this.genres[i] = g;
        }
        this.genreCount = genreCount;
    }

    public int genreCount() {
        return genreCount;
    }

    public int catalogSize() {
        return genres.length;
    }

    /** The item's genres, sorted; do not modify. */
    int[] of(int item) {
        return genres[item];
    }

    /**
     * Jaccard similarity of two items' genre sets, |A ∩ B| / |A ∪ B|; two items that both have no
     * genre are taken as identical (1), one without genres against one with genres as 0.
     */
    public double jaccard(int a, int b) {
        return org.recprompt.metrics.SortedSets.jaccard(genres[a], genres[b]);
    }

    /**
     * Steck's genre distribution of a list of items: each item spreads weight 1/|genres(i)| over its
     * genres, and the sum is normalised to 1 (an item without genres adds nothing). All zeros when no
     * item has a genre.
     */
    public double[] distribution(int[] items) {
        double[] p = new double[genreCount];
        double total = 0;
        for (int item : items) {
            if (accumulate(item, p)) {
                total++;
            }
        }
        if (total > 0) {
            for (int x = 0; x < genreCount; x++) {
                p[x] /= total;
            }
        }
        return p;
    }

    /**
     * The unnormalised step of {@link #distribution}: adds 1/|genres(item)| to each of the item's
     * genres in {@code weights} (length {@link #genreCount()}); false when the item has no genre. Lets a
     * greedy re-ranker extend a list's distribution by one item without recounting the list (adding
     * items in list order and dividing by the number with genres gives exactly {@link #distribution}).
     */
    public boolean accumulate(int item, double[] weights) {
        int[] g = genres[item];
        for (int x : g) {
            weights[x] += 1.0 / g.length;
        }
        return g.length > 0;
    }
}
