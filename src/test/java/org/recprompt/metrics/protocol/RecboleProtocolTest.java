package org.recprompt.metrics.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.recprompt.metrics.RankedList;
import org.recprompt.metrics.popularity.Popularity;

/**
 * The RecBole convention against values worked out by hand from RecBole's code
 * (recbole/evaluator/metrics.py, docs/protocols/recbole.md has the lines).
 * <p>
 * Fixture: six items 0..5, RecBole's num_items = 6 + 1 (its padding id) = 7. Training interactions
 * per item (RecBole's item_counter): 0:5, 1:3, 2:3, 3:1, 4:0, 5:2; the five items with training
 * interactions sorted by (count, id) are 3, 5, 1, 2, 0 and the default tail_ratio 0.1 keeps
 * max(int(5 * 0.1), 1) = 1 of them: tail = {3}.
 * <ul>
 * <li>user A (0): train {0, 1}, test {2, 3}; raw [1, unknown, 2, 2, 4, 3]: 1 is history (dropped), the
 * unknown item drops, 2 kept, the second 2 is a repeat (dropped), 4 kept (no training interaction, but
 * RecBole ranks every item), 3 kept: top 3 = [2, 4, 3], hits at ranks 1 and 3.</li>
 * <li>user B (1): test {0}, no list: three empty slots, scores 0 and is averaged.</li>
 * <li>user C (2): a list [5] but no test item: not averaged, its list is not scored.</li>
 * <li>user D (3): train {2}, test {2, 5, 0}; raw [2, GAP, 5]: 2 is in train but also a test positive, so
 * RecBole does not mask it (history = used - positive); the gap is an empty slot: top 3 = [2, -, 5],
 * hits at ranks 1 and 3, three positives.</li>
 * </ul>
 */
class RecboleProtocolTest {

    static final double EPS = 1e-12;
    static final int UNKNOWN = -1;
    static final Popularity POP = new Popularity(new int[] {4, 3, 3, 1, 0, 2}, new int[] {5, 3, 3, 1, 0, 2}, 4);

    static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    static EvalUser user(int id, int[] raw, int[] train, int... test) {
        double[] ratings = new double[test.length];
        java.util.Arrays.fill(ratings, Double.NaN);
        return new EvalUser(id, raw, train, test, ratings);
    }

    static EvalInput fixture() {
        EvalUser a = user(0, new int[] {1, UNKNOWN, 2, 2, 4, 3}, new int[] {0, 1}, 2, 3);
        EvalUser b = user(1, null, new int[] {3}, 0);
        EvalUser c = user(2, new int[] {5}, new int[] {0});
        EvalUser d = user(3, new int[] {2, RankedList.GAP, 5}, new int[] {2}, 2, 5, 0);
        return new EvalInput(6, POP, null, List.of(a, b, c, d), Relevance.ALL);
    }

    static Map<String, Double> metrics() {
        return new RecboleProtocol().evaluate(fixture(), new int[] {1, 3}).metrics();
    }

    @Test
    void hitIsTheShareOfUsersWithAPositiveInTheTopK() {
        // metric_info: cumsum(pos_index) > 0; A and D hit at rank 1, B never: (1 + 0 + 1) / 3
        assertThat(metrics().get("hit@1")).isCloseTo(2.0 / 3, within(EPS));
        assertThat(metrics().get("hit@3")).isCloseTo(2.0 / 3, within(EPS));
    }

    @Test
    void mrrIsTheReciprocalRankOfTheFirstPositive() {
        // A and D: first positive at rank 1 -> 1; B: 0 -> (1 + 0 + 1) / 3
        assertThat(metrics().get("mrr@3")).isCloseTo(2.0 / 3, within(EPS));
    }

