package org.recprompt.metrics.fairness;

/**
 * FaiRLLM's unfairness over the values of one sensitive attribute (Zhang et al. 2023): given one
 * similarity per value (e.g. the mean Jaccard@K to the neutral list over instructions for "female",
 * "male"), SNSR = max - min (the range) and SNSV = the population standard deviation
 * sqrt(sum (x - mean)^2 / n) (divisor n, not n - 1, as the paper's formula). Both are 0 for one value,
 * NaN for none; NaN inputs are not allowed.
 */
public final class Sensitivity {

    private Sensitivity() {
    }

    public static double snsr(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            check(v);
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return max - min;
    }

    public static double snsv(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double mean = 0;
        for (double v : values) {
            check(v);
            mean += v;
        }
        mean /= values.length;
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        return Math.sqrt(ss / values.length);
    }

    private static void check(double v) {
        if (Double.isNaN(v)) {
            throw new IllegalArgumentException("a value is NaN; remove undefined values first");
        }
    }
}
