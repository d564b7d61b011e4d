package org.recprompt.metrics.concentration;

import java.util.Arrays;

/**
 * Gini index of exposure (METRICS.md; Fleder and Hosanagar 2009, Blockbuster culture's next rise or
 * fall): c_j the recommendation count of item j, sorted ascending, INCLUDING the zero counts of
 * never-recommended catalog items, n = |I|, N = sum c_j; G = sum_{j=1..n} (2j - n - 1) c_j / (N (n - 1)).
 * 0 when every item is recommended equally, 1 when one item takes all exposure. This is the Gini
 * itself, not RankSys/Elliot's 1 - Gini. NaN when nothing was recommended; 0 for a one-item catalog.
 */
public final class Gini extends Exposure {

    public Gini(int catalogSize) {
        super(catalogSize);
    }

    @Override
    public double of(long[] counts) {
        long[] c = counts.clone();
        Arrays.sort(c);
        int n = c.length;
        double total = 0;
        for (long x : c) {
            total += x;
        }
        if (total == 0) {
            return Double.NaN;
        }
        if (n == 1) {
            return 0.0;
        }
        double sum = 0;
        for (int j = 1; j <= n; j++) {
            sum += (2.0 * j - n - 1) * c[j - 1];
        }
        return sum / (total * (n - 1));
    }
}
