package org.recprompt.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code metrics --recs} reads Elliot's and RecBole's own list files: tab-separated, no header,
 * {@code user item score} with {@code --scores}; a header whose names are not {@code user} is
 * recognised. The dataset and its hand-computed values are {@link MetricsCommandTest}'s: user 1
 * holds out movie 3, user 2 movie 4.
 */
class MetricsScoresFileTest {

    private final MetricsCommandTest cli = new MetricsCommandTest();

    private int run(String... args) {
        return cli.run(args);
    }

    private Path fixture(Path dir) throws Exception {
        return MetricsCommandTest.fixture(dir);
    }


    @Test
    void a_tab_separated_score_file_is_ranked_by_score_with_ties_in_file_order(@TempDir Path dir) throws Exception {
        fixture(dir);
        // user 1: 3 (0.9) above 1 (0.2); user 2: 2 and 99 tie at 0.8 (file order: 2 first), 4 last
        Path recs = dir.resolve("recs.tsv");
        Files.writeString(recs, "1\t1\t0.2\n1\t3\t0.9\n2\t2\t0.8\n2\t99\t0.8\n2\t4\t0.5\n");

        int code = run("metrics", "--dataset", dir.toString(), "--recs", recs.toString(), "--scores", "--json",
                "--no-intervals");

        assertThat(code).as(cli.err.toString()).isZero();
        JsonNode j = new ObjectMapper().readTree(cli.out.toString());
        // the same lists as MetricsCommandTest's rank file: user 1 [3, 1], user 2 [2, 99, 4]
        assertThat(j.get("ndcg@10").asDouble()).isCloseTo((1 + 1 / MetricsCommandTest.log2(3)) / 2, within(MetricsCommandTest.EPS));
        assertThat(j.get("mrr@10").asDouble()).isCloseTo(0.75, within(MetricsCommandTest.EPS));
        assertThat(j.get("score_ties").asLong()).isEqualTo(1);
        assertThat(j.get("items_not_in_catalog").asLong()).isEqualTo(1);
        assertThat(j.get("ranked_by").asText()).contains("file order");
    }

    @Test
    void a_score_file_read_as_ranks_names_the_line_and_the_option(@TempDir Path dir) throws Exception {
        fixture(dir);
        Path recs = dir.resolve("recs.tsv");
        Files.writeString(recs, "1\t3\t0.9\n");

        int code = run("metrics", "--dataset", dir.toString(), "--recs", recs.toString());

        assertThat(code).isNotZero();
        assertThat(cli.err.toString()).contains("recs.tsv line 1").contains("--scores");
    }

    @Test
    void a_header_with_other_names_is_skipped_and_a_bad_score_is_named(@TempDir Path dir) throws Exception {
        fixture(dir);
        Path recs = dir.resolve("recs.csv");
        Files.writeString(recs, "userId,movieId,rank\n1,3,1\n2,4,1\n");
        assertThat(run("metrics", "--dataset", dir.toString(), "--recs", recs.toString(), "--json", "--no-intervals"))
                .as(cli.err.toString()).isZero();
        assertThat(new ObjectMapper().readTree(cli.out.toString()).get("hr@10").asDouble()).isEqualTo(1.0);

        Path bad = dir.resolve("bad.tsv");
        Files.writeString(bad, "1\t3\t0.9\n2\t4\tNaN\n");
        assertThat(run("metrics", "--dataset", dir.toString(), "--recs", bad.toString(), "--scores")).isNotZero();
        assertThat(cli.err.toString()).contains("bad.tsv line 2").contains("score 'NaN'");
    }

    @Test
    void elliot_reads_a_row_ranked_far_past_the_cutoff_because_it_closes_gaps(@TempDir Path dir) throws Exception {
        fixture(dir);
        // user 3 (train {2}, test {1}; item 1 is in training): rank 1 is the training item, rank 20 the
        // test item; Elliot takes the rows in order, cuts at top_k = 2 rows, drops the training item:
        // a hit at rank 1
        Path recs = dir.resolve("far.csv");
        Files.writeString(recs, "user,item,rank\n3,2,1\n3,1,20\n");

        assertThat(run("metrics", "--dataset", dir.toString(), "--recs", recs.toString(), "--protocol", "elliot", "--k", "2",
                "--json")).as(cli.err.toString()).isZero();
        assertThat(new ObjectMapper().readTree(cli.out.toString()).get("hr@2").asDouble()).isEqualTo(1.0);

        // this project's convention keeps the gap: rank 20 is past K = 2
        cli.out.getBuffer().setLength(0);
        assertThat(run("metrics", "--dataset", dir.toString(), "--recs", recs.toString(), "--k", "2", "--json",
                "--no-intervals")).isZero();
        assertThat(new ObjectMapper().readTree(cli.out.toString()).get("hr@2").asDouble()).isEqualTo(0.0);
    }

    @Test
    void recbole_says_beside_its_table_that_test_users_without_a_list_scored_zero(@TempDir Path dir) throws Exception {
        Path recs = fixture(dir); // lists for users 1 and 2; user 3 also has a held-out item

        assertThat(run("metrics", "--dataset", dir.toString(), "--recs", recs.toString(), "--protocol", "recbole", "--json"))
                .as(cli.err.toString()).isZero();
        JsonNode j = new ObjectMapper().readTree(cli.out.toString());
        assertThat(j.get("users_without_list").asLong()).isEqualTo(1);
        assertThat(j.get("note").asText()).startsWith("1 test users have no list and score 0");
    }
}
