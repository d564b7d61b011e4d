package org.recprompt.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Dataset statistics on fixtures small enough to compute every value by hand (METRICS.md). */
class DatasetStatsTest {

    static final double EXACT = 1e-12;

    /**
     * Builds a dataset directly: item ids with their genres, user ids, and rows of
     * (user index, item index, rating, timestamp).
     */
    static Dataset dataset(String[] itemIds, String[][] itemGenres, String[] userIds, Object[][] rows) {
        IdIndex items = new IdIndex();
        IdIndex genreNames = new IdIndex();
        int[][] genres = new int[itemIds.length][];
        for (int i = 0; i < itemIds.length; i++) {
            items.add(itemIds[i]);
            genres[i] = new int[itemGenres[i].length];
            for (int k = 0; k < itemGenres[i].length; k++) {
                genres[i][k] = genreNames.add(itemGenres[i][k]);
            }
        }
        List<String> vocabulary = new ArrayList<>();
        for (int g = 0; g < genreNames.size(); g++) {
            vocabulary.add(genreNames.id(g));
        }
        IdIndex users = new IdIndex();
        for (String u : userIds) {
            users.add(u);
        }
        int n = rows.length;
        int[] u = new int[n];
        int[] i = new int[n];
        float[] r = new float[n];
        long[] t = new long[n];
        for (int k = 0; k < n; k++) {
            u[k] = (Integer) rows[k][0];
            i[k] = (Integer) rows[k][1];
            r[k] = (Float) rows[k][2];
            t[k] = (Long) rows[k][3];
        }
        String[] titles = itemIds.clone();
        return new Dataset("fixture", "test", new Items(items, titles, new int[itemIds.length], genres, vocabulary, Map.of(), null),
                new Users(users, Map.of()), new Interactions(u, i, r, t));
    }

    static Object[] row(int user, int item, float rating, long time) {
        return new Object[] {user, item, rating, time};
    }

    /**
     * 3 users, 5 items. Interactions per item [3, 2, 1, 0, 0]; per user [3, 2, 1]:
     * u1 rated items 1, 2, 3; u2 items 1, 2; u3 item 1. Genres: item 1 Comedy+Drama, item 2
     * Drama, item 3 Action, item 4 Comedy, item 5 none.
     */
    static Dataset main() {
        return dataset(new String[] {"1", "2", "3", "4", "5"},
                new String[][] {{"Comedy", "Drama"}, {"Drama"}, {"Action"}, {"Comedy"}, {}},
                new String[] {"u1", "u2", "u3"},
                new Object[][] {
                    row(0, 0, 5f, 100),
                    row(0, 1, 4f, 300),
                    row(0, 2, 4.5f, 0), // no timestamp: ignored for the time span
                    row(1, 0, 4f, 50),
                    row(1, 1, Float.NaN, 400), // no rating: not in the rating distribution
                    row(2, 0, 5f, 200)});
    }

    @Test
    void density_and_sparsity_count_the_whole_user_table_and_catalog() {
        DatasetStats s = DatasetStats.of(main());
        assertThat(s.users()).isEqualTo(3);
        assertThat(s.items()).isEqualTo(5);
        assertThat(s.interactions()).isEqualTo(6);
        // 6 / (3 x 5) = 0.4
        assertThat(s.density()).isCloseTo(0.4, within(EXACT));
        assertThat(s.sparsity()).isCloseTo(0.6, within(EXACT));
        assertThat(s.name()).isEqualTo("fixture");
        assertThat(s.format()).isEqualTo("test");
    }

    @Test
    void per_user_and_per_item_summaries_include_zero_counts() {
        DatasetStats s = DatasetStats.of(main());
        // Users [3, 2, 1]: min 1, median 2, mean 6/3 = 2, max 3.
        assertThat(s.perUser()).isEqualTo(new DatasetStats.Summary(1, 2.0, 2.0, 3));
        // Items sorted [0, 0, 1, 2, 3]: min 0, median 1, mean 6/5 = 1.2, max 3.
        assertThat(s.perItem().min()).isZero();
        assertThat(s.perItem().median()).isEqualTo(1.0);
        assertThat(s.perItem().mean()).isCloseTo(1.2, within(EXACT));
        assertThat(s.perItem().max()).isEqualTo(3);
        assertThat(s.itemsWithoutInteractions()).isEqualTo(2);
    }

