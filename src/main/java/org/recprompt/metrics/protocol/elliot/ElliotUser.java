package org.recprompt.metrics.protocol.elliot;

import java.util.BitSet;

/**
 * One user as Elliot's metrics receive them: the list after the Proxy recommender's cut and
 * filtering (items in rank order, repeats kept), the user's relevant test items and their gains,
 * and the user's training items.
 *
 * @param user the user's index in the dataset
 * @param list the filtered list, at most top_k raw positions deep; may be empty
 * @param relevant the relevant test items (rating at or above the threshold), distinct
 * @param relevantSet the same items as a set
 * @param gains the graded gain of each relevant item, aligned with {@code relevant}
 * @param train the user's training items
 */
public record ElliotUser(int user, int[] list, int[] relevant, BitSet relevantSet, double[] gains, BitSet train) {

    /** The first {@code cutoff} entries of the list (all of them when it is shorter): Python's {@code list[:cutoff]}. */
    public int length(int cutoff) {
        return Math.min(cutoff, list.length);
    }

    public boolean isRelevant(int item) {
        return relevantSet.get(item);
    }

    /** Elliot's binary get_rel summed over the top {@code n} entries: a repeated relevant item counts each time. */
    public int hits(int n) {
        int hits = 0;
        for (int r = 0; r < Math.min(n, list.length); r++) {
            if (relevantSet.get(list[r])) {
                hits++;
            }
        }
        return hits;
    }

    /** The graded gain of an item (0 when it is not relevant): DiscountedRelevance.get_rel. */
    public double gain(int item) {
        for (int k = 0; k < relevant.length; k++) {
            if (relevant[k] == item) {
                return gains[k];
            }
        }
        return 0;
    }
}
