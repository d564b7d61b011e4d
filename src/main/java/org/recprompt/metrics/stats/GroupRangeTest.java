package org.recprompt.metrics.stats;

import java.util.SplittableRandom;

/**
 * Whether per-user values differ between groups of users (an accuracy gap between genders, age
 * groups, occupations, activity levels): the statistic is the range of the group means,
 * R = max_g mean_g - min_g mean_g (for two groups, |mean_A - mean_B|), and its p-value comes from a
 * permutation test (Good 2005, Permutation, Parametric and Bootstrap Tests of Hypotheses, ch. 3): the
 * group labels are shuffled P times (seeded), and p = (1 + #{R_perm >= R_obs}) / (1 + P), which is
 * never 0 (Phipson and Smyth 2010). Groups are different users, so the test is unpaired; it assumes
 * only that, under no gap, labels are exchangeable. Needs at least two non-empty groups; NaN values
 * are not allowed (drop undefined users first).
 */
public final class GroupRangeTest {

    /** The observed group means (in the order given), their range and its permutation p-value. */
    public record Result(double[] means, double range, double p, int permutations) {
    }

    private GroupRangeTest() {
    }

    /** {@code groups[g]} holds the values of group g's users. */
    public static Result test(double[][] groups, int permutations, long seed) {
        if (permutations < 1) {
            throw new IllegalArgumentException("at least one permutation, not " + permutations);
        }
        int nonEmpty = 0;
        int total = 0;
        for (double[] g : groups) {
            nonEmpty += g.length > 0 ? 1 : 0;
            total += g.length;
            for (double x : g) {
                if (Double.isNaN(x)) {
                    throw new IllegalArgumentException("a value is NaN; remove undefined values first");
                }
            }
        }
        if (nonEmpty < 2) {
            throw new IllegalArgumentException("a gap needs at least two groups with users, not " + nonEmpty);
        }
        double[] pooled = new double[total];
        int[] sizes = new int[groups.length];
        int at = 0;
        for (int g = 0; g < groups.length; g++) {
            System.arraycopy(groups[g], 0, pooled, at, groups[g].length);
            sizes[g] = groups[g].length;
            at += groups[g].length;
        }
        double[] means = means(pooled, sizes);
        double observed = range(means, sizes);
        SplittableRandom random = new SplittableRandom(seed);
        double[] shuffled = pooled.clone();
        int atLeast = 0;
        double tolerance = 1e-12 * Math.max(1, Math.abs(observed));
        for (int p = 0; p < permutations; p++) {
            for (int i = shuffled.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                double t = shuffled[i];
                shuffled[i] = shuffled[j];
                shuffled[j] = t;
            }
            if (range(means(shuffled, sizes), sizes) >= observed - tolerance) {
                atLeast++;
            }
        }
        return new Result(means, observed, (1.0 + atLeast) / (1.0 + permutations), permutations);
    }

    private static double[] means(double[] values, int[] sizes) {
        double[] out = new double[sizes.length];
        int at = 0;
        for (int g = 0; g < sizes.length; g++) {
            double s = 0;
            for (int i = 0; i < sizes[g]; i++) {
                s += values[at + i];
            }
            out[g] = sizes[g] == 0 ? Double.NaN : s / sizes[g];
            at += sizes[g];
        }
        return out;
    }

    private static double range(double[] means, int[] sizes) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int g = 0; g < means.length; g++) {
            if (sizes[g] > 0) {
                min = Math.min(min, means[g]);
                max = Math.max(max, means[g]);
            }
        }
        return max - min;
    }
}
