package org.recprompt.metrics.popularity;

import org.recprompt.metrics.ListMetric;
import org.recprompt.metrics.RankDiscount;
import org.recprompt.metrics.UserRecs;

/**
 * EPC, expected popularity complement (Vargas and Castells 2011, Rank and relevance in novelty and
 * diversity metrics for recommender systems; METRICS.md): sum_r d(r) (1 - pop(i_r)/|U_train|) /
 * sum_r d(r), over the ranks of L_u. Not relevance-aware. The list is taken as given (cut to K
 * beforehand; a shorter list normalises by its own discounts). An empty list is undefined (NaN,
 * skipped and counted); duplicates and non-catalog items were removed by normalisation.
 */
public record ExpectedPopularityComplement(Popularity popularity, RankDiscount discount) implements ListMetric {

    public ExpectedPopularityComplement(Popularity popularity) {
        this(popularity, RankDiscount.LOG2);
    }

    @Override
    public double evaluate(UserRecs recs) {
        int n = recs.list().size();
        if (n == 0) {
            return Double.NaN;
        }
        double num = 0;
        double den = 0;
        for (int r = 1; r <= n; r++) {
            double d = discount.at(recs.list().rankAt(r));
            num += d * (1 - popularity.share(recs.list().itemAt(r)));
            den += d;
        }
        return num / den;
    }
}
