package org.recprompt.backend.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.Fixtures;
import org.recprompt.dataset.split.Split;
import org.recprompt.dataset.split.Splits;

class BaselineRankersTest {

    // Training (leave-last-out holds out each user's last row):
    // a: 1, 2 (held out 5)   b: 1, 2, 3 (held out 6)   c: 2, 3 (held out 4)   d: 1 (held out 3)
    final Dataset d = Fixtures.of(6,
            "a 1 5 1", "a 2 5 2", "a 5 5 3",
            "b 1 5 1", "b 2 5 2", "b 3 5 3", "b 6 5 4",
            "c 2 5 1", "c 3 5 2", "c 4 5 3",
            "d 1 5 1", "d 3 5 2");
    final Split split = Splits.leaveLastOut(d);

    int[] items(int... ids) {
        int[] out = new int[ids.length];
        for (int k = 0; k < ids.length; k++) {
            out[k] = d.items().indexOf(String.valueOf(ids[k]));
        }
        return out;
    }

    int user(String id) {
        return d.users().indexOf(id);
    }

    @Test
    void most_popular_counts_distinct_training_users_and_ignores_held_out_items() {
        MostPopularRanker pop = new MostPopularRanker(split);
        // training users per item: 1 -> a, b, d = 3; 2 -> a, b, c = 3; 3 -> b, c = 2; 4, 5, 6 -> 0 (held out only)
        assertThat(pop.score(user("a"), items(1, 2, 3, 4, 5, 6))).containsExactly(3, 3, 2, 0, 0, 0);
        assertThat(pop.rank(user("a"), items(6, 3, 2, 1))).containsExactly(items(2, 1, 3, 6));
        assertThat(pop.retrieve(user("c"), 2, i -> i == items(2)[0])).containsExactly(items(1, 3));
    }

    @Test
    void item_knn_uses_cosine_over_training_users_and_sums_over_the_history() {
        ItemKnnRanker knn = new ItemKnnRanker(split, 10);
        // U1 = {a, b, d}, U2 = {a, b, c}, U3 = {b, c}: sim(1,2) = 2/3, sim(1,3) = 1/sqrt(6), sim(2,3) = 2/sqrt(6)
        assertThat(knn.similarity(items(1)[0], items(2)[0])).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(knn.similarity(items(1)[0], items(3)[0])).isCloseTo(1 / Math.sqrt(6), within(1e-12));
        assertThat(knn.similarity(items(2)[0], items(3)[0])).isCloseTo(2 / Math.sqrt(6), within(1e-12));
        assertThat(knn.similarity(items(1)[0], items(4)[0])).isZero();
        // user d's history is {1}: item 2 scores 2/3, item 3 scores 1/sqrt(6), item 4 nothing
        double[] s = knn.score(user("d"), items(2, 3, 4));
        assertThat(s[0]).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(s[1]).isCloseTo(1 / Math.sqrt(6), within(1e-12));
        assertThat(s[2]).isZero();
        // user c's history is {2, 3}: item 1 scores sim(2,1) + sim(3,1)
        assertThat(knn.score(user("c"), items(1))[0]).isCloseTo(2.0 / 3 + 1 / Math.sqrt(6), within(1e-12));
    }

    @Test
    void item_knn_keeps_only_the_nearest_neighbours_of_each_history_item() {
        ItemKnnRanker one = new ItemKnnRanker(split, 1);
        // for d (history {1}) only the single most similar candidate (2) gets credit
        double[] s = one.score(user("d"), items(2, 3));
        assertThat(s[0]).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(s[1]).isZero();
        assertThatThrownBy(() -> new ItemKnnRanker(split, 0)).hasMessageContaining("at least 1 neighbour");
    }

