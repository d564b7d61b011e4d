package org.recprompt.metrics.concentration;

/**
 * Shannon entropy of the recommendation counts in bits (Shannon 1948; as an exposure measure,
 * Adomavicius and Kwon 2012, Improving aggregate recommendation diversity): p_j = c_j / N,
 * H = -sum_{c_j > 0} p_j log2 p_j. With {@code normalised}, H / log2 |I| (so 1 is uniform exposure
 * over the whole catalog; not RecBole's division by the number of distinct recommended items).
 * NaN when nothing was recommended; the normalised value is 0 for a one-item catalog.
 */
public final class Entropy extends Exposure {

    private final boolean normalised;

    public Entropy(int catalogSize, boolean normalised) {
        super(catalogSize);
        this.normalised = normalised;
    }

    @Override
    public double of(long[] counts) {
        double total = 0;
        for (long c : counts) {
            total += c;
        }
        if (total == 0) {
            return Double.NaN;
        }
        double h = 0;
        for (long c : counts) {
            if (c > 0) {
                double p = c / total;
                h -= p * Math.log(p) / Math.log(2);
            }
        }
        if (!normalised) {
            return h;
        }
        return counts.length == 1 ? 0.0 : h / (Math.log(counts.length) / Math.log(2));
    }
}
