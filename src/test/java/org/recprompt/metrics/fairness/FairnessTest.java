package org.recprompt.metrics.fairness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.recprompt.metrics.Lists.ints;
import static org.recprompt.metrics.Lists.recs;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.recprompt.metrics.RankedList;
import org.recprompt.metrics.UserRecs;
import org.recprompt.metrics.accuracy.HitRate;

/** Neutral list N = [1, 2, 3, 4], sensitive list S = [2, 1, 5, 3], K = 4, catalog of 10. */
class FairnessTest {

    static final double EPS = 1e-12;
    final RankedList neutral = RankedList.of(ints(1, 2, 3, 4), 10);
    final RankedList sensitive = RankedList.of(ints(2, 1, 5, 3), 10);

    @Test
    void jaccard_is_the_overlap_of_the_top_k_sets() {
        // {1, 2, 3} common, union {1, 2, 3, 4, 5}
        assertThat(ListSimilarity.jaccard(sensitive, neutral, 4)).isCloseTo(3 / 5.0, within(EPS));
        // top 2: {2, 1} and {1, 2}
        assertThat(ListSimilarity.jaccard(sensitive, neutral, 2)).isCloseTo(1.0, within(EPS));
        assertThat(ListSimilarity.jaccard(RankedList.empty(), RankedList.empty(), 3)).isEqualTo(1.0);
    }

    @Test
    void serp_star_weights_shared_items_by_their_rank_in_the_sensitive_list() {
        // ranks 1 (item 2): 4, 2 (item 1): 3, 3 (item 5, not in N): 0, 4 (item 3): 1 -> 8 / (4 * 5 / 2)
        assertThat(ListSimilarity.serp(sensitive, neutral, 4)).isCloseTo(0.8, within(EPS));
    }

    @Test
    void prag_star_counts_pairs_ordered_alike_in_both_lists() {
        // S pairs: (2,1) no; (2,5) yes, 5 not in N; (2,3) yes; (1,5) yes; (1,3) yes; (5,3) no, 5 not in N
        // 4 / (4 * 3 / 2)
        assertThat(ListSimilarity.prag(sensitive, neutral, 4)).isCloseTo(4 / 6.0, within(EPS));
        assertThat(ListSimilarity.prag(sensitive, neutral, 1)).isNaN();
    }

    @Test
    void identical_lists_at_k_20_score_one_under_our_normalisation_not_the_public_codes_0_274() {
        RankedList twenty = RankedList.of(IntStream.range(0, 20).toArray(), 100);
        assertThat(ListSimilarity.jaccard(twenty, twenty, 20)).isCloseTo(1.0, within(EPS));
        assertThat(ListSimilarity.serp(twenty, twenty, 20)).isCloseTo(1.0, within(EPS));
        assertThat(ListSimilarity.prag(twenty, twenty, 20)).isCloseTo(1.0, within(EPS));
    }

    @Test
    void short_and_disjoint_lists_keep_the_k_based_normalisers() {
        RankedList one = RankedList.of(ints(1), 10);
        // SERP: (2 - 1 + 1) / (2 * 3 / 2); PRAG: no pair out of 1
        assertThat(ListSimilarity.serp(one, one, 2)).isCloseTo(2 / 3.0, within(EPS));
        assertThat(ListSimilarity.prag(one, one, 2)).isCloseTo(0.0, within(EPS));
        RankedList other = RankedList.of(ints(7, 8), 10);
        assertThat(ListSimilarity.jaccard(other, neutral, 4)).isZero();
        assertThat(ListSimilarity.serp(other, neutral, 4)).isZero();
        assertThat(ListSimilarity.prag(other, neutral, 4)).isZero();
        assertThatThrownBy(() -> ListSimilarity.serp(one, one, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void snsr_is_the_range_and_snsv_the_population_standard_deviation() {
        double[] values = {0.2, 0.5, 0.8};
        assertThat(Sensitivity.snsr(values)).isCloseTo(0.6, within(EPS));
        // mean .5; squared deviations .09, 0, .09; divisor 3
        assertThat(Sensitivity.snsv(values)).isCloseTo(Math.sqrt(0.18 / 3), within(EPS));
        assertThat(Sensitivity.snsv(new double[] {0.4})).isZero();
        assertThat(Sensitivity.snsr(new double[0])).isNaN();
    }

    @Test
    void the_group_gap_is_the_difference_of_group_means() {
        GroupGap gap = new GroupGap(new HitRate(1));
        // A: hits 1, 0 -> .5; B: hits 0, 0, 0 -> 0
        List<UserRecs> a = List.of(recs(ints(1), ints(1)), recs(ints(2), ints(1)));
        List<UserRecs> b = List.of(recs(ints(3), ints(1)), recs(ints(), ints(1)), recs(ints(2), ints(1)));
        assertThat(gap.between(a, b)).isCloseTo(0.5, within(EPS));
        assertThat(gap.between(b, a)).isCloseTo(-0.5, within(EPS));
        assertThat(gap.between(a, List.of())).isNaN();
    }

    @Test
    void users_split_into_cold_and_heavy_at_the_median_history_length() {
        // lengths 1, 2, 3, 4: median 2.5 -> cold {1, 2}, heavy {3, 4}
        List<UserRecs> users = List.of(recs(0, ints(), ints(), ints(1)), recs(1, ints(), ints(), ints(1, 2, 3, 4)),
                recs(2, ints(), ints(), ints(1, 2)), recs(3, ints(), ints(), ints(1, 2, 3)));
        GroupGap.Groups groups = GroupGap.byActivity(users);
        assertThat(groups.cold()).extracting(UserRecs::user).containsExactly(0, 2);
        assertThat(groups.heavy()).extracting(UserRecs::user).containsExactly(1, 3);
        // odd count: lengths 1, 2, 3 -> median 2, cold {1, 2}
        assertThat(GroupGap.byActivity(users.subList(0, 3)).cold()).hasSize(2);
    }
}
