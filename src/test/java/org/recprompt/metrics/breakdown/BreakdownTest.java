package org.recprompt.metrics.breakdown;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.recprompt.metrics.Lists.ints;
import static org.recprompt.metrics.Lists.recs;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.recprompt.metrics.UserRecs;
import org.recprompt.metrics.accuracy.HitRate;
import org.recprompt.metrics.popularity.LongTail;

class BreakdownTest {

    static int[] history(int n) {
        return new int[n];
    }

    final List<UserRecs> users = List.of(
            recs(0, ints(1), ints(1), history(3)),
            recs(1, ints(2), ints(1), history(5)),
            recs(2, ints(1), ints(1), history(6)),
            recs(3, ints(4), ints(4), history(150)));

    @Test
    void history_buckets_default_to_cold_up_to_five_then_6_20_21_100_and_over_100() {
        var b = Breakdown.byHistoryLength(users, new HitRate(1), Breakdown.DEFAULT_BUCKETS, 3);
        assertThat(b.keySet()).containsExactly("<=5", "6-20", "21-100", ">100");
        assertThat(b.get("<=5").n()).isEqualTo(2);
        assertThat(b.get("<=5").mean()).isCloseTo(0.5, within(1e-12));
        assertThat(b.get("6-20").mean()).isCloseTo(1.0, within(1e-12));
        assertThat(b.get("21-100").n()).isZero();
        assertThat(b.get(">100").n()).isEqualTo(1);
    }

    @Test
    void users_split_by_an_attribute_with_missing_values_as_unknown() {
        // HR@1: users 0 and 2 hit, 1 misses, 3 hits; genders F, M, F, (missing)
        var b = Breakdown.byAttribute(users, new HitRate(1), new String[] {"F", "M", "F", null}, 3);
        assertThat(b.keySet()).containsExactly("F", "M", "unknown");
        assertThat(b.get("F").n()).isEqualTo(2);
        assertThat(b.get("F").mean()).isCloseTo(1.0, within(1e-12));
        assertThat(b.get("M").mean()).isCloseTo(0.0, within(1e-12));
        assertThat(b.get("unknown").n()).isEqualTo(1);
    }

    @Test
    void per_user_values_are_keyed_by_user() {
        assertThat(Breakdown.perUser(users, new HitRate(1))).containsEntry(1, 0.0).containsEntry(3, 1.0).hasSize(4);
    }

    @Test
    void users_split_by_whether_their_held_out_items_are_head_or_tail() {
        // interactions 5, 3, 1, 1, 0...: 8 of 10 in {0, 1}
        LongTail tail = LongTail.of(new int[] {5, 3, 1, 1, 0, 0, 0, 0, 0, 0});
        var b = Breakdown.byHeldOutPopularity(users, new HitRate(1), tail, 3);
        assertThat(b.get("head").n()).isEqualTo(3);
        assertThat(b.get("head").mean()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(b.get("tail").mean()).isCloseTo(1.0, within(1e-12));
    }
}
