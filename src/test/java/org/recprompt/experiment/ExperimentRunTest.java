package org.recprompt.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.base.ProgressMonitor;
import org.recprompt.experiment.RunProgress.State;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class ExperimentRunTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int USERS = 30;

    @TempDir
    Path dir;

    RunSetup setup(Path experiment) {
        return RunSetup.prepare(ExperimentFile.load(experiment, dir), RunEnvironment.offline().withEnv(v -> null));
    }

    static ExperimentRun.Result runToEnd(RunSetup setup, Path out, boolean resume, ProgressMonitor monitor) throws Exception {
        return ExperimentRun.start(setup, out, resume, monitor).await();
    }

    static List<JsonNode> lines(Path file) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    /** The parts of a response line that do not depend on timing: everything but latency. */
    static List<String> comparable(Path responses) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode n : lines(responses)) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) n).remove("latency_ms");
            out.add(n.toString());
        }
        return out;
    }

    static JsonNode variant(JsonNode summary, String id) {
        for (JsonNode v : summary.path("variants")) {
            if (v.path("id").asText().equals(id)) {
                return v;
            }
        }
        throw new AssertionError("no variant " + id + " in " + summary.path("variants"));
    }

    /** Cancels the run it monitors once it has seen {@code after} calls finish. */
    static final class CancelAfter implements ProgressMonitor {
        final long after;
        final AtomicLong done = new AtomicLong();

        CancelAfter(long after) {
            this.after = after;
        }

        @Override
        public void begin(long totalWork) {
        }

        @Override
        public void worked(long amount) {
            done.addAndGet(amount);
        }

        @Override
        public void message(String message) {
        }

        @Override
        public boolean isCancelled() {
            return done.get() >= after;
        }
    }

    @Test
    void an_unreachable_backend_ends_with_error_outcomes_counted_not_a_crashed_run() throws Exception {
        Path data = ExperimentFixtures.dataset(dir, USERS);
        Path tpl = ExperimentFixtures.template(dir, "ranking");
        int port = ExperimentFixtures.closedPort();
        Path exp = ExperimentFixtures.experiment(dir, data, tpl, USERS, "{ id: pop, type: most-popular }",
                "{ id: down, type: openai-compatible, baseUrl: \"http://127.0.0.1:" + port + "/v1\", model: m, retries: 2,"
                        + " pauseAfter: 3, timeout: 5 }");

        ExperimentRun.Result r = runToEnd(setup(exp), dir.resolve("out"), false, null);

        assertThat(r.state()).isEqualTo(State.COMPLETE);
        JsonNode summary = JSON.readTree(dir.resolve("out/summary.json").toFile());
        JsonNode down = variant(summary, "down");
        assertThat(down.path("n_users").asInt()).isEqualTo(USERS);
        assertThat(down.path("errors").asInt()).isEqualTo(USERS);
        assertThat(down.path("statuses").path("ERROR").asInt()).isEqualTo(USERS);
        assertThat(down.path("metrics").path("ndcg@5").path("mean").asDouble()).isZero();
        assertThat(down.path("metrics").path("compliance_rate").path("mean").asDouble()).isZero();
        assertThat(variant(summary, "pop").path("errors").asInt()).isZero();
        List<JsonNode> responses = lines(dir.resolve("out/responses.jsonl"));
        assertThat(responses.stream().filter(n -> n.path("variant").asText().equals("down")))
                .hasSize(USERS).allSatisfy(n -> {
                    assertThat(n.path("status").asText()).isEqualTo("ERROR");
                    assertThat(n.path("error").asText()).containsAnyOf("NETWORK", "PAUSED");
                });
    }

    @Test
    void a_run_cancelled_in_the_middle_and_resumed_repeats_no_call_loses_none_and_equals_an_uninterrupted_run()
            throws Exception {
        Path data = ExperimentFixtures.dataset(dir, USERS);
        Path tpl = ExperimentFixtures.template(dir, "ranking");
        try (var whole = new ExperimentFixtures.FakeOpenAi(0); var split = new ExperimentFixtures.FakeOpenAi(20)) {
            Path expWhole = ExperimentFixtures.experiment(Files.createDirectories(dir.resolve("a")), data, tpl, USERS,
                    "{ id: random, type: random }", "{ id: llm, type: openai, baseUrl: \"" + whole.baseUrl()
                            + "\", model: m, concurrency: 4 }");
            Path expSplit = ExperimentFixtures.experiment(Files.createDirectories(dir.resolve("b")), data, tpl, USERS,
                    "{ id: random, type: random }", "{ id: llm, type: openai, baseUrl: \"" + split.baseUrl()
                            + "\", model: m, concurrency: 4 }");
            ExperimentRun.Result uninterrupted = runToEnd(setup(expWhole), dir.resolve("whole"), false, null);
            assertThat(uninterrupted.state()).isEqualTo(State.COMPLETE);

            Path out = dir.resolve("split");
            ExperimentRun.Result first = runToEnd(setup(expSplit), out, false, new CancelAfter(USERS + 10));
            assertThat(first.state()).isEqualTo(State.CANCELLED);
            assertThat(Files.exists(out.resolve("summary.json"))).isFalse();
            long recorded = RunJournal.read(out.resolve(RunJournal.FILE)).records().size();
            assertThat(recorded).isBetween((long) USERS + 10, 2L * USERS - 1);
            int sentBefore = split.total.get();

            ExperimentRun again = ExperimentRun.start(setup(expSplit), out, true, null);
            assertThat(again.resumedCalls()).isEqualTo((int) recorded);
            ExperimentRun.Result resumed = again.await();

            assertThat(resumed.state()).isEqualTo(State.COMPLETE);
            assertThat(split.repeated()).as("requests sent twice").isZero();
            assertThat(split.requests).hasSize(USERS);
            assertThat(split.total.get() - sentBefore).isEqualTo(2 * USERS - (int) recorded);
            assertThat(comparable(out.resolve("responses.jsonl")))
                    .isEqualTo(comparable(dir.resolve("whole/responses.jsonl")));
            assertThat(Files.readString(out.resolve("recommendations.csv")))
                    .isEqualTo(Files.readString(dir.resolve("whole/recommendations.csv")));
            assertThat(Files.readString(out.resolve("metrics-per-user.csv")))
                    .isEqualTo(Files.readString(dir.resolve("whole/metrics-per-user.csv")));
            JsonNode a = JSON.readTree(dir.resolve("whole/summary.json").toFile());
            JsonNode b = JSON.readTree(out.resolve("summary.json").toFile());
            for (JsonNode v : a.path("variants")) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) v).remove("mean_latency_ms");
            }
            for (JsonNode v : b.path("variants")) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) v).remove("mean_latency_ms");
            }
            assertThat(b.path("variants")).isEqualTo(a.path("variants"));
            JsonNode llm = variant(b, "llm");
            assertThat(llm.path("metrics").path("hallucination_rate").path("mean").asDouble()).isCloseTo(0.2, within(1e-9));
            assertThat(llm.path("n_users").asInt()).isEqualTo(USERS);
        }
    }

    @Test
    void a_torn_last_journal_line_from_a_killed_process_is_cut_and_its_call_asked_again() throws Exception {
        Path data = ExperimentFixtures.dataset(dir, USERS);
        Path tpl = ExperimentFixtures.template(dir, "ranking");
        try (var server = new ExperimentFixtures.FakeOpenAi(0)) {
            Path exp = ExperimentFixtures.experiment(dir, data, tpl, USERS,
                    "{ id: llm, type: openai, baseUrl: \"" + server.baseUrl() + "\", model: m, concurrency: 2 }");
            Path out = dir.resolve("out");
            assertThat(runToEnd(setup(exp), out, false, new CancelAfter(10)).state()).isEqualTo(State.CANCELLED);
            Path journal = out.resolve(RunJournal.FILE);
            int whole = RunJournal.read(journal).records().size();
            // What a kill in the middle of a write leaves: half a line, no newline.
            Files.writeString(journal, "{\"variant\":\"llm\",\"user\":\"9", StandardOpenOption.APPEND);
            assertThat(RunJournal.read(journal).unreadable()).isEqualTo(1);

            ExperimentRun.Result r = runToEnd(setup(exp), out, true, null);

            assertThat(r.state()).isEqualTo(State.COMPLETE);
            assertThat(r.resumedCalls()).isEqualTo(whole);
            assertThat(r.unreadableJournalLines()).isEqualTo(1);
            RunJournal.Contents after = RunJournal.read(journal);
            assertThat(after.unreadable()).isZero();
            assertThat(after.records()).hasSize(USERS);
            assertThat(server.repeated()).isZero();
            assertThat(lines(out.resolve("responses.jsonl"))).hasSize(USERS);
        }
    }

    @Test
    void outputs_are_in_plan_order_whatever_order_the_answers_arrive_in() throws Exception {
        Path data = ExperimentFixtures.dataset(dir, USERS);
        Path tpl = ExperimentFixtures.template(dir, "ranking");
        Path tpl2 = ExperimentFixtures.template(dir, "ranking-two");
        try (var server = new ExperimentFixtures.FakeOpenAi(40)) {
            Path exp = ExperimentFixtures.experiment(dir, data, tpl, USERS, "{ id: pop, type: most-popular }",
                    "{ id: llm, type: openai, baseUrl: \"" + server.baseUrl() + "\", model: m, concurrency: 8 }");
            Files.writeString(exp, Files.readString(exp).replace(" ]\nbackends", ", " + tpl2.toAbsolutePath() + " ]\nrepeats: 2\nbackends"));
            RunSetup setup = setup(exp);

            ExperimentRun.Result r = runToEnd(setup, dir.resolve("out"), false, null);

            assertThat(r.state()).isEqualTo(State.COMPLETE);
            assertThat(setup.variants()).extracting(Variant::id).containsExactly("pop", "ranking/llm", "ranking-two/llm");
            List<String> expected = new ArrayList<>();
            for (Call c : setup.calls()) {
                expected.add(c.variant().id() + " " + c.userId() + " " + c.repeat());
            }
            List<String> written = lines(dir.resolve("out/responses.jsonl")).stream()
                    .map(n -> n.path("variant").asText() + " " + n.path("user").asText() + " " + n.path("repeat").asInt()).toList();
            assertThat(written).isEqualTo(expected);
            assertThat(expected).hasSize(USERS + 2 * 2 * USERS);
            List<String> journal = RunJournal.read(dir.resolve("out").resolve(RunJournal.FILE)).records().stream()
                    .map(x -> x.variant() + " " + x.user() + " " + x.repeat()).toList();
            assertThat(journal).containsExactlyInAnyOrderElementsOf(expected).isNotEqualTo(expected);
            // repeats are different requests (the sample index), each asked once
            assertThat(server.total.get()).isEqualTo(2 * 2 * USERS);
            List<String> recs = Files.readAllLines(dir.resolve("out/recommendations.csv"));
            assertThat(recs.get(0)).isEqualTo("user,variant,rank,item_id,raw_text,outcome,method,repeat");
            assertThat(recs).anyMatch(l -> l.contains(ExperimentFixtures.INVENTED) && l.contains("HALLUCINATED"));
        }
    }

    @Test
    void a_folder_holding_a_run_is_not_overwritten_and_a_changed_experiment_does_not_resume_it() throws Exception {
        Path data = ExperimentFixtures.dataset(dir, USERS);
        Path tpl = ExperimentFixtures.template(dir, "ranking");
        Path exp = ExperimentFixtures.experiment(dir, data, tpl, USERS, "{ id: pop, type: most-popular }");
        assertThat(runToEnd(setup(exp), dir.resolve("out"), false, null).state()).isEqualTo(State.COMPLETE);

        assertThatThrownBy(() -> ExperimentRun.start(setup(exp), dir.resolve("out"), false, null))
                .hasMessageContaining("already holds a run").hasMessageContaining("--resume");
        Files.writeString(exp, Files.readString(exp).replace("sample: " + USERS, "sample: 10"));
        assertThatThrownBy(() -> ExperimentRun.start(setup(exp), dir.resolve("out"), true, null))
                .hasMessageContaining("different experiment");
    }

    @Test
    void pause_holds_new_calls_until_resumed() throws Exception {
        Path data = ExperimentFixtures.dataset(dir, USERS);
        Path tpl = ExperimentFixtures.template(dir, "ranking");
        try (var server = new ExperimentFixtures.FakeOpenAi(30)) {
            Path exp = ExperimentFixtures.experiment(dir, data, tpl, USERS,
                    "{ id: llm, type: openai, baseUrl: \"" + server.baseUrl() + "\", model: m, concurrency: 2 }");
            ExperimentRun run = ExperimentRun.start(setup(exp), dir.resolve("out"), false, null);
            run.pause();
            Thread.sleep(300);
            long held = run.progress().done();
            Thread.sleep(400);

            assertThat(run.progress().done()).as("no call starts while paused (at most those in flight finish)").isEqualTo(held);
            assertThat(run.progress().state()).isEqualTo(State.PAUSED);
            assertThat(held).isLessThan(USERS);
            run.resume();
            ExperimentRun.Result r = run.await();
            assertThat(r.state()).isEqualTo(State.COMPLETE);
            RunProgress p = run.progress();
            assertThat(p.done()).isEqualTo(USERS);
            assertThat(p.variants()).singleElement().satisfies(v -> {
                assertThat(v.total()).isEqualTo(USERS);
                assertThat(v.errors()).isZero();
                assertThat(v.eta()).isEmpty();
            });
        }
    }

    @Test
    void random_lands_on_the_chance_level_on_ml_latest_small() throws Exception {
        Path shared = Path.of("..", "shared", "datasets", "ml-latest-small").toAbsolutePath().normalize();
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(shared.resolve("ratings.csv")),
                "skipped: ../shared/datasets/ml-latest-small is not here");
        Path exp = dir.resolve("exp.yaml");
        Files.writeString(exp, """
                name: chance
                dataset: { path: %s }
                users: { sample: 610, seed: 7 }
                candidates: { size: 20, negatives: random, seed: 7 }
                backends:
                  - { id: random, type: random, seed: 7 }
                  - { id: pop, type: most-popular }
                k: [5, 10]
                """.formatted(shared));
        ExperimentRun.Result r = runToEnd(setup(exp), dir.resolve("out"), false, null);

        JsonNode summary = JSON.readTree(dir.resolve("out/summary.json").toFile());
        JsonNode random = variant(summary, "random").path("metrics");
        assertThat(r.state()).isEqualTo(State.COMPLETE);
        assertThat(variant(summary, "random").path("n_users").asInt()).isEqualTo(610);
        // 610 users: the standard error of NDCG@10 is about 0.011, of HR@10 0.02
        assertThat(random.path("ndcg@10").path("mean").asDouble()).isCloseTo(0.2272, within(0.035));
        assertThat(random.path("hr@10").path("mean").asDouble()).isCloseTo(0.5, within(0.06));
        assertThat(random.path("ndcg@5").path("mean").asDouble()).isCloseTo(0.1474, within(0.035));
        JsonNode ci = random.path("ndcg@10").path("ci");
        assertThat(ci.get(0).asDouble()).isLessThan(random.path("ndcg@10").path("mean").asDouble());
        assertThat(ci.get(1).asDouble()).isGreaterThan(random.path("ndcg@10").path("mean").asDouble());
        assertThat(summary.path("candidates").path("chance_level").path("ndcg@10").asDouble()).isCloseTo(0.2272, within(1e-4));
        assertThat(variant(summary, "pop").path("metrics").path("ndcg@10").path("mean").asDouble())
                .isGreaterThan(random.path("ndcg@10").path("mean").asDouble());
    }

    @Test
    void summary_records_seeds_template_versions_and_backend_settings_without_secrets() throws Exception {
        Path data = ExperimentFixtures.dataset(dir, USERS);
        Path tpl = ExperimentFixtures.template(dir, "ranking");
        try (var server = new ExperimentFixtures.FakeOpenAi(0)) {
            Path exp = ExperimentFixtures.experiment(dir, data, tpl, USERS, "{ id: random, type: random, seed: 5 }",
                    "{ id: llm, type: openai, baseUrl: \"" + server.baseUrl() + "\", model: m, apiKeyEnv: SECRET_VAR_KEY }");
            RunSetup setup = RunSetup.prepare(ExperimentFile.load(exp, dir),
                    RunEnvironment.offline().withEnv(v -> v.equals("SECRET_VAR_KEY") ? "sk-very-secret" : null));

            runToEnd(setup, dir.resolve("out"), false, null);

            String text = Files.readString(dir.resolve("out/summary.json"));
            assertThat(text).doesNotContain("sk-very-secret");
            for (String f : List.of("responses.jsonl", "journal.jsonl", "run.json", "experiment.yaml", "prompts.jsonl")) {
                assertThat(Files.readString(dir.resolve("out").resolve(f))).as(f).doesNotContain("sk-very-secret");
            }
            JsonNode s = JSON.readTree(text);
            assertThat(s.path("seeds").path("users").asLong()).isEqualTo(3);
            assertThat(s.path("seeds").path("candidates").asLong()).isEqualTo(3);
            assertThat(s.path("seeds").path("backends").path("random").asLong()).isEqualTo(5);
            assertThat(s.path("templates").get(0).path("version").asText()).isEqualTo(setup.file().templates().get(0).version());
            assertThat(s.path("backends").get(1).path("apiKeyEnv").asText()).isEqualTo("SECRET_VAR_KEY");
            assertThat(s.path("app_version").asText()).isNotBlank();
            assertThat(s.path("dataset").path("users").asInt()).isEqualTo(USERS);
            List<String> metrics = new ArrayList<>();
            variant(s, "llm").path("metrics").fieldNames().forEachRemaining(metrics::add);
            assertThat(metrics).contains("ndcg@1", "hr@1", "ndcg@5", "hr@5", "mrr@5", "hallucination_rate",
                    "compliance_rate", "out_of_candidates_rate", "abstention_rate", "coverage");
            List<JsonNode> prompts = lines(dir.resolve("out/prompts.jsonl"));
            assertThat(prompts).hasSize(USERS);
            List<JsonNode> responses = lines(dir.resolve("out/responses.jsonl"));
            assertThat(responses.stream().filter(n -> n.path("variant").asText().equals("llm"))
                    .map(n -> n.path("prompt_hash").asText()))
                    .containsExactlyElementsOf(prompts.stream().map(p -> p.path("prompt_hash").asText()).toList());
        }
    }

    @Test
    void every_axis_multiplies_the_prompt_variants_and_rankers_vary_with_history_and_order() throws Exception {
        Path data = ExperimentFixtures.dataset(dir, 12);
        Path tpl = ExperimentFixtures.template(dir, "ranking");
        Path tpl2 = ExperimentFixtures.template(dir, "ranking-two");
        try (var server = new ExperimentFixtures.FakeOpenAi(0)) {
            Path exp = dir.resolve("axes.yaml");
            Files.writeString(exp, """
                    name: axes
                    dataset: { path: %s }
                    users: { sample: 10, seed: 3 }
                    candidates: { size: 10, negatives: retrieved, retriever: item-knn, seed: 3 }
                    templates: [ %s, %s ]
                    fewShot: [ 0, { count: 2, strategy: similar-genres } ]
                    history: [ 0, 3 ]
                    orders: { permutations: 2, seed: 4 }
                    backends:
                      - { id: knn, type: item-knn, neighbours: 10 }
                      - { id: ease, type: ease, lambda: 10, maxItems: 50 }
                      - { id: llm, type: openai, baseUrl: "%s", model: m, concurrency: 4 }
                    k: [3]
                    """.formatted(data, tpl, tpl2, server.baseUrl()));
            RunSetup setup = setup(exp);

            ExperimentRun.Result r = runToEnd(setup, dir.resolve("out"), false, null);

            assertThat(r.state()).isEqualTo(State.COMPLETE);
            List<String> ids = setup.variants().stream().map(Variant::id).toList();
            assertThat(ids).hasSize(4 + 4 + 2 * 2 * 2 * 2)
                    .startsWith("h0/o0/knn", "h0/o1/knn", "h3/o0/knn", "h3/o1/knn", "h0/o0/ease")
                    .contains("ranking/fs0/h0/o0/llm", "ranking-two/fs2-similar-genres/h3/o1/llm");
            assertThat(server.total.get()).isEqualTo(16 * 10);
            Variant fewShot = setup.variants().stream().filter(v -> v.id().equals("ranking/fs2-similar-genres/h3/o1/llm"))
                    .findFirst().orElseThrow();
            Variant plain = setup.variants().stream().filter(v -> v.id().equals("ranking/fs0/h0/o0/llm")).findFirst().orElseThrow();
            int user = setup.users()[0];
            String withExamples = setup.render(fewShot, user).messages().get(1).text();
            String without = setup.render(plain, user).messages().get(1).text();
            assertThat(withExamples.lines().filter(l -> l.matches("\\d+\\. .*")).count())
                    .as("three history lines shown").isEqualTo(3);
            assertThat(withExamples.lines().filter(l -> l.startsWith("Example: ")).count()).isEqualTo(2);
            assertThat(without).doesNotContain("Example: ");
            assertThat(without.lines().filter(l -> l.matches("\\d+\\. .*")).count()).as("h0: no history").isZero();
            // order 1 shows the same candidates in another order
            assertThat(setup.candidates(fewShot, user).items()).containsExactlyInAnyOrder(setup.candidates(plain, user).items())
                    .isNotEqualTo(setup.candidates(plain, user).items());
            JsonNode summary = JSON.readTree(dir.resolve("out/summary.json").toFile());
            assertThat(summary.path("variants")).hasSize(ids.size());
            assertThat(variant(summary, "h3/o0/ease").path("n_users").asInt()).isEqualTo(10);
            assertThat(variant(summary, "h0/o1/knn").path("metrics").has("ndcg@3")).isTrue();
            assertThat(variant(summary, "h0/o1/knn").path("history").asInt()).isZero();
            assertThat(variant(summary, "ranking/fs0/h3/o0/llm").path("history").asInt()).isEqualTo(3);
        }
    }

    @Test
    void explanations_are_checked_against_each_users_history_and_paraphrase_sets_are_recorded() throws Exception {
        Path data = ExperimentFixtures.dataset(dir, 8);
        Path ranking = ExperimentFixtures.template(dir, "ranking");
        Path reworded = ExperimentFixtures.template(dir, "ranking-reworded");
        Files.writeString(reworded, Files.readString(reworded).replace("name: ranking-reworded\n",
                "name: ranking-reworded\nparaphrase-of: ranking\n").replace("Rank the", "Order the"));
        Path explain = dir.resolve("explain.mustache");
        Files.writeString(explain, "---\nname: explain\noutput: text\nexplanation: true\n---\n[user]\n"
                + "I watched {{history_titles}}. Explain why {{item.title}} suits me.\n");
        // the histories, from a run setup without prompts
        RunSetup probe = setup(ExperimentFixtures.experiment(dir, data, ranking, 8, "{ id: pop, type: most-popular }"));
        var items = probe.dataset().items();
        StringBuilder replay = new StringBuilder();
        for (int u : probe.users()) {
            int[] history = probe.split().history(u);
            int held = probe.split().heldOut(u)[0];
            java.util.Set<Integer> seen = new java.util.HashSet<>();
            for (int h : history) {
                seen.add(h);
            }
            int invented = java.util.stream.IntStream.range(0, items.size()).filter(i -> !seen.contains(i) && i != held).findFirst()
                    .orElseThrow();
            String answer = "Because you loved \"" + items.title(history[0]) + "\", " + items.title(held) + " fits. It is as good as "
                    + items.title(invented) + ".";
            replay.append(JSON.writeValueAsString(java.util.Map.of("user", probe.dataset().users().id(u), "response", answer)))
                    .append('\n');
        }
        Path answers = dir.resolve("answers.jsonl");
        Files.writeString(answers, replay.toString());
        Path exp = dir.resolve("explain.yaml");
        Files.writeString(exp, """
                name: explain
                dataset: { path: %s }
                users: { sample: 8, seed: 3 }
                candidates: { size: 10, negatives: random, seed: 3 }
                templates: [ %s, %s, %s ]
                backends:
                  - { id: rec, type: replay, file: %s }
                k: [5]
                """.formatted(data, explain, ranking, reworded, answers));

        ExperimentRun.Result r = runToEnd(setup(exp), dir.resolve("out"), false, null);

        assertThat(r.state()).isEqualTo(State.COMPLETE);
        JsonNode summary = JSON.readTree(dir.resolve("out/summary.json").toFile());
        assertThat(summary.path("paraphrase_sets")).hasSize(1);
        assertThat(summary.path("paraphrase_sets").get(0).path("family").asText()).isEqualTo("ranking");
        assertThat(summary.path("paraphrase_sets").get(0).path("templates").toString()).isEqualTo("[\"ranking\",\"ranking-reworded\"]");
        JsonNode explained = variant(summary, "explain/rec");
        assertThat(explained.path("explanation").asBoolean()).isTrue();
        // every answer cites one watched title, one invented one, and the held-out item it explains: 1 of 2 claims invented
        assertThat(explained.path("metrics").path("explanation_invented_rate").path("mean").asDouble()).isCloseTo(0.5, within(1e-9));
        assertThat(explained.path("metrics").path("explanation_cited").path("mean").asDouble()).isCloseTo(1.0, within(1e-9));
        // "Because you loved" + 5 + 5 words + "fits", "It is as good as" + 5 words: two distinct sentences
        assertThat(explained.path("metrics").path("explanation_length").path("mean").asDouble()).isCloseTo(24, within(1e-9));
        assertThat(explained.path("metrics").path("unique_sentence_ratio").path("mean").asDouble()).isCloseTo(1.0, within(1e-9));
        assertThat(explained.path("metrics").path("explanation_cited").path("n").asInt()).isEqualTo(8);
        JsonNode plain = variant(summary, "ranking/rec");
        assertThat(plain.has("explanation")).isFalse();
        assertThat(plain.path("metrics").has("explanation_invented_rate")).isFalse();
        List<JsonNode> lines = lines(dir.resolve("out/responses.jsonl"));
        JsonNode first = lines.stream().filter(n -> n.path("variant").asText().equals("explain/rec")).findFirst().orElseThrow();
        List<String> kinds = new ArrayList<>();
        first.path("explanation").path("cited").forEach(c -> kinds.add(c.path("kind").asText()));
        assertThat(kinds).containsExactly("HISTORY", "RECOMMENDED", "INVENTED");
        assertThat(lines.stream().filter(n -> !n.path("variant").asText().equals("explain/rec"))).allMatch(n -> !n.has("explanation"));
        List<String> csv = Files.readAllLines(dir.resolve("out/metrics-per-user.csv"));
        assertThat(csv.get(0)).endsWith(",explanation_cited,explanation_invented_rate,explanation_length,unique_sentence_ratio");
        assertThat(csv.stream().filter(l -> l.startsWith("ranking/rec,"))).allMatch(l -> l.endsWith(",,,,"));
    }

    @Test
    void a_template_that_cannot_be_rendered_stops_the_run_before_any_call() throws Exception {
        Path data = ExperimentFixtures.dataset(dir, 5);
        Path tpl = ExperimentFixtures.template(dir, "ranking");
        Files.writeString(tpl, Files.readString(tpl).replace("{{title}}\n{{/candidates}}", "{{title}} {{nonsense}}\n{{/candidates}}"));
        Path exp = ExperimentFixtures.experiment(dir, data, tpl, 5, "{ id: llm, type: ollama, model: m, baseUrl: \"http://127.0.0.1:9/\" }");

        assertThatThrownBy(() -> setup(exp)).isInstanceOf(ExperimentException.class)
                .hasMessageContaining("line 6, templates[1]: cannot be rendered").hasMessageContaining("nonsense");
    }

    @Test
    void few_shot_settings_need_a_template_that_shows_examples() throws Exception {
        Path data = ExperimentFixtures.dataset(dir, 5);
        Path tpl = ExperimentFixtures.template(dir, "ranking");
        Files.writeString(tpl, Files.readString(tpl).replaceAll("(?s)\\{\\{#examples}}.*?\\{\\{/examples}}\\n", ""));
        Path exp = ExperimentFixtures.experiment(dir, data, tpl, 5, "{ id: llm, type: ollama, model: m, baseUrl: \"http://127.0.0.1:9/\" }");
        Files.writeString(exp, Files.readString(exp) + "fewShot: [0, 3]\n");

        assertThatThrownBy(() -> ExperimentFile.load(exp, dir)).isInstanceOf(ExperimentException.class)
                .hasMessageContaining("line 10, fewShot").hasMessageContaining("{{#examples}}");
    }
}
