package org.recprompt.metrics.popularity;

import org.recprompt.metrics.ListMetric;
import org.recprompt.metrics.RankDiscount;
import org.recprompt.metrics.UserRecs;

/**
 * EPC, expected popularity complement (Vargas and Castells 2011, Rank and relevance in novelty and
 * diversity metrics for recommender systems; METRICS.md): sum_r d(r) rel(i_r) (1 - pop(i_r)/|U_train|)
 * / sum_r d(r), over the ranks of L_u, with pop(i)/|U_train| the paper's p(seen | i). rel(i) is 1 for
 * every item by default (relevance-unaware: METRICS.md's EPC) or, with {@code relevanceAware}, 1 for
 * a relevant item and 0 otherwise (the paper's relevance-aware form, binary relevance); the
 * normaliser sums d(r) over every item of the list either way. The list is taken as given (cut to K
 * beforehand; a shorter list normalises by its own discounts; a gap keeps its rank). An empty list is
 * undefined (NaN, skipped and counted); duplicates and non-catalog items were removed by
 * normalisation.
 */
public record ExpectedPopularityComplement(Popularity popularity, boolean relevanceAware, RankDiscount discount)
        implements ListMetric {

    public ExpectedPopularityComplement(Popularity popularity, RankDiscount discount) {
        this(popularity, false, discount);
    }

    public ExpectedPopularityComplement(Popularity popularity, boolean relevanceAware) {
        this(popularity, relevanceAware, RankDiscount.LOG2);
    }

    public ExpectedPopularityComplement(Popularity popularity) {
        this(popularity, false, RankDiscount.LOG2);
    }

    @Override
    public double evaluate(UserRecs recs) {
        return DiscountedNovelty.mean(recs, discount, relevanceAware, item -> 1 - popularity.share(item));
    }
}
