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
 * A predefined split's validation file is history, not training, for the conventions: item 3 appears
 * only in the validation file. Train: user 1 {1}, user 2 {1, 2}; validation: user 1 {3}; test: user 1
 * {2}, user 2 {3}. Lists: user 1 [3, 2], user 2 [3]. Ratings stored as floats are compared with a
 * threshold as the decimals the file held (0.7 reaches 0.7).
 */
class MetricsValidationFileTest {

    @TempDir
    Path dir;

    StringWriter out;
    StringWriter err;

    int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return RecPromptCli.run(args, new PrintWriter(out), new PrintWriter(err));
    }

    JsonNode metrics(String protocol, String... more) throws Exception {
        String[] base = {"metrics", "--dataset", dir.toString(), "--train", dir.resolve("train.tsv").toString(), "--test",
            dir.resolve("test.tsv").toString(), "--valid", dir.resolve("valid.tsv").toString(), "--recs",
            dir.resolve("recs.csv").toString(), "--protocol", protocol, "--k", "1", "--json", "--no-intervals"};
        String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        assertThat(run(args)).as(err.toString()).isZero();
        return new ObjectMapper().readTree(out.toString());
    }

    @BeforeEach
    void files() throws Exception {
        Files.writeString(dir.resolve("movies.csv"), "movieId,title,genres\n1,One (1990),Comedy\n2,Two (1991),Drama\n"
                + "3,Three (1992),Horror\n");
        Files.writeString(dir.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n1,1,4.0,1\n1,3,4.0,2\n1,2,4.0,3\n"
                + "2,1,5.0,1\n2,2,3.0,2\n2,3,4.0,3\n");
        Files.writeString(dir.resolve("train.tsv"), "1\t1\t4\t1\n2\t1\t5\t1\n2\t2\t3\t2\n");
        Files.writeString(dir.resolve("valid.tsv"), "1\t3\t4\t2\n");
        Files.writeString(dir.resolve("test.tsv"), "1\t2\t0.7\t3\n2\t3\t4\t3\n");
        Files.writeString(dir.resolve("recs.csv"), "user,item,rank\n1,3,1\n1,2,2\n2,3,1\n");
    }

    @Test
    void recboleMasksTheValidationItemButCountsPopularityFromTheTrainingFileOnly() throws Exception {
        JsonNode j = metrics("recbole");
        // user 1: history {1, 3} masked, so [3, 2] -> [2]: a hit; user 2: history {1, 2}, [3]: a hit
        assertThat(j.get("hit@1").asDouble()).isEqualTo(1.0);
        // training interactions: item 2 one (user 2), item 3 none: (1 + 0) / 2
        assertThat(j.get("averagepopularity@1").asDouble()).isCloseTo(0.5, within(1e-12));
        assertThat(j.get("items_without_training_kept").asLong()).isPositive();
    }

    @Test
    void elliotDoesNotKnowAnItemSeenOnlyInValidation() throws Exception {
        JsonNode j = metrics("elliot");
        // the training matrix holds items 1 and 2; item 3 (validation only) is unknown to training
        assertThat(j.get("train_items").asLong()).isEqualTo(2);
        assertThat(j.get("items_unknown_to_train").asLong()).isEqualTo(2);
    }

    @Test
    void aStoredFloatRatingMeetsTheThresholdItWasWrittenAs() throws Exception {
        // user 1's test rating 0.7 is kept as 0.7f (0.699999988 widened); with threshold 0.7 it is relevant
        JsonNode j = metrics("recprompt", "--relevance-threshold", "0.7");
        assertThat(j.get("n_users").asLong()).isEqualTo(2);
        // 0.7 < 4: a threshold of 0.71 leaves user 1 without a relevant item
        assertThat(metrics("recprompt", "--relevance-threshold", "0.71").get("n_users").asLong()).isEqualTo(1);
    }
}
