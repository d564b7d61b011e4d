package org.recprompt.metrics.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.math3.distribution.TDistribution;
import org.junit.jupiter.api.Test;

class StatsTest {

    static final double EPS = 1e-12;

    @Test
    void holm_multiplies_sorted_p_values_by_the_remaining_count_and_keeps_them_monotone() {
        // sorted .01*4 = .04, .03*3 = .09, .04*2 = .08 -> .09, .2*1 = .2
        assertThat(HolmBonferroni.adjust(new double[] {0.01, 0.04, 0.03, 0.2}))
                .containsExactly(new double[] {0.04, 0.09, 0.09, 0.2}, within(EPS));
        assertThat(HolmBonferroni.adjust(new double[] {0.9, Double.NaN, 0.6}))
                .containsExactly(new double[] {1.0, Double.NaN, 1.0}, within(EPS));
    }

    @Test
    void wilcoxon_is_exact_for_few_pairs_and_drops_zero_differences() {
        // differences 1..5 and one 0: W+ = 15 over 5 pairs, exact two-sided p = 2/32
        double[] a = {2, 3, 4, 5, 6, 7};
        double[] b = {1, 1, 1, 1, 1, 7};
        PairedComparison c = PairedComparison.of(a, b, 7);
        assertThat(c.wilcoxonP()).isCloseTo(0.0625, within(EPS));
        assertThat(c.rankBiserial()).isCloseTo(1.0, within(EPS));
        assertThat(c.n()).isEqualTo(6);
    }

    @Test
    void the_exact_wilcoxon_p_value_is_commons_maths_counted_without_enumerating_every_subset() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        for (int n = 1; n <= 16; n++) {
            double[] a = new double[n];
            double[] b = new double[n];
            for (int k = 0; k < n; k++) {
                a[k] = random.nextInt(7) - 3;  // small integers: ties in |difference| happen
                b[k] = a[k] == 0 ? 1 : 0;
            }
            var commons = new org.apache.commons.math3.stat.inference.WilcoxonSignedRankTest();
            assertThat(PairedComparison.exactP(commons.wilcoxonSignedRank(a, b), n))
                    .isEqualTo(Math.min(1, commons.wilcoxonSignedRankTest(a, b, true)));
        }
        // W = 29*30/2 = 435 over 29 pairs: only the full set reaches it. Enumeration would visit 2^29 subsets.
        long start = System.nanoTime();
        assertThat(PairedComparison.exactP(435, 29)).isEqualTo(2.0 / (1L << 29));
        assertThat(PairedComparison.exactP(0, 29)).as("a p-value is at most 1").isEqualTo(1.0);
        assertThat(System.nanoTime() - start).isLessThan(1_000_000_000L);
    }

    @Test
    void paired_t_test_and_cohens_d_follow_their_formulas() {
        // differences 1..5: mean 3, sd sqrt(2.5); t = 3 / (sqrt(2.5)/sqrt(5)), df 4
        double[] a = {2, 3, 4, 5, 6};
        double[] b = {1, 1, 1, 1, 1};
        PairedComparison c = PairedComparison.of(a, b, 7);
        double t = 3 / Math.sqrt(2.5 / 5);
        assertThat(c.tTestP()).isCloseTo(2 * (1 - new TDistribution(4).cumulativeProbability(t)), within(1e-9));
        assertThat(c.cohensD()).isCloseTo(3 / Math.sqrt(2.5), within(EPS));
        assertThat(c.meanDifference()).isCloseTo(3.0, within(EPS));
        assertThat(c.ciLow()).isBetween(1.0, 3.0);
        assertThat(c.ciHigh()).isBetween(3.0, 5.0);
    }

    @Test
    void rank_biserial_is_the_difference_of_signed_rank_sums_over_their_total() {
        // differences 1, -2, 3: W+ = 1 + 3, W- = 2
        assertThat(PairedComparison.rankBiserial(new double[] {1, -2, 3})).isCloseTo(1 / 3.0, within(EPS));
    }

    @Test
    void identical_variants_give_undefined_tests_not_errors() {
        PairedComparison c = PairedComparison.of(new double[] {1, 0, 1}, new double[] {1, 0, 1}, 1);
        assertThat(c.wilcoxonP()).isNaN();
        assertThat(c.tTestP()).isNaN();
        assertThat(c.meanDifference()).isZero();
    }

    @Test
    void the_bootstrap_is_seeded_and_needs_a_thousand_resamples() {
        double[] v = {0, 1, 0, 1, 1, 0, 0, 1, 1, 1};
        assertThat(Bootstrap.percentileCi(v, 1000, 0.95, 5)).containsExactly(Bootstrap.percentileCi(v, 1000, 0.95, 5));
        assertThat(Bootstrap.percentileCi(new double[] {0.3, 0.3}, 1000, 0.95, 5))
                .containsExactly(new double[] {0.3, 0.3}, within(EPS));
        assertThatThrownBy(() -> Bootstrap.percentileCi(v, 999, 0.95, 5)).isInstanceOf(IllegalArgumentException.class);
        Summary s = Summary.of(v, 11);
        assertThat(s.mean()).isCloseTo(0.6, within(EPS));
        assertThat(s.n()).isEqualTo(10);
        assertThat(s.ciLow()).isLessThanOrEqualTo(0.6);
        assertThat(s.ciHigh()).isGreaterThanOrEqualTo(0.6);
    }
}
