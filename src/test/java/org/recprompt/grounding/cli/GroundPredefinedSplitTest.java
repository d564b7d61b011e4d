package org.recprompt.grounding.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.cli.RecPromptCli;

/**
 * {@code recprompt ground --train --test}: the history and held-out items come from the split files.
 * User 7 rated The Matrix (time 100) and Heat (200): leave-last-out holds out Heat, the files hold out
 * The Matrix and give Heat as history, so the outcomes swap.
 */
class GroundPredefinedSplitTest {

    @TempDir
    Path dir;

    Path data;
    StringWriter out;
    StringWriter err;

    @BeforeEach
    void writeDataset() throws IOException {
        data = Files.createDirectories(dir.resolve("tiny"));
        Files.write(data.resolve("movies.csv"), List.of("movieId,title,genres",
                "1,\"Matrix, The (1999)\",Sci-Fi",
                "2,Heat (1995),Crime",
                "3,Casino (1995),Crime"), StandardCharsets.UTF_8);
        Files.write(data.resolve("ratings.csv"), List.of("userId,movieId,rating,timestamp",
                "7,1,4.0,100", "7,2,5.0,200"), StandardCharsets.UTF_8);
    }

    int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return RecPromptCli.run(args, new PrintWriter(out), new PrintWriter(err));
    }

    @Test
    void held_out_and_seen_items_come_from_the_files() throws IOException {
        Path answers = dir.resolve("answers.jsonl");
        Files.write(answers, List.of("{\"user\": \"7\", \"response\": \"1. Heat (1995)\\n2. The Matrix\", \"k\": 2}"),
                StandardCharsets.UTF_8);
        Path train = dir.resolve("train.csv");
        Files.writeString(train, "user,item\n7,2\n");
        Path test = dir.resolve("test.csv");
        Files.writeString(test, "user,item\n7,1\n");
        Path outDir = dir.resolve("out");

        int code = run("ground", "--dataset", data.toString(), "--responses", answers.toString(), "--out", outDir.toString(),
                "--train", train.toString(), "--test", test.toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(Files.readAllLines(outDir.resolve("slots.csv"))).containsExactly(
                "user,slot,raw_text,item_id,outcome,method,score",
                "7,1,Heat (1995),2,SEEN,exact,1.000",
                "7,2,The Matrix,1,HIT,exact,1.000");
    }

    @Test
    void a_bad_split_file_is_named_and_nothing_is_written() throws IOException {
        Path answers = dir.resolve("answers.jsonl");
        Files.write(answers, List.of("{\"user\": \"7\", \"response\": \"1. Heat\"}"), StandardCharsets.UTF_8);
        Path train = dir.resolve("train.tsv");
        Files.writeString(train, "7\t2\n");
        Path test = dir.resolve("test.tsv");
        Files.writeString(test, "7\t1\n8\t1\n");
        Path outDir = dir.resolve("out");

        assertThat(run("ground", "--dataset", data.toString(), "--responses", answers.toString(), "--out", outDir.toString(),
                "--train", train.toString(), "--test", test.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("test.tsv line 2: user 8 is not in the dataset");
        assertThat(outDir.resolve("slots.csv")).doesNotExist();
    }
}
