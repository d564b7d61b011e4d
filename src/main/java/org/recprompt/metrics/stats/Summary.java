package org.recprompt.metrics.stats;

/**
 * An aggregate as every report shows it: the mean over n users and its seeded percentile bootstrap
 * 95% confidence interval.
 */
public record Summary(double mean, int n, double ciLow, double ciHigh) {

    /** Mean and bootstrap interval of per-user values (NaN entries must be removed beforehand). */
    public static Summary of(double[] values, int resamples, long seed) {
        double[] ci = Bootstrap.percentileCi(values, resamples, 0.95, seed);
        return new Summary(Bootstrap.mean(values), values.length, ci[0], ci[1]);
    }

    public static Summary of(double[] values, long seed) {
        return of(values, Bootstrap.DEFAULT_RESAMPLES, seed);
    }
}
