package org.recprompt.metrics.popularity;

import org.recprompt.metrics.RankDiscount;
import org.recprompt.metrics.UserRecs;

/**
 * Vargas and Castells' (2011, "Rank and relevance in novelty and diversity metrics", RecSys)
 * expected novelty of a list: sum over its items of disc(rank) x [rel(i)] x nov(i), divided by the
 * sum of disc(rank) over the list. EPC and EFD are this mean with nov(i) = 1 - pop share and
 * nov(i) = -log2 p(i | seen). NaN for an empty list.
 */
final class DiscountedNovelty {

    private DiscountedNovelty() {
    }

    /** nov(i): an item's novelty. */
    @FunctionalInterface
    interface Novelty {
        double of(int item);
    }

    static double mean(UserRecs recs, RankDiscount discount, boolean relevanceAware, Novelty novelty) {
        int n = recs.list().size();
        if (n == 0) {
            return Double.NaN;
        }
        double num = 0;
        double den = 0;
        for (int r = 1; r <= n; r++) {
            int item = recs.list().itemAt(r);
            double d = discount.at(recs.list().rankAt(r));
            if (!relevanceAware || recs.isRelevant(item)) {
                num += d * novelty.of(item);
            }
            den += d;
        }
        return num / den;
    }
}
