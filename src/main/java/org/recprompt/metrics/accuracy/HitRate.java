package org.recprompt.metrics.accuracy;

import org.recprompt.metrics.ListMetric;
import org.recprompt.metrics.UserRecs;

/**
 * HR@K = 1 if the first K items of L_u contain a relevant item, else 0 (METRICS.md; the "hit
 * ratio" of leave-one-out evaluation, He et al. 2017, Neural Collaborative Filtering).
 * A list shorter than K is scored on what it has; an empty list scores 0; duplicates and
 * non-catalog items were removed by {@link org.recprompt.metrics.RankedList#of}, so a repeated
 * hit counts once. A user with no relevant item scores 0.
 */
public record HitRate(int k) implements ListMetric {

    public HitRate {
        Cutoff.check(k);
    }

    @Override
    public double evaluate(UserRecs recs) {
        return recs.hitsAt(k) > 0 ? 1.0 : 0.0;
    }
}
