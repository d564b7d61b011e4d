package org.recprompt.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.cli.RecPromptCli;

/**
 * {@code recprompt render --train --test}: the prompt's history is the train file's (plus the
 * validation file's), the item in question the test file's, not leave-last-out's.
 */
class RenderPredefinedSplitTest {

    @TempDir
    Path dir;

    Path data;
    StringWriter out;
    StringWriter err;

    @BeforeEach
    void writeDataset() throws IOException {
        data = Files.createDirectories(dir.resolve("tiny"));
        List<String> movies = new ArrayList<>(List.of("movieId,title,genres"));
        for (int i = 1; i <= 30; i++) {
            movies.add(i + ",Movie " + i + " (2000)," + (i % 2 == 0 ? "Drama" : "Comedy"));
        }
        Files.write(data.resolve("movies.csv"), movies, StandardCharsets.UTF_8);
        List<String> ratings = new ArrayList<>(List.of("userId,movieId,rating,timestamp"));
        for (int i = 1; i <= 5; i++) {
            ratings.add("1," + i + ",4.0," + (100 * i));
            ratings.add("2," + (10 + i) + ",3.0," + (100 * i));
        }
        Files.write(data.resolve("ratings.csv"), ratings, StandardCharsets.UTF_8);
    }

    int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return RecPromptCli.run(args, new PrintWriter(out), new PrintWriter(err));
    }

    @Test
    void the_history_is_the_train_and_validation_files_and_the_held_out_item_the_test_files() throws IOException {
        Path train = dir.resolve("train.tsv");
        Files.writeString(train, "1\t21\t4\t10\n1\t22\t5\t20\n2\t11\t3\t10\n");
        Path valid = dir.resolve("valid.tsv");
        Files.writeString(valid, "1\t23\t4\t30\n");
        Path test = dir.resolve("test.tsv");
        Files.writeString(test, "1\t24\t4\t40\n");

        int code = run("render", "--dataset", data.toString(), "--template",
                ShippedTemplatesTest.TEMPLATES.resolve("candidate-ranking.mustache").toString(), "--user", "1",
                "--candidates", "5", "--train", train.toString(), "--test", test.toString(), "--valid", valid.toString());

        assertThat(code).as(err.toString()).isZero();
        String text = out.toString();
        assertThat(text).contains("1. Movie 21 (2000)\n2. Movie 22 (2000)\n3. Movie 23 (2000)\n")
                .contains("] Movie 24 (2000)\n")
                .doesNotContain("1. Movie 1 (2000)");
    }

    @Test
    void without_the_options_the_history_is_leave_last_out() {
        int code = run("render", "--dataset", data.toString(), "--template",
                ShippedTemplatesTest.TEMPLATES.resolve("candidate-ranking.mustache").toString(), "--user", "1",
                "--candidates", "5");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("1. Movie 1 (2000)\n2. Movie 2 (2000)\n3. Movie 3 (2000)\n4. Movie 4 (2000)\n")
                .contains("] Movie 5 (2000)\n");
    }
}
