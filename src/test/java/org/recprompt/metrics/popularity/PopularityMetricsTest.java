package org.recprompt.metrics.popularity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.recprompt.metrics.Lists.ints;
import static org.recprompt.metrics.Lists.log2;
import static org.recprompt.metrics.Lists.recs;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.recprompt.metrics.Mean;
import org.recprompt.metrics.SystemMetric;
import org.recprompt.metrics.UserRecs;
import org.recprompt.metrics.popularity.GroupPopularity.Group;

/** Catalog of 10 items; training interactions (= distinct users) 10, 6, 3, 1 for items 0..3, 0 for the rest; 10 users. */
class PopularityMetricsTest {

    static final double EPS = 1e-12;
    final Popularity pop = Popularity.ofUsers(new int[] {10, 6, 3, 1, 0, 0, 0, 0, 0, 0}, 10);
    final LongTail tail = LongTail.of(pop.interactions());
    final UserRecs u = recs(ints(0, 2, 5), ints(2));

    @Test
    void the_head_is_the_smallest_prefix_holding_eighty_percent_of_interactions() {
        // 20 interactions, 16 needed: items 0 (10) and 1 (6)
        assertThat(tail.isHead(0)).isTrue();
        assertThat(tail.isHead(1)).isTrue();
        assertThat(tail.isTail(2)).isTrue();
        assertThat(tail.isTail(9)).isTrue();
        assertThat(tail.headSize()).isEqualTo(2);
    }

    @Test
    void ties_in_the_long_tail_split_break_by_item_id() {
        // counts 2, 3, 3, 2: order 1, 2, 0, 3; 8 of 10 needed: 3 + 3 + 2 -> head {1, 2, 0}, item 3 tail
        LongTail t = LongTail.of(new int[] {2, 3, 3, 2});
        assertThat(t.headSize()).isEqualTo(3);
        assertThat(t.isTail(3)).isTrue();
        assertThat(LongTail.of(new int[] {0, 0}).headSize()).isZero();
    }

    @Test
    void arp_is_the_mean_training_popularity_of_the_list() {
        assertThat(new AverageRecommendationPopularity(pop).evaluate(u)).isCloseTo(13 / 3.0, within(EPS));
    }

    @Test
    void aplt_is_the_share_of_tail_items_in_the_list() {
        assertThat(new AveragePercentageLongTail(tail).evaluate(u)).isCloseTo(2 / 3.0, within(EPS));
    }

    @Test
    void novelty_is_mean_self_information_with_unseen_items_counted_as_one_user() {
        // -log2(10/10) = 0, -log2(3/10), -log2(1/10) for the item no one trained on
        double expected = (0 + log2(10 / 3.0) + log2(10)) / 3;
        assertThat(new Novelty(pop).evaluate(u)).isCloseTo(expected, within(EPS));
    }

    @Test
    void epc_is_the_discounted_popularity_complement() {
        double d2 = 1 / log2(3);
        double expected = (1 * 0 + d2 * 0.7 + 0.5 * 1) / (1 + d2 + 0.5);
        assertThat(new ExpectedPopularityComplement(pop).evaluate(u)).isCloseTo(expected, within(EPS));
    }

    @Test
    void popularity_metrics_of_an_empty_list_are_skipped_and_counted() {
        UserRecs empty = recs(ints(-1, 99), ints(2));
        Mean.Acc arp = new Mean(new AverageRecommendationPopularity(pop)).accumulator();
        arp.add(empty);
        arp.add(u);
        assertThat(arp.evaluate()).isCloseTo(13 / 3.0, within(EPS));
        assertThat(arp.skipped()).isEqualTo(1);
        assertThat(new AveragePercentageLongTail(tail).evaluate(empty)).isNaN();
        assertThat(new Novelty(pop).evaluate(empty)).isNaN();
        assertThat(new ExpectedPopularityComplement(pop).evaluate(empty)).isNaN();
    }

