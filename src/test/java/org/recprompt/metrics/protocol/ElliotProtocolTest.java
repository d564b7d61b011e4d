package org.recprompt.metrics.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.recprompt.metrics.RankedList;
import org.recprompt.metrics.popularity.Popularity;

/**
 * The Elliot convention against values worked out by hand from Elliot 0.3.1's code
 * (docs/protocols/elliot.md cites each file and line).
 * <p>
 * Fixture: items 0..7. Training (distinct users): u0 {0, 1}, u1 {0, 2}, u2 {0, 3}, u3 {1, 4},
 * u4 {0, 5, 6}, u5 nothing. pop = [4, 2, 1, 1, 1, 1, 1, 0]: item 7 is unknown to training;
 * transactions = 11, |U_train| = 5, train items N = 7.
 * Short head (popularity.py): limit 11 * 0.8 = 8.8; in descending pop (ties in ascending item
 * order) 0 (4) -> 4.8, 1 (2) -> 2.8, 2 (1) -> 1.8, 3 (1) -> 0.8, 4 (1) -> -0.2 &le; 0, stop: head
 * {0, 1, 2, 3, 4}, tail {5, 6}; 5 and 6 tie with item 4, the last head item (2 boundary ties).
 * <p>
 * Test and raw lists, cutoffs {2, 5}, so top_k = 5 raw positions:
 * <ul>
 * <li>u0: test {2 rated 5, 3 rated 3}; raw [0, 2, 2, -1, 7 | 3, 5, 6]: 0 seen in training, 2 kept, 2
 * again kept, -1 (not in the dataset) and 7 (unknown to training) dropped; 3, 5, 6 lie after top_k.
 * List [2, 2].</li>
 * <li>u1: test {1 rated 4}; raw [1, GAP, 5, 0, 3]: the skipped rank takes no position; 0 seen. List [1, 5, 3].</li>
 * <li>u2: a list [1] but no test item: skipped.</li>
 * <li>u3: test {5 rated 2}; raw [5, 6]. List [5, 6].</li>
 * <li>u4: test {2 rated 5} but no list. u5: a list [0] and a test item but no training: unknown to Elliot.</li>
 * </ul>
 */
class ElliotProtocolTest {

    static final double EPS = 1e-12;
    static final Popularity POP = new Popularity(new int[] {4, 2, 1, 1, 1, 1, 1, 0},
            new int[] {4, 2, 1, 1, 1, 1, 1, 0}, 5);
    static final double LOG2_3 = log2(3);

    static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    static EvalUser user(int id, int[] raw, int[] train, int[] test, double[] ratings) {
        return new EvalUser(id, raw, train, test, ratings);
    }

    static List<EvalUser> users() {
        return List.of(
                user(0, new int[] {0, 2, 2, -1, 7, 3, 5, 6}, new int[] {0, 1}, new int[] {2, 3}, new double[] {5, 3}),
                user(1, new int[] {1, RankedList.GAP, 5, 0, 3}, new int[] {0, 2}, new int[] {1}, new double[] {4}),
                user(2, new int[] {1}, new int[] {0, 3}, new int[0], new double[0]),
                user(3, new int[] {5, 6}, new int[] {1, 4}, new int[] {5}, new double[] {2}),
                user(4, null, new int[] {0, 5, 6}, new int[] {2}, new double[] {5}),
                user(5, new int[] {0}, new int[0], new int[] {1}, new double[] {4}));
    }

    static ProtocolResult evaluate(Relevance relevance, int... cutoffs) {
        return new ElliotProtocol().evaluate(new EvalInput(8, POP, null, users(), relevance), cutoffs);
    }

    @Test
    void lists_are_cut_at_top_k_raw_positions_before_seen_and_unknown_items_drop_and_repeats_stay() {
        ProtocolResult r = evaluate(Relevance.atLeast(4), 2, 5);

        assertThat(r.protocol()).isEqualTo("elliot");
        assertThat(r.counts())
                .containsEntry("top_k", 5L)
                .containsEntry("items_seen_in_train", 2L) // u0's 0 and u1's 0
                .containsEntry("items_unknown_to_train", 2L) // u0's -1 and 7
                .containsEntry("repeated_items_kept", 1L) // u0's second 2
                .containsEntry("items_after_top_k", 3L) // u0's 3, 5, 6
                .containsEntry("rank_gaps_closed", 1L) // u1's skipped rank
                .containsEntry("empty_lists", 0L);
    }

