package org.recprompt.metrics.popularity;

import org.recprompt.metrics.ListMetric;
import org.recprompt.metrics.UserRecs;

/**
 * ACLT, average coverage of long-tail items (Abdollahpouri, Burke and Mobasher 2019, Managing
 * popularity bias in recommender systems with personalized re-ranking, FLAIRS): |L_u ∩ tail|, the
 * number of tail items in the list, with the head/tail split of METRICS.md ({@link LongTail}: the
 * most-interacted items holding 80% of training interactions are the head, every other catalog item,
 * including those with no training interaction, the tail); its mean over users is ACLT@K. Unlike
 * {@link AveragePercentageLongTail} it is a count, not a share: a list shorter than K can hold fewer
 * tail items, and an empty list scores 0 (and counts in the mean). Duplicates and non-catalog items
 * were removed by normalisation, so a repeated tail item counts once.
 */
public record AverageCoverageLongTail(LongTail longTail) implements ListMetric {

    @Override
    public double evaluate(UserRecs recs) {
        int tail = 0;
        for (int r = 1; r <= recs.list().size(); r++) {
            if (longTail.isTail(recs.list().itemAt(r))) {
                tail++;
            }
        }
        return tail;
    }
}
