package org.recprompt.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.recprompt.metrics.accuracy.AveragePrecision;
import org.recprompt.metrics.accuracy.AverageRecall;
import org.recprompt.metrics.accuracy.F1;
import org.recprompt.metrics.accuracy.GradedNdcg;
import org.recprompt.metrics.accuracy.Ndcg;
import org.recprompt.metrics.accuracy.Precision;
import org.recprompt.metrics.accuracy.Recall;
import org.recprompt.metrics.popularity.ExpectedFreeDiscovery;
import org.recprompt.metrics.popularity.ExpectedPopularityComplement;
import org.recprompt.metrics.popularity.Popularity;

/**
 * The recprompt convention's added metrics over random lists (raw answers with repeats, unknown ids
 * and skipped ranks) against their definitions written out a second, slower way. Each repetition is
 * seeded by its number.
 */
class ExtendedMetricPropertiesTest {

    static final int CATALOG = 30;

    static UserRecs user(Random r, boolean rated) {
        int[] raw = new int[r.nextInt(26)];
        for (int k = 0; k < raw.length; k++) {
            raw[k] = r.nextInt(10) == 0 ? RankedList.GAP : -3 + r.nextInt(CATALOG + 7);
        }
        int[] relevant = new int[r.nextInt(7)];
        double[] ratings = new double[relevant.length];
        for (int k = 0; k < relevant.length; k++) {
            relevant[k] = r.nextInt(CATALOG);
            ratings[k] = r.nextInt(11) / 2.0;
        }
        return new UserRecs(0, RankedList.of(raw, CATALOG), relevant, new int[] {0, 1}, rated ? ratings : null);
    }

    /** Whether the item at rank r (1-based, gaps counted) is relevant. */
    static boolean hitAt(UserRecs u, int rank) {
        int n = 0;
        while (n < u.list().size() && u.list().rankAt(n + 1) < rank) {
            n++;
        }
        return n < u.list().size() && u.list().rankAt(n + 1) == rank && u.isRelevant(u.list().itemAt(n + 1));
    }

    @RepeatedTest(300)
    void map_mar_and_f1_follow_their_textbook_forms(RepetitionInfo repetition) {
        Random r = new Random(5000 + repetition.getCurrentRepetition());
        int k = 1 + r.nextInt(15);
        UserRecs u = user(r, false);
        int rel = u.relevant().length;
        // AP: sum of P@n at each hit rank n <= K, over min(|R|, K)
        double ap = 0;
        double ar = 0;
        for (int n = 1; n <= k; n++) {
            if (hitAt(u, n)) {
                ap += new Precision(n).evaluate(u);
            }
            ar += rel == 0 ? 0 : new Recall(n).evaluate(u);
        }
        ap = rel == 0 ? 0 : ap / Math.min(rel, k);
        ar /= k;
        double p = new Precision(k).evaluate(u);
        double rc = new Recall(k).evaluate(u);
        double f1 = p + rc == 0 ? 0 : 2 * p * rc / (p + rc);
        assertThat(new AveragePrecision(k).evaluate(u)).isCloseTo(ap, within(1e-12)).isBetween(0.0, 1.0 + 1e-12);
        assertThat(new AverageRecall(k).evaluate(u)).isCloseTo(ar, within(1e-12)).isBetween(0.0, 1.0 + 1e-12);
        assertThat(new F1(k).evaluate(u)).isCloseTo(f1, within(1e-12)).isBetween(0.0, 1.0 + 1e-12);
    }

    @RepeatedTest(300)
    void graded_ndcg_lies_in_zero_one_and_equals_binary_ndcg_for_equal_ratings(RepetitionInfo repetition) {
        Random r = new Random(6000 + repetition.getCurrentRepetition());
        int k = 1 + r.nextInt(15);
        UserRecs u = user(r, true);
        double v = new GradedNdcg(k).evaluate(u);
        assertThat(v).isBetween(0.0, 1.0 + 1e-12);
        double[] same = new double[u.relevant().length];
        java.util.Arrays.fill(same, 1 + r.nextInt(5));
        UserRecs even = new UserRecs(0, u.list(), u.relevant(), u.history(), same);
        assertThat(new GradedNdcg(k).evaluate(even)).isCloseTo(new Ndcg(k).evaluate(even), within(1e-12));
    }

    @RepeatedTest(200)
    void relevance_aware_novelty_never_exceeds_the_unaware_form(RepetitionInfo repetition) {
        Random r = new Random(7000 + repetition.getCurrentRepetition());
        int[] users = new int[CATALOG];
        for (int i = 0; i < CATALOG; i++) {
            users[i] = r.nextInt(12);
        }
        Popularity pop = Popularity.ofUsers(users, 12);
        UserRecs u = user(r, false);
        for (List<ListMetric> pair : List.of(
                List.<ListMetric>of(new ExpectedPopularityComplement(pop, true), new ExpectedPopularityComplement(pop, false)),
                List.<ListMetric>of(new ExpectedFreeDiscovery(pop, true), new ExpectedFreeDiscovery(pop, false)))) {
            double aware = pair.get(0).evaluate(u);
            double unaware = pair.get(1).evaluate(u);
            if (u.list().isEmpty()) {
                assertThat(aware).isNaN();
                assertThat(unaware).isNaN();
            } else {
                assertThat(aware).isBetween(0.0, unaware + 1e-12);
            }
        }
    }
}
