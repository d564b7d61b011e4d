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
                "user,status,slots,truth", "7,OK,4,split", "8,OK,1,split", "8,ABSTAINED,0,split");
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

    @Test
    void an_empty_responses_file_is_an_error_and_leaves_no_file() throws IOException {
        Path answers = dir.resolve("empty.jsonl");
        Files.writeString(answers, "\n  \n");
        Path outDir = dir.resolve("out");

        assertThat(run("ground", "--dataset", data.toString(), "--responses", answers.toString(), "--out", outDir.toString()))
                .isNotZero();

        assertThat(err.toString()).contains("empty.jsonl", "holds no responses").doesNotContain("NaN");
        assertThat(outDir.resolve("slots.csv")).doesNotExist();
        try (var files = Files.list(outDir)) {
            assertThat(files).as("temporary files are removed").isEmpty();
        }
    }

    @Test
    void bytes_that_are_not_utf8_name_the_file_and_line_and_keep_the_old_outputs() throws IOException {
        Path outDir = Files.createDirectories(dir.resolve("out"));
        Files.writeString(outDir.resolve("slots.csv"), "earlier\n");
        Path answers = dir.resolve("latin1.jsonl");
        byte[] good = "{\"user\": \"7\", \"response\": \"1. Heat\"}\n".getBytes(StandardCharsets.UTF_8);
        byte[] bad = "{\"user\": \"7\", \"response\": \"1. Caf\u00e9\"}\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] both = new byte[good.length + bad.length];
        System.arraycopy(good, 0, both, 0, good.length);
        System.arraycopy(bad, 0, both, good.length, bad.length);
        Files.write(answers, both);

        assertThat(run("ground", "--dataset", data.toString(), "--responses", answers.toString(), "--out", outDir.toString()))
                .isNotZero();

        assertThat(err.toString()).contains("latin1.jsonl line 2", "not valid UTF-8");
        assertThat(Files.readString(outDir.resolve("slots.csv"))).isEqualTo("earlier\n");
    }

    @Test
    void a_line_over_the_limit_is_one_sentence_naming_the_line() throws IOException {
        Path answers = dir.resolve("long.jsonl");
        Files.writeString(answers, "{\"user\": \"7\", \"response\": \"1. Heat\"}\n{\"user\": \"7\", \"response\": \""
                + "x".repeat(org.recprompt.base.LineReader.MAX_LINE_BYTES) + "\"}\n");

        assertThat(run("ground", "--dataset", data.toString(), "--responses", answers.toString(), "--out",
                dir.resolve("out").toString())).isNotZero();

        assertThat(err.toString()).contains("long.jsonl line 2", "longer than 1 MB").doesNotContain("Exception");
    }

    @Test
    void a_duplicate_of_the_held_out_item_is_not_seen_history() throws IOException {
        // User 7 watched Heat early too: under keep-last Heat is held out once and is no history item.
        Files.write(data.resolve("ratings.csv"), List.of("userId,movieId,rating,timestamp",
                "7,2,3.0,50", "7,1,4.0,100", "7,2,5.0,200", "8,3,3.0,100", "8,4,4.0,200"), StandardCharsets.UTF_8);
        Path answers = dir.resolve("answers.jsonl");
        Files.write(answers, List.of("{\"user\": \"7\", \"response\": \"1. Heat (1995)\", \"k\": 1}"), StandardCharsets.UTF_8);
        Path outDir = dir.resolve("out");

        assertThat(run("ground", "--dataset", data.toString(), "--responses", answers.toString(), "--out", outDir.toString()))
                .as(err.toString()).isZero();

        assertThat(Files.readAllLines(outDir.resolve("slots.csv"))).contains("7,1,Heat (1995),2,HIT,exact,1.000");
    }

    @Test
    void a_line_with_relevant_items_is_scored_against_them_not_the_split() throws IOException {
        // The split holds out Heat for user 7; the recorded answer says Casino is the relevant item.
        Path answers = dir.resolve("answers.jsonl");
        Files.write(answers, List.of(
                "{\"user\": \"7\", \"response\": \"1. Heat (1995)\\n2. Casino\", \"relevant\": [\"3\"], \"k\": 2}",
                "{\"user\": \"8\", \"response\": \"Answer: A\", \"candidates\": [\"5\", \"2\"], \"relevant\": [\"5\"],"
                        + " \"format\": \"choice\"}",
                "{\"user\": \"8\", \"response\": \"1. Planes, Trains & Automobiles\", \"k\": 1}"), StandardCharsets.UTF_8);
        Path outDir = dir.resolve("out");

        assertThat(run("ground", "--dataset", data.toString(), "--responses", answers.toString(), "--out", outDir.toString()))
                .as(err.toString()).isZero();

        assertThat(Files.readAllLines(outDir.resolve("slots.csv"))).containsExactly(
                "user,slot,raw_text,item_id,outcome,method,score",
                "7,1,Heat (1995),2,VALID,exact,1.000",
                "7,2,Casino,3,HIT,exact,1.000",
                "8,1,Answer: A,5,HIT,candidate-reference,1.000",
                "8,1,\"Planes, Trains & Automobiles\",6,HIT,exact,1.000");
        assertThat(Files.readAllLines(outDir.resolve("responses.csv"))).containsExactly(
                "user,status,slots,truth", "7,OK,2,answer", "8,OK,1,answer", "8,OK,1,split");
        assertThat(Files.readAllLines(outDir.resolve("relevant.csv"))).containsExactly("user,item", "7,3", "8,5");
        assertThat(Files.readAllLines(outDir.resolve("recs.csv"))).containsExactly("user,item,rank", "7,2,1", "7,3,2", "8,5,1");
        assertThat(out.toString()).contains("Relevant items from the answer file: 2 of 3 lines",
                "1 later line(s) of a user already listed");
    }

    @Test
    void recs_csv_is_what_metrics_reads() throws IOException {
        Path answers = dir.resolve("answers.jsonl");
        Files.write(answers, List.of("{\"user\": \"7\", \"response\": \"1. Casino\\n2. Invented Title (2030)\\n3. Heat\", \"k\": 3}"),
                StandardCharsets.UTF_8);
        Path outDir = dir.resolve("out");
        assertThat(run("ground", "--dataset", data.toString(), "--responses", answers.toString(), "--out", outDir.toString()))
                .as(err.toString()).isZero();
        assertThat(Files.readAllLines(outDir.resolve("recs.csv"))).containsExactly("user,item,rank", "7,3,1", "7,,2", "7,2,3");
        assertThat(outDir.resolve("relevant.csv")).doesNotExist();

        assertThat(run("metrics", "--dataset", data.toString(), "--recs", outDir.resolve("recs.csv").toString(), "--k", "3",
                "--json", "--no-intervals")).as(err.toString()).isZero();

        // Heat (held out) at rank 3 after an unknown item dropped: the recprompt convention closes the gap to rank 2.
        assertThat(out.toString()).contains("\"hr@3\":1.0", "\"items_not_in_catalog\":1", "\"mrr@3\":0.5");
    }

    @Test
    void an_unknown_relevant_item_names_the_line_and_nothing_is_written() throws IOException {
        Path answers = dir.resolve("answers.jsonl");
        Files.write(answers, List.of("{\"user\": \"7\", \"response\": \"1. Heat\"}",
                "{\"user\": \"8\", \"response\": \"1. Heat\", \"relevant\": [\"4\", \"99\"]}"), StandardCharsets.UTF_8);
        Path outDir = dir.resolve("out");

        assertThat(run("ground", "--dataset", data.toString(), "--responses", answers.toString(), "--out", outDir.toString()))
                .isNotZero();

        assertThat(err.toString()).contains("answers.jsonl, line 2", "\"relevant\"", "no item 99");
        try (var files = Files.list(outDir)) {
            assertThat(files).as("nothing written, temporary files removed").isEmpty();
        }
        Files.write(answers, List.of("{\"user\": \"7\", \"response\": \"1. Heat\", \"relevant\": \"4\"}"), StandardCharsets.UTF_8);
        run("ground", "--dataset", data.toString(), "--responses", answers.toString(), "--out", outDir.toString());
        assertThat(err.toString()).contains("line 1", "\"relevant\" must be an array of item ids");
    }

    /** ground reads an id array exactly as the replay backend does (JsonIds): an empty array or a non-id element is refused. */
    @Test
    void an_empty_array_or_an_element_that_is_no_item_id_names_line_and_field_and_nothing_is_written() throws IOException {
        Path answers = dir.resolve("answers.jsonl");
        Path outDir = dir.resolve("out");
        List<String[]> cases = List.of(
                new String[] {"\"relevant\": []", "line 2: field \"relevant\" is an empty array"},
                new String[] {"\"candidates\": []", "line 2: field \"candidates\" is an empty array"},
                new String[] {"\"relevant\": [{\"id\": \"2\"}]", "line 2: field \"relevant\", element 1: expected an item id"},
                new String[] {"\"relevant\": [true]", "found a boolean"},
                new String[] {"\"candidates\": [\"2\", false]", "line 2: field \"candidates\", element 2: expected an item id"});
        for (String[] c : cases) {
            Files.write(answers, List.of("{\"user\": \"7\", \"response\": \"1. Heat\"}",
                    "{\"user\": \"8\", \"response\": \"1. Heat\", " + c[0] + "}"), StandardCharsets.UTF_8);

            assertThat(run("ground", "--dataset", data.toString(), "--responses", answers.toString(), "--out", outDir.toString()))
                    .as(c[0]).isNotZero();

            assertThat(err.toString()).as(c[0]).contains("answers.jsonl, line 2", c[1]);
            try (var files = Files.list(outDir)) {
                assertThat(files).as("nothing written for " + c[0]).isEmpty();
            }
        }
    }
}
