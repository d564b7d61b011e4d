package org.recprompt.metrics.concentration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.recprompt.metrics.Lists.ints;
import static org.recprompt.metrics.Lists.log2;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.recprompt.metrics.RankedList;
import org.recprompt.metrics.SystemMetric;
import org.recprompt.metrics.UserRecs;

/** A catalog of 4 items. */
class ConcentrationTest {

    static final double EPS = 1e-12;

    static double run(SystemMetric m, int[]... lists) {
        SystemMetric.Accumulator acc = m.accumulator();
        for (int[] l : lists) {
            acc.add(new UserRecs(0, RankedList.of(l, 4), ints(), ints()));
        }
        return acc.evaluate();
    }

    // counts [3, 1, 1, 0]
    final int[][] lists = {ints(0, 1), ints(0, 0), ints(0, 2, 7)};

    @Test
    void coverage_is_the_share_of_catalog_items_recommended_at_least_once() {
        assertThat(run(new Coverage(4), lists)).isCloseTo(0.75, within(EPS));
        Exposure.Counts c = new Coverage(4).accumulator();
        for (int[] l : lists) {
            c.add(new UserRecs(0, RankedList.of(l, 4), ints(), ints()));
        }
        assertThat(Coverage.count(c.counts())).isEqualTo(3);
        assertThat(c.counts()).containsExactly(3, 1, 1, 0);
        assertThat(run(new Coverage(4))).isZero();
    }

    @Test
    void gini_counts_never_recommended_items_as_zeros() {
        // sorted [0, 1, 1, 3], n = 4, N = 5: (-3*0 - 1*1 + 1*1 + 3*3) / (5 * 3)
        assertThat(run(new Gini(4), lists)).isCloseTo(0.6, within(EPS));
    }

    @Test
    void gini_is_zero_for_uniform_exposure_and_one_when_one_item_takes_all() {
        assertThat(run(new Gini(4), ints(0), ints(1), ints(2), ints(3))).isCloseTo(0.0, within(EPS));
        assertThat(run(new Gini(4), ints(2), ints(2), ints(2))).isCloseTo(1.0, within(EPS));
        assertThat(run(new Gini(4))).isNaN();
    }

    @Test
    void entropy_is_in_bits_and_normalised_by_the_catalog_size() {
        double h = -(0.6 * log2(0.6) + 2 * 0.2 * log2(0.2));
        assertThat(run(new Entropy(4, false), lists)).isCloseTo(h, within(EPS));
        assertThat(run(new Entropy(4, true), lists)).isCloseTo(h / 2, within(EPS));
        assertThat(run(new Entropy(4, true), ints(0, 1, 2, 3))).isCloseTo(1.0, within(EPS));
        assertThat(run(new Entropy(4, false), ints(1))).isCloseTo(0.0, within(EPS));
    }

    @Test
    void accumulators_combine_to_the_same_value_as_one_pass() {
        Gini g = new Gini(4);
        SystemMetric.Accumulator a = g.accumulator();
        SystemMetric.Accumulator b = g.accumulator();
        a.add(new UserRecs(0, RankedList.of(lists[0], 4), ints(), ints()));
        b.add(new UserRecs(1, RankedList.of(lists[1], 4), ints(), ints()));
        b.add(new UserRecs(2, RankedList.of(lists[2], 4), ints(), ints()));
        a.combine(b);
        assertThat(a.evaluate()).isCloseTo(0.6, within(EPS));
        assertThat(List.of(a)).hasSize(1);
    }
}
