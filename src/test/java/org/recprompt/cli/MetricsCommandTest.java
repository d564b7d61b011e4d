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

    Path fixture(Path dir) throws Exception {
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
}