    @Test
    void ndcgNormalisesByTheIdealOfMinPositivesAndK() {
        // dcg = 1/log2(2) + 1/log2(4) = 1.5 for A and D (hits at ranks 1 and 3)
        // A: idcg over min(2, 3) = 2 ranks = 1 + 1/log2(3); D: min(3, 3) = 3 ranks = 1 + 1/log2(3) + 1/2
        double a = 1.5 / (1 + 1 / log2(3));
        double d = 1.5 / (1 + 1 / log2(3) + 0.5);
        assertThat(metrics().get("ndcg@3")).isCloseTo((a + 0 + d) / 3, within(EPS));
        // at K = 1 the ideal is one rank for both: 1 / 1
        assertThat(metrics().get("ndcg@1")).isCloseTo(2.0 / 3, within(EPS));
    }

    @Test
    void precisionDividesByKEvenWhenTheListIsShorter() {
        // pos_index.cumsum / arange(1, K + 1): A 2/3, D 2/3 (its top 3 holds only two items), B 0
        assertThat(metrics().get("precision@3")).isCloseTo((2.0 / 3 + 0 + 2.0 / 3) / 3, within(EPS));
        assertThat(metrics().get("precision@1")).isCloseTo(2.0 / 3, within(EPS));
    }

    @Test
    void recallDividesByAllPositives() {
        // cumsum / pos_len: @1 A 1/2, D 1/3; @3 A 2/2, D 2/3
        assertThat(metrics().get("recall@1")).isCloseTo((0.5 + 0 + 1.0 / 3) / 3, within(EPS));
        assertThat(metrics().get("recall@3")).isCloseTo((1 + 0 + 2.0 / 3) / 3, within(EPS));
    }

    @Test
    void mapDividesBySumOfPrecisionsByMinPositivesAndK() {
        // sum of P@j at hits: P@1 = 1, P@3 = 2/3 -> 5/3; A / min(2, 3) = 5/6, D / min(3, 3) = 5/9
        assertThat(metrics().get("map@3")).isCloseTo((5.0 / 6 + 0 + 5.0 / 9) / 3, within(EPS));
        // @1: P@1 / min(|R|, 1) = 1 for A and D
        assertThat(metrics().get("map@1")).isCloseTo(2.0 / 3, within(EPS));
    }

    @Test
    void itemCoverageCountsRecbolePaddingIdInTheItems() {
        // np.unique(top K) / num_items, num_items = 6 + 1: @1 {2} -> 1/7; @3 {2, 4, 3, 5} -> 4/7
        assertThat(metrics().get("itemcoverage@1")).isCloseTo(1.0 / 7, within(EPS));
        assertThat(metrics().get("itemcoverage@3")).isCloseTo(4.0 / 7, within(EPS));
    }

    @Test
    void averagePopularityIsTrainingInteractionsOverK() {
        // sum of item_counter over the top K / K; an empty slot counts 0
        // @1: A pop(2) = 3, D pop(2) = 3, B 0 -> 6/3; @3: A (3 + 0 + 1)/3, D (3 + 0 + 2)/3 -> (4/3 + 5/3)/3
        assertThat(metrics().get("averagepopularity@1")).isCloseTo(2.0, within(EPS));
        assertThat(metrics().get("averagepopularity@3")).isCloseTo(1.0, within(EPS));
    }

    @Test
    void giniIndexOverTheRecommendedCounts() {
        // counts ascending, idx = n - m + 1 .. n, n = 7: sum((2 idx - n - 1) * count) / total / n
        // @1: counts [2] (item 2 twice), idx 7: (14 - 8) * 2 = 12 -> 12 / 2 / 7
        assertThat(metrics().get("giniindex@1")).isCloseTo(6.0 / 7, within(EPS));
        // @3: counts [1, 1, 1, 2] (items 4, 3, 5 once, 2 twice), idx 4..7: 0*1 + 2*1 + 4*1 + 6*2 = 18;
        // total = 5 items recommended (the empty slots are no items) -> 18 / 5 / 7
        assertThat(metrics().get("giniindex@3")).isCloseTo(18.0 / 35, within(EPS));
    }