    @Test
    void users_with_a_list_and_a_test_item_enter_the_beyond_accuracy_means_and_those_with_a_relevant_one_the_accuracy_means() {
        ProtocolResult r = evaluate(Relevance.atLeast(4), 2);

        // u0 and u1 have an item rated >= 4; u3's only test item is rated 2 but u3 is still evaluated
        assertThat(r.counts()).containsEntry("n_users", 2L).containsEntry("n_users_with_test", 3L)
                .containsEntry("users_without_held_out", 1L) // u2
                .containsEntry("users_without_list", 1L) // u4
                .containsEntry("users_not_in_train", 1L); // u5
        // UserCoverage counts users (not a share) whose filtered list is not empty: u0, u1, u3
        assertThat(r.metrics().get("usercoverage@2")).isEqualTo(3.0);
    }

    @Test
    void accuracy_metrics_at_2_with_graded_gains_above_the_threshold() {
        ProtocolResult r = evaluate(Relevance.atLeast(4), 2, 5);
        var m = r.metrics();
        // u0: top-2 [2, 2], relevant {2} with gain 2^(5 - 4 + 1) - 1 = 3 (item 3 rated 3 is below the threshold).
        //   nDCG: IDCG = 3 * disc(0) = 3; DCG = 3 * 1 + 3 / log2(3) (the repeat counts again) -> 1 + 1 / log2(3) (> 1)
        //   Rendle2020: 1 / (1 / log2(2)) * (1 + 1 / log2(3)); P = 2 / 2; R = 2 / 1; F1 = 2 * 1 * 2 / (1 + 2) = 4/3
        //   MAP = (1/1 + 2/2) / 2 = 1; MAR = (1/1 + 2/1) / 2 = 1.5; MRR = 1
        // u1: top-2 [1, 5], relevant {1} gain 2^(4 - 4 + 1) - 1 = 1: nDCG 1, Rendle 1, P 1/2, R 1,
        //   F1 = 2 * .5 * 1 / 1.5 = 2/3, MAP = (1 + 1/2) / 2 = .75, MAR = (1 + 1) / 2 = 1, MRR 1
        assertThat(m.get("ndcg@2")).isCloseTo((1 + 1 / LOG2_3 + 1) / 2, within(EPS));
        assertThat(m.get("ndcgrendle2020@2")).isCloseTo((1 + 1 / LOG2_3 + 1) / 2, within(EPS));
        assertThat(m.get("precision@2")).isCloseTo((1 + 0.5) / 2, within(EPS));
        assertThat(m.get("recall@2")).isCloseTo((2 + 1) / 2.0, within(EPS));
        assertThat(m.get("hr@2")).isCloseTo(1.0, within(EPS));
        assertThat(m.get("f1@2")).isCloseTo((4 / 3.0 + 2 / 3.0) / 2, within(EPS));
        assertThat(m.get("map@2")).isCloseTo((1 + 0.75) / 2, within(EPS));
        assertThat(m.get("mar@2")).isCloseTo((1.5 + 1) / 2, within(EPS));
        assertThat(m.get("mrr@2")).isCloseTo(1.0, within(EPS));
    }

    @Test
    void a_cutoff_longer_than_the_filtered_list_still_divides_by_the_cutoff() {
        var m = evaluate(Relevance.atLeast(4), 2, 5).metrics();
        // u0: [2, 2] at K = 5: P = 2/5; hits at n = 1..5: 1, 2, 2, 2, 2
        //   MAP = (1/1 + 2/2 + 2/3 + 2/4 + 2/5) / 5; MAR = (1 + 2 + 2 + 2 + 2) / 5 = 1.8; F1 = 2 * .4 * 2 / 2.4 = 2/3
        // u1: [1, 5, 3] at K = 5: P = 1/5; hits 1 at every n: MAP = (1 + 1/2 + 1/3 + 1/4 + 1/5) / 5; MAR = 1;
        //   F1 = 2 * .2 * 1 / 1.2 = 1/3
        assertThat(m.get("precision@5")).isCloseTo((0.4 + 0.2) / 2, within(EPS));
        assertThat(m.get("map@5")).isCloseTo(((1 + 1 + 2 / 3.0 + 0.5 + 0.4) / 5 + (1 + 0.5 + 1 / 3.0 + 0.25 + 0.2) / 5) / 2,
                within(EPS));
        assertThat(m.get("mar@5")).isCloseTo((1.8 + 1) / 2, within(EPS));
        assertThat(m.get("f1@5")).isCloseTo((2 / 3.0 + 1 / 3.0) / 2, within(EPS));
        // nDCG does not change: the ideal list is cut at min(|rel|, K) = 1
        assertThat(m.get("ndcg@5")).isCloseTo((1 + 1 / LOG2_3 + 1) / 2, within(EPS));
    }