    @Test
    void ease_matches_its_closed_form_on_two_items() {
        // Items 1 and 2 only (min 3 training users): a = |U1| = 3, b = |U2| = 3, c = |U1 ∩ U2| = 2 (a, b).
        // G = [[3 + l, 2], [2, 3 + l]], P = G^-1, B_12 = -P_12 / P_22 = 2 / (3 + l); with l = 1: 0.5.
        EaseRanker ease = new EaseRanker(split, 1.0, 3, 100);
        assertThat(ease.weight(items(1)[0], items(2)[0])).isCloseTo(0.5, within(1e-12));
        assertThat(ease.weight(items(2)[0], items(1)[0])).isCloseTo(0.5, within(1e-12));
        assertThat(ease.weight(items(1)[0], items(1)[0])).isZero();
        // d's history is {1}: item 2 scores B_12 = 0.5; item 3 is not modelled and ranks last
        double[] s = ease.score(user("d"), items(2, 3));
        assertThat(s[0]).isCloseTo(0.5, within(1e-12));
        assertThat(ease.rank(user("d"), items(3, 2))).containsExactly(items(2, 3));
        assertThatThrownBy(() -> new EaseRanker(split, 0, 1, 10)).hasMessageContaining("lambda > 0");
    }

    @Test
    void random_is_seeded_per_user_and_ranks_a_held_out_item_first_about_one_time_in_c() {
        RandomRanker a = new RandomRanker(split, 7);
        assertThat(a.score(user("a"), items(1, 2, 3))).containsExactly(new RandomRanker(split, 7).score(user("a"), items(1, 2, 3)));
        int first = 0;
        for (long seed = 0; seed < 3000; seed++) {
            int[] ranked = new RandomRanker(split, seed).rank(user("b"), items(1, 2, 3, 4, 5, 6));
            if (ranked[0] == items(6)[0]) {
                first++;
            }
        }
        assertThat(first).isBetween(400, 600); // 3000 / 6 = 500 expected
    }

    @Test
    void item_knn_and_ease_score_the_history_they_are_given_with_the_model_fitted_on_training() {
        ItemKnnRanker knn = new ItemKnnRanker(split, 10);
        // c's training history {2, 3}: the same as scoring it explicitly (repeats count once)
        assertThat(knn.score(user("c"), items(3, 2, 2), items(1))).containsExactly(knn.score(user("c"), items(1)));
        // truncated to its last item {3}: only sim(3, 1) = 1/sqrt(6)
        assertThat(knn.score(user("c"), items(3), items(1))[0]).isCloseTo(1 / Math.sqrt(6), within(1e-12));
        // no history: nothing to be similar to, every item scores 0 and the given order stays
        assertThat(knn.score(user("c"), new int[0], items(1, 4))).containsExactly(0, 0);
        assertThat(knn.rank(user("c"), new int[0], items(4, 1))).containsExactly(items(4, 1));
        // extended by item 1: d's profile {1, 2} gives item 3 sim(1,3) + sim(2,3)
        assertThat(knn.score(user("d"), items(1, 2), items(3))[0]).isCloseTo(1 / Math.sqrt(6) + 2 / Math.sqrt(6), within(1e-12));

        EaseRanker ease = new EaseRanker(split, 1.0, 3, 100);
        assertThat(ease.score(user("d"), items(1), items(2))[0]).isCloseTo(0.5, within(1e-12));
        assertThat(ease.score(user("d"), new int[0], items(2))[0]).isZero();
        // retrieval over the catalog sees the given profile and excludes what it is told to
        assertThat(knn.retrieve(user("d"), items(2), 1, i -> i == items(2)[0])).containsExactly(items(3));
    }

    @Test
    void rankers_that_read_no_history_ignore_the_one_given() {
        MostPopularRanker pop = new MostPopularRanker(split);
        assertThat(pop.score(user("a"), new int[0], items(1, 3, 5))).containsExactly(pop.score(user("a"), items(1, 3, 5)));
        RandomRanker random = new RandomRanker(split, 3);
        assertThat(random.score(user("b"), items(1), items(1, 2, 3))).containsExactly(random.score(user("b"), items(1, 2, 3)));
    }
}