    @Test
    void shannonEntropyIsDividedByTheNumberOfRecommendedItems() {
        // -sum p ln p / len(item_count): @1 one item, p = 1 -> 0; @3 p = 2/5, 1/5, 1/5, 1/5 over 4 items
        assertThat(metrics().get("shannonentropy@1")).isCloseTo(0.0, within(EPS));
        double h = -(0.4 * Math.log(0.4) + 3 * 0.2 * Math.log(0.2));
        assertThat(metrics().get("shannonentropy@3")).isCloseTo(h / 4, within(EPS));
    }

    @Test
    void tailPercentageIsTheTailShareOfKSlots() {
        // tail = {3}: only A's rank 3 -> @3 (1/3 + 0 + 0) / 3; @1 none
        assertThat(metrics().get("tailpercentage@3")).isCloseTo(1.0 / 9, within(EPS));
        assertThat(metrics().get("tailpercentage@1")).isCloseTo(0.0, within(EPS));
    }

    @Test
    void keysAreRecboleNamesInLowerCaseAtEachK() {
        assertThat(metrics().keySet()).containsExactly("hit@1", "mrr@1", "ndcg@1", "precision@1", "recall@1", "map@1",
                "itemcoverage@1", "averagepopularity@1", "giniindex@1", "shannonentropy@1", "tailpercentage@1",
                "hit@3", "mrr@3", "ndcg@3", "precision@3", "recall@3", "map@3", "itemcoverage@3",
                "averagepopularity@3", "giniindex@3", "shannonentropy@3", "tailpercentage@3");
    }

    @Test
    void countsSayWhatTheMappingDid() {
        Map<String, Long> counts = new RecboleProtocol().evaluate(fixture(), new int[] {1, 3}).counts();
        assertThat(counts).containsEntry("n_users", 3L) // A, B, D
                .containsEntry("users_without_list", 1L) // B
                .containsEntry("users_without_test_items", 1L) // C
                .containsEntry("history_items_dropped", 1L) // A's item 1
                .containsEntry("unknown_items_dropped", 1L) // A's unknown
                .containsEntry("repeats_dropped", 1L) // A's second 2
                .containsEntry("items_without_training_kept", 1L) // A's item 4
                .containsEntry("empty_slots@1", 1L) // B
                .containsEntry("empty_slots@3", 4L) // B's three, D's gap
                .containsEntry("tail_items", 1L)
                .containsEntry("tail_boundary_ties", 0L)
                .containsEntry("recbole_num_items", 7L);
    }

    @Test
    void aDroppedItemLetsTheNextOneIntoTheTopK() {
        // the cut at K follows the mapping, as RecBole's top K follows the masking: A's top 1 is 2, not 1
        EvalUser a = user(0, new int[] {1, 2}, new int[] {1}, 2);
        var r = new RecboleProtocol().evaluate(new EvalInput(6, POP, null, List.of(a), Relevance.ALL), new int[] {1});
        assertThat(r.metrics().get("hit@1")).isEqualTo(1.0);
    }

    @Test
    void anEmptyListScoresZeroAndIsAveraged() {
        EvalUser a = user(0, new int[] {2}, new int[] {0}, 2);
        EvalUser empty = user(1, new int[0], new int[] {0}, 1);
        var r = new RecboleProtocol().evaluate(new EvalInput(6, POP, null, List.of(a, empty), Relevance.ALL),
                new int[] {2});
        // a: hit at rank 1 of K = 2 -> precision 1/2; empty: 0 -> means (1 + 0)/2 and (1/2 + 0)/2
        assertThat(r.metrics().get("hit@2")).isEqualTo(0.5);
        assertThat(r.metrics().get("precision@2")).isEqualTo(0.25);
        assertThat(r.counts()).containsEntry("n_users", 2L).containsEntry("users_without_list", 0L)
                .containsEntry("empty_slots@2", 3L);
    }

