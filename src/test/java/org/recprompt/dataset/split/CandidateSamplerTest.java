package org.recprompt.dataset.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.Fixtures;

class CandidateSamplerTest {

    /** 40 items; user u{k} has watched items k+1 .. k+5 (5 interactions, times increasing). */
    static Dataset dataset() {
        String[] rows = IntStream.range(0, 30).boxed().flatMap(u -> IntStream.range(0, 5)
                .mapToObj(j -> "u" + u + " " + (u + j + 1) + " 4 " + (1000 + j))).toArray(String[]::new);
        return Fixtures.of(40, rows);
    }

    final Split split = Splits.leaveLastOut(dataset());

    @Test
    void every_set_has_the_held_out_item_c_distinct_items_and_nothing_the_user_has_seen() {
        CandidateSampler sampler = CandidateSampler.random(split, 20, 7);
        for (int user : split.evaluableUsers()) {
            CandidateSet c = sampler.sample(user);
            int target = split.heldOut(user)[0];
            assertThat(c.items()).hasSize(20).doesNotHaveDuplicates().contains(target);
            assertThat(c.relevant()).containsExactly(target);
            for (int seen : split.history(user)) {
                assertThat(c.items()).doesNotContain(seen);
            }
            assertThat(c.items()[c.positionOf(target)]).isEqualTo(target);
            for (int k = 0; k < c.size(); k++) {
                int unshuffledIndex = c.permutation()[k];
                assertThat(unshuffledIndex == 0).isEqualTo(c.items()[k] == target);
            }
        }
    }

    @Test
    void sets_are_identical_across_runs_and_do_not_depend_on_which_other_users_are_sampled() {
        CandidateSampler a = CandidateSampler.random(split, 20, 7);
        CandidateSampler b = CandidateSampler.random(Splits.leaveLastOut(dataset()), 20, 7);
        int[] users = split.evaluableUsers();
        CandidateSet lastFirst = b.sample(users[users.length - 1]);
        for (int user : users) {
            assertThat(a.sample(user)).isEqualTo(b.sample(user));
        }
        assertThat(a.sample(users[users.length - 1])).isEqualTo(lastFirst);
        assertThat(CandidateSampler.random(split, 20, 8).sample(users[0])).isNotEqualTo(a.sample(users[0]));
    }

    @Test
    void the_held_out_item_lands_in_every_position_about_equally_often() {
        int[] positions = new int[5];
        for (long seed = 0; seed < 2000; seed++) {
            CandidateSet c = CandidateSampler.random(split, 5, seed).sample(0);
            positions[c.positionOf(c.relevant()[0])]++;
        }
        for (int count : positions) {
            assertThat(count).isBetween(320, 480); // 400 expected each; ~4.5 standard deviations
        }
    }

    @Test
    void popularity_weighted_negatives_favour_popular_unseen_items() {
        // item 40 is watched by no one in training, item 10 by many: 10 should be drawn far more often
        Dataset d = dataset();
        Split s = Splits.leaveLastOut(d);
        int popular = d.items().indexOf("10");
        int neverSeen = d.items().indexOf("40");
        int user = d.users().indexOf("u25"); // watched 26..30, so 10 and 40 are both unseen
        int popularCount = 0;
        int neverCount = 0;
        for (long seed = 0; seed < 300; seed++) {
            int[] items = new CandidateSampler(s, 5, CandidateSampler.Negatives.POPULAR, seed, null).sample(user).items();
            popularCount += Arrays.stream(items).filter(i -> i == popular).count();
            neverCount += Arrays.stream(items).filter(i -> i == neverSeen).count();
        }
        assertThat(popularCount).isGreaterThan(30);
        assertThat(neverCount).isZero();
    }

    @Test
    void retrieved_candidates_come_from_the_retriever_and_may_miss_the_held_out_item() {
        int user = split.evaluableUsers()[0];
        int target = split.heldOut(user)[0];
        CandidateRetriever missing = (u, count, excluded) -> IntStream.range(0, 40).filter(i -> !excluded.test(i))
                .filter(i -> i != target).limit(count).toArray();
        CandidateSet c = new CandidateSampler(split, 10, CandidateSampler.Negatives.RETRIEVED, 7, missing).sample(user);
        assertThat(c.items()).hasSize(10).doesNotContain(target);
        assertThat(c.relevant()).isEmpty();
        for (int seen : split.history(user)) {
            assertThat(c.items()).doesNotContain(seen);
        }

        CandidateRetriever hitting = (u, count, excluded) -> IntStream.range(0, 40).filter(i -> !excluded.test(i))
                .limit(count).toArray();
        CandidateSet h = new CandidateSampler(split, 10, CandidateSampler.Negatives.RETRIEVED, 7, hitting).sample(user);
        assertThat(h.items()).contains(target);
        assertThat(h.relevant()).containsExactly(target);
    }

    @Test
    void impossible_requests_are_refused_clearly() {
        assertThatThrownBy(() -> CandidateSampler.random(split, 1, 7)).hasMessageContaining("at least 2");
        assertThatThrownBy(() -> CandidateSampler.random(split, 37, 7).sample(0)).hasMessageContaining("cannot draw");
        assertThatThrownBy(() -> new CandidateSampler(split, 5, CandidateSampler.Negatives.RETRIEVED, 7, null))
                .hasMessageContaining("retriever");
    }
}
