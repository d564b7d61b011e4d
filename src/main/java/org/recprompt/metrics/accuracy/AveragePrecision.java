package org.recprompt.metrics.accuracy;

import org.recprompt.metrics.ListMetric;
import org.recprompt.metrics.UserRecs;

/**
 * AP@K, whose mean over users is MAP@K (average precision: Manning, Raghavan and Schütze 2008,
 * Introduction to Information Retrieval, 8.4; cut at K with the normaliser min(|R_u|, K), as
 * RecBole's MAP and most recommender texts, see Tamm, Damdinov and Vasilev 2021, Quality metrics in
 * recommender systems: do we calculate metrics consistently?):
 * AP@K = (1 / min(|R_u|, K)) sum over ranks r <= K holding a relevant item of P@r, with
 * P@r = |L_u[1..r] ∩ R_u| / r. The normaliser min(|R_u|, K) lets a perfect top-K score 1 when the
 * user has more than K relevant items (dividing by |R_u| would cap it at K/|R_u|). A list shorter
 * than K is scored on what it has (the normaliser does not shrink); an empty list scores 0;
 * duplicates and non-catalog items were removed by normalisation; a gap keeps its rank, so the
 * items after it have P@r over their own rank. A user with no relevant item scores 0.
 */
public record AveragePrecision(int k) implements ListMetric {

    public AveragePrecision {
        Cutoff.check(k);
    }

    @Override
    public double evaluate(UserRecs recs) {
        int relevant = recs.relevant().length;
        if (relevant == 0) {
            return 0.0;
        }
        double sum = 0;
        int hits = 0;
        for (int n = 1; n <= recs.list().size() && recs.list().rankAt(n) <= k; n++) {
            if (recs.isRelevant(recs.list().itemAt(n))) {
                hits++;
                sum += hits / (double) recs.list().rankAt(n);
            }
        }
        return sum / Math.min(relevant, k);
    }
}
