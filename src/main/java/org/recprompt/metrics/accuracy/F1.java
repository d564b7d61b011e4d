package org.recprompt.metrics.accuracy;

import org.recprompt.metrics.ListMetric;
import org.recprompt.metrics.UserRecs;

/**
 * F1@K = 2 P@K R@K / (P@K + R@K), the harmonic mean of {@link Precision} and {@link Recall} of one
 * user's list (van Rijsbergen 1979, Information Retrieval, ch. 7; Manning et al. 2008, 8.3); with
 * h = |L_u[1..K] ∩ R_u| it is 2h / (K + |R_u|). Its mean over users is the reported F1@K (the mean of
 * per-user F1, not the harmonic mean of the mean precision and recall). P@K divides by K, so a list
 * shorter than K is not rewarded; an empty list, a list without a hit and a user with no relevant
 * item score 0; duplicates and non-catalog items were removed by normalisation.
 */
public record F1(int k) implements ListMetric {

    public F1 {
        Cutoff.check(k);
    }

    @Override
    public double evaluate(UserRecs recs) {
        int hits = recs.hitsAt(k);
        return hits == 0 ? 0.0 : 2.0 * hits / (k + recs.relevant().length);
    }
}
