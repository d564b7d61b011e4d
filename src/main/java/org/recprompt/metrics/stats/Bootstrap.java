package org.recprompt.metrics.stats;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap of the mean (Efron and Tibshirani 1993, An Introduction to the Bootstrap,
 * ch. 13): B resamples of the users with replacement, drawn from a {@link SplittableRandom} with
 * the given seed, so the same seed gives the same interval on every machine. The interval is the
 * (1-level)/2 and (1+level)/2 quantiles of the resampled means (nearest rank). Resampling is per
 * user: for paired comparisons pass the per-user differences.
 */
public final class Bootstrap {

    public static final int DEFAULT_RESAMPLES = 2000;

    private Bootstrap() {
    }

    public static double[] percentileCi(double[] values, int resamples, double level, long seed) {
        if (resamples < 1000) {
            throw new IllegalArgumentException("use at least 1,000 bootstrap resamples, not " + resamples);
        }
        int n = values.length;
        if (n == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] means = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            double sum = 0;
            for (int k = 0; k < n; k++) {
                sum += values[random.nextInt(n)];
            }
            means[b] = sum / n;
        }
        Arrays.sort(means);
        double tail = (1 - level) / 2;
        int lo = (int) Math.max(0, Math.ceil(tail * resamples) - 1);
        int hi = (int) Math.min(resamples - 1, Math.ceil((1 - tail) * resamples) - 1);
        return new double[] {means[lo], means[hi]};
    }

    static double mean(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
