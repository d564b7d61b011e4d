package org.recprompt.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.cli.RecPromptCli;
import org.recprompt.dataset.io.DatasetLoader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The real MovieLens files in ../shared/datasets (relative to the project root, where Maven runs
 * the tests), checked against the counts their publishers state and METRICS.md repeats. Skipped
 * when the folder is not there.
 */
class SharedDatasetsTest {

    static final Path SHARED = Path.of("../shared/datasets");
    private static final Map<String, Dataset> LOADED = new ConcurrentHashMap<>();

    static Path shared(String name) {
        Path dir = SHARED.resolve(name);
        Assumptions.assumeTrue(Files.isDirectory(dir),
                () -> "Skipped: the shared dataset " + dir.toAbsolutePath().normalize() + " is not present");
        return dir;
    }

    /** Each dataset is read once for the whole class. */
    static Dataset load(String name) {
        Path dir = shared(name);
        return LOADED.computeIfAbsent(name, n -> DatasetLoader.load(dir));
    }

    @Test
    void ml_100k_has_943_users_1682_items_and_100000_ratings() {
        Dataset d = load("ml-100k");
        DatasetStats s = DatasetStats.of(d);
        assertThat(d.format()).isEqualTo("movielens-100k");
        assertThat(s.users()).isEqualTo(943);
        assertThat(s.items()).isEqualTo(1682);
        assertThat(s.interactions()).isEqualTo(100_000);
        // 100000 / (943 x 1682) = 100000 / 1586126 = 0.0630466...; METRICS.md rounds it to 0.06305.
        assertThat(s.density()).isCloseTo(100_000.0 / (943.0 * 1682.0), within(1e-15));
        assertThat(s.density()).isCloseTo(0.06305, within(5e-6));
        assertThat(s.sparsity()).isCloseTo(1 - 100_000.0 / 1_586_126.0, within(1e-15));
        // The ml-100k README: every user rated at least 20 movies, so nobody is cold.
        assertThat(s.perUser().min()).isEqualTo(20);
        assertThat(s.coldUsers()).isZero();
        // Counted independently with awk -F'\t' '{c[$3]++}' u.data.
        assertThat(s.ratings()).containsExactly(Map.entry(1f, 6110L), Map.entry(2f, 11370L), Map.entry(3f, 27145L),
                Map.entry(4f, 34174L), Map.entry(5f, 21201L));
    }

    @Test
    void ml_100k_items_and_users_have_their_published_attributes() {
        Dataset d = load("ml-100k");
        Items items = d.items();
        int toy = items.indexOf("1");
        assertThat(items.title(toy)).isEqualTo("Toy Story (1995)");
        assertThat(items.year(toy)).isEqualTo(1995);
        assertThat(items.genreNamesOf(toy)).containsExactly("Animation", "Children's", "Comedy");
        // u.item is Latin-1: line 543 holds "Mis\xE9rables".
        assertThat(items.title(items.indexOf("543"))).isEqualTo("Mis\u00e9rables, Les (1995)");
        assertThat(items.genreNames()).hasSize(19).startsWith("unknown", "Action").endsWith("War", "Western");

        Users users = d.users();
        int u1 = users.indexOf("1");
        assertThat(users.attribute("age", u1)).isEqualTo("24");
        assertThat(users.attribute("gender", u1)).isEqualTo("M");
        assertThat(users.attribute("occupation", u1)).isEqualTo("technician");
        assertThat(users.attribute("zip", u1)).isEqualTo("85711");
    }

    @Test
    void every_users_rows_are_in_timestamp_then_numeric_item_order_on_ml_100k() {
        Dataset d = load("ml-100k");
        Interactions in = d.interactions();
        int checked = 0;
        int ties = 0;
        for (int u = 0; u < d.users().size(); u++) {
            int[] rows = d.rowsOf(u);
            assertThat(rows).hasSize(d.countOf(u));
            for (int k = 1; k < rows.length; k++) {
                long t0 = in.timestamp(rows[k - 1]);
                long t1 = in.timestamp(rows[k]);
                assertThat(t1).isGreaterThanOrEqualTo(t0);
                if (t0 == t1) {
                    ties++;
                    int i0 = Integer.parseInt(d.items().id(in.item(rows[k - 1])));
                    int i1 = Integer.parseInt(d.items().id(in.item(rows[k])));
                    assertThat(i1).as("user %s at %d", d.users().id(u), t0).isGreaterThan(i0);
                }
                checked++;
            }
        }
        // 100,000 rows in 943 users leave 100,000 - 943 consecutive pairs; ml-100k has many same-second ratings.
        assertThat(checked).isEqualTo(100_000 - 943);
        assertThat(ties).isPositive();
    }