    @Test
    void gini_of_item_popularity_includes_never_interacted_items() {
        DatasetStats s = DatasetStats.of(main());
        // Ascending c = [0, 0, 1, 2, 3], n = 5, N = 6, weights 2j - n - 1 = -4, -2, 0, 2, 4:
        // sum = 0 + 0 + 0 + 4 + 12 = 16; G = 16 / (6 x 4) = 2/3.
        assertThat(s.itemPopularityGini()).isCloseTo(2.0 / 3.0, within(EXACT));
    }

    @Test
    void gini_is_zero_for_equal_counts_one_for_all_mass_on_one_item_and_counts_zeros() {
        // [2, 2, 2]: weights -2, 0, 2 -> -4 + 0 + 4 = 0.
        assertThat(DatasetStats.gini(new int[] {2, 2, 2})).isCloseTo(0.0, within(EXACT));
        // [0, 0, 0, 5]: weights -3, -1, 1, 3 -> 15; G = 15 / (5 x 3) = 1.
        assertThat(DatasetStats.gini(new int[] {5, 0, 0, 0})).isCloseTo(1.0, within(EXACT));
        // [2, 0, 2] sorted [0, 2, 2]: weights -2, 0, 2 -> 4; G = 4 / (4 x 2) = 0.5 (without the zero it would be 0).
        assertThat(DatasetStats.gini(new int[] {2, 0, 2})).isCloseTo(0.5, within(EXACT));
        // [1, 4, 2, 3] sorted [1, 2, 3, 4], N = 10: weights -3, -1, 1, 3 -> -3 - 2 + 3 + 12 = 10; G = 10 / (10 x 3) = 1/3.
        assertThat(DatasetStats.gini(new int[] {1, 4, 2, 3})).isCloseTo(1.0 / 3.0, within(EXACT));
        // Nothing interacted with at all: 0 by convention.
        assertThat(DatasetStats.gini(new int[] {0, 0, 0})).isZero();
    }

    @Test
    void the_head_is_the_smallest_popular_prefix_holding_80_percent() {
        DatasetStats s = DatasetStats.of(main());
        // Descending 3, 2, 1, 0, 0 of N = 6; 80% = 4.8: 3 < 4.8, 3 + 2 = 5 >= 4.8 -> 2 head items, 2/5 = 0.4.
        assertThat(s.headItems()).isEqualTo(2);
        assertThat(s.headItemsShare()).isCloseTo(0.4, within(EXACT));
    }

    @Test
    void exactly_80_percent_is_enough_for_the_head() {
        // Counts: item a 4, item b 1 (N = 5, 80% = 4): a alone holds exactly 4 -> head 1 of 2 items.
        Dataset d = dataset(new String[] {"a", "b"}, new String[][] {{}, {}}, new String[] {"u1", "u2", "u3", "u4"},
                new Object[][] {row(0, 0, 1f, 1), row(1, 0, 1f, 1), row(2, 0, 1f, 1), row(3, 0, 1f, 1), row(0, 1, 1f, 1)});
        DatasetStats s = DatasetStats.of(d);
        assertThat(s.headItems()).isEqualTo(1);
        assertThat(s.headItemsShare()).isCloseTo(0.5, within(EXACT));
    }

