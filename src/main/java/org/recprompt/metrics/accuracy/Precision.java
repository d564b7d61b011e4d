package org.recprompt.metrics.accuracy;

import org.recprompt.metrics.ListMetric;
import org.recprompt.metrics.UserRecs;

/**
 * P@K = |L_u[1..K] ∩ R_u| / K (METRICS.md; Manning et al. 2008, Introduction to IR, 8.4).
 * The denominator is K even when the list is shorter: a model that returns fewer items than asked
 * is not rewarded for it. An empty list scores 0; duplicates and non-catalog items were removed by
 * normalisation, so they can never count as hits.
 */
public record Precision(int k) implements ListMetric {

    public Precision {
        Cutoff.check(k);
    }

    @Override
    public double evaluate(UserRecs recs) {
        return recs.hitsAt(k) / (double) k;
    }
}
