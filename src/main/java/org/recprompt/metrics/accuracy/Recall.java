package org.recprompt.metrics.accuracy;

import org.recprompt.metrics.ListMetric;
import org.recprompt.metrics.UserRecs;

/**
 * Recall@K = |L_u[1..K] ∩ R_u| / |R_u| (METRICS.md; Manning et al. 2008, 8.3). A list shorter
 * than K is scored on what it has; an empty list scores 0; normalisation removed duplicates and
 * non-catalog items, so each relevant item is found at most once. A user with no relevant item
 * scores 0 (nothing could be recalled).
 */
public record Recall(int k) implements ListMetric {

    public Recall {
        Cutoff.check(k);
    }

    @Override
    public double evaluate(UserRecs recs) {
        int relevant = recs.relevant().length;
        return relevant == 0 ? 0.0 : recs.hitsAt(k) / (double) relevant;
    }
}
