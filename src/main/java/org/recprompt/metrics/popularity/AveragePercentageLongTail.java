package org.recprompt.metrics.popularity;

import org.recprompt.metrics.ListMetric;
import org.recprompt.metrics.UserRecs;

/**
 * APLT (Abdollahpouri et al. 2017, Controlling popularity bias in learning-to-rank recommendation):
 * |L_u ∩ tail| / |L_u| with Elliot's head/tail split ({@link LongTail}); its mean over users is
 * APLT. The list is taken as given (cut to K beforehand; a shorter list divides by its own length).
 * An empty list is undefined (NaN, skipped and counted); duplicates and non-catalog items were
 * removed by normalisation.
 */
public record AveragePercentageLongTail(LongTail longTail) implements ListMetric {

    @Override
    public double evaluate(UserRecs recs) {
        int n = recs.list().size();
        if (n == 0) {
            return Double.NaN;
        }
        int tail = 0;
        for (int r = 1; r <= n; r++) {
            if (longTail.isTail(recs.list().itemAt(r))) {
                tail++;
            }
        }
        return tail / (double) n;
    }
}
