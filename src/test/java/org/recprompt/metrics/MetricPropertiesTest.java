package org.recprompt.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.recprompt.metrics.accuracy.HitRate;
import org.recprompt.metrics.accuracy.Ndcg;
import org.recprompt.metrics.accuracy.Precision;
import org.recprompt.metrics.accuracy.Recall;
import org.recprompt.metrics.accuracy.ReciprocalRank;
import org.recprompt.metrics.concentration.Entropy;
import org.recprompt.metrics.concentration.Gini;
import org.recprompt.metrics.diversity.GenreIld;
import org.recprompt.metrics.diversity.Genres;
import org.recprompt.metrics.popularity.AveragePercentageLongTail;
import org.recprompt.metrics.popularity.ExpectedPopularityComplement;
import org.recprompt.metrics.popularity.LongTail;
import org.recprompt.metrics.popularity.Popularity;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * Properties over random lists in a catalog of 30 items: each repetition draws its inputs from a
 * stream seeded by the repetition number, so a failure names an input that can be replayed.
 */
class MetricPropertiesTest {

    static final int CATALOG = 30;

    /** Raw answers: up to 25 ids, some outside the catalog (negative or too large), with repeats. */
    static int[] raw(Random r) {
        int[] a = new int[r.nextInt(26)];
        for (int k = 0; k < a.length; k++) {
            a[k] = -3 + r.nextInt(CATALOG + 7);
        }
        return a;
    }

    static int[] relevant(Random r) {
        int[] a = new int[1 + r.nextInt(5)];
        for (int k = 0; k < a.length; k++) {
            a[k] = r.nextInt(CATALOG);
        }
        return a;
    }

    static UserRecs recs(int user, int[] raw, int[] relevant) {
        return new UserRecs(user, RankedList.of(raw, CATALOG).top(10), relevant, new int[] {0, 1});
    }

    @RepeatedTest(300)
    void accuracy_and_share_metrics_lie_in_zero_one(RepetitionInfo repetition) {
        Random r = new Random(repetition.getCurrentRepetition());
        int k = 1 + r.nextInt(12);
        UserRecs u = recs(0, raw(r), relevant(r));
        int[] counts = new int[CATALOG];
        for (int i = 0; i < CATALOG; i++) {
            counts[i] = (i * 7) % 11;
        }
        Popularity pop = Popularity.ofUsers(counts, 11);
        Genres genres = genres();
        List<ListMetric> metrics = List.of(new HitRate(k), new Precision(k), new Recall(k), new ReciprocalRank(k),
                new Ndcg(k), new AveragePercentageLongTail(LongTail.of(counts)), new ExpectedPopularityComplement(pop),
                new GenreIld(genres));
        for (ListMetric m : metrics) {
            double v = m.evaluate(u);
            if (!Double.isNaN(v)) {
                assertThat(v).as(m.toString()).isBetween(0.0, 1.0 + 1e-12);
            }
        }
        assertThat(new Ndcg(k).evaluate(u)).isGreaterThanOrEqualTo(0.0);
        assertThat(new HitRate(k).evaluate(u)).isGreaterThanOrEqualTo(new Precision(k).evaluate(u));
    }

    static Genres genres() {
        int[][] g = new int[CATALOG][];
        for (int i = 0; i < CATALOG; i++) {
            g[i] = i % 4 == 0 ? new int[0] : new int[] {i % 3, (i / 3) % 5};
        }
        return new Genres(g, 5);
    }

    @RepeatedTest(100)
    void aggregates_do_not_depend_on_the_order_of_users(RepetitionInfo repetition) {
        Random r = new Random(1000 + repetition.getCurrentRepetition());
        List<UserRecs> users = new ArrayList<>();
        int n = 1 + r.nextInt(20);
        for (int k = 0; k < n; k++) {
            int[] raw = new int[r.nextInt(13)];
            for (int j = 0; j < raw.length; j++) {
                raw[j] = r.nextInt(CATALOG);
            }
            users.add(recs(k, raw, new int[] {k % CATALOG}));
        }
        List<UserRecs> shuffled = new ArrayList<>(users);
        Collections.shuffle(shuffled, new Random(r.nextLong()));
        for (SystemMetric m : List.of(new Mean(new Ndcg(10)), new Mean(new Recall(5)), new Gini(CATALOG),
                new Entropy(CATALOG, true), new Mean(new GenreIld(genres())))) {
            double a = run(m, users);
            double b = run(m, shuffled);
            if (Double.isNaN(a)) {
                assertThat(b).isNaN();
            } else {
                assertThat(b).isCloseTo(a, within(1e-12));
            }
        }
    }

    @RepeatedTest(100)
    void gini_is_zero_for_uniform_exposure(RepetitionInfo repetition) {
        Random random = new Random(2000 + repetition.getCurrentRepetition());
        int catalog = 2 + random.nextInt(199);
        int rounds = 1 + random.nextInt(5);
        Gini gini = new Gini(catalog);
        SystemMetric.Accumulator acc = gini.accumulator();
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < catalog; i++) {
                acc.add(new UserRecs(i, RankedList.of(new int[] {i}, catalog), new int[0], new int[0]));
            }
        }
        assertThat(acc.evaluate()).isCloseTo(0.0, within(1e-12));
    }

    @RepeatedTest(100)
    void gini_is_close_to_one_when_one_item_takes_almost_all_exposure(RepetitionInfo repetition) {
        Random r = new Random(3000 + repetition.getCurrentRepetition());
        int catalog = 50 + r.nextInt(451);
        int item = r.nextInt(50);
        SystemMetric.Accumulator acc = new Gini(catalog).accumulator();
        for (int u = 0; u < 1000; u++) {
            acc.add(new UserRecs(u, RankedList.of(new int[] {item}, catalog), new int[0], new int[0]));
        }
        acc.add(new UserRecs(0, RankedList.of(new int[] {item + 1}, catalog), new int[0], new int[0]));
        assertThat(acc.evaluate()).isGreaterThan(0.99).isLessThanOrEqualTo(1.0);
    }

    @RepeatedTest(200)
    void normalised_lists_have_distinct_catalog_items_in_raw_order(RepetitionInfo repetition) {
        int[] raw = raw(new Random(4000 + repetition.getCurrentRepetition()));
        int[] items = RankedList.of(raw, CATALOG).items();
        assertThat(items).doesNotHaveDuplicates();
        assertThat(java.util.Arrays.stream(items).allMatch(i -> i >= 0 && i < CATALOG)).isTrue();
        int last = -1;
        for (int i : items) {
            int first = java.util.stream.IntStream.range(0, raw.length).filter(k -> raw[k] == i).findFirst().orElseThrow();
            assertThat(first).isGreaterThan(last);
            last = first;
        }
    }

    static double run(SystemMetric m, List<UserRecs> users) {
        SystemMetric.Accumulator acc = m.accumulator();
        users.forEach(acc::add);
        return acc.evaluate();
    }
}
