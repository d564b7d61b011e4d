package org.recprompt.metrics.concentration;

/**
 * Item coverage (Herlocker et al. 2004, Evaluating collaborative filtering recommender systems; Ge
 * et al. 2010): |union of L_u| / |I|, and {@link #count(long[])} the number |union of L_u| itself.
 * No lists, or only empty ones, give 0.
 */
public final class Coverage extends Exposure {

    public Coverage(int catalogSize) {
        super(catalogSize);
    }

    @Override
    public double of(long[] counts) {
        return count(counts) / (double) counts.length;
    }

    public static int count(long[] counts) {
        int n = 0;
        for (long c : counts) {
            if (c > 0) {
                n++;
            }
        }
        return n;
    }
}
