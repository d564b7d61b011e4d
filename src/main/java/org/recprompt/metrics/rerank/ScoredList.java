package org.recprompt.metrics.rerank;

import java.util.Arrays;
import java.util.BitSet;

/**
 * A backend's candidate list with a score per item, the input of every re-ranker: items in the
 * backend's order (best first) and their scores, higher is better. Items must be distinct, non-negative
 * catalog ids (normalise raw answers first); the caller removes hallucinated and repeated slots.
 *
 * @param items the candidates in the backend's order
 * @param scores S(i) of each candidate, same length
 */
public record ScoredList(int[] items, double[] scores) {

    public ScoredList {
        if (items.length != scores.length) {
            throw new IllegalArgumentException(items.length + " items but " + scores.length + " scores");
        }
        BitSet seen = new BitSet();
        for (int item : items) {
            if (item < 0 || seen.get(item)) {
                throw new IllegalArgumentException("candidate items must be distinct catalog ids; bad or repeated id " + item);
            }
            seen.set(item);
        }
        for (double s : scores) {
            if (!Double.isFinite(s)) {
                throw new IllegalArgumentException("scores must be finite, not " + s);
            }
        }
        items = items.clone();
        scores = scores.clone();
    }

    /**
     * For a backend that yields only a ranking: rank-derived scores S = 1 - (r - 1) / n for the item at
     * rank r of n, so the first item scores 1 and the last 1/n.
     */
    public static ScoredList fromRanking(int[] ranked) {
        int n = ranked.length;
        double[] scores = new double[n];
        for (int r = 1; r <= n; r++) {
            scores[r - 1] = 1 - (r - 1) / (double) n;
        }
        return new ScoredList(ranked, scores);
    }

    public int size() {
        return items.length;
    }

    @Override
    public int[] items() {
        return items.clone();
    }

    @Override
    public double[] scores() {
        return scores.clone();
    }

    int item(int index) {
        return items[index];
    }

    double score(int index) {
        return scores[index];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScoredList other && Arrays.equals(items, other.items) && Arrays.equals(scores, other.scores);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(items) + Arrays.hashCode(scores);
    }

    @Override
    public String toString() {
        return Arrays.toString(items) + " " + Arrays.toString(scores);
    }
}
