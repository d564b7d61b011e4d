package org.recprompt.metrics.stats;

import java.util.Arrays;

import org.apache.commons.math3.stat.inference.TTest;
import org.apache.commons.math3.stat.inference.WilcoxonSignedRankTest;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * Two variants evaluated on the same users, compared pair by pair (METRICS.md "Statistics").
 * <ul>
 * <li>Wilcoxon signed-rank (Wilcoxon 1945), two-sided, from commons-math3: pairs with a zero
 * difference are dropped first (Wilcoxon's convention; commons-math3 would rank them), then the
 * exact p-value is used below 30 remaining pairs and the normal approximation otherwise (commons-math3
 * applies no tie correction to it). NaN with no non-zero difference. The exact p-value is the one
 * commons-math3 defines, counted by dynamic programming ({@link #exactP}).</li>
 * <li>Paired t-test (commons-math3), two-sided; NaN with fewer than 2 pairs or no variance.</li>
 * <li>Effect sizes: Cohen's d for paired data, d_z = mean(diff) / sd(diff) (Cohen 1988; sample sd),
 * and the matched-pairs rank-biserial r = (W+ - W-) / (W+ + W-) over the non-zero differences
 * (Kerby 2014, The simple difference formula), in [-1, 1], positive when a beats b.</li>
 * <li>The mean difference a - b with its seeded percentile bootstrap 95% interval.</li>
 * </ul>
 */
public record PairedComparison(int n, double meanDifference, double ciLow, double ciHigh, double wilcoxonP,
        double tTestP, double cohensD, double rankBiserial) {

    public static final int EXACT_BELOW = 30;

    public static PairedComparison of(double[] a, double[] b, long seed) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired samples differ in length: " + a.length + " and " + b.length);
        }
        int n = a.length;
        double[] diff = new double[n];
        for (int k = 0; k < n; k++) {
            diff[k] = a[k] - b[k];
        }
        double[] ci = n == 0 ? new double[] {Double.NaN, Double.NaN}
                : Bootstrap.percentileCi(diff, Bootstrap.DEFAULT_RESAMPLES, 0.95, seed);
        return new PairedComparison(n, Bootstrap.mean(diff), ci[0], ci[1], wilcoxon(a, b), tTest(a, b), cohensD(diff),
                rankBiserial(diff));
    }

    static double wilcoxon(double[] a, double[] b) {
        int m = 0;
        double[] x = new double[a.length];
        double[] y = new double[a.length];
        for (int k = 0; k < a.length; k++) {
            if (a[k] != b[k]) {
                x[m] = a[k];
                y[m] = b[k];
                m++;
            }
        }
        if (m == 0) {
            return Double.NaN;
        }
        double[] xs = Arrays.copyOf(x, m);
        double[] ys = Arrays.copyOf(y, m);
        WilcoxonSignedRankTest test = new WilcoxonSignedRankTest();
        if (m < EXACT_BELOW) {
            return exactP(test.wilcoxonSignedRank(xs, ys), m);
        }
        return test.wilcoxonSignedRankTest(xs, ys, false);
    }

    /**
     * The exact two-sided p-value commons-math3 computes for W_max = max(W+, W-) over n pairs,
     * 2 * #{subsets S of 1..n : sum(S) >= W_max} / 2^n (capped at 1: commons-math3 returns slightly
     * more when W_max sits on the middle of the distribution), counted by dynamic programming over rank
     * sums (O(n^3)) instead of enumerating the 2^n subsets, which takes minutes near n = 29.
     */
    static double exactP(double wMax, int n) {
        int max = n * (n + 1) / 2;
        long[] ways = new long[max + 1];
        ways[0] = 1;
        for (int rank = 1; rank <= n; rank++) {
            for (int sum = max; sum >= rank; sum--) {
                ways[sum] += ways[sum - rank];
            }
        }
        long atLeast = 0;
        for (int sum = 0; sum <= max; sum++) {
            if (sum >= wMax) {
                atLeast += ways[sum];
            }
        }
        return Math.min(1, 2 * ((double) atLeast) / ((double) (1L << n)));
    }

    static double tTest(double[] a, double[] b) {
        if (a.length < 2) {
            return Double.NaN;
        }
        double sd = sd(diffOf(a, b));
        return sd == 0 ? Double.NaN : new TTest().pairedTTest(a, b);
    }

    static double cohensD(double[] diff) {
        if (diff.length < 2) {
            return Double.NaN;
        }
        double sd = sd(diff);
        return sd == 0 ? Double.NaN : Bootstrap.mean(diff) / sd;
    }

    static double rankBiserial(double[] diff) {
        double[] nonZero = Arrays.stream(diff).filter(d -> d != 0).toArray();
        if (nonZero.length == 0) {
            return Double.NaN;
        }
        double[] abs = Arrays.stream(nonZero).map(Math::abs).toArray();
        double[] ranks = new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE).rank(abs);
        double plus = 0;
        double minus = 0;
        for (int k = 0; k < nonZero.length; k++) {
            if (nonZero[k] > 0) {
                plus += ranks[k];
            } else {
                minus += ranks[k];
            }
        }
        return (plus - minus) / (plus + minus);
    }

    private static double[] diffOf(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int k = 0; k < a.length; k++) {
            d[k] = a[k] - b[k];
        }
        return d;
    }

    private static double sd(double[] x) {
        double mean = Bootstrap.mean(x);
        double ss = 0;
        for (double v : x) {
            ss += (v - mean) * (v - mean);
        }
        return Math.sqrt(ss / (x.length - 1));
    }
}
