package org.recprompt.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.io.DatasetLoader;
import org.recprompt.dataset.split.CandidateSampler;
import org.recprompt.dataset.split.Seeds;
import org.recprompt.dataset.split.Split;
import org.recprompt.dataset.split.Splits;
import org.recprompt.metrics.accuracy.ChanceLevel;
import org.recprompt.metrics.accuracy.Ndcg;
import org.recprompt.metrics.popularity.Popularity;

/**
 * PARADIGMS.md's reference results on ml-100k (leave-last-out, 20 candidates): a random ranking
 * lands at the analytic chance level and MostPopular beats it. Skipped when ../shared/datasets/ml-100k
 * is not present.
 */
class ReferenceResultsTest {

    static Split split;
    static Popularity popularity;

    @BeforeAll
    static void load() {
        Path dir = Path.of("../shared/datasets/ml-100k");
        Assumptions.assumeTrue(Files.isDirectory(dir),
                () -> "Skipped: the shared dataset " + dir.toAbsolutePath().normalize() + " is not present");
        Dataset d = DatasetLoader.load(dir);
        split = Splits.leaveLastOut(d);
        popularity = SplitAdapter.popularity(split);
    }

    double meanNdcg10(long seed, boolean mostPopular) {
        CandidateSampler sampler = CandidateSampler.random(split, 20, seed);
        Mean.Acc ndcg = new Mean(new Ndcg(10)).accumulator();
        for (int u : split.evaluableUsers()) {
            int[] candidates = sampler.sample(u).items();
            int[] ranked;
            if (mostPopular) {
                ranked = IntStream.of(candidates).boxed()
                        .sorted(Comparator.comparingInt((Integer i) -> -popularity.of(i)).thenComparingInt(i -> i))
                        .mapToInt(Integer::intValue).toArray();
            } else {
                ranked = candidates.clone();
                Random random = Seeds.forKey(seed + 1, split.dataset().users().id(u));
                Seeds.shuffle(ranked, random);
            }
            ndcg.add(SplitAdapter.recs(split, u, ranked, 10));
        }
        assertThat(ndcg.count()).isEqualTo(split.evaluableUsers().length);
        return ndcg.evaluate();
    }

    @Test
    void a_random_ranking_of_20_candidates_scores_the_chance_ndcg_at_10() {
        List<Double> runs = new ArrayList<>();
        for (long seed : new long[] {1, 2, 3}) {
            runs.add(meanNdcg10(seed, false));
        }
        double mean = runs.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertThat(mean).isCloseTo(ChanceLevel.ndcg(10, 20), within(0.02));
        assertThat(ChanceLevel.ndcg(10, 20)).isCloseTo(0.2272, within(5e-5));
    }

    @Test
    void most_popular_beats_random_on_the_same_candidates() {
        for (long seed : new long[] {1, 2}) {
            assertThat(meanNdcg10(seed, true)).isGreaterThan(meanNdcg10(seed, false) + 0.05);
        }
    }

    @Test
    void ml_100k_has_943_evaluable_users_and_popularity_counts_distinct_training_users() {
        assertThat(split.evaluableUsers()).hasSize(943);
        assertThat(popularity.trainUsers()).isEqualTo(943);
        assertThat(IntStream.of(popularity.users()).sum()).isEqualTo(100_000 - 943);
    }
}
