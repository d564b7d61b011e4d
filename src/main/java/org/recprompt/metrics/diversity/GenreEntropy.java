package org.recprompt.metrics.diversity;

import org.recprompt.metrics.ListMetric;
import org.recprompt.metrics.UserRecs;

/**
 * Genre entropy of a set of items: the Shannon entropy in bits of Steck's genre distribution p
 * ({@link Genres#distribution}: each item spreads 1/|genres(i)| over its genres, normalised to 1),
 * H = -sum_{g: p(g) > 0} p(g) log2 p(g). 0 when every item shares one genre; log2 G when the items
 * spread evenly over G genres. The echo-chamber simulation tracks it over a user's history (Chaney
 * et al. 2018, How algorithmic confounding in recommendation systems increases homogeneity and
 * decreases utility; METRICS.md, "Feedback loop"): a narrowing entropy is a history closing in on
 * fewer genres.
 *
 * <p>Items are taken as given: a repeated item counts each time (pass distinct items for a set);
 * items without genres add nothing; no item with a genre (or no item at all) is undefined (NaN).
 * As a {@link ListMetric} it is the entropy of the list L_u (cut to K beforehand; duplicates and
 * non-catalog items were removed by normalisation).
 */
public record GenreEntropy(Genres genres) implements ListMetric {

    @Override
    public double evaluate(UserRecs recs) {
        return of(recs.list().items());
    }

    /** H of the items' genre distribution in bits; NaN when no item has a genre. */
    public double of(int[] items) {
        return entropy(genres.distribution(items));
    }

    /** -sum p log2 p over the positive entries of a distribution that sums to 1; NaN when all are 0. */
    public static double entropy(double[] p) {
        double h = 0;
        boolean any = false;
        for (double x : p) {
            if (x > 0) {
                any = true;
                h -= x * Math.log(x) / Math.log(2);
            }
        }
        return any ? h : Double.NaN;
    }
}
