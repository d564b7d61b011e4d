package org.recprompt.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The one definition of cold users and activity buckets that the dataset tab and the run tab share. */
class UserActivityTest {

    @Test
    void cold_is_at_most_five_and_is_the_first_activity_bucket() {
        assertThat(UserActivity.isCold(5)).isTrue();
        assertThat(UserActivity.isCold(6)).isFalse();
        assertThat(UserActivity.bucketOf(5).label()).isEqualTo("cold: 0-5");
        assertThat(UserActivity.bucketOf(0).isColdBucket()).isTrue();
        assertThat(UserActivity.bucketOf(-1).isColdBucket()).as("an unknown negative length counts as none").isTrue();
        assertThat(UserActivity.bucketOf(6).label()).isEqualTo("6-20");
        assertThat(UserActivity.bucketOf(200).label()).isEqualTo("51-200");
        assertThat(UserActivity.bucketOf(201).label()).isEqualTo("201+");
        assertThat(UserActivity.bucketOf(Integer.MAX_VALUE).label()).isEqualTo("201+");
        assertThat(UserActivity.BUCKETS).extracting(UserActivity.Bucket::label)
                .containsExactly("cold: 0-5", "6-20", "21-50", "51-200", "201+");
        assertThat(UserActivity.coldUsers("interactions")).isEqualTo("cold users (\u2264 5 interactions)");
    }

    @Test
    void the_buckets_cover_every_length_once() {
        for (int x = 0; x <= 1000; x++) {
            int at = x;
            assertThat(UserActivity.BUCKETS.stream().filter(b -> b.contains(at)).count()).as("length %d", x).isEqualTo(1);
        }
    }

    @Test
    void the_dataset_statistics_count_cold_users_by_the_same_threshold() {
        List<String> rows = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            rows.add("a " + i + " 4 " + i); // a: 5 interactions, cold
        }
        for (int i = 1; i <= 6; i++) {
            rows.add("b " + i + " 4 " + i); // b: 6, not cold
        }
        DatasetStats s = DatasetStats.of(Fixtures.of(6, rows.toArray(String[]::new)));

        assertThat(DatasetStats.COLD_USER_MAX).isEqualTo(UserActivity.COLD_MAX);
        assertThat(s.coldUsers()).isEqualTo(1);
    }
}