    @Test
    void popularity_bias_metrics_use_the_80_percent_short_head() {
        ProtocolResult r = evaluate(Relevance.atLeast(4), 2, 5);
        var m = r.metrics();
        assertThat(r.counts()).containsEntry("short_head_items", 5L).containsEntry("long_tail_items", 2L)
                .containsEntry("short_head_boundary_ties", 2L).containsEntry("train_items", 7L);
        // over u0 [2, 2], u1 [1, 5], u3 [5, 6] at K = 2 (tail {5, 6}):
        //   ACLT = (0 + 1 + 2) / 3 = 1; APLT = (0/2 + 1/2 + 2/2) / 3 = .5
        //   ARP = ((1 + 1)/2 + (2 + 1)/2 + (1 + 1)/2) / 3 = 3.5 / 3
        assertThat(m.get("aclt@2")).isCloseTo(1.0, within(EPS));
        assertThat(m.get("aplt@2")).isCloseTo(0.5, within(EPS));
        assertThat(m.get("arp@2")).isCloseTo(3.5 / 3, within(EPS));
        // K = 5: u1's list is [1, 5, 3]: APLT = (0 + 1/3 + 1) / 3; ARP = (1 + (2 + 1 + 1)/3 + 1) / 3
        assertThat(m.get("aplt@5")).isCloseTo((1 / 3.0 + 1) / 3, within(EPS));
        assertThat(m.get("arp@5")).isCloseTo((1 + 4 / 3.0 + 1) / 3, within(EPS));
        // PopRSP at K = 2: head hits {2} + {1} = 2 over (5 - 2) * 3 = 9 unseen head items; tail hits {5} + {5, 6} = 3
        //   over 2 * 3 = 6 unseen tail items: h = 2/9, t = 1/2, std/mean = (t - h) / (t + h) = 5/13
        assertThat(m.get("poprsp@2")).isCloseTo(5 / 13.0, within(EPS));
        // PopREO at K = 2: u0's and u1's relevant items (2, 1) are both in the head: no relevant tail item,
        //   the tail's share is 0/0 and numpy gives nan: left out and named
        assertThat(m).doesNotContainKey("popreo@2");
        assertThat(r.counts()).containsEntry("popreo@2_undefined", 1L);
    }

    @Test
    void pop_reo_over_users_with_a_relevant_item_without_a_threshold() {
        ProtocolResult r = evaluate(Relevance.ALL, 5);
        // every test item is relevant with gain 1: u0 {2, 3}, u1 {1}, u3 {5}
        // u0: relevant top entries {2} -> head 1; relevant unseen {2, 3} -> head 2
        // u1: {1} -> head 1 over head 1; u3: {5} -> tail 1 over tail 1
        // h = 2/3, t = 1/1: std/mean = (1 - 2/3) / (1 + 2/3) = .2
        assertThat(r.metrics().get("popreo@5")).isCloseTo(0.2, within(EPS));
        assertThat(r.counts()).containsEntry("n_users", 3L);
        // u0 [2, 2] with binary gains: IDCG = 1 + 1/log2(3) = DCG; item 3 (after top_k) is never reached
        // u1 and u3 each hit at rank 1: nDCG = 1 for all three; recall: u0 2/2 (repeat), u1 1, u3 1/1
        assertThat(r.metrics().get("ndcg@5")).isCloseTo(1.0, within(EPS));
        assertThat(r.metrics().get("recall@5")).isCloseTo(1.0, within(EPS));
    }

