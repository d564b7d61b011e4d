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

    /**
     * The score of each given item for the user as if the user's profile were {@code history} (item
     * indices, oldest first) instead of the training history: a truncated history for cold-start
     * curves, or one extended by accepted recommendations in a feedback-loop simulation. The model
     * itself (popularity, similarities, weights) stays the one fitted on the training split. Rankers
     * that read no history (random, most popular) ignore it.
     */
    default double[] score(int user, int[] history, int[] items) {
        return score(user, items);
    }

    /** The items ordered best first (stable: equal scores keep the given order). */
    default int[] rank(int user, int[] items) {
        return byScore(items, score(user, items));
    }

    /** {@link #rank(int, int[])} for the profile {@code history} (see {@link #score(int, int[], int[])}). */
    default int[] rank(int user, int[] history, int[] items) {
        return byScore(items, score(user, history, items));
    }

    /** The items ordered by descending score, stable. */
    static int[] byScore(int[] items, double[] s) {
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

    /** {@link #retrieve(int, int, IntPredicate)} for the profile {@code history}. */
    default int[] retrieve(int user, int[] history, int count, IntPredicate excluded) {
        int[] all = java.util.stream.IntStream.range(0, catalogSize()).filter(i -> !excluded.test(i)).toArray();
        int[] ranked = rank(user, history, all);
        return java.util.Arrays.copyOf(ranked, Math.min(count, ranked.length));
    }

    int catalogSize();
}
