package org.recprompt.backend.baseline;

import java.util.function.IntPredicate;

import org.recprompt.dataset.split.CandidateRetriever;

/**
 * A classical recommender that scores items for a user from training data only. It ranks a
 * candidate set (the candidate protocol) or the whole catalog (retrieval, e.g. as Chat-REC's
 * first stage), and doubles as a {@link CandidateRetriever}. Ties break by item index, so
 * rankings are deterministic.
 */
public interface Ranker extends CandidateRetriever {

    /** A short name: random, most-popular, item-knn. */
    String name();

    /** The score of each given item for the user; higher is better. */
    double[] score(int user, int[] items);

    /** The items ordered best first (stable: equal scores keep the given order). */
    default int[] rank(int user, int[] items) {
        double[] s = score(user, items);
        Integer[] order = new Integer[items.length];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(s[b], s[a]));
        int[] out = new int[items.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = items[order[k]];
        }
        return out;
    }

    /** The best {@code count} catalog items for the user, none for which {@code excluded} holds. */
    @Override
    default int[] retrieve(int user, int count, IntPredicate excluded) {
        int[] all = java.util.stream.IntStream.range(0, catalogSize()).filter(i -> !excluded.test(i)).toArray();
        int[] ranked = rank(user, all);
        return java.util.Arrays.copyOf(ranked, Math.min(count, ranked.length));
    }

    int catalogSize();
}
