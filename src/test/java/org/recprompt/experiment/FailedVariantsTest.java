package org.recprompt.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.recprompt.report.Comparison;
import org.recprompt.report.RunFolder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A backend that fails is a visible outcome, never a result: a dead one (connection refused) is
 * failed with null metrics, never best, and the run exits 3; a partly failing one is partial with
 * its metrics and a warning marker; older run folders without the fields still say so.
 */
class FailedVariantsTest extends InProcessCli {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void a_dead_backend_beside_baselines_is_failed_never_best_and_the_run_exits_3() throws Exception {
        int port = ExperimentFixtures.closedPort();
        Path exp = ExperimentFixtures.experiment(dir, ExperimentFixtures.dataset(dir, 12), ExperimentFixtures.template(dir, "ranking"), 12,
                "{ id: random, type: random, seed: 3 }", "{ id: pop, type: most-popular }",
                "{ id: dead, type: openai, baseUrl: \"http://127.0.0.1:" + port + "/v1\", model: m, retries: 1, timeout: 5 }");
        Path out = dir.resolve("out");

        int code = run("run", exp.toString(), "--out", out.toString(), "--quiet", "--no-cache");

        assertThat(code).as(err.toString()).isEqualTo(3);
        String sentence = "Cannot connect to 127.0.0.1:" + port + " (connection refused): is the server running at http://127.0.0.1:"
                + port + "/v1/chat/completions?";
        assertThat(err.toString()).contains("run: variant dead failed: 12 of 12 calls failed (100.0%). First error: " + sentence);
        assertThat(err.toString()).as("one line per failed variant only").doesNotContain("variant random").doesNotContain("variant pop");
        assertThat(this.out.toString()).containsPattern("(?m)^dead\\s+failed\\s+12 -\\s").containsPattern("(?m)^pop\\s+ok\\s");

        JsonNode s = JSON.readTree(out.resolve("summary.json").toFile());
        assertThat(s.path("status").asText()).as("every LLM variant failed").isEqualTo("failed");
        JsonNode dead = variant(s, "dead");
        assertThat(dead.path("status").asText()).isEqualTo("failed");
        assertThat(dead.path("calls").asLong()).isEqualTo(12);
        assertThat(dead.path("errors").asLong()).isEqualTo(12);
        assertThat(dead.path("error_rate").asDouble()).isEqualTo(1.0);
        assertThat(dead.path("errors_by_kind").path("NETWORK").asLong()).isPositive();
        assertThat(dead.path("first_error").asText()).isEqualTo(sentence);
        assertThat(dead.path("answered_users").asInt()).isZero();
        dead.path("metrics").fields().forEachRemaining(e -> assertThat(e.getValue().path("mean").isNull())
                .as("the dead variant's %s is null, not a number", e.getKey()).isTrue());
        for (String id : new String[] {"random", "pop"}) {
            assertThat(variant(s, id).path("status").asText()).isEqualTo("ok");
            assertThat(variant(s, id).path("metrics").path("ndcg@5").path("mean").isNumber()).isTrue();
        }
        JsonNode best = s.path("best");
        assertThat(best.path("ndcg@5").asText()).isIn("random", "pop");
        assertThat(best.toString()).doesNotContain("\"dead\"");
        assertThat(best.path("gini").isTextual() || best.path("gini").isArray()).as("gini has a best among the baselines").isTrue();
        assertThat(Files.readString(out.resolve("metrics-per-user.csv"))).containsPattern("(?m)^dead,[^,]+,1,1,0,0,,");
        JsonNode protocol = JSON.readTree(out.resolve("protocol.json").toFile());
        for (JsonNode v : protocol.path("variants")) {
            boolean isDead = v.path("variant").asText().equals("dead");
            assertThat(v.path("failed").asBoolean()).isEqualTo(isDead);
            assertThat(v.path("metrics").path("ndcg@5").isNull()).as("the convention's table: %s", v.path("variant")).isEqualTo(isDead);
        }
        assertThat(Files.readString(out.resolve("protocol.csv"))).contains("dead,mean,metric,hr@5,\r\n", "dead,0,metric,hr@5,\r\n");

        // the report: the banner, a greyed column, the dead variant never the baseline
        RunFolder folder = RunFolder.open(out);
        assertThat(folder.status()).isEqualTo("failed");
        Comparison c = Comparison.of(folder, "dead", Comparison.Test.WILCOXON, 0.05);
        assertThat(c.baseline()).isEqualTo("random");
        assertThat(c.baselineNote()).contains("dead failed");
        assertThat(c.rows()).allSatisfy(r -> assertThat(r.cell("dead").best()).isFalse());
        assertThat(c.rows()).allSatisfy(r -> assertThat(r.cell("dead").test()).isNull());
        assertThat(run("report", out.toString(), "--format", "html", "--out", dir.resolve("r.html").toString())).as(err.toString()).isZero();
        String html = Files.readString(dir.resolve("r.html"));
        assertThat(html).contains("id=\"failures\"").contains("The run failed: every LLM variant failed")
                .contains("dead failed: 12 of 12 calls failed").contains("Cannot connect to 127.0.0.1:" + port)
                .contains("<th class=\"failed\">").contains("dead (failed)");
        assertThat(html.substring(html.indexOf("id=\"protocol\""))).contains("<th>dead (failed)</th>");
        assertThat(run("report", out.toString(), "--format", "md", "--out", dir.resolve("r.md").toString())).isZero();
        assertThat(Files.readString(dir.resolve("r.md"))).contains("> **Failed calls in this run**").contains("_failed_");
        assertThat(run("report", out.toString(), "--format", "json", "--out", dir.resolve("r.json").toString())).isZero();
        JsonNode report = JSON.readTree(dir.resolve("r.json").toFile());
        assertThat(report.path("variant_status").path("dead").path("status").asText()).isEqualTo("failed");
        assertThat(report.path("run_status").asText()).isEqualTo("failed");
        assertThat(run("report", out.toString(), "--format", "latex", "--out", dir.resolve("r.tex").toString())).isZero();
        assertThat(Files.readString(dir.resolve("r.tex"))).contains("\\textit{failed}").contains("dead failed");
        assertThat(run("report", out.toString(), "--format", "csv", "--out", dir.resolve("r.csv").toString())).isZero();
        assertThat(Files.readString(dir.resolve("r.csv"))).contains("status,dead,,failed,1").contains("failure,,,,");
    }

