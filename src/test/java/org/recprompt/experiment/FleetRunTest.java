package org.recprompt.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.backend.EgressLog;
import org.recprompt.backend.ResponseCache;
import org.recprompt.experiment.RunProgress.State;
import org.recprompt.workspace.WorkspaceDatabase;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A run over a fleet: every answer names the endpoint that gave it (responses.jsonl, the journal),
 * summary.json counts the calls per endpoint, the egress log names the server each request went to,
 * the cache serves a second run whichever endpoint answered and in whatever order the URLs are
 * written, and a dead endpoint costs no call.
 */
class FleetRunTest {

    static final int USERS = 24;

    @TempDir
    Path dir;

    @Test
    void answers_name_their_endpoint_the_summary_counts_them_and_the_cache_does_not_split_by_endpoint() throws Exception {
        Path data = ExperimentFixtures.dataset(dir, USERS);
        Path tpl = ExperimentFixtures.template(dir, "ranking");
        try (var a = new ExperimentFixtures.FakeOpenAi(5); var b = new ExperimentFixtures.FakeOpenAi(5);
             WorkspaceDatabase db = WorkspaceDatabase.open(dir.resolve("ws"))) {
            ResponseCache cache = new ResponseCache(db.jdbc(), Clock.systemUTC());
            EgressLog log = new EgressLog(db.jdbc());
            RunEnvironment env = RunEnvironment.offline().withEnv(v -> null).withCache(cache).withPrivacy(false, log, null);
            Path exp = ExperimentFixtures.experiment(dir, data, tpl, USERS, "{ id: llm, type: openai-compatible, model: m,"
                    + " concurrency: 2, baseUrls: [\"" + a.baseUrl() + "\", \"" + b.baseUrl() + "\"] }");
            Path out = dir.resolve("run-1");
            assertThat(ExperimentRun.start(setup(exp, env), out, false, null).await().state()).isEqualTo(State.COMPLETE);

            List<JsonNode> responses = ExperimentRunTest.lines(out.resolve("responses.jsonl"));
            assertThat(responses).hasSize(USERS).allSatisfy(r -> assertThat(r.path("endpoint").asText()).isIn(a.baseUrl(), b.baseUrl()));
            long byA = responses.stream().filter(r -> r.path("endpoint").asText().equals(a.baseUrl())).count();
            assertThat(byA).as("calls per endpoint match what each server answered").isEqualTo(a.total.get());
            assertThat(USERS - byA).isEqualTo(b.total.get());
            assertThat(RunJournal.read(out.resolve(RunJournal.FILE)).records()).hasSize(USERS)
                    .allSatisfy(r -> assertThat(r.endpoint()).isIn(a.baseUrl(), b.baseUrl()));

            JsonNode summary = ExperimentRunTest.JSON.readTree(out.resolve("summary.json").toFile());
            JsonNode backend = summary.path("backends").get(0);
            assertThat(backend.path("endpoints").path(a.baseUrl()).path("answered").asLong()).isEqualTo(byA);
            assertThat(backend.path("endpoints").path(b.baseUrl()).path("answered").asLong()).isEqualTo(USERS - byA);
            assertThat(backend.path("endpoints").path(a.baseUrl()).path("set_aside").asInt()).isZero();
            assertThat(backend.path("fleet_counts").asText()).isEqualTo(RunFleets.COUNTS_NOTE);

            Set<String> logged = log.list(null, false, 0).stream().map(e -> e.endpoint()).collect(Collectors.toSet());
            assertThat(logged).containsExactlyInAnyOrder(a.baseUrl() + "/chat/completions", b.baseUrl() + "/chat/completions");

            // the same fleet written the other way round: every answer from the cache, none sent, none split by endpoint
            int sent = a.total.get() + b.total.get();
            Path reversed = ExperimentFixtures.experiment(dir.resolve("run-1"), data, tpl, USERS, "{ id: llm, type: openai-compatible,"
                    + " model: m, concurrency: 2, baseUrls: [\"" + b.baseUrl() + "\", \"" + a.baseUrl() + "\"] }");
            Path again = dir.resolve("run-2");
            assertThat(ExperimentRun.start(setup(reversed, env), again, false, null).await().state()).isEqualTo(State.COMPLETE);
            assertThat(a.total.get() + b.total.get()).isEqualTo(sent);
            assertThat(ExperimentRunTest.lines(again.resolve("responses.jsonl"))).hasSize(USERS).allSatisfy(r -> {
                assertThat(r.path("cache_hit").asBoolean()).isTrue();
                assertThat(r.has("endpoint")).as("no server answered a cached call").isFalse();
            });
        }
    }

