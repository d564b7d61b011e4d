package org.recprompt.dataset.split;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.Fixtures;

class UserSamplerTest {

    /** 80 users with 4 interactions (3 training: cold) and 20 with 30 (29 training: 21-100). */
    static Split split() {
        List<String> rows = new ArrayList<>();
        for (int u = 0; u < 100; u++) {
            int n = u < 80 ? 4 : 30;
            for (int j = 0; j < n; j++) {
                rows.add("u" + u + " " + (j + 1) + " 3 " + j);
            }
        }
        Dataset d = Fixtures.of(40, rows.toArray(String[]::new));
        return Splits.leaveLastOut(d);
    }

    @Test
    void a_seeded_sample_is_reproducible_sorted_and_of_the_asked_size() {
        Split s = split();
        int[] a = UserSampler.sample(s, 10, 7);
        assertThat(a).hasSize(10).doesNotHaveDuplicates().isSorted().isEqualTo(UserSampler.sample(s, 10, 7));
        assertThat(UserSampler.sample(s, 10, 8)).isNotEqualTo(a);
        assertThat(UserSampler.sample(s, 500, 7)).hasSize(100);
    }

    @Test
    void a_stratified_sample_keeps_each_history_bucket_share() {
        Split s = split();
        int[] sample = UserSampler.stratified(s, 10, 7, UserSampler.DEFAULT_BUCKETS);
        long cold = java.util.Arrays.stream(sample).filter(u -> s.history(u).length <= 5).count();
        assertThat(sample).hasSize(10);
        assertThat(cold).isEqualTo(8);
        assertThat(UserSampler.bucketOf(5, UserSampler.DEFAULT_BUCKETS)).isZero();
        assertThat(UserSampler.bucketOf(6, UserSampler.DEFAULT_BUCKETS)).isEqualTo(1);
        assertThat(UserSampler.bucketOf(101, UserSampler.DEFAULT_BUCKETS)).isEqualTo(3);
    }
}