    @Test
    void coverage_gini_and_entropy_count_every_entry_of_every_evaluated_user() {
        var m = evaluate(Relevance.atLeast(4), 2, 5).metrics();
        // K = 2: entries 2, 2 | 1, 5 | 5, 6 -> items {1, 2, 5, 6}; counts 2:2, 1:1, 5:2, 6:1, F = 6
        assertThat(m.get("itemcoverage@2")).isEqualTo(4.0);
        // Gini: N = 7, n = 4, sorted counts [1, 1, 2, 2] at j = 0..3, coefficient 2 (j + 3 + 1) - 8 = 0, 2, 4, 6:
        //   (0 * 1 + 2 * 1 + 4 * 2 + 6 * 2) / 6 / 6 = 22 / 36 = 11/18; Elliot returns 1 - 11/18
        assertThat(m.get("gini@2")).isCloseTo(1 - 11 / 18.0, within(EPS));
        // SEntropy: weights 2: 1/2 + 1/2, 1: 1/2, 5: 1/2 + 1/2, 6: 1/2;
        //   (1 * -log2(2/6) + .5 * -log2(1/6) + 1 * -log2(2/6) + .5 * -log2(1/6)) / 3 users
        assertThat(m.get("sentropy@2")).isCloseTo((2 * LOG2_3 + log2(6)) / 3, within(EPS));
        // K = 5: entries 2, 2 | 1, 5, 3 | 5, 6 -> 5 items, F = 7, sorted [1, 1, 1, 2, 2], coefficients
        //   2 (j + 2 + 1) - 8 = -2, 0, 2, 4, 6: (-2 + 0 + 2 + 8 + 12) / 7 / 6 = 10/21
        assertThat(m.get("itemcoverage@5")).isEqualTo(5.0);
        assertThat(m.get("gini@5")).isCloseTo(1 - 10 / 21.0, within(EPS));
    }

    @Test
    void efd_and_epc_weigh_relevant_entries_by_novelty_over_the_discounts_of_the_whole_list() {
        var m = evaluate(Relevance.atLeast(4), 2, 5).metrics();
        double norm2 = 1 + 1 / LOG2_3; // disc(0) + disc(1)
        // EFD novelty -log2(pop / 11): u0 [2, 2] both relevant: (1 + 1/log2 3) * log2(11) / norm2 = log2(11)
        //   u1 [1, 5]: only 1 (pop 2) at rank 1: log2(11/2) / norm2
        assertThat(m.get("efd@2")).isCloseTo((log2(11) + log2(11 / 2.0) / norm2) / 2, within(1e-9));
        // EPC novelty 1 - pop / 5: u0: 0.8; u1: (1 - 2/5) / norm2
        assertThat(m.get("epc@2")).isCloseTo((0.8 + 0.6 / norm2) / 2, within(EPS));
    }

    @Test
    void graded_gains_come_from_the_rating_above_the_threshold_and_only_ndcg_uses_them() {
        // test items 1 rated 5 and 2 rated 4, item 3 rated 3; the list puts the lesser one first: [2, 1, 3]
        Popularity pop = new Popularity(new int[] {1, 1, 1, 1}, new int[] {1, 1, 1, 1}, 2);
        EvalUser u = user(0, new int[] {2, 1, 3}, new int[] {0}, new int[] {1, 2, 3}, new double[] {5, 4, 3});
        EvalInput graded = new EvalInput(4, pop, null, List.of(u), Relevance.atLeast(4));

        var m = new ElliotProtocol().evaluate(graded, new int[] {3}).metrics();
        // threshold 4: gains 2^(5-4+1)-1 = 3 and 2^(4-4+1)-1 = 1; item 3 (rated 3) is not relevant
        // DCG = 1 * disc(0) + 3 * disc(1) = 1 + 3/log2(3); IDCG = 3 * disc(0) + 1 * disc(1) = 3 + 1/log2(3)
        assertThat(m.get("ndcg@3")).isCloseTo((1 + 3 / LOG2_3) / (3 + 1 / LOG2_3), within(EPS));
        // Rendle2020 is binary: (1 + 1/log2(3)) / (1 + 1/log2(3)) = 1; recall 2/2
        assertThat(m.get("ndcgrendle2020@3")).isCloseTo(1.0, within(EPS));
        assertThat(m.get("recall@3")).isCloseTo(1.0, within(EPS));

        // threshold 3: gains 2^3-1 = 7, 2^2-1 = 3, 2^1-1 = 1 for ratings 5, 4, 3; the list [2, 1, 3] has gains 3, 7, 1
        var m3 = new ElliotProtocol().evaluate(new EvalInput(4, pop, null, List.of(u), Relevance.atLeast(3)), new int[] {3})
                .metrics();
        double disc2 = 1 / log2(4);
        assertThat(m3.get("ndcg@3")).isCloseTo((3 + 7 / LOG2_3 + 1 * disc2) / (7 + 3 / LOG2_3 + 1 * disc2), within(EPS));

        // without a threshold every test item is relevant with gain 1: a perfect binary list
        var all = new ElliotProtocol().evaluate(new EvalInput(4, pop, null, List.of(u), Relevance.ALL), new int[] {3})
                .metrics();
        assertThat(all.get("ndcg@3")).isCloseTo(1.0, within(EPS));
    }

