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

/** {@code recprompt ground} through the command line's entry point, on a small MovieLens-style folder. */
class GroundCommandTest {

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
                "3,Casino (1995),Crime",
                "4,Goodfellas (1990),Crime",
                "5,Fargo (1996),Crime",
                "6,\"Planes, Trains & Automobiles (1987)\",Comedy"), StandardCharsets.UTF_8);
        // User 7 watched The Matrix, then Heat; Heat (the latest) is held out.
        Files.write(data.resolve("ratings.csv"), List.of("userId,movieId,rating,timestamp",
                "7,1,4.0,100", "7,2,5.0,200", "8,3,3.0,100", "8,4,4.0,200", "8,6,4.0,300"), StandardCharsets.UTF_8);
    }

    int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return RecPromptCli.run(args, new PrintWriter(out), new PrintWriter(err));
    }

    @Test
    void writes_one_row_per_slot_and_per_response_with_outcomes_from_the_split() throws IOException {
        Path answers = dir.resolve("answers.jsonl");
        Files.write(answers, List.of(
                "{\"user\": \"7\", \"response\": \"Sure:\\n1. Heat (1995)\\n2. The Matrix\\n3. Galactic Pancake Heist (2011)\\n4. Casino\", \"k\": 4}",
                "",
                "{\"user\": \"8\", \"response\": \"Answer: B\", \"candidates\": [\"5\", \"6\"], \"format\": \"choice\"}",
                "{\"user\": \"8\", \"response\": \"I'm sorry, but I can't recommend movies.\"}"), StandardCharsets.UTF_8);
        Path outDir = dir.resolve("out");
        int code = run("ground", "--dataset", data.toString(), "--responses", answers.toString(), "--out", outDir.toString());
        assertThat(err.toString()).isEmpty();
        assertThat(code).isZero();
        assertThat(Files.readAllLines(outDir.resolve("slots.csv"))).containsExactly(
                "user,slot,raw_text,item_id,outcome,method,score",
                "7,1,Heat (1995),2,HIT,exact,1.000",
                "7,2,The Matrix,1,SEEN,exact,1.000",
                "7,3,Galactic Pancake Heist (2011),,HALLUCINATED,none,0.000",
                "7,4,Casino,3,VALID,exact,1.000",
                "8,1,Answer: B,6,HIT,candidate-reference,1.000");
        assertThat(Files.readAllLines(outDir.resolve("responses.csv"))).containsExactly(
                "user,status,slots", "7,OK,4", "8,OK,1", "8,ABSTAINED,0");
        assertThat(out.toString()).contains("Grounded 3 responses, 5 slots: hallucinated 0.200");
    }

    @Test
    void a_bad_line_is_named_and_nothing_is_written() throws IOException {
        Path answers = dir.resolve("answers.jsonl");
        Files.write(answers, List.of("{\"user\": \"7\", \"response\": \"1. Heat\"}",
                "{\"user\": \"7\", \"response\": \"1. Heat\", \"candidates\": [\"99\"]}"), StandardCharsets.UTF_8);
        Path outDir = dir.resolve("out");
        assertThat(run("ground", "--dataset", data.toString(), "--responses", answers.toString(), "--out", outDir.toString()))
                .isNotZero();
        assertThat(err.toString()).contains("line 2", "\"candidates\"", "no item 99");
        assertThat(outDir.resolve("slots.csv")).doesNotExist();

        Files.write(answers, List.of("{\"user\": \"7\", \"response\": \"1. Heat\", \"format\": \"xml\"}"), StandardCharsets.UTF_8);
        run("ground", "--dataset", data.toString(), "--responses", answers.toString(), "--out", outDir.toString());
        assertThat(err.toString()).contains("line 1", "\"format\"", "list, json, choice, pairs");
        Files.write(answers, List.of("{\"user\": \"70\", \"response\": \"x\"}", "not json"), StandardCharsets.UTF_8);
        run("ground", "--dataset", data.toString(), "--responses", answers.toString(), "--out", outDir.toString());
        assertThat(err.toString()).contains("line 1", "no user 70");
        assertThat(outDir.resolve("responses.csv")).doesNotExist();
        Files.write(answers, List.of("root:$6$saltsalt$hashhash:19000:0:99999:7:::"), StandardCharsets.UTF_8);
        err.getBuffer().setLength(0);
        run("ground", "--dataset", data.toString(), "--responses", answers.toString(), "--out", outDir.toString());
        assertThat(err.toString()).contains("line 1", "not valid JSON").doesNotContain("root").doesNotContain("hash");
    }
}
