package org.recprompt.metrics.rerank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.recprompt.metrics.Lists.ints;
import static org.recprompt.metrics.Lists.log2;
import static org.recprompt.metrics.Lists.recs;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.recprompt.metrics.diversity.CalibrationKl;
import org.recprompt.metrics.diversity.Genres;
import org.recprompt.metrics.popularity.Popularity;

/**
 * Catalog of 6 items: pop = 10, 8, 6, 4, 2, 0 (max 10, so S_pop = 1, .8, .6, .4, .2, 0); genres
 * 0 {0}, 1 {0}, 2 {1}, 3 {1}, 4 {0, 1}, 5 {}.
 */
class RerankTest {

    static final double EPS = 1e-12;
    final Popularity pop = Popularity.ofUsers(ints(10, 8, 6, 4, 2, 0), 10);
    final Genres genres = new Genres(new int[][] {{0}, {0}, {1}, {1}, {0, 1}, {}}, 2);
    final ScoredList fourByScore = new ScoredList(ints(0, 1, 2, 3), new double[] {1.0, 0.9, 0.5, 0.4});

    @Test
    void rank_derived_scores_are_one_minus_rank_less_one_over_n() {
        assertThat(ScoredList.fromRanking(ints(5, 3, 1, 0)).scores()).containsExactly(1.0, 0.75, 0.5, 0.25);
        assertThatThrownBy(() -> new ScoredList(ints(1, 1), new double[] {1, 0}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void popularity_control_with_beta_zero_changes_nothing() {
        assertThat(new PopularityControl(pop, 0).rerank(fourByScore, ints(), 4)).containsExactly(0, 1, 2, 3);
        assertThat(new PopularityControl(pop, 0).rerank(fourByScore, ints(), 2)).containsExactly(0, 1);
    }

    @Test
    void popularity_control_adds_beta_times_normalised_popularity() {
        // candidates [3, 0, 1, 4], S = 1, .5, .45, .2, S_pop = .4, 1, .8, .2
        ScoredList c = new ScoredList(ints(3, 0, 1, 4), new double[] {1.0, 0.5, 0.45, 0.2});
        PopularityControl half = new PopularityControl(pop, -0.5);
        // S_AG = 1 - .2 = .8, .5 - .5 = 0, .45 - .4 = .05, .2 - .1 = .1
        assertThat(half.adjusted(c, 0)).isCloseTo(0.8, within(EPS));
        assertThat(half.adjusted(c, 1)).isCloseTo(0.0, within(EPS));
        assertThat(half.adjusted(c, 2)).isCloseTo(0.05, within(EPS));
        assertThat(half.adjusted(c, 3)).isCloseTo(0.1, within(EPS));
        assertThat(half.rerank(c, ints(), 4)).containsExactly(3, 4, 1, 0);
        assertThat(half.rerank(c, ints(), 2)).containsExactly(3, 4);
        // a positive beta promotes the popular: 1 + .4, .5 + 1, .45 + .8, .2 + .2
        assertThat(new PopularityControl(pop, 1).rerank(c, ints(), 4)).containsExactly(0, 3, 1, 4);
    }

    @Test
    void a_large_negative_beta_puts_the_least_popular_first() {
        ScoredList c = ScoredList.fromRanking(ints(0, 1, 2, 3, 4, 5));
        assertThat(new PopularityControl(pop, -100).rerank(c, ints(), 6)).containsExactly(5, 4, 3, 2, 1, 0);
    }

    @Test
    void popularity_control_keeps_the_backend_order_on_ties_and_without_any_popularity() {
        Popularity none = Popularity.ofUsers(new int[6], 1);
        assertThat(new PopularityControl(none, -5).normalisedPopularity(0)).isZero();
        ScoredList tied = new ScoredList(ints(4, 2, 0), new double[] {0.5, 0.5, 0.5});
        assertThat(new PopularityControl(none, -5).rerank(tied, ints(), 3)).containsExactly(4, 2, 0);
    }

    @Test
    void calibrated_reranking_with_lambda_zero_is_the_score_order() {
        assertThat(new CalibratedReranker(genres, 0).rerank(fourByScore, ints(0, 2), 2)).containsExactly(0, 1);
        assertThat(new CalibratedReranker(genres, 0).rerank(fourByScore, ints(0, 2), 9)).containsExactly(0, 1, 2, 3);
    }

    @Test
    void the_calibrated_list_moves_its_genre_mix_toward_the_history() {
        // history [0, 2]: p = (.5, .5). lambda = .5, k = 2.
        // step 1: every single item has q = (1, 0) or (0, 1), KL = .5 log2(.5/.995) + .5 log2(.5/.005), equal,
        //         so the best score wins: item 0.
        // step 2: {0, 1}: .5 * 1.9 - .5 * KL(q = (1, 0)) = .95 - .5 * 2.8257 < 0; {0, 2}: .5 * 1.5 - 0 = .75 -> 2.
        double oneGenre = 0.5 * log2(0.5 / 0.995) + 0.5 * log2(0.5 / 0.005);
        assertThat(0.5 * 1.9 - 0.5 * oneGenre).isLessThan(0.5 * 1.5);
        int[] calibrated = new CalibratedReranker(genres, 0.5).rerank(fourByScore, ints(0, 2), 2);
        assertThat(calibrated).containsExactly(0, 2);

        CalibrationKl kl = new CalibrationKl(genres);
        double before = kl.evaluate(recs(0, ints(0, 1), ints(), ints(0, 2)));
        double after = kl.evaluate(recs(0, calibrated, ints(), ints(0, 2)));
        assertThat(before).isCloseTo(oneGenre, within(EPS));
        assertThat(after).isCloseTo(0.0, within(EPS));
    }

    @Test
    void calibrated_reranking_ignores_the_kl_term_for_a_history_without_genres() {
        assertThat(new CalibratedReranker(genres, 0.9).rerank(fourByScore, ints(5), 3)).containsExactly(0, 1, 2);
        assertThatThrownBy(() -> new CalibratedReranker(genres, 1.5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mmr_with_lambda_zero_is_the_score_order_and_otherwise_avoids_similar_genres() {
        // candidates [0, 1, 2], S = 1, .9, .6; genres {0}, {0}, {1}
        ScoredList c = new ScoredList(ints(0, 1, 2), new double[] {1.0, 0.9, 0.6});
        assertThat(new Mmr(genres, 0).rerank(c, ints(), 3)).containsExactly(0, 1, 2);
        // lambda = .5: step 1 item 0 (.5); step 2: item 1 .45 - .5 * 1 = -.05, item 2 .3 - 0 = .3 -> 2; then 1
        assertThat(new Mmr(genres, 0.5).rerank(c, ints(), 3)).containsExactly(0, 2, 1);
        assertThat(new Mmr(genres, 0.5).rerank(c, ints(), 1)).containsExactly(0);
    }

    @Test
    void the_popularity_sweep_reports_mean_ndcg_and_arp_per_beta() {
        // user 0: candidates [0, 1, 2, 3] by rank, R = {3}; user 1: [1, 5], R = {1}; K = 2
        // beta 0: [0, 1] (NDCG 0, ARP 9) and [1, 5] (NDCG 1, ARP 4)
        // beta -100: [3, 2] (NDCG 1, ARP 5) and [5, 1] (NDCG 1/log2 3, ARP 4)
        List<Sweep.Candidates> users = List.of(
                new Sweep.Candidates(0, ScoredList.fromRanking(ints(0, 1, 2, 3)), ints(3), ints(4)),
                new Sweep.Candidates(1, ScoredList.fromRanking(ints(1, 5)), ints(1), ints(4)));
        List<Sweep.Point> curve = Sweep.popularity(new double[] {0, -100}, pop, users, 2);
        assertThat(curve).hasSize(2);
        assertThat(curve.get(0).value()).isEqualTo(0.0);
        assertThat(curve.get(0).ndcg()).isCloseTo(0.5, within(EPS));
        assertThat(curve.get(0).secondary()).isCloseTo(6.5, within(EPS));
        assertThat(curve.get(1).ndcg()).isCloseTo((1 + 1 / log2(3)) / 2, within(EPS));
        assertThat(curve.get(1).secondary()).isCloseTo(4.5, within(EPS));
        assertThat(curve.get(1).users()).isEqualTo(2);
    }

    @Test
    void the_calibration_sweep_lowers_the_kl_as_lambda_grows() {
        // history [0, 2], R = {2}: lambda 0 gives [0, 1] (NDCG 0), lambda .5 gives [0, 2] (NDCG 1/log2 3, KL 0)
        List<Sweep.Candidates> users = List.of(new Sweep.Candidates(0, fourByScore, ints(2), ints(0, 2)));
        List<Sweep.Point> curve = Sweep.calibration(new double[] {0, 0.5}, genres, users, 2);
        double oneGenre = 0.5 * log2(0.5 / 0.995) + 0.5 * log2(0.5 / 0.005);
        assertThat(curve.get(0).ndcg()).isCloseTo(0.0, within(EPS));
        assertThat(curve.get(0).secondary()).isCloseTo(oneGenre, within(EPS));
        assertThat(curve.get(1).ndcg()).isCloseTo(1 / log2(3), within(EPS));
        assertThat(curve.get(1).secondary()).isCloseTo(0.0, within(EPS));
    }

    @Test
    void every_reranker_returns_distinct_candidates_and_parameter_zero_keeps_the_score_order() {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + random.nextInt(6);
            int[] items = IntStream.range(0, 6).boxed()
                    .sorted(Comparator.comparingInt(x -> random.nextInt(1000))).limit(n)
                    .mapToInt(Integer::intValue).toArray();
            double[] scores = new double[n];
            for (int x = 0; x < n; x++) {
                scores[x] = x == 0 ? 1.0 : scores[x - 1] - random.nextDouble();
            }
            ScoredList c = new ScoredList(items, scores);
            int k = 1 + random.nextInt(7);
            int[] history = ints(random.nextInt(6), random.nextInt(6));
            double p = random.nextDouble();
            int[] byScore = Arrays.copyOf(items, Math.min(k, n));
            for (Reranker r : List.of(new PopularityControl(pop, -3 * p), new CalibratedReranker(genres, p), new Mmr(genres, p))) {
                int[] out = r.rerank(c, history, k);
                assertThat(out).hasSize(Math.min(k, n)).doesNotHaveDuplicates();
                assertThat(items).contains(out);
            }
            assertThat(new PopularityControl(pop, 0).rerank(c, history, k)).containsExactly(byScore);
            assertThat(new CalibratedReranker(genres, 0).rerank(c, history, k)).containsExactly(byScore);
            assertThat(new Mmr(genres, 0).rerank(c, history, k)).containsExactly(byScore);
        }
    }

    @Test
    void moving_beta_towards_penalising_popularity_lowers_arp_monotonically() {
        // 40 users, each with 2-6 of the 6 items as candidates in a seeded order, K = 1..3; betas from 2 down to -2.
        // A lower beta only ever swaps a less popular item ahead of a more popular one, so the top-K's ARP never rises.
        SplittableRandom random = new SplittableRandom(11);
        double[] betas = IntStream.rangeClosed(0, 40).mapToDouble(i -> 2 - i * 0.1).toArray();
        for (int k = 1; k <= 3; k++) {
            List<Sweep.Candidates> users = new java.util.ArrayList<>();
            for (int u = 0; u < 40; u++) {
                int n = 2 + random.nextInt(5);
                int[] items = IntStream.range(0, 6).boxed().sorted(Comparator.comparingInt(x -> random.nextInt(1000))).limit(n)
                        .mapToInt(Integer::intValue).toArray();
                users.add(new Sweep.Candidates(u, ScoredList.fromRanking(items), ints(items[n - 1]), ints()));
            }
            List<Sweep.Point> curve = Sweep.popularity(betas, pop, users, k);
            for (int i = 1; i < curve.size(); i++) {
                assertThat(curve.get(i).secondary()).as("K %d, ARP at beta %.1f against %.1f", k, curve.get(i).value(),
                        curve.get(i - 1).value()).isLessThanOrEqualTo(curve.get(i - 1).secondary() + EPS);
            }
            assertThat(curve.get(curve.size() - 1).secondary()).as("beta -2 puts the least popular first")
                    .isLessThan(curve.get(20).secondary());
        }
        // By hand, one user, candidates [0, 1, 2] by rank (S = 1, 2/3, 1/3; S_pop = 1, .8, .6), K = 1:
        // beta 0 keeps item 0 (ARP 10); at beta -0.5 item 0 scores .5, item 1 .267, item 2 .033: still 0;
        // at beta -2: -1, -.933, -.867 -> item 2 (ARP 6).
        List<Sweep.Candidates> one = List.of(new Sweep.Candidates(0, ScoredList.fromRanking(ints(0, 1, 2)), ints(2), ints()));
        assertThat(Sweep.popularity(new double[] {0, -0.5, -2}, pop, one, 1)).extracting(Sweep.Point::secondary)
                .containsExactly(10.0, 10.0, 6.0);
    }
}