    @Test
    void a_run_folder_written_before_the_status_fields_still_says_which_variant_failed() throws Exception {
        int port = ExperimentFixtures.closedPort();
        Path exp = ExperimentFixtures.experiment(dir, ExperimentFixtures.dataset(dir, 8), ExperimentFixtures.template(dir, "ranking"), 8,
                "{ id: pop, type: most-popular }",
                "{ id: dead, type: openai, baseUrl: \"http://127.0.0.1:" + port + "/v1\", model: m, retries: 1, timeout: 5 }");
        Path out = dir.resolve("out");
        assertThat(run("run", exp.toString(), "--out", out.toString(), "--quiet", "--no-cache")).isEqualTo(3);
        // as an older version wrote it: no status fields, a failed variant's metrics as zeros
        ObjectNode s = (ObjectNode) JSON.readTree(out.resolve("summary.json").toFile());
        s.remove("status");
        s.remove("best");
        for (JsonNode v : s.path("variants")) {
            ObjectNode o = (ObjectNode) v;
            for (String f : new String[] {"status", "calls", "error_rate", "errors_by_kind", "first_error", "answered_users"}) {
                o.remove(f);
            }
            o.path("metrics").fields().forEachRemaining(e -> ((ObjectNode) e.getValue()).put("mean", 0.0));
        }
        Files.writeString(out.resolve("summary.json"), JSON.writeValueAsString(s));

        RunFolder folder = RunFolder.open(out);

        RunFolder.Variant dead = folder.variant("dead");
        assertThat(dead.health().status()).isEqualTo("failed");
        assertThat(dead.health().errorsByKind()).containsKey("NETWORK");
        assertThat(dead.health().firstError()).startsWith("Cannot connect to 127.0.0.1:" + port + " (connection refused)");
        assertThat(dead.metrics().get("ndcg@5").mean()).as("an older run's zeros are not shown as a score").isNaN();
        assertThat(folder.variant("pop").health().status()).isEqualTo("ok");
        assertThat(folder.status()).isEqualTo("failed");
        assertThat(org.recprompt.report.VariantStatus.ofRun(s)).isEqualTo("failed");
    }

    @Test
    void a_partly_failing_backend_is_partial_keeps_its_metrics_and_is_marked() throws Exception {
        try (var server = new ExperimentFixtures.FakeOpenAi(0)) {
            server.failIf = messages -> Math.floorMod(messages.hashCode(), 3) == 0;
            Path exp = ExperimentFixtures.experiment(dir, ExperimentFixtures.dataset(dir, 20), ExperimentFixtures.template(dir, "ranking"),
                    20, "{ id: pop, type: most-popular }",
                    "{ id: llm, type: openai, baseUrl: \"" + server.baseUrl() + "\", model: test-model, concurrency: 2 }");
            Path out = dir.resolve("out");

            int code = run("run", exp.toString(), "--out", out.toString(), "--quiet", "--no-cache");

            JsonNode s = JSON.readTree(out.resolve("summary.json").toFile());
            JsonNode llm = variant(s, "llm");
            long errors = llm.path("errors").asLong();
            assertThat(errors).as("some calls fail, not all").isBetween(1L, 19L);
            assertThat(code).as("above the default 5%%: exit 3; " + err).isEqualTo(3);
            assertThat(err.toString()).contains("run: variant llm is above the error limit: " + errors + " of 20 calls failed");
            assertThat(llm.path("status").asText()).isEqualTo("partial");
            assertThat(llm.path("errors_by_kind").path("BAD_REQUEST").asLong()).isEqualTo(errors);
            assertThat(llm.path("answered_users").asLong()).isEqualTo(20 - errors);
            assertThat(llm.path("first_error").asText()).startsWith("HTTP 400").doesNotContain("Exception");
            assertThat(llm.path("metrics").path("ndcg@5").path("mean").isNumber()).as("a partial variant keeps its metrics").isTrue();
            assertThat(s.path("status").asText()).isEqualTo("partial");
            assertThat(this.out.toString()).containsPattern("(?m)^llm\\s+partial!\\s+" + (20 - errors) + "/20 ");

            assertThat(run("run", exp.toString(), "--out", dir.resolve("again").toString(), "--quiet", "--no-cache",
                    "--max-error-rate", "0.9")).as("within the limit: " + err).isZero();

            assertThat(run("report", out.toString(), "--format", "md", "--out", dir.resolve("r.md").toString())).isZero();
            String md = Files.readString(dir.resolve("r.md"));
            assertThat(md).contains("llm partial: " + errors + " of 20 calls failed (bad request " + errors + "), answered "
                    + (20 - errors) + " of 20 users.").contains("| llm \u26a0 |");
        }
    }

    private static JsonNode variant(JsonNode summary, String id) {
        for (JsonNode v : summary.path("variants")) {
            if (v.path("id").asText().equals(id)) {
                return v;
            }
        }
        throw new AssertionError("no variant " + id);
    }
}
