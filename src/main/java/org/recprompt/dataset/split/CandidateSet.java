package org.recprompt.dataset.split;

import java.util.Arrays;

/**
 * The candidates offered to one user, in the order they are shown.
 *
 * @param user the user
 * @param items the candidates in shown order
 * @param relevant the held-out items among them (empty when a retriever missed them all)
 * @param permutation shown position i holds unshuffled candidate {@code permutation[i]}; the
 *        unshuffled list is the held-out items first, then the negatives in sampling order
 * @param seed the seed the user's stream was drawn from
 */
public record CandidateSet(int user, int[] items, int[] relevant, int[] permutation, long seed) {

    /** The 0-based shown position of an item, or -1. */
    public int positionOf(int item) {
        for (int k = 0; k < items.length; k++) {
            if (items[k] == item) {
                return k;
            }
        }
        return -1;
    }

    public int size() {
        return items.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CandidateSet c && c.user == user && Arrays.equals(c.items, items)
                && Arrays.equals(c.relevant, relevant) && Arrays.equals(c.permutation, permutation) && c.seed == seed;
    }

    @Override
    public int hashCode() {
        return 31 * user + Arrays.hashCode(items);
    }

    @Override
    public String toString() {
        return "CandidateSet[user " + user + ", items " + Arrays.toString(items) + ", relevant " + Arrays.toString(relevant) + "]";
    }
}
