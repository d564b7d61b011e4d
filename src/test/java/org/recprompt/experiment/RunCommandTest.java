package org.recprompt.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.recprompt.workspace.WorkspaceLock;

/** {@code recprompt run} end to end in process: plan, run folder, summary table, the workspace cache, errors. */
class RunCommandTest extends InProcessCli {

    @Test
    void a_run_writes_the_four_files_and_prints_the_plan_and_a_summary_table() throws Exception {
        Path exp = ExperimentFixtures.experiment(dir, ExperimentFixtures.dataset(dir, 20),
                ExperimentFixtures.template(dir, "ranking"), 20, "{ id: random, type: random }", "{ id: pop, type: most-popular }");

        int code = run("run", exp.toString(), "--out", dir.resolve("out").toString());

        assertThat(code).as(err.toString()).isZero();
        for (String f : new String[] {"summary.json", "recommendations.csv", "responses.jsonl", "metrics-per-user.csv"}) {
            assertThat(dir.resolve("out").resolve(f)).isNotEmptyFile();
        }
        assertThat(out.toString()).contains("Experiment fixture: 20 users, 2 variants, 40 calls")
                .contains("est. cost").contains("ndcg@5 [95% CI]").containsPattern("(?m)^random\\s+ok\\s+20 ")
                .containsPattern("(?m)^pop\\s+ok\\s+20 ");
        assertThat(Files.exists(dir.resolve("ws"))).as("no LLM backend: the workspace is not touched").isFalse();

        assertThat(run("run", exp.toString(), "--out", dir.resolve("out").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("already holds a run");
        assertThat(run("run", exp.toString(), "--out", dir.resolve("out").toString(), "--resume")).isZero();
    }

    @Test
    void a_simulation_prints_its_trajectories_after_the_summary() throws Exception {
        Path exp = ExperimentFixtures.experiment(dir, ExperimentFixtures.dataset(dir, 8),
                ExperimentFixtures.template(dir, "ranking"), 8, "{ id: pop, type: most-popular }");
        Files.writeString(exp, Files.readString(exp) + "simulation: { rounds: 2 }\n");

        int code = run("run", exp.toString(), "--out", dir.resolve("out").toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Experiment fixture: 8 users, 1 variants, 16 calls").contains("variant (simulation)")
                .containsPattern("(?m)^pop\\s+0\\s+\\d\\.\\d{4}\\s+0\\.0000\\s")
                .containsPattern("(?m)^pop\\s+2\\s+\\d\\.\\d{4}\\s+\\d\\.\\d{4}\\s+-\\s")
                .contains("rounds.csv, simulation-histories.jsonl and simulation-responses.jsonl");
        assertThat(dir.resolve("out/rounds.csv")).isNotEmptyFile();
    }

    @Test
    void a_configuration_error_exits_2_naming_the_file_line_and_key() throws Exception {
        Path exp = ExperimentFixtures.experiment(dir, ExperimentFixtures.dataset(dir, 5),
                ExperimentFixtures.template(dir, "ranking"), 5, "{ id: pop, type: most-popular, neighbors: 5 }");

        int code = run("run", exp.toString(), "--out", dir.resolve("out").toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("run: exp.yaml, line 8, backends[1].neighbors: unknown key (did you mean 'neighbours'?)");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void an_unset_key_variable_or_one_that_is_not_key_like_exits_2_naming_it_before_any_request() throws Exception {
        try (var server = new ExperimentFixtures.FakeOpenAi(0)) {
            Path exp = ExperimentFixtures.experiment(dir, ExperimentFixtures.dataset(dir, 5),
                    ExperimentFixtures.template(dir, "ranking"), 5, "{ id: llm, type: openai, baseUrl: \"" + server.baseUrl()
                            + "\", model: test-model, apiKeyEnv: RP_SURELY_UNSET_TEST_KEY }");

            assertThat(run("run", exp.toString(), "--out", dir.resolve("out").toString())).isEqualTo(2);
            assertThat(err.toString()).contains("exp.yaml, line 8").contains("RP_SURELY_UNSET_TEST_KEY, which is not set");

            Files.writeString(exp, Files.readString(exp).replace("RP_SURELY_UNSET_TEST_KEY", "HOME"));
            assertThat(run("run", exp.toString(), "--out", dir.resolve("out").toString())).isEqualTo(2);
            assertThat(err.toString()).contains("apiKeyEnv: a key is read only from a variable whose name ends in _KEY");
            assertThat(server.total.get()).isZero();
            assertThat(dir.resolve("out")).doesNotExist();
        }
    }

    @Test
    void leave_last_out_on_data_without_timestamps_exits_2_naming_order_file_and_order_file_runs() throws Exception {
        Path data = ExperimentFixtures.dataset(dir, 6);
        Path ratings = data.resolve("ratings.csv");
        StringBuilder noTime = new StringBuilder("userId,movieId,rating\n");
        Files.readAllLines(ratings).stream().skip(1).forEach(l -> noTime.append(l, 0, l.lastIndexOf(',')).append('\n'));
        Files.writeString(ratings, noTime.toString());
        Path exp = ExperimentFixtures.experiment(dir, data, ExperimentFixtures.template(dir, "ranking"), 6,
                "{ id: pop, type: most-popular }");

        assertThat(run("run", exp.toString(), "--out", dir.resolve("out").toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("run: exp.yaml, line 3, split:").contains("no timestamps", "order: file",
                "random holdout");
        assertThat(dir.resolve("out")).doesNotExist();

        Files.writeString(exp, Files.readString(exp).replace("split: { method: leave-last-out }",
                "split: { method: leave-last-out, order: file }").replace("dataset: { path: " + data.toAbsolutePath() + " }",
                "dataset: { path: " + data.toAbsolutePath() + ", duplicates: keep-first, domain: book }"));
        assertThat(run("run", exp.toString(), "--out", dir.resolve("out").toString(), "--quiet")).as(err.toString()).isZero();
        var summary = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("out/summary.json").toFile());
        assertThat(summary.at("/split/method").asText()).isEqualTo("leave-last-out (order: file)");
        assertThat(summary.at("/split/order").asText()).isEqualTo("file");
        assertThat(summary.at("/dataset/has_timestamps").asBoolean(true)).isFalse();
        assertThat(summary.at("/dataset/duplicates/policy").asText()).isEqualTo("keep-first");
        assertThat(summary.at("/dataset/duplicates/repeated_pairs").asLong()).isZero();
        // The experiment's dataset.domain wins over the format's (movie) and is recorded with the publisher's notes.
        assertThat(summary.at("/dataset/domain/noun").asText()).isEqualTo("book");
        assertThat(summary.at("/dataset/domain/verb").asText()).isEqualTo("read");
        assertThat(summary.at("/dataset/notes").isArray()).isTrue();
    }

    @Test
    void a_generic_csv_beside_its_item_file_runs_with_titles_and_the_report_re_reads_it_the_same() throws Exception {
        // ratings.csv beside books.csv, but not goodbooks-10k: own column names, an item file named in the experiment.
        Path data = Files.createDirectories(dir.resolve("shelf"));
        StringBuilder books = new StringBuilder("book_id,title,writers\n");
        for (int b = 1; b <= 40; b++) {
            books.append(100 + b).append(",\"Book ").append(ExperimentFixtures.words(b)).append(", Part ").append(b)
                    .append("\",Author ").append(b % 7).append('\n');
        }
        Files.writeString(data.resolve("books.csv"), books.toString());
        StringBuilder ratings = new StringBuilder("reader;book;stars;when\n");
        java.util.Random random = new java.util.Random(5);
        for (int u = 1; u <= 6; u++) {
            for (int k = 0; k < 12; k++) {
                ratings.append(u).append(';').append(101 + (u * 7 + k * 3) % 40).append(';').append(1 + random.nextInt(5))
                        .append(';').append(1_000 + u * 100 + k).append('\n');
            }
        }
        Files.writeString(data.resolve("ratings.csv"), ratings.toString());
        try (var server = new ExperimentFixtures.FakeOpenAi(0)) {
            Path exp = ExperimentFixtures.experiment(dir, data, ExperimentFixtures.template(dir, "ranking"), 6,
                    "{ id: llm, type: openai, baseUrl: \"" + server.baseUrl() + "\", model: test-model }");
            Files.writeString(exp, Files.readString(exp).replace("dataset: { path: " + data.toAbsolutePath() + " }",
                    "dataset: { path: " + data.toAbsolutePath() + ", domain: book, duplicates: keep-first,"
                            + " columns: { user: reader, item: book, rating: stars, timestamp: when, delimiter: \";\" },"
                            + " items: { file: shelf/books.csv, id: book_id, title: title, author: writers } }"));

            assertThat(run("run", exp.toString(), "--out", dir.resolve("out").toString(), "--quiet")).as(err.toString()).isZero();

            assertThat(server.bodies.get(0).toString()).contains("Book ").contains(", Part ").doesNotContain("[1] 1");
            var summary = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("out/summary.json").toFile());
            assertThat(summary.at("/dataset/format").asText()).isEqualTo("csv");
            assertThat(summary.at("/dataset/items").asInt()).isEqualTo(40);
            assertThat(summary.at("/dataset/mapping/items/file").asText()).isEqualTo(data.resolve("books.csv").toAbsolutePath().toString());
            assertThat(summary.at("/dataset/mapping/delimiter").asText()).isEqualTo(";");
            // Each answer: four candidates' titles and one invented title; the titles ground.
            List<String> rows = Files.readAllLines(dir.resolve("out/metrics-per-user.csv"));
            List<String> header = List.of(rows.get(0).split(","));
            long slots = 0;
            long hallucinated = 0;
            for (String row : rows.subList(1, rows.size())) {
                String[] f = row.split(",");
                slots += Long.parseLong(f[header.indexOf("slots")]);
                hallucinated += Long.parseLong(f[header.indexOf("hallucinated")]);
            }
            assertThat(slots).isEqualTo(30);
            assertThat(hallucinated).isEqualTo(6);

            var run = org.recprompt.report.RunFolder.open(dir.resolve("out"));
            var again = org.recprompt.report.RunDataset.loadAsRun(run, summary.at("/dataset/path").asText());
            assertThat(again.interactions().size()).isEqualTo(72);
            assertThat(again.duplicates().policy().id()).as("the recorded duplicates policy is read back too").isEqualTo("keep-first");
            int item = again.items().indexOf("101");
            assertThat(again.items().title(item)).isEqualTo("Book Alpha Bravo, Part 1");
            assertThat(again.items().attribute(org.recprompt.dataset.Items.AUTHORS, item)).isEqualTo("Author 1");
        }
    }

    @Test
    void an_unknown_duplicates_policy_or_order_names_its_line() throws Exception {
        Path data = ExperimentFixtures.dataset(dir, 5);
        Path exp = ExperimentFixtures.experiment(dir, data, ExperimentFixtures.template(dir, "ranking"), 5,
                "{ id: pop, type: most-popular }");
        String yaml = Files.readString(exp);
        Files.writeString(exp, yaml.replace(" }\nsplit:", ", duplicates: newest }\nsplit:"));

        assertThat(run("run", exp.toString(), "--out", dir.resolve("out").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("exp.yaml, line 2, dataset.duplicates", "keep-last, keep-first, max-rating, error");

        Files.writeString(exp, yaml.replace("split: { method: leave-last-out }", "split: { method: random-holdout, fraction: 0.2, order: file }"));
        assertThat(run("run", exp.toString(), "--out", dir.resolve("out").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("line 3, split.order", "leave-last-out");
    }

    @Test
    void llm_answers_come_from_the_workspace_cache_the_second_time_and_a_held_workspace_is_refused() throws Exception {
        try (var server = new ExperimentFixtures.FakeOpenAi(0)) {
            Path exp = ExperimentFixtures.experiment(dir, ExperimentFixtures.dataset(dir, 20),
                    ExperimentFixtures.template(dir, "ranking"), 20,
                    "{ id: llm, type: openai, baseUrl: \"" + server.baseUrl() + "\", model: test-model, concurrency: 4 }");

            assertThat(run("run", exp.toString(), "--out", dir.resolve("one").toString(), "--quiet")).as(err.toString()).isZero();
            assertThat(server.total.get()).isEqualTo(20);
            assertThat(run("run", exp.toString(), "--out", dir.resolve("two").toString(), "--quiet")).as(err.toString()).isZero();

            assertThat(server.total.get()).as("the second run sends nothing").isEqualTo(20);
            assertThat(Files.readString(dir.resolve("two/summary.json"))).contains("\"cache_hits\" : 20");
            assertThat(Files.readString(dir.resolve("two/recommendations.csv")))
                    .isEqualTo(Files.readString(dir.resolve("one/recommendations.csv")));

            try (WorkspaceLock held = WorkspaceLock.acquire(dir.resolve("ws"))) {
                assertThat(run("run", exp.toString(), "--out", dir.resolve("three").toString())).isEqualTo(1);
                assertThat(err.toString()).contains("in use").contains("--no-cache");
                assertThat(run("run", exp.toString(), "--out", dir.resolve("four").toString(), "--no-cache", "--quiet"))
                        .as(err.toString()).isZero();
                assertThat(server.total.get()).isEqualTo(40);
            }
        }
    }

    @Test
    void a_run_above_the_cost_threshold_needs_yes() throws Exception {
        try (var server = new ExperimentFixtures.FakeOpenAi(0)) {
            Path exp = ExperimentFixtures.experiment(dir, ExperimentFixtures.dataset(dir, 20),
                    ExperimentFixtures.template(dir, "ranking"), 20,
                    "{ id: llm, type: openai, baseUrl: \"" + server.baseUrl() + "\", model: pricey, price: { input: 900000, output: 0 } }");

            assertThat(run("run", exp.toString(), "--out", dir.resolve("out").toString(), "--no-cache")).isEqualTo(1);
            assertThat(err.toString()).contains("is above $1.00").contains("--yes");
            assertThat(server.total.get()).isZero();

            assertThat(run("run", exp.toString(), "--out", dir.resolve("out").toString(), "--no-cache", "--yes", "--quiet"))
                    .as(err.toString()).isZero();
            assertThat(server.total.get()).isEqualTo(20);
        }
    }
}