    @Test
    void ml_latest_small_has_610_users_9742_items_and_100836_ratings() {
        Dataset d = load("ml-latest-small");
        DatasetStats s = DatasetStats.of(d);
        assertThat(d.format()).isEqualTo("movielens-csv");
        assertThat(s.users()).isEqualTo(610);
        assertThat(s.items()).isEqualTo(9742);
        assertThat(s.interactions()).isEqualTo(100_836);
        // 100836 / (610 x 9742) = 100836 / 5942620 = 0.0169684...
        assertThat(s.density()).isCloseTo(100_836.0 / (610.0 * 9742.0), within(1e-15));
        assertThat(s.density()).isCloseTo(0.016968, within(1e-6));
        // The README: each user rated at least 20 movies.
        assertThat(s.perUser().min()).isEqualTo(20);
        // Counted independently with awk: ratings 0.5..5 in half stars.
        assertThat(s.ratings()).containsExactly(Map.entry(0.5f, 1370L), Map.entry(1.0f, 2811L), Map.entry(1.5f, 1791L),
                Map.entry(2.0f, 7551L), Map.entry(2.5f, 5550L), Map.entry(3.0f, 20047L), Map.entry(3.5f, 13136L),
                Map.entry(4.0f, 26818L), Map.entry(4.5f, 8551L), Map.entry(5.0f, 13211L));
    }

    @Test
    void ml_latest_small_items_have_titles_years_and_genres() {
        Dataset d = load("ml-latest-small");
        Items items = d.items();
        int toy = items.indexOf("1");
        assertThat(items.title(toy)).isEqualTo("Toy Story (1995)");
        assertThat(items.year(toy)).isEqualTo(1995);
        assertThat(items.genreNamesOf(toy)).containsExactly("Adventure", "Animation", "Children", "Comedy", "Fantasy");
        assertThat(items.attributes().get("imdb_id")[toy]).isEqualTo("0114709");
        assertThat(items.attributes().get("tmdb_id")[toy]).isEqualTo("862");
        // Quoted in movies.csv because of the comma.
        int president = items.indexOf("11");
        assertThat(items.title(president)).isEqualTo("American President, The (1995)");
        assertThat(items.genreNamesOf(president)).containsExactly("Comedy", "Drama", "Romance");
        // UTF-8 in movies.csv.
        assertThat(items.title(items.indexOf("73"))).isEqualTo("Mis\u00e9rables, Les (1995)");
        assertThat(items.genreNames()).doesNotContain("(no genres listed)");
    }

    @Test
    void dataset_stats_json_on_the_command_line_matches_the_statistics() throws Exception {
        Path dir = shared("ml-100k");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = RecPromptCli.run(new String[] {"dataset", "stats", dir.toString(), "--json"}, new PrintWriter(out),
                new PrintWriter(err));
        assertThat(code).as(err.toString()).isZero();
        assertThat(err.toString()).isEmpty();

        JsonNode json = new ObjectMapper().readTree(out.toString());
        DatasetStats s = DatasetStats.of(load("ml-100k"));
        assertThat(json.get("users").asInt()).isEqualTo(943).isEqualTo(s.users());
        assertThat(json.get("items").asInt()).isEqualTo(1682).isEqualTo(s.items());
        assertThat(json.get("interactions").asLong()).isEqualTo(100_000L).isEqualTo(s.interactions());
        assertThat(json.get("density").asDouble()).isEqualTo(s.density());
        assertThat(json.get("sparsity").asDouble()).isEqualTo(s.sparsity());
        assertThat(json.get("cold_users").asInt()).isEqualTo(s.coldUsers());
        assertThat(json.get("head_items_share").asDouble()).isEqualTo(s.headItemsShare());
        assertThat(json.get("head_items").asInt()).isEqualTo(s.headItems());
        assertThat(json.get("item_popularity_gini").asDouble()).isEqualTo(s.itemPopularityGini());
        assertThat(json.get("format").asText()).isEqualTo("movielens-100k");
        assertThat(json.get("per_user").get("min").asInt()).isEqualTo(20);
        assertThat(json.get("ratings").get("4").asLong()).isEqualTo(34174L);
    }

    @Test
    void dataset_stats_on_a_missing_path_exits_1_with_one_line_on_stderr(@TempDir Path tmp) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path missing = tmp.resolve("no-such-dataset");
        int code = RecPromptCli.run(new String[] {"dataset", "stats", missing.toString()}, new PrintWriter(out),
                new PrintWriter(err));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).hasLineCount(1).contains("no-such-dataset", "no such file or folder")
                .doesNotContain("\tat ");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void dataset_stats_without_a_path_is_a_usage_error() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = RecPromptCli.run(new String[] {"dataset", "stats"}, new PrintWriter(out), new PrintWriter(err));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("PATH");
    }
}
