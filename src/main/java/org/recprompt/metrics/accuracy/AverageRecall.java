package org.recprompt.metrics.accuracy;

import org.recprompt.metrics.ListMetric;
import org.recprompt.metrics.UserRecs;

/**
 * AR@K, whose mean over users is MAR@K: the mean of Recall@n over the cutoffs n = 1..K (Elliot's
 * mean average recall, Anelli et al. 2021, Elliot: a comprehensive and rigorous framework for
 * reproducible recommender systems evaluation, SIGIR): AR@K = (1/K) sum_{n=1..K} |L_u[1..n] ∩ R_u| / |R_u|.
 * A hit at rank r counts in Recall@n for n = r..K, so AR@K = sum over hits at r <= K of
 * (K - r + 1) / (K |R_u|): early hits weigh more, and a perfect list is below 1 unless every relevant
 * item is at rank 1 (at most 1 relevant item). The divisor is K even for a shorter list (recall just
 * stops growing past its end); an empty list scores 0; duplicates and non-catalog items were removed
 * by normalisation; a gap keeps its rank. A user with no relevant item scores 0.
 */
public record AverageRecall(int k) implements ListMetric {

    public AverageRecall {
        Cutoff.check(k);
    }

    @Override
    public double evaluate(UserRecs recs) {
        int relevant = recs.relevant().length;
        if (relevant == 0) {
            return 0.0;
        }
        double sum = 0;
        for (int n = 1; n <= recs.list().size() && recs.list().rankAt(n) <= k; n++) {
            if (recs.isRelevant(recs.list().itemAt(n))) {
                sum += k - recs.list().rankAt(n) + 1;
            }
        }
        return sum / ((double) k * relevant);
    }
}
