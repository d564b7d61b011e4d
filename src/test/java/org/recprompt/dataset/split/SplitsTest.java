package org.recprompt.dataset.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.Fixtures;
import org.recprompt.dataset.KCore;

class SplitsTest {

    // user a: items 1@100, 2@300, 3@200, 4@300 -> time order 1, 3, 2, 4 (2 and 4 tie at 300: item id breaks it)
    // user b: items 2@50, 5@60
    // user c: item 1@10 only
    final Dataset d = Fixtures.of(6,
            "a 1 5 100", "a 2 4 300", "a 3 3 200", "a 4 2 300",
            "b 2 4 50", "b 5 1 60",
            "c 1 3 10");

    int user(String id) {
        return d.users().indexOf(id);
    }

    int[] items(int... externalIds) {
        int[] out = new int[externalIds.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = d.items().indexOf(String.valueOf(externalIds[k]));
        }
        return out;
    }

    @Test
    void leave_last_out_holds_out_each_users_latest_interaction_with_ties_broken_by_item_id() {
        Split s = Splits.leaveLastOut(d);

        assertThat(s.heldOut(user("a"))).containsExactly(items(4));
        assertThat(s.history(user("a"))).containsExactly(items(1, 3, 2));
        assertThat(s.heldOut(user("b"))).containsExactly(items(5));
        assertThat(s.heldOut(user("c"))).isEmpty();
        assertThat(s.history(user("c"))).containsExactly(items(1));
        assertThat(s.evaluableUsers()).containsExactly(user("a"), user("b"));
        assertThat(s.testSize()).isEqualTo(2);
        assertThat(s.train().interactions().size()).isEqualTo(5);
        assertThat(s.method()).isEqualTo("leave-last-out");
    }

    @Test
    void leave_last_n_keeps_users_with_n_or_fewer_interactions_for_training() {
        Split s = Splits.leaveLastN(d, 2);

        assertThat(s.heldOut(user("a"))).containsExactly(items(2, 4));
        assertThat(s.heldOut(user("b"))).isEmpty();
        assertThat(s.evaluableUsers()).containsExactly(user("a"));
        assertThatThrownBy(() -> Splits.leaveLastN(d, 0)).hasMessageContaining("n >= 1");
    }

    @Test
    void random_holdout_is_seeded_per_user_and_leaves_training_data() {
        Split one = Splits.randomHoldout(d, 0.5, 7);
        Split two = Splits.randomHoldout(d, 0.5, 7);

        // a has 4 interactions -> 2 held out; b has 2 -> 1; c has 1 -> none
        assertThat(one.heldOut(user("a"))).hasSize(2).containsExactlyInAnyOrder(two.heldOut(user("a")));
        assertThat(one.heldOut(user("b"))).hasSize(1).containsExactly(two.heldOut(user("b")));
        assertThat(one.heldOut(user("c"))).isEmpty();
        boolean anyDifferent = false;
        for (long seed = 1; seed <= 20 && !anyDifferent; seed++) {
            anyDifferent = !java.util.Arrays.equals(Splits.randomHoldout(d, 0.5, seed).heldOut(user("a")),
                    one.heldOut(user("a")));
        }
        assertThat(anyDifferent).as("another seed gives another split").isTrue();
    }

    @Test
    void a_global_time_cut_holds_out_everything_at_or_after_it() {
        Split s = Splits.timeCut(d, 200);

        assertThat(s.heldOut(user("a"))).containsExactly(items(3, 2, 4));
        assertThat(s.heldOut(user("b"))).isEmpty();
        assertThat(s.evaluableUsers()).containsExactly(user("a"));
    }

    @Test
    void the_k_core_drops_users_and_items_below_k_repeatedly() {
        // 2-core: c (1 interaction) goes; then item 1 has only a; 3,4,5 have one user each -> go;
        // a is left with 2 (items 1, 2)? item 1 now has 1 user -> goes; a keeps 2 only -> a goes; b keeps 2 -> goes.
        Dataset core = KCore.filter(d, 2);
        assertThat(core.interactions().size()).isZero();

        Dataset dense = Fixtures.of(3, "a 1 5 1", "a 2 5 2", "b 1 5 3", "b 2 5 4", "c 3 5 5", "c 1 5 6");
        Dataset core2 = KCore.filter(dense, 2);
        assertThat(core2.users().size()).isEqualTo(2);
        assertThat(core2.items().size()).isEqualTo(2);
        assertThat(core2.interactions().size()).isEqualTo(4);
        assertThat(core2.items().id(0)).isEqualTo("1");
        assertThat(core2.items().title(1)).isEqualTo("Movie 2");
    }
}
