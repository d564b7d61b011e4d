package org.recprompt.metrics.accuracy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.recprompt.metrics.Lists.log2;

import org.junit.jupiter.api.Test;

class PairwiseRankTest {

    static final double EPS = 1e-12;

    @Test
    void the_target_rank_is_one_plus_the_items_with_more_wins() {
        // wins 3, 1, 2, 0: target 1 has items 0 and 2 above it
        double[] wins = {3, 1, 2, 0};
        assertThat(PairwiseRank.rank(wins, 1)).isCloseTo(3.0, within(EPS));
        assertThat(PairwiseRank.rank(wins, 0)).isCloseTo(1.0, within(EPS));
        assertThat(PairwiseRank.ndcg(wins, 1, 10)).isCloseTo(1 / log2(4), within(EPS));
        assertThat(PairwiseRank.hitRate(wins, 1, 2)).isZero();
    }

    @Test
    void ties_are_averaged_over_the_tied_orderings() {
        // wins 2, 2, 2, 3: target 0 has 1 above and 2 tied -> positions 2, 3, 4 equally likely
        double[] wins = {2, 2, 2, 3};
        assertThat(PairwiseRank.rank(wins, 0)).isCloseTo(3.0, within(EPS));
        assertThat(PairwiseRank.ndcg(wins, 0, 10)).isCloseTo((1 / log2(3) + 1 / log2(4) + 1 / log2(5)) / 3, within(EPS));
        // K = 3: positions 2 and 3 count
        assertThat(PairwiseRank.ndcg(wins, 0, 3)).isCloseTo((1 / log2(3) + 1 / log2(4)) / 3, within(EPS));
        assertThat(PairwiseRank.hitRate(wins, 0, 3)).isCloseTo(2 / 3.0, within(EPS));
        assertThat(PairwiseRank.hitRate(wins, 0, 1)).isZero();
        // all tied over 4 candidates: expected rank 2.5, HR@1 = 1/4
        assertThat(PairwiseRank.rank(new double[] {1, 1, 1, 1}, 2)).isCloseTo(2.5, within(EPS));
        assertThat(PairwiseRank.hitRate(new double[] {1, 1, 1, 1}, 2, 1)).isCloseTo(0.25, within(EPS));
    }
}
