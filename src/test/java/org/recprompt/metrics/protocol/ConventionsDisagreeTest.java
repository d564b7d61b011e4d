package org.recprompt.metrics.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.recprompt.metrics.popularity.Popularity;

/**
 * The same lists through the three conventions, each checked against numbers worked out by hand
 * from that framework's code (not from this project's implementation of it). The fixture holds
 * every case where the conventions part ways: an item the user rated in training (u0's item 1,
 * u1's item 0), a repeat (u0's item 2), an item the dataset does not know (u0's -1), a user with a
 * list but no test item (u2), a test user without a list (u3), and graded test ratings.
 * <p>
 * Six items, five users, K = 3, no relevance threshold unless a test says otherwise.
 * <pre>
 * user  train     test (rating)        raw list
 * u0    {0, 1}    2 (5), 3 (3)         [1, 2, 2, 4, -1, 3]
 * u1    {0, 2}    4 (4)                [0, 4, 5]
 * u2    {0, 1, 2} -                    [3, 4]
 * u3    {1}       5 (4)                (none)
 * u4    {3, 4, 5} 1 (2)                [1, 0]
 * </pre>
 * Training popularity (users = interactions): item 0: 3, item 1: 3, item 2: 2, items 3-5: 1; five
 * training users.
 */
class ConventionsDisagreeTest {

    private static final double LOG2_3 = Math.log(3) / Math.log(2);

    private static EvalInput input(Relevance relevance) {
        Popularity pop = new Popularity(new int[] {3, 3, 2, 1, 1, 1}, new int[] {3, 3, 2, 1, 1, 1}, 5);
        List<EvalUser> users = List.of(
                new EvalUser(0, new int[] {1, 2, 2, 4, -1, 3}, new int[] {0, 1}, new int[] {2, 3}, new double[] {5, 3}),
                new EvalUser(1, new int[] {0, 4, 5}, new int[] {0, 2}, new int[] {4}, new double[] {4}),
                new EvalUser(2, new int[] {3, 4}, new int[] {0, 1, 2}, new int[0], new double[0]),
                new EvalUser(3, null, new int[] {1}, new int[] {5}, new double[] {4}),
                new EvalUser(4, new int[] {1, 0}, new int[] {3, 4, 5}, new int[] {1}, new double[] {2}));
        return new EvalInput(6, pop, null, users, relevance);
    }

    private static double value(String protocol, String key, Relevance relevance) {
        ProtocolResult r = Protocols.of(protocol).evaluate(input(relevance), new int[] {3});
        assertThat(r.metrics()).as(protocol + " " + key).containsKey(key);
        return r.metrics().get(key);
    }

    @Test
    void recpromptDeduplicatesDropsUnknownItemsKeepsSeenItemsAndAveragesListUsersWithATestItem() {
        // normalised top 3: u0 [1, 2, 4] (hit 2 at rank 2 of relevant {2, 3}), u1 [0, 4, 5] (hit 4 at
        // rank 2), u4 [1, 0] (hit 1 at rank 1); u2 has no test item and u3 no list: three users
        double u0 = (1 / LOG2_3) / (1 + 1 / LOG2_3);
        double u1 = 1 / LOG2_3;
        assertThat(value("recprompt", "ndcg@3", Relevance.ALL)).isCloseTo((u0 + u1 + 1) / 3, within(1e-12));
        // one hit each, divided by K
        assertThat(value("recprompt", "precision@3", Relevance.ALL)).isCloseTo(1.0 / 3, within(1e-12));
        // AP: P@r at each hit over min(|R|, K): u0 (1/2) / 2, u1 (1/2) / 1, u4 1 / 1
        assertThat(value("recprompt", "map@3", Relevance.ALL)).isCloseTo((0.25 + 0.5 + 1) / 3, within(1e-12));
        // items {0, 1, 2, 4, 5} in the three lists over 6 catalog items
        assertThat(value("recprompt", "coverage", Relevance.ALL)).isCloseTo(5.0 / 6, within(1e-12));
    }