    @Test
    void a_dead_endpoint_is_set_aside_and_every_call_is_answered_by_the_live_one() throws Exception {
        Path data = ExperimentFixtures.dataset(dir, USERS);
        Path tpl = ExperimentFixtures.template(dir, "ranking");
        String dead = "http://127.0.0.1:" + ExperimentFixtures.closedPort() + "/v1";
        try (var live = new ExperimentFixtures.FakeOpenAi(0)) {
            Path exp = ExperimentFixtures.experiment(dir, data, tpl, USERS, "{ id: llm, type: openai-compatible, model: m,"
                    + " concurrency: 2, baseUrls: [\"" + dead + "\", \"" + live.baseUrl() + "\"] }");
            Path out = dir.resolve("run");
            RunEnvironment env = RunEnvironment.offline().withEnv(v -> null);
            assertThat(ExperimentRun.start(RunSetup.prepare(ExperimentFile.load(exp, dir), env), out, false, null).await().state())
                    .isEqualTo(State.COMPLETE);

            assertThat(ExperimentRunTest.lines(out.resolve("responses.jsonl"))).hasSize(USERS).allSatisfy(r -> {
                assertThat(r.path("status").asText()).isNotEqualTo("ERROR");
                assertThat(r.path("endpoint").asText()).isEqualTo(live.baseUrl());
            });
            JsonNode summary = ExperimentRunTest.JSON.readTree(out.resolve("summary.json").toFile());
            JsonNode endpoints = summary.path("backends").get(0).path("endpoints");
            assertThat(endpoints.path(dead).path("answered").asLong()).isZero();
            assertThat(endpoints.path(dead).path("set_aside").asInt()).isEqualTo(1);
            assertThat(endpoints.path(dead).path("faults").asLong()).isPositive();
            assertThat(endpoints.path(live.baseUrl()).path("answered").asLong()).isEqualTo(USERS);
            assertThat(ExperimentRunTest.variant(summary, "llm").path("errors").asLong()).isZero();

            // every report's provenance (HTML, PDF, Markdown, LaTeX) lists the calls per endpoint
            var report = org.recprompt.report.Report.of(org.recprompt.report.RunFolder.open(out),
                    org.recprompt.report.Report.Options.defaults(), false);
            assertThat(report.provenance()).filteredOn(e -> e.getKey().equals("Backend llm")).singleElement()
                    .satisfies(e -> assertThat(e.getValue()).contains("endpoints." + live.baseUrl() + ".answered " + USERS,
                            "endpoints." + dead + ".set_aside 1"));
            // the run tab and every report format show the fleet as a table, one row per server in the configured order
            var fleet = org.recprompt.report.StudyTables.of(org.recprompt.report.RunFolder.open(out)).stream()
                    .filter(t -> t.id().equals("fleet")).findFirst().orElseThrow();
            assertThat(fleet.rows()).hasSize(2);
            assertThat(fleet.rows().get(0)).startsWith("llm", dead, "0", "0", "1");
            assertThat(fleet.rows().get(1)).startsWith("llm", live.baseUrl(), String.valueOf(USERS), "0", "0");
        }
    }

    private RunSetup setup(Path exp, RunEnvironment env) {
        return RunSetup.prepare(ExperimentFile.load(exp, dir), env);
    }
}
