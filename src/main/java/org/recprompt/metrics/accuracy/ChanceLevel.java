package org.recprompt.metrics.accuracy;

import org.recprompt.metrics.RankDiscount;

/**
 * Expected accuracy of a uniformly random ranking of C candidates containing exactly one relevant
 * item (PARADIGMS.md, "Reference results"): the relevant item is at each rank with probability 1/C.
 * HR@K = min(K, C) / C; NDCG@K = (1/C) sum_{r=1..min(K,C)} d(r); MRR@K = (1/C) sum 1/r.
 */
public final class ChanceLevel {

    private ChanceLevel() {
    }

    public static double hitRate(int k, int candidates) {
        check(k, candidates);
        return Math.min(k, candidates) / (double) candidates;
    }

    public static double ndcg(int k, int candidates) {
        check(k, candidates);
        double sum = 0;
        for (int r = 1; r <= Math.min(k, candidates); r++) {
            sum += RankDiscount.LOG2.at(r);
        }
        return sum / candidates;
    }

    public static double mrr(int k, int candidates) {
        check(k, candidates);
        double sum = 0;
        for (int r = 1; r <= Math.min(k, candidates); r++) {
            sum += 1.0 / r;
        }
        return sum / candidates;
    }

    private static void check(int k, int candidates) {
        if (k < 1 || candidates < 1) {
            throw new IllegalArgumentException("K and C must be at least 1, not K=" + k + ", C=" + candidates);
        }
    }
}