    @Test
    void aThresholdKeepsOnlyHighRatedTestItemsAsPositivesAndUnmasksNothingElse() {
        // A: test 2 (rated 5) and 3 (rated 3); with rating >= 4 only 2 is a positive. 3 is no history
        // (never in train), so it stays in the list as a non-relevant item; 1 is history and drops.
        EvalUser a = new EvalUser(0, new int[] {1, 3, 2}, new int[] {1}, new int[] {2, 3}, new double[] {5, 3});
        // E: a list, but its only test item is rated 2: no positive, not averaged
        EvalUser e = new EvalUser(4, new int[] {0}, new int[] {1}, new int[] {0}, new double[] {2});
        var r = new RecboleProtocol().evaluate(new EvalInput(6, POP, null, List.of(a, e), Relevance.atLeast(4)),
                new int[] {2});
        // top 2 = [3, 2]: first hit at rank 2; idcg over min(1, 2) = 1 rank -> ndcg = 1/log2(3); map = (1/2) / 1
        assertThat(r.metrics().get("ndcg@2")).isCloseTo(1 / log2(3), within(EPS));
        assertThat(r.metrics().get("map@2")).isCloseTo(0.5, within(EPS));
        assertThat(r.metrics().get("recall@2")).isCloseTo(1.0, within(EPS));
        assertThat(r.counts()).containsEntry("n_users", 1L).containsEntry("users_without_test_items", 1L)
                .containsEntry("history_items_dropped", 1L);
    }

    @Test
    void tiesAtTheTailBoundaryBreakByItemIndexAndAreCounted() {
        // training counts 0:2, 1:1, 2:1, 3:1, 5:3 (4 has none); sorted by (count, id): 1, 2, 3, 0, 5
        Popularity pop = new Popularity(new int[] {2, 1, 1, 1, 0, 3}, new int[] {2, 1, 1, 1, 0, 3}, 3);
        EvalUser a = user(0, new int[] {3, 1}, new int[0], 4);
        EvalInput in = new EvalInput(6, pop, null, List.of(a), Relevance.ALL);
        // ratio 0.4: max(int(5 * 0.4), 1) = 2 -> tail {1, 2}; item 3 has the same count but falls outside
        var r = new RecboleProtocol(0.4).evaluate(in, new int[] {1, 2});
        assertThat(r.metrics().get("tailpercentage@1")).isEqualTo(0.0); // item 3
        assertThat(r.metrics().get("tailpercentage@2")).isEqualTo(0.5); // items 3, 1
        assertThat(r.counts()).containsEntry("tail_items", 2L).containsEntry("tail_boundary_ties", 3L);
        // the default 0.1: max(int(0.5), 1) = 1 -> tail {1}, the same three items tie
        var d = new RecboleProtocol().evaluate(in, new int[] {2});
        assertThat(d.counts()).containsEntry("tail_items", 1L).containsEntry("tail_boundary_ties", 3L);
        // a ratio above 1 is a count: every item with at most 2 training interactions -> {0, 1, 2, 3}, no cut
        var c = new RecboleProtocol(2).evaluate(in, new int[] {2});
        assertThat(c.metrics().get("tailpercentage@2")).isEqualTo(1.0);
        assertThat(c.counts()).containsEntry("tail_items", 4L).containsEntry("tail_boundary_ties", 0L);
    }

    @Test
    void withoutAnyEvaluatedUserEveryValueIsNaN() {
        EvalUser c = user(2, new int[] {5}, new int[] {0});
        var r = new RecboleProtocol().evaluate(new EvalInput(6, POP, null, List.of(c), Relevance.ALL), new int[] {5});
        assertThat(r.metrics().values()).allMatch(v -> v.isNaN());
        assertThat(r.counts()).containsEntry("n_users", 0L).containsEntry("users_without_test_items", 1L);
    }

    @Test
    void isRegisteredAndChecksItsTailRatio() {
        assertThat(Protocols.of("RecBole")).isInstanceOf(RecboleProtocol.class);
        assertThat(Protocols.ids()).contains("recprompt", "recbole");
        assertThatThrownBy(() -> new RecboleProtocol(0)).hasMessageContaining("tail_ratio");
    }
}
