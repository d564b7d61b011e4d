package org.recprompt.metrics.accuracy;

import java.util.Arrays;

import org.recprompt.metrics.ListMetric;
import org.recprompt.metrics.RankDiscount;
import org.recprompt.metrics.UserRecs;

/**
 * NDCG@K with graded gains from the test ratings (Järvelin and Kekäläinen 2002, Cumulated gain-based
 * evaluation of IR techniques; the exponential gain of Burges et al. 2005, Learning to rank using
 * gradient descent, ICML): g(i) = 2^rating(i) - 1 for a relevant item i, 0 for any other item;
 * DCG = sum over items at ranks r <= K of g(i_r) d(r); IDCG = the same sum over the user's relevant
 * items sorted by gain, descending, at ranks 1..min(|R_u|, K); NDCG = DCG / IDCG.
 * <p>
 * The relevance threshold decides which test items are relevant (an item rated below it has gain 0,
 * like any item that is not a test item); the gains come from the ratings themselves, not shifted by
 * the threshold, so one item's gain does not depend on the threshold. With every relevant item rated
 * alike the value equals binary {@link Ndcg}. A list shorter than K keeps the same IDCG; an empty
 * list scores 0; duplicates and non-catalog items were removed by normalisation; a gap keeps its rank.
 * A user with no relevant item, or whose relevant items all have gain 0 (rated 0), scores 0. A user
 * with a relevant item that has no rating, or a negative rating (2^r - 1 would be a negative gain),
 * cannot be graded: NaN (skipped and counted by {@link org.recprompt.metrics.Mean}).
 */
public record GradedNdcg(int k, RankDiscount discount) implements ListMetric {

    public GradedNdcg {
        Cutoff.check(k);
    }

    public GradedNdcg(int k) {
        this(k, RankDiscount.LOG2);
    }

    /** g = 2^rating - 1; NaN for a rating that gives no gain (missing or negative). */
    public static double gain(double rating) {
        if (Double.isNaN(rating) || rating < 0) {
            return Double.NaN;
        }
        return Math.pow(2, rating) - 1;
    }

    /** Whether a relevant item with this rating can be graded. */
    public static boolean gradable(double rating) {
        return !Double.isNaN(gain(rating));
    }

    @Override
    public double evaluate(UserRecs recs) {
        int[] relevant = recs.relevant();
        if (relevant.length == 0) {
            return 0.0;
        }
        if (recs.ratings() == null) {
            return Double.NaN;
        }
        double[] gains = new double[relevant.length];
        for (int j = 0; j < relevant.length; j++) {
            gains[j] = gain(recs.ratings()[j]);
            if (Double.isNaN(gains[j])) {
                return Double.NaN;
            }
        }
        double[] ideal = gains.clone();
        Arrays.sort(ideal);
        double idcg = 0;
        for (int r = 1; r <= Math.min(ideal.length, k); r++) {
            idcg += ideal[ideal.length - r] * discount.at(r);
        }
        if (idcg == 0) {
            return 0.0;
        }
        double dcg = 0;
        for (int n = 1; n <= recs.list().size() && recs.list().rankAt(n) <= k; n++) {
            int j = Arrays.binarySearch(relevant, recs.list().itemAt(n));
            if (j >= 0) {
                dcg += gains[j] * discount.at(recs.list().rankAt(n));
            }
        }
        return dcg / idcg;
    }
}
