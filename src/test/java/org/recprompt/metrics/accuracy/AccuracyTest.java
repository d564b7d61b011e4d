package org.recprompt.metrics.accuracy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.recprompt.metrics.Lists.ints;
import static org.recprompt.metrics.Lists.log2;
import static org.recprompt.metrics.Lists.recs;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.recprompt.metrics.Mean;
import org.recprompt.metrics.UserRecs;

/** Hand-computed values: the comment beside each assertion is the computation. */
class AccuracyTest {

    static final double EPS = 1e-12;

    // L = [3, 1, 7, 2], R = {1, 2}
    final UserRecs twoRelevant = recs(ints(3, 1, 7, 2), ints(1, 2));

    @Test
    void hit_rate_is_one_when_a_relevant_item_is_within_k() {
        assertThat(new HitRate(1).evaluate(twoRelevant)).isEqualTo(0.0);
        assertThat(new HitRate(2).evaluate(twoRelevant)).isEqualTo(1.0);
    }

    @Test
    void precision_divides_by_k_even_when_the_list_is_shorter() {
        assertThat(new Precision(4).evaluate(twoRelevant)).isCloseTo(2 / 4.0, within(EPS));
        // one item, one hit, K = 10: 1/10, not 1/1
        assertThat(new Precision(10).evaluate(recs(ints(5), ints(5)))).isCloseTo(0.1, within(EPS));
    }

    @Test
    void recall_divides_by_the_number_of_relevant_items() {
        assertThat(new Recall(2).evaluate(twoRelevant)).isCloseTo(1 / 2.0, within(EPS));
        assertThat(new Recall(4).evaluate(twoRelevant)).isCloseTo(1.0, within(EPS));
    }

    @Test
    void reciprocal_rank_is_one_over_the_first_hit_within_k() {
        assertThat(new ReciprocalRank(10).evaluate(twoRelevant)).isCloseTo(0.5, within(EPS));
        assertThat(new ReciprocalRank(1).evaluate(twoRelevant)).isEqualTo(0.0);
    }

    @Test
    void ndcg_sums_discounted_hits_over_the_ideal_cut_to_k() {
        // K = 3: DCG = d(2) = 1/log2 3; IDCG = d(1) + d(2) = 1 + 1/log2 3
        double d2 = 1 / log2(3);
        assertThat(new Ndcg(3).evaluate(twoRelevant)).isCloseTo(d2 / (1 + d2), within(EPS));
        // K = 4: DCG = d(2) + d(4) = 1/log2 3 + 1/log2 5
        assertThat(new Ndcg(4).evaluate(twoRelevant)).isCloseTo((d2 + 1 / log2(5)) / (1 + d2), within(EPS));
    }

    @Test
    void ndcg_is_one_for_a_perfect_top_k_even_with_more_relevant_items_than_k() {
        // LensKit's old bug: an ideal list of 5 relevant items not cut to K = 2 would give < 1.
        UserRecs u = recs(ints(1, 2, 3), ints(1, 2, 3, 4, 5));
        assertThat(new Ndcg(2).evaluate(u)).isCloseTo(1.0, within(EPS));
    }

    @Test
    void ndcg_keeps_the_ideal_when_the_list_is_shorter_than_k() {
        // L = [5], R = {5, 6}, K = 10: DCG = 1, IDCG = 1 + 1/log2 3
        assertThat(new Ndcg(10).evaluate(recs(ints(5), ints(5, 6)))).isCloseTo(1 / (1 + 1 / log2(3)), within(EPS));
    }

    @Test
    void duplicates_and_unknown_items_are_removed_before_ranking() {
        // raw [4, 4, 9] -> [4, 9]: the hit 9 is at rank 2, and counts once
        UserRecs dup = recs(ints(4, 4, 9, 9), ints(9));
        assertThat(new Ndcg(10).evaluate(dup)).isCloseTo(1 / log2(3), within(EPS));
        assertThat(new ReciprocalRank(10).evaluate(dup)).isCloseTo(0.5, within(EPS));
        assertThat(new Precision(3).evaluate(dup)).isCloseTo(1 / 3.0, within(EPS));
        // raw [-1, 12, 9] over a catalog of 10 -> [9]
        UserRecs unknown = recs(ints(-1, 12, 9), ints(9));
        assertThat(new Ndcg(10).evaluate(unknown)).isCloseTo(1.0, within(EPS));
        assertThat(new HitRate(1).evaluate(unknown)).isEqualTo(1.0);
    }

    @Test
    void an_empty_list_scores_zero_on_every_accuracy_metric_and_still_counts_in_the_mean() {
        UserRecs empty = recs(ints(), ints(3));
        assertThat(List.of(new HitRate(5), new Precision(5), new Recall(5), new ReciprocalRank(5), new Ndcg(5)))
                .allSatisfy(m -> assertThat(m.evaluate(empty)).isEqualTo(0.0));

        Mean.Acc mean = new Mean(new HitRate(5)).accumulator();
        mean.add(empty);
        mean.add(recs(ints(3), ints(3)));
        assertThat(mean.evaluate()).isCloseTo(0.5, within(EPS));
        assertThat(mean.count()).isEqualTo(2);
    }

    @Test
    void a_user_without_relevant_items_scores_zero() {
        UserRecs none = recs(ints(1, 2), ints());
        assertThat(new Recall(5).evaluate(none)).isZero();
        assertThat(new Ndcg(5).evaluate(none)).isZero();
    }

    @Test
    void a_cutoff_below_one_is_refused() {
        assertThatThrownBy(() -> new Ndcg(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void chance_levels_match_the_reference_results() {
        assertThat(ChanceLevel.ndcg(5, 20)).isCloseTo(0.1474, within(5e-5));
        assertThat(ChanceLevel.ndcg(10, 20)).isCloseTo(0.2272, within(5e-5));
        assertThat(ChanceLevel.ndcg(1, 5)).isCloseTo(0.2, within(EPS));
        assertThat(ChanceLevel.ndcg(3, 5)).isCloseTo(0.4262, within(5e-5));
        // (1 + 1/log2 3 + 1/2) / 5
        assertThat(ChanceLevel.ndcg(3, 5)).isCloseTo((1.5 + 1 / log2(3)) / 5, within(EPS));
        assertThat(ChanceLevel.hitRate(10, 20)).isCloseTo(0.5, within(EPS));
        assertThat(ChanceLevel.hitRate(30, 20)).isEqualTo(1.0);
        assertThat(ChanceLevel.mrr(2, 4)).isCloseTo(1.5 / 4, within(EPS));
    }

    @Test
    void the_mean_ndcg_of_every_position_of_one_relevant_item_is_the_chance_level() {
        // The relevant item at each of the C = 20 positions once: the exact average of a random ranking.
        Mean.Acc mean = new Mean(new Ndcg(10)).accumulator();
        for (int pos = 0; pos < 20; pos++) {
            int[] list = new int[20];
            for (int r = 0; r < 20; r++) {
                list[r] = r == pos ? 0 : r + 100;
            }
            mean.add(new UserRecs(pos, org.recprompt.metrics.RankedList.of(list, 200), ints(0), ints()));
        }
        assertThat(mean.evaluate()).isCloseTo(ChanceLevel.ndcg(10, 20), within(EPS));
    }
}