    @Test
    void cold_users_have_at_most_five_interactions_including_users_without_any() {
        // Users A 5, B 6, C 0, D 2 interactions over 3 items; 13 in all.
        List<Object[]> rows = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            rows.add(row(0, k % 3, 3f, 10 + k));
        }
        for (int k = 0; k < 6; k++) {
            rows.add(row(1, k % 3, 3f, 20 + k));
        }
        rows.add(row(3, 0, 3f, 30));
        rows.add(row(3, 1, 3f, 31));
        Dataset d = dataset(new String[] {"x", "y", "z"}, new String[][] {{}, {}, {}}, new String[] {"A", "B", "C", "D"},
                rows.toArray(Object[][]::new));
        DatasetStats s = DatasetStats.of(d);
        // A (5), C (0) and D (2) are cold; B (6) is not.
        assertThat(s.coldUsers()).isEqualTo(3);
        // Users sorted [0, 2, 5, 6]: median (2 + 5) / 2 = 3.5, mean 13 / 4 = 3.25.
        assertThat(s.perUser()).isEqualTo(new DatasetStats.Summary(0, 3.5, 3.25, 6));
        // Density 13 / (4 x 3) = 13/12 is not capped: repeated interactions count.
        assertThat(s.density()).isCloseTo(13.0 / 12.0, within(EXACT));
        // Items: x gets A's k=0,3 + B's k=0,3 + D = 5; y gets A's 1,4 + B's 1,4 + D = 5; z gets A's 2 + B's 2,5 = 3.
        assertThat(d.itemCounts()).containsExactly(5, 5, 3);
        // Sorted [3, 5, 5], N = 13: weights -2, 0, 2 -> -6 + 10 = 4; G = 4 / (13 x 2) = 2/13.
        assertThat(s.itemPopularityGini()).isCloseTo(2.0 / 13.0, within(EXACT));
        // 80% of 13 = 10.4: 5, 10, 13 -> all 3 items form the head.
        assertThat(s.headItems()).isEqualTo(3);
    }

    @Test
    void genre_distributions_count_interactions_and_items_per_genre() {
        DatasetStats s = DatasetStats.of(main());
        // Vocabulary in first-seen order: Comedy, Drama, Action.
        // Interactions: Comedy = item 1 (3) + item 4 (0) = 3; Drama = item 1 (3) + item 2 (2) = 5; Action = item 3 (1).
        assertThat(s.genreInteractions()).containsExactly(Map.entry("Comedy", 3L), Map.entry("Drama", 5L),
                Map.entry("Action", 1L));
        // Items: Comedy 1 and 4; Drama 1 and 2; Action 3.
        assertThat(s.genreItems()).containsExactly(Map.entry("Comedy", 2), Map.entry("Drama", 2), Map.entry("Action", 1));
    }

    @Test
    void the_rating_distribution_skips_missing_ratings_and_is_sorted_by_value() {
        DatasetStats s = DatasetStats.of(main());
        // Ratings 5, 4, 4.5, 4, NaN, 5.
        assertThat(s.ratings()).containsExactly(Map.entry(4f, 2L), Map.entry(4.5f, 1L), Map.entry(5f, 2L));
    }

    @Test
    void the_time_span_ignores_missing_timestamps() {
        DatasetStats s = DatasetStats.of(main());
        // Timestamps 100, 300, 0 (missing), 50, 400, 200.
        assertThat(s.firstTimestamp()).isEqualTo(50);
        assertThat(s.lastTimestamp()).isEqualTo(400);
        assertThat(s.first()).isEqualTo(Instant.ofEpochSecond(50));
        assertThat(s.last()).isEqualTo(Instant.ofEpochSecond(400));
    }

    @Test
    void a_single_item_has_gini_zero_and_is_the_whole_head() {
        Dataset d = dataset(new String[] {"only"}, new String[][] {{"Drama"}}, new String[] {"u1", "u2"},
                new Object[][] {row(0, 0, 3f, 0), row(1, 0, 4f, 0)});
        DatasetStats s = DatasetStats.of(d);
        assertThat(s.itemPopularityGini()).isZero();
        assertThat(s.headItems()).isEqualTo(1);
        assertThat(s.headItemsShare()).isEqualTo(1.0);
        // 2 / (2 x 1) = 1: every user rated the only item.
        assertThat(s.density()).isCloseTo(1.0, within(EXACT));
        assertThat(s.sparsity()).isCloseTo(0.0, within(EXACT));
        assertThat(s.perItem()).isEqualTo(new DatasetStats.Summary(2, 2.0, 2.0, 2));
        // All timestamps missing: the span is 0 to 0.
        assertThat(s.firstTimestamp()).isZero();
        assertThat(s.lastTimestamp()).isZero();
    }

    @Test
    void a_dataset_without_interactions_has_no_head_and_gini_zero() {
        Dataset d = dataset(new String[] {"a", "b"}, new String[][] {{}, {}}, new String[] {"u1"}, new Object[0][]);
        DatasetStats s = DatasetStats.of(d);
        assertThat(s.interactions()).isZero();
        assertThat(s.density()).isZero();
        assertThat(s.sparsity()).isEqualTo(1.0);
        assertThat(s.itemPopularityGini()).isZero();
        assertThat(s.headItems()).isZero();
        assertThat(s.itemsWithoutInteractions()).isEqualTo(2);
        assertThat(s.coldUsers()).isEqualTo(1);
        assertThat(s.ratings()).isEmpty();
    }
}
