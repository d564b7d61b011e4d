package org.recprompt.metrics.accuracy;

import org.recprompt.metrics.RankDiscount;

/**
 * Accuracy of pairwise answers (METRICS.md "Accuracy"; the pairwise paradigm of Dai et al. 2023,
 * Uncovering ChatGPT's capabilities in recommender systems): the candidates are ranked by their
 * numbers of wins over the pairwise comparisons. With w(t) the target's wins, "more" the candidates
 * with more wins than the target and "tied" the other candidates with exactly as many, the target can
 * land at any of the positions more + 1 .. more + 1 + tied, each equally likely among the tied
 * orderings. {@link #rank} is the mean of those positions, 1 + more + tied / 2; {@link #ndcg} and
 * {@link #hitRate} average NDCG@K (one relevant item: d(r), IDCG = 1) and HR@K over them, which is not
 * the same as the metric at the mean rank. Wins may be fractional (half a win for a tied comparison).
 */
public final class PairwiseRank {

    private PairwiseRank() {
    }

    /** The expected rank of candidate {@code target} under random tie-breaking. */
    public static double rank(double[] wins, int target) {
        int[] mt = moreAndTied(wins, target);
        return 1 + mt[0] + mt[1] / 2.0;
    }

    /** NDCG@K of the single relevant target, averaged over the tied orderings. */
    public static double ndcg(double[] wins, int target, int k) {
        Cutoff.check(k);
        int[] mt = moreAndTied(wins, target);
        double sum = 0;
        for (int p = mt[0] + 1; p <= mt[0] + 1 + mt[1]; p++) {
            if (p <= k) {
                sum += RankDiscount.LOG2.at(p);
            }
        }
        return sum / (mt[1] + 1);
    }

    /** HR@K of the target: the share of the tied orderings that put it within the first K. */
    public static double hitRate(double[] wins, int target, int k) {
        Cutoff.check(k);
        int[] mt = moreAndTied(wins, target);
        int inside = Math.max(0, Math.min(k, mt[0] + 1 + mt[1]) - mt[0]);
        return inside / (double) (mt[1] + 1);
    }

    private static int[] moreAndTied(double[] wins, int target) {
        if (target < 0 || target >= wins.length) {
            throw new IllegalArgumentException("target " + target + " outside 0.." + (wins.length - 1));
        }
        int more = 0;
        int tied = 0;
        for (int x = 0; x < wins.length; x++) {
            if (x == target) {
                continue;
            }
            if (wins[x] > wins[target]) {
                more++;
            } else if (wins[x] == wins[target]) {
                tied++;
            }
        }
        return new int[] {more, tied};
    }
}
