package org.recprompt.metrics.stability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.recprompt.metrics.Lists.ints;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.recprompt.metrics.RankedList;

class StabilityTest {

    static final double EPS = 1e-12;

    static RankedList list(int... items) {
        return RankedList.of(items, 10);
    }

    @Test
    void hit_rate_by_position_counts_hits_and_trials_per_prompt_position() {
        // positions 1, 1, 2, 3, 3, 3 with hits y, n, y, n, n, y; C = 4
        PositionBias.ByPosition byPos = PositionBias.hitRateByPosition(ints(1, 1, 2, 3, 3, 3),
                new boolean[] {true, false, true, false, false, true}, 4);
        assertThat(byPos.hits()).containsExactly(1, 1, 1, 0);
        assertThat(byPos.totals()).containsExactly(2, 1, 3, 0);
        assertThat(byPos.rate(1)).isCloseTo(0.5, within(EPS));
        assertThat(byPos.rate(2)).isCloseTo(1.0, within(EPS));
        assertThat(byPos.rate(3)).isCloseTo(1 / 3.0, within(EPS));
        assertThat(byPos.rate(4)).isNaN();
        assertThatThrownBy(() -> PositionBias.hitRateByPosition(ints(5), new boolean[] {true}, 4))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_first_slot_rate_is_compared_with_one_over_c() {
        // first offered 7, 3, 5, 2; ranked first 7, 4, 5, none -> 2 of 4
        assertThat(PositionBias.firstSlotRate(ints(7, 3, 5, 2), ints(7, 4, 5, -1))).isCloseTo(0.5, within(EPS));
        assertThat(PositionBias.chance(20)).isCloseTo(0.05, within(EPS));
        assertThat(PositionBias.firstSlotRate(ints(), ints())).isNaN();
    }

    @Test
    void selection_by_position_is_the_share_of_answers_whose_top_item_was_offered_there() {
        // C = 4, five answers: top item offered at 1, 1, 3, none (0), 1 -> 3/5, 0, 1/5, 0; the missing one counts in T
        double[] rates = PositionBias.selectionByPosition(ints(1, 1, 3, 0, 1), 4);
        assertThat(rates).containsExactly(new double[] {0.6, 0.0, 0.2, 0.0}, within(EPS));
        assertThat(rates[0]).isCloseTo(PositionBias.firstSlotRate(ints(7, 7, 7, 7, 7), ints(7, 7, 2, -1, 7)), within(EPS));
        assertThat(PositionBias.selectionByPosition(ints(), 3)).containsOnly(Double.NaN);
        assertThatThrownBy(() -> PositionBias.selectionByPosition(ints(5), 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PositionBias.selectionByPosition(ints(1), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void kendall_tau_b_is_concordant_minus_discordant_pairs_over_all_pairs_without_ties() {
        // [1, 2, 3, 4] vs [1, 3, 2, 4]: one discordant pair (2, 3) of 6 -> (5 - 1) / 6
        assertThat(KendallTau.between(list(1, 2, 3, 4), list(1, 3, 2, 4))).isCloseTo(4 / 6.0, within(EPS));
        assertThat(KendallTau.between(list(1, 2, 3, 4), list(1, 2, 3, 4))).isCloseTo(1.0, within(EPS));
        assertThat(KendallTau.between(list(1, 2, 3, 4), list(4, 3, 2, 1))).isCloseTo(-1.0, within(EPS));
    }

    @Test
    void kendall_tau_uses_only_the_items_in_both_lists() {
        // common {1, 3}: ranks (1, 3) in a and (3, 1) in b -> -1
        assertThat(KendallTau.between(list(1, 2, 3), list(3, 9, 1))).isCloseTo(-1.0, within(EPS));
        assertThat(KendallTau.between(list(1, 2), list(2, 8))).isNaN();
    }

    @Test
    void mean_pairwise_jaccard_across_paraphrases_averages_the_unordered_pairs() {
        // top 2: {1, 2}, {2, 1}, {3, 1}: J = 1, 1/3, 1/3
        List<RankedList> lists = List.of(list(1, 2, 5), list(2, 1), list(3, 1, 2));
        assertThat(PromptSensitivity.meanPairwiseJaccard(lists, 2)).isCloseTo((1 + 2 / 3.0) / 3, within(EPS));
        assertThat(PromptSensitivity.meanPairwiseJaccard(List.of(list(1)), 2)).isNaN();
    }

    @Test
    void the_spread_across_paraphrases_has_min_max_and_population_std() {
        PromptSensitivity.Spread s = PromptSensitivity.Spread.of(new double[] {0.3, 0.1, 0.2});
        assertThat(s.n()).isEqualTo(3);
        assertThat(s.min()).isEqualTo(0.1);
        assertThat(s.max()).isEqualTo(0.3);
        assertThat(s.range()).isCloseTo(0.2, within(EPS));
        assertThat(s.mean()).isCloseTo(0.2, within(EPS));
        // deviations .1, -.1, 0: sqrt(.02 / 3)
        assertThat(s.std()).isCloseTo(Math.sqrt(0.02 / 3), within(EPS));
        assertThat(PromptSensitivity.Spread.of(new double[0]).mean()).isNaN();
    }
}
