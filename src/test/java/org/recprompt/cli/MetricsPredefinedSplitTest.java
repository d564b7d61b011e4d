package org.recprompt.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code recprompt metrics --train --test}: the held-out items are the test file's, not leave-last-out's.
 * Train: user 1 {2, 3}, user 2 {1}; test: user 1 {1}, user 2 {4, 2}. Lists: user 1 [1, 3], user 2 [3, 4].
 * HR@10 = 1; MRR = (1 + 1/2) / 2 = 0.75; recall@10 = (1/1 + 1/2) / 2 = 0.75;
 * NDCG@10 = (1 + (1/log2 3) / (1 + 1/log2 3)) / 2. (Leave-last-out on the ratings file would hold out
 * movie 3 for user 1 and 4 for user 2: MRR (1/2 + 1/2) / 2 = 0.5.)
 */
class MetricsPredefinedSplitTest {

    static final double EPS = 1e-12;

    @TempDir
    Path dir;

    StringWriter out;
    StringWriter err;
    Path train;
    Path test;
    Path recs;

    int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return RecPromptCli.run(args, new PrintWriter(out), new PrintWriter(err));
    }

    @BeforeEach
    void files() throws Exception {
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
                """);
        train = dir.resolve("train.tsv");
        Files.writeString(train, "1\t2\t5\n1\t3\t4\n2\t1\t3\n");
        test = dir.resolve("test.tsv");
        Files.writeString(test, "1\t1\t5\n2\t4\t2\n2\t2\t4\n");
        recs = dir.resolve("recs.csv");
        Files.writeString(recs, "user,item,rank\n1,1,1\n1,3,2\n2,3,1\n2,4,2\n");
    }

    static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    void assertHandComputed(JsonNode j) {
        assertThat(j.get("n_users").asInt()).isEqualTo(2);
        assertThat(j.get("hr@10").asDouble()).isCloseTo(1.0, within(EPS));
        assertThat(j.get("mrr@10").asDouble()).isCloseTo(0.75, within(EPS));
        assertThat(j.get("recall@10").asDouble()).isCloseTo(0.75, within(EPS));
        double second = (1 / log2(3)) / (1 + 1 / log2(3));
        assertThat(j.get("ndcg@10").asDouble()).isCloseTo((1 + second) / 2, within(EPS));
        assertThat(j.get("split").asText()).isEqualTo("predefined(train.tsv, test.tsv)");
    }

    @Test
    void with_the_dataset_the_files_decide_the_held_out_items() throws Exception {
        int code = run("metrics", "--dataset", dir.toString(), "--train", train.toString(), "--test", test.toString(),
                "--recs", recs.toString(), "--json");

        assertThat(code).as(err.toString()).isZero();
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertHandComputed(j);
        assertThat(j.has("ild_genre")).isTrue();
        assertThat(j.has("genres")).isFalse();
    }

    @Test
    void without_the_dataset_the_catalog_is_the_files_items_and_genre_metrics_are_left_out() throws Exception {
        int code = run("metrics", "--train", train.toString(), "--test", test.toString(), "--recs", recs.toString(), "--json");

        assertThat(code).as(err.toString()).isZero();
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertHandComputed(j);
        assertThat(j.has("ild_genre")).isFalse();
        assertThat(j.has("calibration_kl")).isFalse();
        assertThat(j.get("genres").asText()).contains("without --dataset");
        assertThat(j.get("coverage").asDouble()).isCloseTo(3.0 / 4, within(EPS)); // items 1, 3, 4 of the files' 4
    }

    @Test
    void without_dataset_and_split_files_the_dataset_is_required() {
        assertThat(run("metrics", "--recs", recs.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--dataset").contains("--train FILE --test FILE");
    }

    @Test
    void train_without_test_is_a_usage_error() {
        assertThat(run("metrics", "--dataset", dir.toString(), "--train", train.toString(), "--recs", recs.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--test is missing");
    }

    @Test
    void implicit_does_not_apply_to_split_files() {
        assertThat(run("metrics", "--dataset", dir.toString(), "--implicit", "4", "--train", train.toString(), "--test",
                test.toString(), "--recs", recs.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--implicit").contains("--relevance-threshold");
    }

    @Test
    void an_id_the_dataset_lacks_names_the_file_and_line() throws Exception {
        Files.writeString(test, "1\t1\n2\t9\n");

        assertThat(run("metrics", "--dataset", dir.toString(), "--train", train.toString(), "--test", test.toString(),
                "--recs", recs.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("test.tsv line 2: item 9 is not in the dataset");
        assertThat(out.toString()).isEmpty();
    }
}
