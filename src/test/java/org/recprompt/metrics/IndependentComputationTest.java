package org.recprompt.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.Interactions;
import org.recprompt.dataset.io.DatasetLoader;
import org.recprompt.dataset.split.Split;
import org.recprompt.dataset.split.Splits;

/**
 * The metric code against a straightforward computation written here from the raw interactions of
 * ml-latest-small: a most-popular top-10 (unseen items, pop descending, ties by item index) for every
 * user under temporal leave-last-out. The naive side shares nothing with the code under test: it
 * groups the rows itself, holds out the last by (timestamp, item), counts pop with hash sets and uses
 * the double-sum form of the Gini, sum_{i,j} |c_i - c_j| / (2 N (n - 1)). Skipped when
 * ../shared/datasets/ml-latest-small is not present.
 */
class IndependentComputationTest {

    static final double TOLERANCE = 1e-9;
    static final int K = 10;

    static Dataset dataset;
    static Map<Integer, List<long[]>> byUser;
    static int catalog;

    @BeforeAll
    static void load() {
        Path dir = Path.of("../shared/datasets/ml-latest-small");
        Assumptions.assumeTrue(Files.isDirectory(dir),
                () -> "Skipped: the shared dataset " + dir.toAbsolutePath().normalize() + " is not present");
        dataset = DatasetLoader.load(dir);
        catalog = dataset.items().size();
        byUser = new HashMap<>();
        Interactions x = dataset.interactions();
        for (int row = 0; row < x.size(); row++) {
            byUser.computeIfAbsent(x.user(row), u -> new ArrayList<>()).add(new long[] {x.timestamp(row), x.item(row)});
        }
        for (List<long[]> rows : byUser.values()) {
            rows.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        }
    }

    @Test
    void ndcg_arp_gini_and_coverage_of_most_popular_agree_with_a_naive_computation() {
        // naive: held-out item, history and pop(i) = distinct training users
        Map<Integer, Integer> heldOut = new HashMap<>();
        Map<Integer, Set<Integer>> history = new HashMap<>();
        int[] pop = new int[catalog];
        for (var e : byUser.entrySet()) {
            List<long[]> rows = e.getValue();
            if (rows.size() < 2) {
                continue;
            }
            heldOut.put(e.getKey(), (int) rows.get(rows.size() - 1)[1]);
            Set<Integer> h = new HashSet<>();
            for (long[] r : rows.subList(0, rows.size() - 1)) {
                h.add((int) r[1]);
            }
            history.put(e.getKey(), h);
            for (int item : h) {
                pop[item]++;
            }
        }
        List<Integer> byPopularity = new ArrayList<>();
        for (int i = 0; i < catalog; i++) {
            byPopularity.add(i);
        }
        byPopularity.sort((a, b) -> pop[a] != pop[b] ? Integer.compare(pop[b], pop[a]) : Integer.compare(a, b));

        double ndcgSum = 0;
        double arpSum = 0;
        long[] counts = new long[catalog];
        Map<Integer, int[]> lists = new HashMap<>();
        for (int u : heldOut.keySet()) {
            int[] list = new int[K];
            int n = 0;
            for (int item : byPopularity) {
                if (n == K) {
                    break;
                }
                if (!history.get(u).contains(item)) {
                    list[n++] = item;
                }
            }
            lists.put(u, list);
            double popSum = 0;
            for (int r = 1; r <= K; r++) {
                if (list[r - 1] == heldOut.get(u)) {
                    ndcgSum += 1 / (Math.log(r + 1) / Math.log(2));
                }
                popSum += pop[list[r - 1]];
                counts[list[r - 1]]++;
            }
            arpSum += popSum / K;
        }
        int users = heldOut.size();
        double naiveNdcg = ndcgSum / users;
        double naiveArp = arpSum / users;
        long total = 0;
        int covered = 0;
        for (long c : counts) {
            total += c;
            covered += c > 0 ? 1 : 0;
        }
        double absDiff = 0;
        for (int i = 0; i < catalog; i++) {
            for (int j = 0; j < catalog; j++) {
                absDiff += Math.abs(counts[i] - counts[j]);
            }
        }
        double naiveGini = absDiff / (2.0 * total * (catalog - 1));
        double naiveCoverage = covered / (double) catalog;

        // the code under test, on the same lists
        Split split = Splits.leaveLastOut(dataset);
        assertThat(split.evaluableUsers()).hasSize(users);
        List<UserRecs> recs = new ArrayList<>();
        for (int u : split.evaluableUsers()) {
            assertThat(split.heldOut(u)).containsExactly(heldOut.get(u));
            recs.add(SplitAdapter.recs(split, u, lists.get(u), K));
        }
        var popularity = SplitAdapter.popularity(split);
        assertThat(popularity.users()).containsExactly(pop);
        Map<String, Object> result = new MetricSuite(K, popularity, SplitAdapter.genres(dataset.items())).evaluate(recs);

        assertThat(users).isEqualTo(610);
        assertThat((double) result.get("ndcg@10")).isCloseTo(naiveNdcg, within(TOLERANCE));
        assertThat((double) result.get("arp")).isCloseTo(naiveArp, within(TOLERANCE));
        assertThat((double) result.get("gini")).isCloseTo(naiveGini, within(TOLERANCE));
        assertThat((double) result.get("coverage")).isCloseTo(naiveCoverage, within(TOLERANCE));
        assertThat(naiveNdcg).isPositive();
    }
}
