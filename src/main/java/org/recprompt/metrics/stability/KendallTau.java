package org.recprompt.metrics.stability;

import java.util.Arrays;

import org.apache.commons.math3.stat.correlation.KendallsCorrelation;
import org.recprompt.metrics.RankedList;

/**
 * Kendall's tau between two rankings of the same user under different candidate orders (Kendall
 * 1938): the <b>tau-b</b> of commons-math3's {@link KendallsCorrelation} over the items present in both
 * lists, correlating their ranks. Ranks within one normalised list are distinct, so there are no ties
 * and tau-b equals tau-a = (concordant - discordant) / (m (m - 1) / 2), m the number of common items;
 * 1 for the same order, -1 for the reverse. Items in only one list are ignored (rank the full candidate
 * set to compare everything). NaN with fewer than 2 common items.
 */
public final class KendallTau {

    private KendallTau() {
    }

    public static double between(RankedList a, RankedList b) {
        int m = 0;
        double[] x = new double[a.size()];
        double[] y = new double[a.size()];
        for (int r = 1; r <= a.size(); r++) {
            int rb = b.rankOf(a.itemAt(r));
            if (rb > 0) {
                x[m] = r;
                y[m] = rb;
                m++;
            }
        }
        if (m < 2) {
            return Double.NaN;
        }
        return new KendallsCorrelation().correlation(Arrays.copyOf(x, m), Arrays.copyOf(y, m));
    }
}
