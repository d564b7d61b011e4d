package org.recprompt.metrics.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Holm's step-down correction (Holm 1979, A simple sequentially rejective multiple test procedure)
 * for the comparisons shown together: with the m p-values sorted ascending, the adjusted value of
 * the j-th is max over i <= j of min(1, (m - i + 1) p_(i)). Returned in the input order; a
 * comparison is significant at level a when its adjusted p-value is at most a. NaN p-values stay NaN
 * and do not count in m.
 */
public final class HolmBonferroni {

    private HolmBonferroni() {
    }

    public static double[] adjust(double[] p) {
        Integer[] order = IntStream.range(0, p.length).filter(k -> !Double.isNaN(p[k])).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(k -> p[k]));
        int m = order.length;
        double[] out = new double[p.length];
        Arrays.fill(out, Double.NaN);
        double running = 0;
        for (int i = 0; i < m; i++) {
            running = Math.max(running, Math.min(1, (m - i) * p[order[i]]));
            out[order[i]] = running;
        }
        return out;
    }
}
