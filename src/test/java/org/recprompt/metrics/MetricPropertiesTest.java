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

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Properties over random lists in a catalog of 30 items. */
class MetricPropertiesTest {

    static final int CATALOG = 30;

    @Provide
    Arbitrary<int[]> raw() {
        return Arbitraries.integers().between(-3, CATALOG + 3).array(int[].class).ofMaxSize(25);
    }

    @Provide
    Arbitrary<int[]> relevant() {
        return Arbitraries.integers().between(0, CATALOG - 1).array(int[].class).ofMinSize(1).ofMaxSize(5);
    }

    static UserRecs recs(int user, int[] raw, int[] relevant) {
        return new UserRecs(user, RankedList.of(raw, CATALOG).top(10), relevant, new int[] {0, 1});
    }

    @Property(tries = 300)
    void accuracy_and_share_metrics_lie_in_zero_one(@ForAll("raw") int[] raw, @ForAll("relevant") int[] relevant,
                                                    @ForAll @IntRange(min = 1, max = 12) int k) {
        UserRecs u = recs(0, raw, relevant);
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

    @Property(tries = 100)
    void aggregates_do_not_depend_on_the_order_of_users(@ForAll @Size(min = 1, max = 20) List<@Size(max = 12) List<@IntRange(min = 0, max = 29) Integer>> lists,
                                                        @ForAll long seed) {
        List<UserRecs> users = new ArrayList<>();
        for (int k = 0; k < lists.size(); k++) {
            int[] raw = lists.get(k).stream().mapToInt(Integer::intValue).toArray();
            users.add(recs(k, raw, new int[] {k % CATALOG}));
        }
        List<UserRecs> shuffled = new ArrayList<>(users);
        Collections.shuffle(shuffled, new Random(seed));
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

    @Property(tries = 100)
    void gini_is_zero_for_uniform_exposure(@ForAll @IntRange(min = 2, max = 200) int catalog,
                                           @ForAll @IntRange(min = 1, max = 5) int rounds) {
        Gini gini = new Gini(catalog);
        SystemMetric.Accumulator acc = gini.accumulator();
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < catalog; i++) {
                acc.add(new UserRecs(i, RankedList.of(new int[] {i}, catalog), new int[0], new int[0]));
            }
        }
        assertThat(acc.evaluate()).isCloseTo(0.0, within(1e-12));
    }

    @Property(tries = 100)
    void gini_is_close_to_one_when_one_item_takes_almost_all_exposure(@ForAll @IntRange(min = 50, max = 500) int catalog,
                                                                      @ForAll @IntRange(min = 0, max = 49) int item) {
        SystemMetric.Accumulator acc = new Gini(catalog).accumulator();
        for (int u = 0; u < 1000; u++) {
            acc.add(new UserRecs(u, RankedList.of(new int[] {item}, catalog), new int[0], new int[0]));
        }
        acc.add(new UserRecs(0, RankedList.of(new int[] {item + 1}, catalog), new int[0], new int[0]));
        assertThat(acc.evaluate()).isGreaterThan(0.99).isLessThanOrEqualTo(1.0);
    }

    @Property(tries = 200)
    void normalised_lists_have_distinct_catalog_items_in_raw_order(@ForAll("raw") int[] raw) {
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
