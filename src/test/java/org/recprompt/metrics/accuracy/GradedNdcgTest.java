package org.recprompt.metrics.accuracy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.recprompt.metrics.Lists.ints;
import static org.recprompt.metrics.Lists.log2;

import org.junit.jupiter.api.Test;
import org.recprompt.metrics.RankedList;
import org.recprompt.metrics.UserRecs;

/** Hand-computed graded NDCG: gains 2^rating - 1. */
class GradedNdcgTest {

    static final double EPS = 1e-12;
    static final double D2 = 1 / log2(3);

    static UserRecs user(int[] raw, int[] relevant, double[] ratings) {
        return new UserRecs(0, RankedList.of(raw, 10), relevant, ints(), ratings);
    }

    // R = {1 rated 4, 2 rated 5, 5 rated 3}: gains 15, 31, 7; L = [3, 1, 2, 9]
    final UserRecs u = user(ints(3, 1, 2, 9), ints(5, 1, 2), new double[] {3, 4, 5});

    @Test
    void gains_are_two_to_the_rating_minus_one_and_the_ideal_list_sorts_them() {
        // K = 3: DCG = 15 d(2) + 31 d(3); IDCG = 31 + 15 d(2) + 7 d(3), d(3) = 1/2
        assertThat(new GradedNdcg(3).evaluate(u)).isCloseTo((15 * D2 + 15.5) / (31 + 15 * D2 + 3.5), within(EPS));
        // K = 2: DCG = 15 d(2); IDCG = 31 + 15 d(2)
        assertThat(new GradedNdcg(2).evaluate(u)).isCloseTo(15 * D2 / (31 + 15 * D2), within(EPS));
        assertThat(GradedNdcg.gain(0.5)).isCloseTo(Math.sqrt(2) - 1, within(EPS));
    }

    @Test
    void equal_ratings_give_binary_ndcg() {
        UserRecs even = user(ints(3, 1, 7, 2), ints(1, 2), new double[] {3, 3});
        assertThat(new GradedNdcg(4).evaluate(even)).isCloseTo(new Ndcg(4).evaluate(even), within(EPS));
        assertThat(new GradedNdcg(4).evaluate(even)).isLessThan(1.0);
    }

    @Test
    void a_short_list_keeps_the_ideal_and_a_gap_keeps_its_rank() {
        // L = [GAP, 2]: item 2 (gain 31) at rank 2; K = 10: IDCG = 31 + 15 d(2) + 7 d(3)
        UserRecs gap = user(ints(RankedList.GAP, 2), ints(5, 1, 2), new double[] {3, 4, 5});
        assertThat(new GradedNdcg(10).evaluate(gap)).isCloseTo(31 * D2 / (31 + 15 * D2 + 3.5), within(EPS));
    }

    @Test
    void an_unrated_or_negatively_rated_relevant_item_makes_the_user_ungradable() {
        assertThat(new GradedNdcg(5).evaluate(user(ints(1), ints(1, 2), new double[] {4, Double.NaN}))).isNaN();
        assertThat(new GradedNdcg(5).evaluate(user(ints(1), ints(1), new double[] {-1}))).isNaN();
        assertThat(new GradedNdcg(5).evaluate(new UserRecs(0, RankedList.of(ints(1), 10), ints(1), ints()))).isNaN();
        // every relevant item rated 0: no gain anywhere, scored 0 like a user without relevant items
        assertThat(new GradedNdcg(5).evaluate(user(ints(1), ints(1), new double[] {0}))).isZero();
    }

    @Test
    void user_recs_keep_each_rating_with_its_item() {
        // items given unsorted and one repeated: the first occurrence's rating stays
        UserRecs r = new UserRecs(0, RankedList.empty(), ints(5, 1, 5, 2), ints(), new double[] {3, 4, 1, 5});
        assertThat(r.relevant()).containsExactly(1, 2, 5);
        assertThat(r.ratings()).containsExactly(4, 5, 3);
        assertThat(r.ratingOf(5)).isEqualTo(3.0);
        assertThat(r.ratingOf(7)).isNaN();
        assertThat(r.hasRatings()).isTrue();
        assertThat(new UserRecs(0, RankedList.empty(), ints(1), ints()).hasRatings()).isFalse();
    }
}