    @Test
    void an_empty_filtered_list_counts_as_a_user_but_leaves_aplt_and_arp_undefined() {
        // one user whose only recommendation is an item from training; another with a hit
        Popularity pop = new Popularity(new int[] {2, 1, 1}, new int[] {2, 1, 1}, 2);
        EvalUser seenOnly = user(0, new int[] {0}, new int[] {0, 1}, new int[] {2}, new double[] {1});
        EvalUser hit = user(1, new int[] {2, 1}, new int[] {0}, new int[] {2}, new double[] {1});
        ProtocolResult r = new ElliotProtocol().evaluate(new EvalInput(3, pop, null, List.of(seenOnly, hit), Relevance.ALL),
                new int[] {3});

        assertThat(r.counts()).containsEntry("empty_lists", 1L).containsEntry("n_users", 2L)
                .containsEntry("aplt@3_undefined", 1L).containsEntry("arp@3_undefined", 1L);
        assertThat(r.metrics()).doesNotContainKeys("aplt@3", "arp@3");
        // the empty list is still averaged (score 0) where Elliot allows it: P = (0 + 1/3) / 2, HR = 1/2
        assertThat(r.metrics().get("precision@3")).isCloseTo(1 / 6.0, within(EPS));
        assertThat(r.metrics().get("hr@3")).isCloseTo(0.5, within(EPS));
        assertThat(r.metrics().get("usercoverage@3")).isEqualTo(1.0);
        assertThat(r.metrics().get("aclt@3")).isCloseTo(0.0, within(EPS));
    }

    @Test
    void ties_at_the_head_boundary_go_to_the_head_in_ascending_item_order() {
        // pop [2, 1, 1, 1]: transactions 5, limit 4.0: 0 -> 2, 1 -> 1, 2 -> 0 <= 0: head {0, 1, 2}, tail {3}
        Popularity pop = new Popularity(new int[] {2, 1, 1, 1}, new int[] {2, 1, 1, 1}, 3);
        EvalUser u = user(0, new int[] {3, 2}, new int[] {0}, new int[] {1}, new double[] {1});
        ProtocolResult r = new ElliotProtocol().evaluate(new EvalInput(4, pop, null, List.of(u), Relevance.ALL),
                new int[] {1, 2});

        assertThat(r.counts()).containsEntry("short_head_items", 3L).containsEntry("short_head_boundary_ties", 1L);
        // item 3 (tail) at rank 1; item 2, tied with it, is in the head: ACLT@1 = 1, ACLT@2 = 1, APLT@2 = 1/2
        assertThat(r.metrics().get("aclt@1")).isEqualTo(1.0);
        assertThat(r.metrics().get("aclt@2")).isEqualTo(1.0);
        assertThat(r.metrics().get("aplt@2")).isCloseTo(0.5, within(EPS));
    }

    @Test
    void the_result_at_a_small_cutoff_depends_on_top_k_because_the_cut_comes_before_the_filter() {
        // raw [0 (seen), 1 (relevant)]: with top_k = 1 only the seen item is read and the list is empty;
        // with top_k = 2 the list is [1] and the cutoff 1 hits
        Popularity pop = new Popularity(new int[] {1, 1}, new int[] {1, 1}, 2);
        EvalUser u = user(0, new int[] {0, 1}, new int[] {0}, new int[] {1}, new double[] {1});
        EvalInput input = new EvalInput(2, pop, null, List.of(u), Relevance.ALL);

        assertThat(new ElliotProtocol().evaluate(input, new int[] {1}).metrics().get("hr@1")).isEqualTo(0.0);
        assertThat(new ElliotProtocol(2).evaluate(input, new int[] {1}).metrics().get("hr@1")).isEqualTo(1.0);
        assertThat(new ElliotProtocol().evaluate(input, new int[] {1, 2}).metrics().get("hr@1")).isEqualTo(1.0);
        assertThatThrownBy(() -> new ElliotProtocol(1).evaluate(input, new int[] {2}))
                .hasMessageContaining("must not exceed top_k 1");
    }

    @Test
    void every_metric_of_the_convention_has_a_key_at_every_cutoff() {
        ProtocolResult r = evaluate(Relevance.ALL, 2, 5);
        for (String name : List.of("ndcg", "ndcgrendle2020", "recall", "precision", "hr", "f1", "map", "mar", "mrr",
                "aclt", "aplt", "arp", "popreo", "poprsp", "itemcoverage", "usercoverage", "gini", "sentropy", "efd", "epc")) {
            assertThat(r.metrics()).containsKeys(name + "@2", name + "@5");
        }
        assertThat(Protocols.of("Elliot")).isInstanceOf(ElliotProtocol.class);
    }
}
