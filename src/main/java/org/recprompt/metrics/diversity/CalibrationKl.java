package org.recprompt.metrics.diversity;

import org.recprompt.metrics.ListMetric;
import org.recprompt.metrics.UserRecs;

/**
 * Miscalibration (Steck 2018, Calibrated recommendations, RecSys): p(g|u) the genre distribution of
 * the user's training history and q(g|u) that of L_u ({@link Genres#distribution}, each item
 * spreading 1/|genres(i)|, no recency weighting); q~ = (1 - a) q + a p with a = 0.01;
 * C_KL = sum_{g: p > 0} p log2(p / q~). 0 is perfectly calibrated; higher means the list is less
 * like the user's tastes. An empty list (or one whose items have no genres) has q = 0 and scores the
 * maximum, log2(1/a) = 6.644 bits. A user whose history has no genres is undefined (NaN, skipped).
 * The list is taken as given (cut to K beforehand); duplicates and non-catalog items were removed.
 */
public record CalibrationKl(Genres genres, double alpha) implements ListMetric {

    public static final double DEFAULT_ALPHA = 0.01;

    public CalibrationKl {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), not " + alpha);
        }
    }

    public CalibrationKl(Genres genres) {
        this(genres, DEFAULT_ALPHA);
    }

    @Override
    public double evaluate(UserRecs recs) {
        return divergence(genres.distribution(recs.history()), genres.distribution(recs.list().items()), alpha);
    }

    /**
     * C_KL(p, q) = sum_{g: p > 0} p log2(p / q~), q~ = (1 - a) q + a p, over two genre distributions
     * of the same length; NaN when p is all zeros. Shared with the calibrated re-ranker.
     */
    public static double divergence(double[] p, double[] q, double alpha) {
        double kl = 0;
        boolean any = false;
        for (int g = 0; g < p.length; g++) {
            if (p[g] > 0) {
                any = true;
                double qt = (1 - alpha) * q[g] + alpha * p[g];
                kl += p[g] * Math.log(p[g] / qt) / Math.log(2);
            }
        }
        return any ? kl : Double.NaN;
    }
}
