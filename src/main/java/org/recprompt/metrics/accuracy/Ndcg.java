package org.recprompt.metrics.accuracy;

import org.recprompt.metrics.ListMetric;
import org.recprompt.metrics.RankDiscount;
import org.recprompt.metrics.UserRecs;

/**
 * NDCG@K with binary gain (Järvelin and Kekäläinen 2002, Cumulated gain-based evaluation of IR
 * techniques): DCG = sum over hits at ranks r <= K of d(r); IDCG = sum_{r=1..min(|R_u|, K)} d(r);
 * NDCG = DCG / IDCG. The ideal list is cut to K (LensKit's long-standing bug was not to), so a
 * perfect top-K list scores 1 however many items are relevant. A list shorter than K keeps the
 * same IDCG (a short list is not rewarded); an empty list scores 0; duplicates and non-catalog
 * items were removed by normalisation; a gap in the list keeps its rank (the items after it are
 * discounted at their own ranks). A user with no relevant item scores 0. The discount is a
 * strategy part, {@link RankDiscount#LOG2} by default.
 */
public record Ndcg(int k, RankDiscount discount) implements ListMetric {

    public Ndcg {
        Cutoff.check(k);
    }

    public Ndcg(int k) {
        this(k, RankDiscount.LOG2);
    }

    @Override
    public double evaluate(UserRecs recs) {
        double idcg = 0;
        int ideal = Math.min(recs.relevant().length, k);
        for (int r = 1; r <= ideal; r++) {
            idcg += discount.at(r);
        }
        if (idcg == 0) {
            return 0.0;
        }
        double dcg = 0;
        for (int n = 1; n <= recs.list().size() && recs.list().rankAt(n) <= k; n++) {
            if (recs.isRelevant(recs.list().itemAt(n))) {
                dcg += discount.at(recs.list().rankAt(n));
            }
        }
        return dcg / idcg;
    }
}
