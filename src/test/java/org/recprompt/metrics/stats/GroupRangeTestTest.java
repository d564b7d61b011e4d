package org.recprompt.metrics.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GroupRangeTestTest {

    @Test
    void the_range_of_group_means_and_its_permutation_p_value_match_exact_enumeration() {
        // A = {1, 1, 1}, B = {0, 0, 0}: range 1. Of the C(6, 3) = 20 ways to label three values A, only the
        // two that put the three ones together reach a range of 1, so the exact p is 2 / 20 = 0.1.
        GroupRangeTest.Result r = GroupRangeTest.test(new double[][] {{1, 1, 1}, {0, 0, 0}}, 40_000, 5);
        assertThat(r.means()).containsExactly(1.0, 0.0);
        assertThat(r.range()).isEqualTo(1.0);
        assertThat(r.p()).isCloseTo(0.1, within(0.01));
    }

    @Test
    void three_groups_use_the_largest_minus_the_smallest_mean_and_equal_groups_are_not_significant() {
        // means 2, 5, 3.5: range 3
        GroupRangeTest.Result r = GroupRangeTest.test(new double[][] {{1, 3}, {5}, {3, 4}}, 1000, 1);
        assertThat(r.means()).containsExactly(2.0, 5.0, 3.5);
        assertThat(r.range()).isCloseTo(3.0, within(1e-12));
        GroupRangeTest.Result same = GroupRangeTest.test(new double[][] {{1, 2, 3, 4}, {1, 2, 3, 4}}, 2000, 1);
        assertThat(same.range()).isZero();
        assertThat(same.p()).isEqualTo(1.0); // every permutation reaches a range >= 0
    }

    @Test
    void the_p_value_is_never_zero_and_is_seeded() {
        double[][] apart = {{10, 11, 12, 13, 14, 15, 16, 17}, {0, 1, 2, 3, 4, 5, 6, 7}};
        GroupRangeTest.Result a = GroupRangeTest.test(apart, 999, 3);
        assertThat(a.p()).isGreaterThan(0).isLessThan(0.01);
        assertThat(GroupRangeTest.test(apart, 999, 3).p()).isEqualTo(a.p());
    }

    @Test
    void empty_groups_are_ignored_but_two_non_empty_ones_are_needed_and_nan_is_refused() {
        GroupRangeTest.Result r = GroupRangeTest.test(new double[][] {{1}, {}, {0}}, 100, 1);
        assertThat(r.range()).isEqualTo(1.0);
        assertThat(r.means()[1]).isNaN();
        assertThatThrownBy(() -> GroupRangeTest.test(new double[][] {{1, 2}, {}}, 100, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two groups");
        assertThatThrownBy(() -> GroupRangeTest.test(new double[][] {{1, Double.NaN}, {0}}, 100, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
    }
}
