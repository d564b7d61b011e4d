package org.recprompt.metrics.popularity;

import org.recprompt.metrics.UserRecs;

/**
 * Popularity by rank position (METRICS.md): for each rank r = 1..K, the mean pop(i) of the items
 * at rank r over the lists that reach rank r; NaN at a rank no list reaches. Shows whether a model
 * puts popular items first. Lists are normalised (duplicates and non-catalog items removed, ranks
 * closed up; a gap holds no item, so it adds nothing at its rank); items beyond K are ignored.
 */
public record PopularityByRank(Popularity popularity, int k) {

    public double[] evaluate(Iterable<UserRecs> all) {
        double[] sum = new double[k];
        long[] n = new long[k];
        for (UserRecs recs : all) {
            for (int i = 1; i <= recs.list().size() && recs.list().rankAt(i) <= k; i++) {
                int r = recs.list().rankAt(i);
                sum[r - 1] += popularity.of(recs.list().itemAt(i));
                n[r - 1]++;
            }
        }
        double[] mean = new double[k];
        for (int r = 0; r < k; r++) {
            mean[r] = n[r] == 0 ? Double.NaN : sum[r] / n[r];
        }
        return mean;
    }
}