    @Test
    void duplicates_count_once_in_popularity_metrics() {
        UserRecs dup = recs(ints(0, 0, 0, 3), ints(2));
        // [0, 3]: (10 + 1) / 2
        assertThat(new AverageRecommendationPopularity(pop).evaluate(dup)).isCloseTo(5.5, within(EPS));
        assertThat(new AveragePercentageLongTail(tail).evaluate(dup)).isCloseTo(0.5, within(EPS));
    }

    @Test
    void popularity_by_rank_averages_over_the_lists_that_reach_each_rank() {
        double[] byRank = new PopularityByRank(pop, 4).evaluate(List.of(u, recs(ints(1), ints(1))));
        assertThat(byRank[0]).isCloseTo(8.0, within(EPS));
        assertThat(byRank[1]).isCloseTo(3.0, within(EPS));
        assertThat(byRank[2]).isCloseTo(0.0, within(EPS));
        assertThat(byRank[3]).isNaN();
    }

    @Test
    void gap_groups_users_by_head_share_and_compares_lists_with_profiles() {
        List<UserRecs> users = List.of(
                recs(0, ints(0), ints(9), ints(0, 1)),       // head share 1
                recs(1, ints(1), ints(9), ints(0, 2)),       // 0.5
                recs(2, ints(), ints(9), ints(0, 3)),        // 0.5, empty list
                recs(3, ints(0, 1), ints(9), ints(1, 2, 3)), // 1/3
                recs(4, ints(2), ints(9), ints(3)));         // 0
        GroupPopularity gp = new GroupPopularity(pop, tail);

        assertThat(gp.groups(users)).containsExactly(Map.entry(0, Group.BLOCKBUSTER), Map.entry(1, Group.DIVERSE),
                Map.entry(2, Group.DIVERSE), Map.entry(3, Group.DIVERSE), Map.entry(4, Group.NICHE));
        var r = gp.evaluate(users);
        assertThat(r.get(Group.BLOCKBUSTER).gapProfile()).isCloseTo(0.8, within(EPS));
        assertThat(r.get(Group.BLOCKBUSTER).deltaGap()).isCloseTo(0.25, within(EPS));
        assertThat(r.get(Group.DIVERSE).gapProfile()).isCloseTo((0.65 + 0.55 + 1 / 3.0) / 3, within(EPS));
        assertThat(r.get(Group.DIVERSE).gapRecommended()).isCloseTo(0.7, within(EPS));
        assertThat(r.get(Group.DIVERSE).users()).isEqualTo(3);
        assertThat(r.get(Group.NICHE).liftPercent()).isCloseTo(200.0, within(1e-9));
    }

    List<UserRecs> equalityUsers() {
        return List.of(recs(0, ints(1, 2), ints(2), ints(0)), recs(1, ints(2, 3), ints(0), ints(1)),
                recs(2, ints(1), ints(1), ints()));
    }

    double run(SystemMetric m, List<UserRecs> users) {
        SystemMetric.Accumulator acc = m.accumulator();
        users.forEach(acc::add);
        return acc.evaluate();
    }

    @Test
    void pop_reo_is_the_relative_spread_of_recall_between_head_and_tail() {
        // p_head = 1/2, p_tail = 1/1: std 0.25 / mean 0.75
        assertThat(run(new PopularityEquality(tail, PopularityEquality.Kind.REO), equalityUsers()))
                .isCloseTo(1 / 3.0, within(EPS));
    }

    @Test
    void pop_rsp_is_the_relative_spread_of_recommendation_rates_over_unseen_items() {
        // p_head = 2/4, p_tail = 3/24: std 0.1875 / mean 0.3125
        assertThat(run(new PopularityEquality(tail, PopularityEquality.Kind.RSP), equalityUsers()))
                .isCloseTo(0.6, within(EPS));
    }

    @Test
    void pop_reo_and_rsp_combine_like_one_pass() {
        var m = new PopularityEquality(tail, PopularityEquality.Kind.RSP);
        var a = m.accumulator();
        var b = m.accumulator();
        a.add(equalityUsers().get(0));
        b.add(equalityUsers().get(1));
        b.add(equalityUsers().get(2));
        a.combine(b);
        assertThat(a.evaluate()).isCloseTo(0.6, within(EPS));
    }
}
