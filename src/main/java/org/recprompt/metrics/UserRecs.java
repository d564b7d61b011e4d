package org.recprompt.metrics;

import java.util.Arrays;

/**
 * What the metrics see of one evaluated user: the grounded list L_u, the held-out relevant items
 * R_u, their test ratings when the data has them, and the training history (oldest first). Relevant
 * items are kept sorted and distinct, each rating moving with its item.
 *
 * @param user the user's index (used only to key breakdowns and pair variants)
 * @param list the normalised list L_u
 * @param relevant R_u, sorted, distinct
 * @param history the user's training items, oldest first
 * @param ratings the test rating of each relevant item, aligned with {@code relevant} (NaN where an
 *     item has none), or null when no rating is known at all (the graded metrics then cannot score
 *     the user); as given, a repeated relevant item keeps the rating of its first occurrence
 */
public record UserRecs(int user, RankedList list, int[] relevant, int[] history, double[] ratings) {

    public UserRecs {
        if (ratings != null && ratings.length != relevant.length) {
            throw new IllegalArgumentException("user " + user + ": " + relevant.length + " relevant items but "
                    + ratings.length + " ratings");
        }
        if (ratings == null) {
            relevant = Arrays.stream(relevant).sorted().distinct().toArray();
        } else {
            Integer[] order = new Integer[relevant.length];
            for (int k = 0; k < order.length; k++) {
                order[k] = k;
            }
            int[] given = relevant;
            // stable sort by item: the first occurrence of a repeated item comes first and is kept
            Arrays.sort(order, (a, b) -> Integer.compare(given[a], given[b]));
            int[] items = new int[given.length];
            double[] rated = new double[given.length];
            int n = 0;
            for (int k : order) {
                if (n == 0 || items[n - 1] != given[k]) {
                    items[n] = given[k];
                    rated[n++] = ratings[k];
                }
            }
            relevant = Arrays.copyOf(items, n);
            ratings = Arrays.copyOf(rated, n);
        }
        history = history.clone();
    }

    /** A user whose relevant items carry no rating (binary relevance only). */
    public UserRecs(int user, RankedList list, int[] relevant, int[] history) {
        this(user, list, relevant, history, null);
    }

    public boolean isRelevant(int item) {
        return Arrays.binarySearch(relevant, item) >= 0;
    }

    /** Whether every relevant item has a rating (a user without relevant items has them all). */
    public boolean hasRatings() {
        if (ratings == null) {
            return relevant.length == 0;
        }
        for (double r : ratings) {
            if (Double.isNaN(r)) {
                return false;
            }
        }
        return true;
    }

    /** The test rating of a relevant item; NaN when the item is not relevant or has no rating. */
    public double ratingOf(int item) {
        int k = Arrays.binarySearch(relevant, item);
        return k < 0 || ratings == null ? Double.NaN : ratings[k];
    }

    /** |L_u ∩ R_u| within the first k ranks (a gap in the list holds no item, so never a hit). */
    public int hitsAt(int k) {
        int hits = 0;
        for (int n = 1; n <= list.size() && list.rankAt(n) <= k; n++) {
            if (isRelevant(list.itemAt(n))) {
                hits++;
            }
        }
        return hits;
    }
}
