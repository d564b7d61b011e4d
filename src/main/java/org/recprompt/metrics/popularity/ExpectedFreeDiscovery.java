package org.recprompt.metrics.popularity;

import org.recprompt.metrics.ListMetric;
import org.recprompt.metrics.RankDiscount;
import org.recprompt.metrics.UserRecs;

/**
 * EFD, expected free discovery (Vargas and Castells 2011, Rank and relevance in novelty and
 * diversity metrics for recommender systems, RecSys): the rank-discounted mean inverse collection
 * frequency of the list, EFD = sum_r d(r) rel(i_r) (-log2 p(i_r | seen)) / sum_r d(r), over the
 * ranks r of L_u, with p(i | seen) = pop(i) / sum_j pop(j) (pop = distinct training users, so the
 * denominator is the number of distinct training user-item pairs) and d(r) = 1/log2(r + 1). An item
 * with no training users counts as one user (as {@link Novelty} does). rel(i) is 1 for every item
 * (relevance-unaware, the paper's base form and the one METRICS.md adopts for EPC) or, with
 * {@code relevanceAware}, 1 for a relevant item and 0 otherwise (the paper's relevance-aware form,
 * with binary relevance); the normaliser sums d(r) over every item of the list either way. The list
 * is taken as given (cut to K beforehand; a shorter list normalises by its own discounts; a gap keeps
 * its rank and adds no discount). An empty list is undefined (NaN, skipped and counted); duplicates
 * and non-catalog items were removed by normalisation. NaN when no item has a training user.
 */
public final class ExpectedFreeDiscovery implements ListMetric {

    private final Popularity popularity;
    private final boolean relevanceAware;
    private final RankDiscount discount;
    /** sum_j pop(j): the distinct training user-item pairs. */
    private final long total;

    public ExpectedFreeDiscovery(Popularity popularity, boolean relevanceAware, RankDiscount discount) {
        this.popularity = popularity;
        this.relevanceAware = relevanceAware;
        this.discount = discount;
        long sum = 0;
        for (int u : popularity.users()) {
            sum += u;
        }
        this.total = sum;
    }

    public ExpectedFreeDiscovery(Popularity popularity, boolean relevanceAware) {
        this(popularity, relevanceAware, RankDiscount.LOG2);
    }

    /** -log2 p(i | seen), an item without training users counted as one; NaN when no item has one. */
    public double novelty(int item) {
        if (total == 0) {
            return Double.NaN;
        }
        int pop = Math.max(1, popularity.of(item));
        return -Math.log(pop / (double) total) / Math.log(2);
    }

    @Override
    public double evaluate(UserRecs recs) {
        return total == 0 ? Double.NaN : DiscountedNovelty.mean(recs, discount, relevanceAware, this::novelty);
    }
}
