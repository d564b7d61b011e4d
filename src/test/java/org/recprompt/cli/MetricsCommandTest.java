package org.recprompt.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code recprompt metrics} end to end on a tiny MovieLens CSV dataset. Leave-last-out: user 1
 * trains on movies 1, 2 and holds out 3; user 2 trains on 1 and holds out 4; user 3 trains on 2 and
 * holds out 1 (not in the recs file). Training popularity: movies 1 and 2 two users each, 3 and 4
 * none, |U_train| = 3; head = {1, 2}. Genres: 1 Comedy, 2 Drama, 3 Comedy|Drama, 4 Horror.
 * Lists: user 1 [3, 1]; user 2 [2, unknown 99, 4] -> [2, 4].
 */
class MetricsCommandTest {

    static final double EPS = 1e-12;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        return RecPromptCli.run(args, new PrintWriter(out), new PrintWriter(err));
    }

    static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    /** The dataset and recommendations file the other metrics command tests share. */
    static Path fixture(Path dir) throws Exception {
        Files.writeString(dir.resolve("movies.csv"), """
                movieId,title,genres
                1,One (1990),Comedy
                2,Two (1991),Drama
                3,Three (1992),Comedy|Drama
                4,Four (1993),Horror
                """);
        Files.writeString(dir.resolve("ratings.csv"), """
                userId,movieId,rating,timestamp
                1,1,4.0,1
                1,2,4.0,2
                1,3,4.0,3
                2,1,4.0,1
                2,4,4.0,2
                3,2,4.0,1
                3,1,4.0,2
                """);
        Path recs = dir.resolve("recs.csv");
        Files.writeString(recs, """
                user,item,rank
                1,1,2
                1,3,1
                2,2,1
                2,99,2
                2,4,3
                """);
        return recs;
    }

    @Test
    void json_output_has_every_metric_computed_by_hand(@TempDir Path dir) throws Exception {
        Path recs = fixture(dir);

        int code = run("metrics", "--dataset", dir.toString(), "--recs", recs.toString(), "--json");

        assertThat(code).as(err.toString()).isZero();
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertThat(j.get("n_users").asInt()).isEqualTo(2);
        assertThat(j.get("ndcg@10").asDouble()).isCloseTo((1 + 1 / log2(3)) / 2, within(EPS));
        assertThat(j.get("hr@10").asDouble()).isCloseTo(1.0, within(EPS));
        assertThat(j.get("mrr@10").asDouble()).isCloseTo(0.75, within(EPS));
        assertThat(j.get("precision@10").asDouble()).isCloseTo(0.1, within(EPS));
        assertThat(j.get("recall@10").asDouble()).isCloseTo(1.0, within(EPS));
        assertThat(j.get("coverage").asDouble()).isCloseTo(1.0, within(EPS));
        assertThat(j.get("gini").asDouble()).isCloseTo(0.0, within(EPS));
        assertThat(j.get("entropy").asDouble()).isCloseTo(2.0, within(EPS));
        assertThat(j.get("arp").asDouble()).isCloseTo(1.0, within(EPS));
        assertThat(j.get("aplt").asDouble()).isCloseTo(0.5, within(EPS));
        assertThat(j.get("novelty").asDouble()).isCloseTo((log2(3) + log2(1.5)) / 2, within(EPS));
        assertThat(j.get("ild_genre").asDouble()).isCloseTo(0.75, within(EPS));
        double kl1 = 0.5 * log2(0.5 / 0.7475) + 0.5 * log2(0.5 / 0.2525);
        assertThat(j.get("calibration_kl").asDouble()).isCloseTo((kl1 + log2(100)) / 2, within(EPS));
    }

    @Test
    void k_cuts_every_list(@TempDir Path dir) throws Exception {
        Path recs = fixture(dir);

        int code = run("metrics", "--dataset", dir.toString(), "--recs", recs.toString(), "--k", "1", "--json");

        assertThat(code).as(err.toString()).isZero();
        JsonNode j = new ObjectMapper().readTree(out.toString());
        // user 1 [3] hit, user 2 [2] miss
        assertThat(j.get("ndcg@1").asDouble()).isCloseTo(0.5, within(EPS));
        assertThat(j.get("precision@1").asDouble()).isCloseTo(0.5, within(EPS));
        assertThat(j.get("coverage").asDouble()).isCloseTo(0.5, within(EPS));
        assertThat(j.get("ild_too_short").asInt()).isEqualTo(2);
        assertThat(j.get("ild_genre").isNull() || j.get("ild_genre").asText().equals("NaN")).isTrue();
        // every per-user mean carries its n and a bootstrap interval around it: HR@1 over {1, 0}
        assertThat(j.get("hr@1_n").asInt()).isEqualTo(2);
        double low = j.get("hr@1_ci95").get(0).asDouble();
        double high = j.get("hr@1_ci95").get(1).asDouble();
        assertThat(low).isBetween(0.0, 0.5);
        assertThat(high).isBetween(0.5, 1.0);
        assertThat(j.has("ild_genre_ci95")).isFalse();
    }

    @Test
    void text_output_lists_the_metrics(@TempDir Path dir) throws Exception {
        Path recs = fixture(dir);

        int code = run("metrics", "--dataset", dir.toString(), "--recs", recs.toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("ndcg@10:", "gini:", "n_users:");
    }

    @Test
    void an_unknown_user_fails_with_one_sentence(@TempDir Path dir) throws Exception {
        fixture(dir);
        Path recs = dir.resolve("bad.csv");
        Files.writeString(recs, "user,item,rank\n42,1,1\n");

        int code = run("metrics", "--dataset", dir.toString(), "--recs", recs.toString());

        assertThat(code).isEqualTo(ExitCode.FAILURE);
        assertThat(err.toString()).contains("no user 42");
    }

    @Test
    void a_cutoff_below_one_is_a_usage_error(@TempDir Path dir) throws Exception {
        Path recs = fixture(dir);

        assertThat(run("metrics", "--dataset", dir.toString(), "--recs", recs.toString(), "--k", "0"))
                .isEqualTo(ExitCode.USAGE);
    }

    @Test
    void an_item_not_in_the_catalog_is_counted_in_json_and_text(@TempDir Path dir) throws Exception {
        Path recs = fixture(dir);

        int code = run("metrics", "--dataset", dir.toString(), "--recs", recs.toString(), "--json");

        assertThat(code).as(err.toString()).isZero();
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertThat(j.get("items_not_in_catalog").asLong()).isEqualTo(1);
        assertThat(j.get("rows").asLong()).isEqualTo(5);
        assertThat(j.get("repeated_items").asLong()).isZero();
        assertThat(j.get("rank_gaps").asLong()).isZero();
        out.getBuffer().setLength(0);
        assertThat(run("metrics", "--dataset", dir.toString(), "--recs", recs.toString())).isZero();
        assertThat(out.toString()).containsPattern("items_not_in_catalog:\\s+1");
    }

    @Test
    void a_rank_the_file_skips_is_a_gap_the_item_after_it_keeps_its_rank_and_the_users_with_gaps_are_counted(@TempDir Path dir)
            throws Exception {
        fixture(dir);
        // user 1 (held out: 3) ranks 1, 2, 5: ranks 3 and 4 hold no item
        Path recs = dir.resolve("gaps.csv");
        Files.writeString(recs, "user,item,rank\n1,1,1\n1,2,2\n1,3,5\n2,4,1\n");

        assertThat(run("metrics", "--dataset", dir.toString(), "--recs", recs.toString(), "--k", "3", "--json")).as(err.toString())
                .isZero();
        JsonNode at3 = new ObjectMapper().readTree(out.toString());
        out.getBuffer().setLength(0);
        assertThat(run("metrics", "--dataset", dir.toString(), "--recs", recs.toString(), "--k", "5", "--json")).isZero();
        JsonNode at5 = new ObjectMapper().readTree(out.toString());

        // user 1 misses at 3 (squeezed to 1..3 it would hit), user 2 hits at 1
        assertThat(at3.get("hr@3").asDouble()).isCloseTo(0.5, within(EPS));
        assertThat(at5.get("hr@5").asDouble()).isCloseTo(1.0, within(EPS));
        assertThat(at5.get("mrr@5").asDouble()).isCloseTo((1.0 / 5 + 1) / 2, within(EPS));
        assertThat(at5.get("ndcg@5").asDouble()).isCloseTo((1 / log2(6) + 1) / 2, within(EPS));
        assertThat(at5.get("precision@5").asDouble()).isCloseTo((1.0 / 5 + 1.0 / 5) / 2, within(EPS));
        // gaps are no items: user 1's ARP is the mean of pop 2, 2, 0 over its 3 items (not 5 positions), user 2's pop(4) = 0
        assertThat(at5.get("arp").asDouble()).isCloseTo((4.0 / 3 + 0) / 2, within(EPS));
        // items 1, 2, 3, 4 of 4
        assertThat(at5.get("coverage").asDouble()).isCloseTo(1.0, within(EPS));
        assertThat(at3.get("rank_gaps").asLong()).isEqualTo(1);
        out.getBuffer().setLength(0);
        assertThat(run("metrics", "--dataset", dir.toString(), "--recs", recs.toString(), "--k", "3")).isZero();
        assertThat(out.toString()).containsPattern("rank_gaps:\\s+1");
    }

    @Test
    void only_the_held_out_item_at_rank_5_of_ranks_1_2_5_is_a_hit_at_5_not_at_3(@TempDir Path dir) throws Exception {
        fixture(dir);
        Path recs = dir.resolve("gaps.csv");
        Files.writeString(recs, "user,item,rank\n1,1,1\n1,2,2\n1,3,5\n");

        assertThat(run("metrics", "--dataset", dir.toString(), "--recs", recs.toString(), "--k", "3", "--json")).isZero();
        assertThat(new ObjectMapper().readTree(out.toString()).get("hr@3").asDouble()).isZero();
        out.getBuffer().setLength(0);
        assertThat(run("metrics", "--dataset", dir.toString(), "--recs", recs.toString(), "--k", "5", "--json")).isZero();
        assertThat(new ObjectMapper().readTree(out.toString()).get("hr@5").asDouble()).isEqualTo(1.0);
    }

    @Test
    void an_empty_or_header_only_file_is_an_error_not_nan(@TempDir Path dir) throws Exception {
        fixture(dir);
        Path empty = dir.resolve("empty.csv");
        Files.writeString(empty, "");
        Path header = dir.resolve("header.csv");
        Files.writeString(header, "user,item,rank\n\n");

        assertThat(run("metrics", "--dataset", dir.toString(), "--recs", empty.toString())).isEqualTo(ExitCode.FAILURE);
        assertThat(run("metrics", "--dataset", dir.toString(), "--recs", header.toString())).isEqualTo(ExitCode.FAILURE);
        assertThat(err.toString()).contains("holds no recommendations").doesNotContain("NaN");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void a_negative_zero_or_repeated_rank_names_the_line(@TempDir Path dir) throws Exception {
        fixture(dir);
        Path negative = dir.resolve("negative.csv");
        Files.writeString(negative, "user,item,rank\n1,1,1\n1,2,-3\n");
        Path zero = dir.resolve("zero.csv");
        Files.writeString(zero, "1,1,0\n");
        Path repeated = dir.resolve("repeated.csv");
        Files.writeString(repeated, "user,item,rank\n1,1,1\n2,1,1\n1,2,1\n");

        assertThat(run("metrics", "--dataset", dir.toString(), "--recs", negative.toString())).isEqualTo(ExitCode.FAILURE);
        assertThat(err.toString()).contains("negative.csv line 3", "rank -3");
        assertThat(run("metrics", "--dataset", dir.toString(), "--recs", zero.toString())).isEqualTo(ExitCode.FAILURE);
        assertThat(err.toString()).contains("zero.csv line 1", "rank 0");
        assertThat(run("metrics", "--dataset", dir.toString(), "--recs", repeated.toString())).isEqualTo(ExitCode.FAILURE);
        assertThat(err.toString()).contains("repeated.csv line 4", "rank 1 again (first on line 2)");
    }

    @Test
    void bytes_that_are_not_utf8_and_an_overlong_line_name_the_file_and_line(@TempDir Path dir) throws Exception {
        fixture(dir);
        Path latin1 = dir.resolve("latin1.csv");
        Files.write(latin1, new byte[] {'1', ',', '1', ',', '1', '\n', '1', ',', (byte) 0xE9, ',', '2', '\n'});
        Path longLine = dir.resolve("long.csv");
        Files.writeString(longLine, "user,item,rank\n1,\"" + "x".repeat(org.recprompt.base.LineReader.MAX_LINE_BYTES) + "\",1\n");

        assertThat(run("metrics", "--dataset", dir.toString(), "--recs", latin1.toString())).isEqualTo(ExitCode.FAILURE);
        assertThat(err.toString()).contains("latin1.csv line 2", "not valid UTF-8");
        assertThat(run("metrics", "--dataset", dir.toString(), "--recs", longLine.toString())).isEqualTo(ExitCode.FAILURE);
        assertThat(err.toString()).contains("long.csv line 2", "longer than 1 MB");
    }
}
