package org.recprompt.metrics.diversity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.recprompt.metrics.Lists.ints;
import static org.recprompt.metrics.Lists.log2;
import static org.recprompt.metrics.Lists.recs;

import org.junit.jupiter.api.Test;
import org.recprompt.metrics.Mean;
import org.recprompt.metrics.SystemMetric;

/** Items 0..9 with genres 0 {0}, 1 {0, 1}, 2 {2}, 3 {}, 4 {}, 5 {1}, the rest {}. */
class DiversityTest {

    static final double EPS = 1e-12;
    final Genres genres = new Genres(new int[][] {{0}, {1, 0, 1}, {2}, {}, null, {1}, {}, {}, {}, {}}, 3);

    @Test
    void genre_ild_is_the_mean_pairwise_jaccard_distance() {
        // (0,1): 1 - 1/2; (0,2): 1; (1,2): 1
        assertThat(new GenreIld(genres).evaluate(recs(ints(0, 1, 2), ints()))).isCloseTo(2.5 / 3, within(EPS));
        // two genre-less items are identical
        assertThat(new GenreIld(genres).evaluate(recs(ints(3, 4), ints()))).isCloseTo(0.0, within(EPS));
    }

    @Test
    void genre_ild_skips_lists_shorter_than_two_and_counts_them() {
        Mean.Acc ild = new Mean(new GenreIld(genres)).accumulator();
        ild.add(recs(ints(0), ints()));
        ild.add(recs(ints(0, 0), ints()));
        ild.add(recs(ints(0, 2), ints()));
        assertThat(ild.evaluate()).isCloseTo(1.0, within(EPS));
        assertThat(ild.skipped()).isEqualTo(2);
    }

    @Test
    void calibration_kl_follows_steck_with_alpha_one_percent() {
        // p = (0.75, 0.25, 0) from history [0, 1]; q = (0, 0.5, 0.5) from [2, 5]
        double q0 = 0.01 * 0.75;
        double q1 = 0.99 * 0.5 + 0.01 * 0.25;
        double expected = 0.75 * log2(0.75 / q0) + 0.25 * log2(0.25 / q1);
        assertThat(new CalibrationKl(genres).evaluate(recs(0, ints(2, 5), ints(), ints(0, 1))))
                .isCloseTo(expected, within(EPS));
    }

    @Test
    void calibration_kl_is_zero_when_the_list_matches_the_history_and_maximal_when_empty() {
        CalibrationKl kl = new CalibrationKl(genres);
        assertThat(kl.evaluate(recs(0, ints(0, 1), ints(), ints(0, 1)))).isCloseTo(0.0, within(EPS));
        assertThat(kl.evaluate(recs(0, ints(), ints(), ints(0, 1)))).isCloseTo(log2(100), within(EPS));
        assertThat(kl.evaluate(recs(0, ints(0), ints(), ints(3)))).isNaN();
    }

    @Test
    void in_bubble_share_counts_items_whose_genres_all_lie_in_the_top_history_genres() {
        // history mass: g0 1.5, g1 2.5, g2 1
        int[] history = ints(0, 1, 2, 5, 5);
        var list = recs(0, ints(0, 1, 2, 3), ints(), history);
        assertThat(new InBubbleShare(genres, 2).evaluate(list)).isCloseTo(0.5, within(EPS));
        assertThat(new InBubbleShare(genres).evaluate(list)).isCloseTo(0.75, within(EPS));
        assertThat(new InBubbleShare(genres).evaluate(recs(0, ints(), ints(), history))).isNaN();
    }

    @Test
    void genre_novelty_counts_items_with_a_genre_the_history_lacks() {
        assertThat(new GenreNovelty(genres).evaluate(recs(0, ints(1, 2, 3, 0), ints(), ints(0))))
                .isCloseTo(0.5, within(EPS));
        assertThat(new GenreNovelty(genres).evaluate(recs(0, ints(), ints(), ints(0)))).isNaN();
    }

    @Test
    void homogenisation_is_the_mean_jaccard_over_user_pairs() {
        SystemMetric.Accumulator acc = new Homogenisation().accumulator();
        acc.add(recs(ints(0, 1), ints()));
        acc.add(recs(ints(2, 1, 1), ints()));
        acc.add(recs(ints(), ints()));
        // J = 1/3, 0, 0
        assertThat(acc.evaluate()).isCloseTo(1 / 9.0, within(EPS));
        SystemMetric.Accumulator one = new Homogenisation().accumulator();
        one.add(recs(ints(1), ints()));
        assertThat(one.evaluate()).isNaN();
    }

    @Test
    void genre_entropy_is_the_shannon_entropy_of_steck_genre_shares() {
        // [0, 1, 2]: genre 0 gets 1 + 1/2, genre 1 gets 1/2, genre 2 gets 1, over 3 items: (1/2, 1/6, 1/3)
        double expected = -(0.5 * log2(0.5) + 1 / 6.0 * log2(1 / 6.0) + 1 / 3.0 * log2(1 / 3.0));
        assertThat(new GenreEntropy(genres).of(ints(0, 1, 2))).isCloseTo(expected, within(EPS));
        // one genre only: no uncertainty
        assertThat(new GenreEntropy(genres).of(ints(0))).isCloseTo(0.0, within(EPS));
        // two items with a genre each, evenly: 1 bit; a genre-less item adds nothing
        assertThat(new GenreEntropy(genres).of(ints(0, 5, 3))).isCloseTo(1.0, within(EPS));
    }

    @Test
    void genre_entropy_counts_repeats_and_is_undefined_without_genres() {
        // [0, 0, 5]: (2/3, 1/3)
        double expected = -(2 / 3.0 * log2(2 / 3.0) + 1 / 3.0 * log2(1 / 3.0));
        assertThat(new GenreEntropy(genres).of(ints(0, 0, 5))).isCloseTo(expected, within(EPS));
        assertThat(new GenreEntropy(genres).of(ints())).isNaN();
        assertThat(new GenreEntropy(genres).of(ints(3, 4))).isNaN();
        // as a list metric the list is normalised first: the repeat and the non-catalog id are dropped
        assertThat(new GenreEntropy(genres).evaluate(recs(ints(0, 0, 5, 42), ints()))).isCloseTo(1.0, within(EPS));
    }
}