    @Test
    void elliotCutsTheRawListFirstThenDropsSeenItemsAndKeepsRepeats() {
        // Proxy: cut at top_k = 3 raw positions, then drop training items: u0 [1, 2, 2] -> [2, 2],
        // u1 [0, 4, 5] -> [4, 5], u4 [1, 0] -> [1, 0]; u2 (no test) and u3 (no list) are not averaged.
        // nDCG with binary gains (no threshold): u0 DCG = 1 + 1/log2(3) (the repeat counts again),
        // IDCG over min(|Rel| = 2, 3) ranks = 1 + 1/log2(3): 1; u1 and u4 hit at rank 1: 1
        assertThat(value("elliot", "ndcg@3", Relevance.ALL)).isCloseTo(1.0, within(1e-12));
        // precision.py: hits / cutoff, repeats counted: u0 2/3, u1 1/3, u4 1/3
        assertThat(value("elliot", "precision@3", Relevance.ALL)).isCloseTo(4.0 / 9, within(1e-12));
        // map.py: the mean of P@n for n = 1..3: u0 (1 + 1 + 2/3) / 3, u1 and u4 (1 + 1/2 + 1/3) / 3
        double ap0 = (1 + 1 + 2.0 / 3) / 3;
        double ap1 = (1 + 0.5 + 1.0 / 3) / 3;
        assertThat(value("elliot", "map@3", Relevance.ALL)).isCloseTo((ap0 + 2 * ap1) / 3, within(1e-12));
        // item_coverage.py: a count of distinct items in the averaged users' lists: {2, 4, 5, 1, 0}
        assertThat(value("elliot", "itemcoverage@3", Relevance.ALL)).isEqualTo(5.0);
    }

    @Test
    void elliotGradedGainsCanPassOneWithARepeatedHit() {
        // threshold 4: relevance.py gain 2^(r - 4 + 1) - 1: u0's item 2 (rated 5) gains 3, u1's item 4
        // (rated 4) gains 1, u4's item 1 (rated 2) is not relevant, so u4 leaves the nDCG mean.
        // u0 [2, 2]: DCG = 3 + 3/log2(3), IDCG = 3 (one relevant item): 1 + 1/log2(3); u1: 1
        assertThat(value("elliot", "ndcg@3", Relevance.atLeast(4))).isCloseTo((1 + 1 / LOG2_3 + 1) / 2, within(1e-12));
    }

    @Test
    void recboleMasksHistoryDropsRepeatsThenCutsAndAveragesEveryTestUser() {
        // history masked (train minus positives), unknown item and repeat dropped, then top 3:
        // u0 [2, 4, 3] (hits at 1 and 3), u1 [4, 5] (hit at 1), u3 no list (scores 0), u4 [1, 0]
        // (hit at 1); every user with a test item is averaged: u0, u1, u3, u4
        double u0 = (1 + 1 / 2.0) / (1 + 1 / LOG2_3);   // 1/log2(4) = 1/2
        assertThat(value("recbole", "ndcg@3", Relevance.ALL)).isCloseTo((u0 + 1 + 0 + 1) / 4, within(1e-12));
        // precision: hits / K: u0 2/3, u1 1/3, u3 0, u4 1/3
        assertThat(value("recbole", "precision@3", Relevance.ALL)).isCloseTo(1.0 / 3, within(1e-12));
        // MAP: sum of P@j at hits over min(|R|, K): u0 (1 + 2/3) / 2, u1 1, u3 0, u4 1
        assertThat(value("recbole", "map@3", Relevance.ALL)).isCloseTo(((1 + 2.0 / 3) / 2 + 1 + 0 + 1) / 4, within(1e-12));
        // ItemCoverage: distinct items {0..5} over num_items = 6 + 1 (the padding id)
        assertThat(value("recbole", "itemcoverage@3", Relevance.ALL)).isCloseTo(6.0 / 7, within(1e-12));
    }

    @Test
    void theSameListsGiveThreeDifferentNdcgs() {
        double own = value("recprompt", "ndcg@3", Relevance.ALL);
        double elliot = value("elliot", "ndcg@3", Relevance.ALL);
        double recbole = value("recbole", "ndcg@3", Relevance.ALL);
        assertThat(own).isNotCloseTo(elliot, within(0.05));
        assertThat(own).isNotCloseTo(recbole, within(0.05));
        assertThat(elliot).isNotCloseTo(recbole, within(0.05));
    }
}
