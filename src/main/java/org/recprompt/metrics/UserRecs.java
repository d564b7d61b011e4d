package org.recprompt.metrics;

import java.util.Arrays;

/**
 * What the metrics see of one evaluated user: the grounded list L_u, the held-out relevant items
 * R_u and the training history (oldest first). Relevant items are kept sorted and distinct.
 *
 * @param user the user's index (used only to key breakdowns and pair variants)
 * @param list the normalised list L_u
 * @param relevant R_u, sorted, distinct
 * @param history the user's training items, oldest first
 */
public record UserRecs(int user, RankedList list, int[] relevant, int[] history) {

    public UserRecs {
        relevant = Arrays.stream(relevant).sorted().distinct().toArray();
        history = history.clone();
    }

    public boolean isRelevant(int item) {
        return Arrays.binarySearch(relevant, item) >= 0;
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
