package org.recprompt.metrics.popularity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.recprompt.metrics.Lists.ints;
import static org.recprompt.metrics.Lists.log2;
import static org.recprompt.metrics.Lists.recs;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.recprompt.metrics.Mean;
import org.recprompt.metrics.SystemMetric;
import org.recprompt.metrics.UserRecs;
import org.recprompt.metrics.concentration.UserCoverage;

/**
 * ACLT, EFD, relevance-aware EPC, PopRSP with seen items and user coverage, hand-computed. Catalog of 10
 * items; distinct training users 10, 6, 3, 1 for items 0..3, 0 for the rest (20 user-item pairs); 10
 * users; head {0, 1}.
 */
class LongTailAndNoveltyExtrasTest {

    static final double EPS = 1e-12;
    static final double D2 = 1 / log2(3);
    final Popularity pop = Popularity.ofUsers(new int[] {10, 6, 3, 1, 0, 0, 0, 0, 0, 0}, 10);
    final LongTail tail = LongTail.of(pop.interactions());
    // L = [0, 2, 5], R = {2}
    final UserRecs u = recs(ints(0, 2, 5), ints(2));

    @Test
    void aclt_counts_the_tail_items_of_the_list() {
        // 2 and 5 are tail items
        assertThat(new AverageCoverageLongTail(tail).evaluate(u)).isEqualTo(2.0);
        // [0, 0, 0, 3] -> [0, 3]: the repeats count once, 3 is tail
        assertThat(new AverageCoverageLongTail(tail).evaluate(recs(ints(0, 0, 0, 3), ints(2)))).isEqualTo(1.0);
        // an empty list holds no tail item: 0, and it counts in the mean (APLT skips it)
        Mean.Acc aclt = new Mean(new AverageCoverageLongTail(tail)).accumulator();
        aclt.add(u);
        aclt.add(recs(ints(-1), ints(2)));
        assertThat(aclt.evaluate()).isCloseTo(1.0, within(EPS));
        assertThat(aclt.skipped()).isZero();
    }

    @Test
    void efd_is_the_discounted_self_information_over_user_item_pairs() {
        // -log2 p(i|seen): item 0: log2(20/10) = 1; item 2: log2(20/3); item 5 (no user, counted as 1): log2(20)
        double norm = 1 + D2 + 0.5;
        assertThat(new ExpectedFreeDiscovery(pop, false).evaluate(u))
                .isCloseTo((1 + D2 * log2(20 / 3.0) + 0.5 * log2(20)) / norm, within(EPS));
        // relevance-aware: only item 2 (relevant) adds, the normaliser keeps every rank
        assertThat(new ExpectedFreeDiscovery(pop, true).evaluate(u)).isCloseTo(D2 * log2(20 / 3.0) / norm, within(EPS));
        assertThat(new ExpectedFreeDiscovery(pop, false).evaluate(recs(ints(), ints(2)))).isNaN();
        assertThat(new ExpectedFreeDiscovery(Popularity.ofUsers(new int[10], 1), false).evaluate(u)).isNaN();
    }

    @Test
    void relevance_aware_epc_counts_only_relevant_items() {
        // 1 - pop/|U|: item 2 -> 0.7, at rank 2
        assertThat(new ExpectedPopularityComplement(pop, true).evaluate(u)).isCloseTo(D2 * 0.7 / (1 + D2 + 0.5), within(EPS));
        // the relevance-unaware form is METRICS.md's EPC
        assertThat(new ExpectedPopularityComplement(pop, false).evaluate(u))
                .isEqualTo(new ExpectedPopularityComplement(pop).evaluate(u));
    }

    @Test
    void pop_rsp_and_reo_ignore_recommended_items_the_user_has_seen() {
        // the user has seen head item 0 and is recommended [0, 2]: only the unseen tail item 2 counts.
        // RSP: head 0 / (2 - 1) = 0, tail 1 / 8: std 1/16 over mean 1/16 = 1 (counting the seen 0 would give 7/9)
        UserRecs seen = recs(0, ints(0, 2), ints(0, 2), ints(0));
        assertThat(run(new PopularityEquality(tail, PopularityEquality.Kind.RSP), List.of(seen))).isCloseTo(1.0, within(EPS));
        // REO: relevant unseen = {2} (tail), hit: p_tail = 1, head has no relevant unseen item: undefined
        assertThat(run(new PopularityEquality(tail, PopularityEquality.Kind.REO), List.of(seen))).isNaN();
    }

    @Test
    void user_coverage_is_the_share_of_users_with_an_item_in_their_list() {
        SystemMetric.Accumulator acc = new UserCoverage().accumulator();
        acc.add(u);
        acc.add(recs(ints(-1, 42), ints(2)));
        acc.add(recs(ints(), ints(3)));
        assertThat(acc.evaluate()).isCloseTo(1 / 3.0, within(EPS));
        assertThat(((UserCoverage.Acc) acc).covered()).isEqualTo(1);
        assertThat(new UserCoverage().accumulator().evaluate()).isNaN();
    }

    double run(SystemMetric m, List<UserRecs> users) {
        SystemMetric.Accumulator acc = m.accumulator();
        users.forEach(acc::add);
        return acc.evaluate();
    }
}
