package org.recprompt.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.experiment.RunProgress.State;
import org.recprompt.report.Report;
import org.recprompt.report.ReportFormat;
import org.recprompt.report.RunFolder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A replay backend's recorded {@code relevant} and {@code candidates}: the run grounds and scores
 * each answer against them, not the split's; the run's table under its evaluation convention is
 * written per repeat with the mean, and every report states the convention.
 */
class RecordedAnswersRunTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int USERS = 6;

    @TempDir
    Path dir;

    RunSetup setup(Path experiment) {
        return RunSetup.prepare(ExperimentFile.load(experiment, dir), RunEnvironment.offline().withEnv(v -> null));
    }

    /** Per user: an item neither watched nor held out (the paper's "relevant" item), and the held-out item. */
    /** The dataset, template, each sampled user's truth and the catalog every test here starts from. */
    record Recorded(Path data, Path template, List<Truth> truths, org.recprompt.dataset.Items items) {
    }

    Recorded recorded() throws Exception {
        Path data = ExperimentFixtures.dataset(dir, 8);
        Path template = ExperimentFixtures.template(dir, "ranking");
        List<Truth> truths = truths(data, template);
        var items = setup(ExperimentFixtures.experiment(dir, data, template, USERS, "{ id: pop, type: most-popular }"))
                .dataset().items();
        return new Recorded(data, template, truths, items);
    }

    record Truth(String user, int other, int held) {
    }

    List<Truth> truths(Path data, Path template) throws Exception {
        RunSetup probe = setup(ExperimentFixtures.experiment(dir, data, template, USERS, "{ id: pop, type: most-popular }"));
        List<Truth> out = new ArrayList<>();
        for (int u : probe.users()) {
            java.util.Set<Integer> seen = new java.util.HashSet<>();
            for (int h : probe.split().history(u)) {
                seen.add(h);
            }
            int held = probe.split().heldOut(u)[0];
            int other = java.util.stream.IntStream.range(0, probe.dataset().items().size())
                    .filter(i -> !seen.contains(i) && i != held).findFirst().orElseThrow();
            out.add(new Truth(probe.dataset().users().id(u), other, held));
        }
        return out;
    }

    Path experiment(Path data, Path template, Path answers, String extra) throws Exception {
        return experiment(data, template, answers, extra, "");
    }

    Path experiment(Path data, Path template, Path answers, String extra, String backend) throws Exception {
        Path exp = dir.resolve("recorded.yaml");
        Files.writeString(exp, """
                name: recorded
                dataset: { path: %s }
                users: { sample: %d, seed: 3 }
                candidates: { size: 10, negatives: random, seed: 3 }
                templates: [ %s ]
                backends:
                  - { id: paper, type: replay, file: %s }
                %s
                k: [5]
                %s
                """.formatted(data.toAbsolutePath(), USERS, template.toAbsolutePath(), answers.toAbsolutePath(), backend, extra));
        return exp;
    }

    @Test
    void answers_are_grounded_and_scored_against_the_recorded_relevant_items_and_candidates() throws Exception {
        Recorded fixture = recorded();
        Path data = fixture.data();
        Path template = fixture.template();
        List<Truth> truths = fixture.truths();
        var items = fixture.items();
        StringBuilder replay = new StringBuilder();
        for (Truth t : truths) {
            // the answer names the recorded relevant item only: a hit against it, a miss against the split's
            replay.append(JSON.writeValueAsString(Map.of("user", t.user(), "response", "1. " + items.title(t.other()),
                    "relevant", List.of(items.id(t.other())), "candidates", List.of(items.id(t.other()), items.id(t.held())))))
                    .append('\n');
        }
        Path answers = dir.resolve("answers.jsonl");
        Files.writeString(answers, replay.toString());

        ExperimentRun.Result r = ExperimentRun.start(setup(experiment(data, template, answers, "")), dir.resolve("out"), false, null)
                .await();

        assertThat(r.state()).isEqualTo(State.COMPLETE);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("out/responses.jsonl"))) {
            lines.add(JSON.readTree(line));
        }
        assertThat(lines).hasSize(USERS);
        for (JsonNode n : lines) {
            Truth t = truths.stream().filter(x -> x.user().equals(n.path("user").asText())).findFirst().orElseThrow();
            assertThat(n.path("relevant").toString()).isEqualTo("[\"" + items.id(t.other()) + "\"]");
            assertThat(n.path("candidates").toString()).isEqualTo("[\"" + items.id(t.other()) + "\",\"" + items.id(t.held()) + "\"]");
            assertThat(n.path("slots").get(0).path("outcome").asText()).isEqualTo("HIT");
        }
        JsonNode summary = JSON.readTree(dir.resolve("out/summary.json").toFile());
        JsonNode metrics = summary.path("variants").get(0).path("metrics");
        assertThat(metrics.path("hr@5").path("mean").asDouble()).isCloseTo(1.0, within(1e-9));
        assertThat(summary.path("variants").get(0).path("grounding").path("out_of_candidates_rate").path("mean").asDouble())
                .isCloseTo(0.0, within(1e-9));
        assertThat(summary.path("candidates").has("chance_level")).as("not the chance level of the answers' own sets").isFalse();
        assertThat(summary.path("candidates").path("chance_level_note").asText()).contains(USERS + " replayed answers recorded");

        JsonNode protocol = JSON.readTree(dir.resolve("out/protocol.json").toFile());
        assertThat(protocol.path("protocol").asText()).isEqualTo("recprompt");
        assertThat(protocol.path("relevance").asText()).isEqualTo("all test interactions");
        JsonNode v = protocol.path("variants").get(0);
        assertThat(v.path("relevant_from_answer_file").asLong()).isEqualTo(USERS);
        assertThat(v.path("candidates_from_answer_file").asLong()).isEqualTo(USERS);
        assertThat(v.path("metrics").path("hr@5").asDouble()).isCloseTo(1.0, within(1e-9));
        assertThat(v.path("metrics").path("mrr@5").asDouble()).isCloseTo(1.0, within(1e-9));
        assertThat(v.path("per_repeat").get(0).path("counts").path("n_users").asLong()).isEqualTo(USERS);
        assertThat(Files.readAllLines(dir.resolve("out/protocol.csv"))).contains("paper,mean,metric,hr@5,1.0",
                "paper,0,count,n_users," + USERS);

        Report report = Report.of(RunFolder.open(dir.resolve("out")), Report.Options.defaults(), false);
        Path html = dir.resolve("report.html");
        ReportFormat.HTML.write(report, html);
        assertThat(Files.readString(html)).contains("id=\"protocol\"", "Evaluation convention: recprompt",
                "Convention: recprompt (this project&#39;s convention", "Relevant: all test interactions",
                "averaged over the 1 repeat", "Relevant items from the answer file for " + USERS + " answers");
        Path tex = dir.resolve("report.tex");
        ReportFormat.LATEX.write(report, tex);
        assertThat(Files.readString(tex)).contains("Evaluation convention: recprompt", "hr@5");
        Path csv = dir.resolve("report.csv");
        ReportFormat.CSV.write(report, csv);
        assertThat(Files.readAllLines(csv)).anyMatch(l -> l.startsWith("protocol,paper,,hr@5,1.0"));
    }

    @Test
    void each_repeat_is_one_recommendation_file_and_the_table_is_their_mean() throws Exception {
        Recorded fixture = recorded();
        Path data = fixture.data();
        Path template = fixture.template();
        List<Truth> truths = fixture.truths();
        var items = fixture.items();
        StringBuilder replay = new StringBuilder();
        for (Truth t : truths) {
            // sample 0 names the held-out item (a hit), sample 1 an item that is not (a miss)
            replay.append(JSON.writeValueAsString(Map.of("user", t.user(), "sample", 0, "response", "1. " + items.title(t.held()))))
                    .append('\n');
            replay.append(JSON.writeValueAsString(Map.of("user", t.user(), "sample", 1, "response", "1. " + items.title(t.other()))))
                    .append('\n');
        }
        Path answers = dir.resolve("answers.jsonl");
        Files.writeString(answers, replay.toString());

        ExperimentRun.Result r = ExperimentRun.start(setup(experiment(data, template, answers, "repeats: 2\nrelevance: { threshold: 1 }",
                "  - { id: pop, type: most-popular }")), dir.resolve("out"), false, null).await();

        assertThat(r.state()).isEqualTo(State.COMPLETE);
        JsonNode protocol = JSON.readTree(dir.resolve("out/protocol.json").toFile());
        assertThat(protocol.path("relevance").asText()).isEqualTo("rating >= 1.0");
        assertThat(protocol.path("repeats").asInt()).isEqualTo(2);
        JsonNode v = protocol.path("variants").get(0);
        assertThat(v.path("relevant_from_answer_file").asLong()).isZero();
        assertThat(v.path("per_repeat").get(0).path("metrics").path("hr@5").asDouble()).isCloseTo(1.0, within(1e-9));
        assertThat(v.path("per_repeat").get(1).path("metrics").path("hr@5").asDouble()).isCloseTo(0.0, within(1e-9));
        assertThat(v.path("metrics").path("hr@5").asDouble()).isCloseTo(0.5, within(1e-9));
        assertThat(v.path("repeats").asInt()).isEqualTo(2);
        JsonNode ranker = protocol.path("variants").get(1);
        assertThat(ranker.path("variant").asText()).isEqualTo("pop");
        assertThat(ranker.path("repeats").asInt()).as("a ranker answers once").isEqualTo(1);
        assertThat(ranker.path("per_repeat").get(0).path("counts").path("n_users").asLong()).isEqualTo(USERS);
        assertThat(protocol.path("averaging").asText()).endsWith("averaged over each variant's repeats (1 or 2; a ranker answers once)");
        Report report = Report.of(RunFolder.open(dir.resolve("out")), Report.Options.defaults(), false);
        Path html = dir.resolve("report.html");
        ReportFormat.HTML.write(report, html);
        assertThat(Files.readString(html)).contains("Relevant: rating &gt;= 1.0", "averaged over each variant&#39;s repeats")
                .doesNotContain("from the answer file");
    }

    /**
     * A repeat where a metric is undefined is left out of its mean: protocol.json and protocol.csv
     * say how many repeats the mean covers, and the reports show it beside the value.
     */
    @Test
    void a_mean_over_fewer_repeats_than_the_variant_has_says_how_many() throws Exception {
        Recorded fixture = recorded();
        Path data = fixture.data();
        Path template = fixture.template();
        List<Truth> truths = fixture.truths();
        var items = fixture.items();
        StringBuilder replay = new StringBuilder();
        for (Truth t : truths) {
            for (int sample = 0; sample < 3; sample++) {
                Map<String, Object> line = new java.util.LinkedHashMap<>(Map.of("user", t.user(), "sample", sample,
                        "response", "1. " + items.title(t.held())));
                if (sample == 1) { // an item the split does not rate for the user: not relevant under a threshold
                    line.put("relevant", List.of(items.id(t.other())));
                }
                replay.append(JSON.writeValueAsString(line)).append('\n');
            }
        }
        Path answers = dir.resolve("answers.jsonl");
        Files.writeString(answers, replay.toString());

        ExperimentRun.Result r = ExperimentRun.start(setup(experiment(data, template, answers, "repeats: 3\nrelevance: { threshold: 1 }")),
                dir.resolve("out"), false, null).await();

        assertThat(r.state()).isEqualTo(State.COMPLETE);
        JsonNode v = JSON.readTree(dir.resolve("out/protocol.json").toFile()).path("variants").get(0);
        assertThat(v.path("per_repeat").get(1).path("metrics").path("hr@5").isNull()).as("no relevant item in repeat 1").isTrue();
        assertThat(v.path("metrics").path("hr@5").asDouble()).isCloseTo(1.0, within(1e-9));
        assertThat(v.path("repeats").asInt()).isEqualTo(3);
        assertThat(v.path("repeats_defined").path("hr@5").asInt()).isEqualTo(2);
        assertThat(Files.readAllLines(dir.resolve("out/protocol.csv"))).contains("paper,mean,metric,hr@5,1.0",
                "paper,mean,repeats_defined,hr@5,2");

        Report report = Report.of(RunFolder.open(dir.resolve("out")), Report.Options.defaults(), false);
        Path md = dir.resolve("report.md");
        ReportFormat.MD.write(report, md);
        assertThat(Files.readString(md)).contains("| hr@5 | 1.0000 (2 of 3 repeats) |",
                "A value marked \"(n of m repeats)\" is the mean over the n repeats where that metric is defined");
        Path html = dir.resolve("report.html");
        ReportFormat.HTML.write(report, html);
        assertThat(Files.readString(html)).contains("<td>1.0000 (2 of 3 repeats)</td>");
        Path csv = dir.resolve("report.csv");
        ReportFormat.CSV.write(report, csv);
        assertThat(Files.readAllLines(csv)).anyMatch(l -> l.startsWith("protocol,paper,,hr@5,1.0") && l.endsWith("2 of 3 repeats"));
    }

    @Test
    void an_unknown_recorded_item_stops_the_run_naming_the_file_line_and_field() throws Exception {
        Path data = ExperimentFixtures.dataset(dir, 8);
        Path template = ExperimentFixtures.template(dir, "ranking");
        Path answers = dir.resolve("answers.jsonl");
        Files.writeString(answers, "{\"user\": \"1\", \"response\": \"1. x\"}\n"
                + "{\"user\": \"2\", \"response\": \"1. x\", \"relevant\": [\"no-such-item\"]}\n");

        assertThatThrownBy(() -> setup(experiment(data, template, answers, ""))).hasMessageContaining("answers.jsonl line 2")
                .hasMessageContaining("\"relevant\"").hasMessageContaining("no item no-such-item");
    }
}
