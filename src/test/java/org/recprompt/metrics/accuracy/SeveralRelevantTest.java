package org.recprompt.metrics.accuracy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.recprompt.metrics.Lists.ints;
import static org.recprompt.metrics.Lists.log2;
import static org.recprompt.metrics.Lists.recs;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.recprompt.metrics.ListMetric;
import org.recprompt.metrics.RankedList;
import org.recprompt.metrics.UserRecs;

/**
 * Every accuracy metric with several relevant items per user, a repeated item and a skipped rank;
 * hand-computed values (the comment beside each assertion is the computation).
 */
class SeveralRelevantTest {

    static final double EPS = 1e-12;

    static double d(int r) {
        return 1 / log2(r + 1);
    }

    // raw [3, 1, 1, 7, GAP, 2, 5] -> items [3, 1, 7, 2, 5] at ranks [1, 2, 3, 5, 6] (the repeat of 1 drops and
    // the ranks close up; the gap keeps rank 4 empty); R = {1, 2, 5, 8}: hits at ranks 2, 5 and 6, |R| = 4
    final UserRecs u = recs(ints(3, 1, 1, 7, RankedList.GAP, 2, 5), ints(8, 5, 2, 1));

    @Test
    void the_existing_metrics_count_every_relevant_item() {
        assertThat(new HitRate(1).evaluate(u)).isZero();
        assertThat(new HitRate(5).evaluate(u)).isEqualTo(1.0);
        // hits within 5: ranks 2 and 5
        assertThat(new Precision(5).evaluate(u)).isCloseTo(2 / 5.0, within(EPS));
        assertThat(new Recall(5).evaluate(u)).isCloseTo(2 / 4.0, within(EPS));
        assertThat(new Recall(10).evaluate(u)).isCloseTo(3 / 4.0, within(EPS));
        assertThat(new ReciprocalRank(5).evaluate(u)).isCloseTo(1 / 2.0, within(EPS));
        // DCG = d(2) + d(5); IDCG = d(1) + d(2) + d(3) + d(4) (min(|R|, K) = 4)
        assertThat(new Ndcg(5).evaluate(u)).isCloseTo((d(2) + d(5)) / (d(1) + d(2) + d(3) + d(4)), within(EPS));
        // K = 10: DCG adds d(6); IDCG is still over 4 ranks
        assertThat(new Ndcg(10).evaluate(u)).isCloseTo((d(2) + d(5) + d(6)) / (d(1) + d(2) + d(3) + d(4)),
                within(EPS));
    }

    @Test
    void average_precision_divides_by_min_of_relevant_and_k() {
        // (P@2 + P@5) / min(4, 5) = (1/2 + 2/5) / 4
        assertThat(new AveragePrecision(5).evaluate(u)).isCloseTo(0.9 / 4, within(EPS));
        // (1/2 + 2/5 + 3/6) / 4
        assertThat(new AveragePrecision(10).evaluate(u)).isCloseTo(1.4 / 4, within(EPS));
        // K = 2: P@2 / min(4, 2)
        assertThat(new AveragePrecision(2).evaluate(u)).isCloseTo(0.5 / 2, within(EPS));
        // a perfect top 2 of a user with 5 relevant items scores 1 (dividing by |R| would give 2/5)
        assertThat(new AveragePrecision(2).evaluate(recs(ints(1, 2, 3), ints(1, 2, 3, 4, 5)))).isCloseTo(1.0, within(EPS));
        // a list shorter than K keeps the normaliser: L = [5], R = {5, 6}, K = 10: P@1 / min(2, 10)
        assertThat(new AveragePrecision(10).evaluate(recs(ints(5), ints(5, 6)))).isCloseTo(0.5, within(EPS));
    }

    @Test
    void average_recall_is_the_mean_recall_over_the_cutoffs_one_to_k() {
        // R@1..5 = 0, 1/4, 1/4, 1/4, 2/4: sum 5/4, over 5
        assertThat(new AverageRecall(5).evaluate(u)).isCloseTo(0.25, within(EPS));
        // hits at 2, 5, 6 count for (10-2+1) + (10-5+1) + (10-6+1) = 20 cutoffs, over 10 * 4
        assertThat(new AverageRecall(10).evaluate(u)).isCloseTo(0.5, within(EPS));
        // one relevant item at rank 1: recall 1 at every cutoff
        assertThat(new AverageRecall(3).evaluate(recs(ints(4, 1), ints(4)))).isCloseTo(1.0, within(EPS));
        // L = [5], R = {5, 6}, K = 10: recall 1/2 at every cutoff, the short list adds nothing past its end
        assertThat(new AverageRecall(10).evaluate(recs(ints(5), ints(5, 6)))).isCloseTo(0.5, within(EPS));
    }

    @Test
    void f1_is_the_harmonic_mean_of_precision_and_recall_of_the_list() {
        // P = 2/5, R = 2/4: 2 * 0.2 / 0.9 = 4/9 = 2h / (K + |R|)
        assertThat(new F1(5).evaluate(u)).isCloseTo(4 / 9.0, within(EPS));
        assertThat(new F1(10).evaluate(u)).isCloseTo(6 / 14.0, within(EPS));
        // L = [5], R = {5, 6}, K = 10: P = 1/10, R = 1/2: 2 * 0.05 / 0.6 = 1/6
        assertThat(new F1(10).evaluate(recs(ints(5), ints(5, 6)))).isCloseTo(1 / 6.0, within(EPS));
    }

    @Test
    void the_added_metrics_score_zero_for_an_empty_list_a_list_without_hits_and_a_user_without_relevant_items() {
        List<ListMetric> metrics = List.of(new AveragePrecision(5), new AverageRecall(5), new F1(5), new GradedNdcg(5));
        UserRecs empty = new UserRecs(0, RankedList.of(ints(-1, 42), 10), ints(3), ints(), new double[] {4});
        UserRecs noHit = new UserRecs(0, RankedList.of(ints(1, 2), 10), ints(3), ints(), new double[] {4});
        UserRecs noRelevant = new UserRecs(0, RankedList.of(ints(1, 2), 10), ints(), ints(), new double[0]);
        assertThat(metrics).allSatisfy(m -> {
            assertThat(m.evaluate(empty)).isZero();
            assertThat(m.evaluate(noHit)).isZero();
            assertThat(m.evaluate(noRelevant)).isZero();
        });
    }

    @Test
    void duplicates_and_unknown_items_never_count_twice() {
        // raw [9, 9, -1, 4] -> [9, 4]; R = {9, 4}: a perfect list
        UserRecs dup = recs(ints(9, 9, -1, 4), ints(4, 9));
        assertThat(new AveragePrecision(10).evaluate(dup)).isCloseTo(1.0, within(EPS));
        assertThat(new F1(2).evaluate(dup)).isCloseTo(1.0, within(EPS));
        // hits at 1 and 2: (2 + 1) / (2 * 2)
        assertThat(new AverageRecall(2).evaluate(dup)).isCloseTo(0.75, within(EPS));
    }

    @Test
    void a_cutoff_below_one_is_refused() {
        assertThatThrownBy(() -> new AveragePrecision(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AverageRecall(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new F1(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GradedNdcg(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
