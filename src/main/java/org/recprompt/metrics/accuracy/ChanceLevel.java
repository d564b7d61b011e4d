package org.recprompt.metrics.accuracy;

import org.recprompt.metrics.RankDiscount;

/**
 * Expected accuracy of a uniformly random ranking of C candidates of which r are relevant
 * (PARADIGMS.md, "Reference results"). Every r-subset of the C ranks is equally likely to hold the
 * relevant items, so the number of hits in the first K ranks is hypergeometric and the rank of the
 * first hit has P(first at i) = C(C-i, r-1) / C(C, r) (Feller 1968, An Introduction to Probability
 * Theory and Its Applications, vol. 1, II.6, the hypergeometric distribution). With m = min(K, C):
 * <ul>
 * <li>HR@K = 1 - C(C-r, K) / C(C, K) (no hit among the first K; 1 when K &gt; C - r);</li>
 * <li>NDCG@K = E[DCG@K] / IDCG@K with E[DCG@K] = (r/C) sum_{i=1..m} d(i) (each rank holds a relevant
 * item with probability r/C) and IDCG@K = sum_{i=1..min(R, K)} d(i), where R is the user's number of
 * relevant items ({@link Ndcg}'s |R_u|: R = r unless some relevant items are not among the
 * candidates); IDCG is fixed, so E[DCG/IDCG] = E[DCG]/IDCG;</li>
 * <li>MRR@K = sum_{i=1..m} (1/i) C(C-i, r-1) / C(C, r).</li>
 * </ul>
 * With r = 1 these are HR@K = m/C, NDCG@K = (1/C) sum_{i=1..m} d(i), MRR@K = (1/C) sum_{i=1..m} 1/i,
 * computed by those closed forms; with r = 0 every level is 0. Leave-last-n (n &gt; 1) and random
 * holdouts give r &gt; 1, whose levels are higher than the one-item formulas.
 */
public final class ChanceLevel {

    private ChanceLevel() {
    }

    /** HR@K of a random ranking of C candidates holding one relevant item. */
    public static double hitRate(int k, int candidates) {
        return hitRate(k, candidates, 1);
    }

    /** NDCG@K of a random ranking of C candidates holding one relevant item. */
    public static double ndcg(int k, int candidates) {
        return ndcg(k, candidates, 1, 1);
    }

    /** MRR@K of a random ranking of C candidates holding one relevant item. */
    public static double mrr(int k, int candidates) {
        return mrr(k, candidates, 1);
    }

    /** HR@K of a random ranking of C candidates holding r relevant items. */
    public static double hitRate(int k, int candidates, int relevant) {
        check(k, candidates, relevant);
        if (relevant == 0) {
            return 0.0;
        }
        if (relevant == 1) {
            return Math.min(k, candidates) / (double) candidates;
        }
        return 1 - noneInFirst(k, candidates, relevant);
    }

    /**
     * NDCG@K of a random ranking of C candidates holding r relevant items, for a user with
     * {@code relevantTotal} relevant items in all (at least r: the ideal list counts every one).
     */
    public static double ndcg(int k, int candidates, int relevant, int relevantTotal) {
        check(k, candidates, relevant);
        if (relevantTotal < relevant) {
            throw new IllegalArgumentException("The user's relevant items (" + relevantTotal
                    + ") cannot be fewer than those among the candidates (" + relevant + ")");
        }
        if (relevant == 0) {
            return 0.0;
        }
        double sum = 0;
        for (int i = 1; i <= Math.min(k, candidates); i++) {
            sum += RankDiscount.LOG2.at(i);
        }
        double idcg = 0;
        for (int i = 1; i <= Math.min(relevantTotal, k); i++) {
            idcg += RankDiscount.LOG2.at(i);
        }
        return relevant * sum / candidates / idcg;
    }

    /** MRR@K of a random ranking of C candidates holding r relevant items. */
    public static double mrr(int k, int candidates, int relevant) {
        check(k, candidates, relevant);
        if (relevant == 0) {
            return 0.0;
        }
        double sum = 0;
        if (relevant == 1) {
            for (int i = 1; i <= Math.min(k, candidates); i++) {
                sum += 1.0 / i;
            }
            return sum / candidates;
        }
        // P(first at i) = C(C-i, r-1) / C(C, r) = [prod_{j=0..i-2} (C-r-j)/(C-j)] * r/(C-i+1): the first
        // i-1 ranks miss, then rank i hits
        double missSoFar = 1;
        for (int i = 1; i <= Math.min(k, candidates - relevant + 1); i++) {
            sum += missSoFar * relevant / (candidates - i + 1) / i;
            missSoFar *= (candidates - relevant - (i - 1)) / (double) (candidates - (i - 1));
        }
        return sum;
    }

    /** C(C-r, K) / C(C, K) = prod_{j=0..K-1} (C-r-j)/(C-j): the chance that the first K ranks hold no relevant item. */
    private static double noneInFirst(int k, int candidates, int relevant) {
        if (k > candidates - relevant) {
            return 0.0;
        }
        double p = 1;
        for (int j = 0; j < k; j++) {
            p *= (candidates - relevant - j) / (double) (candidates - j);
        }
        return p;
    }

    private static void check(int k, int candidates, int relevant) {
        if (k < 1 || candidates < 1) {
            throw new IllegalArgumentException("K and C must be at least 1, not K=" + k + ", C=" + candidates);
        }
        if (relevant < 0 || relevant > candidates) {
            throw new IllegalArgumentException("The relevant items among the candidates must be 0 to C=" + candidates
                    + ", not " + relevant);
        }
    }
}
