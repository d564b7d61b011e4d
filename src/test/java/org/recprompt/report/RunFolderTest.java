package org.recprompt.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Reading a run folder: what it holds, what it lacks, and what must never come out of it. */
class RunFolderTest {

    @TempDir
    Path dir;

    @Test
    void reads_variants_metrics_per_user_values_answers_templates_and_prompts() throws IOException {
        RunFolder run = RunFolder.open(RunFixture.write(dir));

        assertThat(run.variantIds()).containsExactly("base", "A", RunFixture.LLM);
        assertThat(run.metricNames()).containsExactly("ndcg@3", "hr@3", "arp", "gini", "hallucination_rate", "compliance_rate",
                "abstention_rate");
        RunFolder.Estimate ndcg = run.variant("A").metrics().get("ndcg@3");
        assertThat(ndcg.mean()).isEqualTo(0.7);
        assertThat(ndcg.low()).isEqualTo(0.6);
        assertThat(ndcg.n()).isEqualTo(6);
        assertThat(run.variant("A").metrics().get("gini").hasInterval()).isFalse();
        assertThat(run.perUser("A", "ndcg@3")).containsEntry("u1", 0.7).containsEntry("u6", 0.75).hasSize(6);
        assertThat(run.perUser("base", "no-such-metric")).isEmpty();
        assertThat(run.perUserColumns()).containsExactly("ndcg@3", "hr@3", "arp");
        assertThat(run.calls()).hasSize(18);
        assertThat(run.hasResponses()).isTrue();
        assertThat(run.calls().get(12).response()).isEqualTo(RunFixture.SCRIPT_ANSWER);
        assertThat(run.calls().get(0).candidates()).hasSize(5);
        assertThat(run.recordedHistoryLengths()).containsEntry("u1", 3).containsEntry("u6", 250);
        assertThat(run.chanceLevels()).containsEntry("hr@3", 0.6);
        assertThat(run.candidateCount()).isEqualTo(5);
        assertThat(run.maxK()).isEqualTo(3);
        assertThat(run.seeds()).containsEntry("bootstrap", 7L).containsEntry("backends.base", 3L);
        RunFolder.Template t = run.templates().get(0);
        assertThat(t.text()).isEqualTo(RunFixture.TEMPLATE);
        assertThat(t.note()).isNull();
        assertThat(run.promptExamples()).hasSize(1);
        assertThat(run.promptExamples().get(0).messages().get(0).getValue()).contains("<b>bold</b>");
    }

    @Test
    void a_file_order_leave_last_out_run_is_a_leave_last_out_run_made_in_the_files_row_order() throws IOException {
        Path folder = RunFixture.write(dir);
        RunFolder timeOrder = RunFolder.open(folder);
        assertThat(timeOrder.leaveLastOut()).isTrue();
        assertThat(timeOrder.fileOrder()).isFalse();

        Path summary = folder.resolve(RunFolder.SUMMARY);
        ObjectMapper json = new ObjectMapper();
        @SuppressWarnings("unchecked")
        Map<String, Object> m = json.readValue(summary.toFile(), Map.class);
        m.put("split", Map.of("method", "leave-last-out (order: file)", "order", "file", "test_interactions", 6));
        json.writeValue(summary.toFile(), m);
        RunFolder fileOrder = RunFolder.open(folder);
        assertThat(fileOrder.leaveLastOut()).as("its history, sparsity and re-ranking are made again").isTrue();
        assertThat(fileOrder.fileOrder()).isTrue();

        m.put("split", Map.of("method", "random-holdout(0.2, seed 7)", "test_interactions", 6));
        json.writeValue(summary.toFile(), m);
        assertThat(RunFolder.open(folder).leaveLastOut()).isFalse();
    }

    @Test
    void backend_settings_come_without_keys_passwords_or_key_like_values() throws IOException {
        RunFolder run = RunFolder.open(RunFixture.write(dir));

        Map<String, Object> llm = run.backends().get(2);
        assertThat(llm).containsEntry("apiKey", "(not shown)").containsEntry("apiKeyEnv", "TEST_KEY").containsEntry("model", "test-model");
        assertThat(String.valueOf(llm.get("baseUrl"))).isEqualTo("http://127.0.0.1:1/v1?key=(not shown)");
        assertThat(run.backends().toString()).doesNotContain(RunFixture.SECRET).doesNotContain("abc123").doesNotContain("pw@");
        assertThat(RunFolder.redact("Authorization: Bearer abc.def")).doesNotContain("abc.def");
    }

    @Test
    void a_missing_summary_or_per_user_file_is_an_error_naming_the_file() throws IOException {
        Path run = RunFixture.write(dir);
        Files.delete(run.resolve("metrics-per-user.csv"));
        assertThatThrownBy(() -> RunFolder.open(run)).isInstanceOf(ReportException.class)
                .hasMessageContaining("incomplete").hasMessageContaining(run.resolve("metrics-per-user.csv").toString());
        Files.delete(run.resolve("summary.json"));
        assertThatThrownBy(() -> RunFolder.open(run)).hasMessageContaining(run.resolve("summary.json").toString());
        assertThatThrownBy(() -> RunFolder.open(dir.resolve("nowhere"))).hasMessageContaining("No run folder at");
    }

    @Test
    void an_unfinished_run_or_a_broken_file_is_refused_with_its_name() throws IOException {
        Path run = RunFixture.write(dir);
        Files.writeString(run.resolve("run.json"), "{\"state\": \"running\"}");
        assertThatThrownBy(() -> RunFolder.open(run)).hasMessageContaining("not complete").hasMessageContaining("running");
        Files.writeString(run.resolve("run.json"), "{\"state\": \"complete\"}");
        Files.writeString(run.resolve("responses.jsonl"), "{\"variant\": \"base\"}\n{not json\n");
        assertThatThrownBy(() -> RunFolder.open(run)).hasMessageContaining("responses.jsonl line 2");
        Files.writeString(run.resolve("summary.json"), "{\"variants\": []}");
        assertThatThrownBy(() -> RunFolder.open(run)).hasMessageContaining("summary.json lists no variants");
    }

    @Test
    void tolerates_bare_numbers_missing_optional_files_and_a_changed_template() throws IOException {
        Path run = RunFixture.write(dir);
        Files.delete(run.resolve("responses.jsonl"));
        Files.delete(run.resolve("prompts.jsonl"));
        Files.delete(run.resolve("run.json"));
        Files.writeString(dir.resolve("rank-fixture.mustache"), RunFixture.TEMPLATE + "changed\n");
        ObjectMapper json = new ObjectMapper();
        @SuppressWarnings("unchecked")
        Map<String, Object> summary = json.readValue(run.resolve("summary.json").toFile(), Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> first = ((List<Map<String, Object>>) summary.get("variants")).get(0);
        first.put("metrics", Map.of("ndcg@3", 0.25, "extra_metric", Map.of("mean", 1.5, "ci_low", 1.0, "ci_high", 2.0)));
        json.writeValue(run.resolve("summary.json").toFile(), summary);
        Files.writeString(run.resolve("recommendations.csv"), "user,variant,rank,item_id,raw_text,outcome,method\n"
                + "u1,base,1,101,\"Heat, The\",VALID,exact\nu1,base,2,,Invented,HALLUCINATED,none\n", StandardCharsets.UTF_8);

        RunFolder folder = RunFolder.open(run);

        assertThat(folder.variant("base").metrics().get("ndcg@3").mean()).isEqualTo(0.25);
        assertThat(folder.variant("base").metrics().get("extra_metric").high()).isEqualTo(2.0);
        assertThat(folder.hasResponses()).isFalse();
        assertThat(folder.calls()).hasSize(1);
        assertThat(folder.calls().get(0).slots()).extracting(RunFolder.Slot::itemId).containsExactly("101", null);
        assertThat(folder.notes()).anyMatch(n -> n.contains("responses.jsonl"));
        assertThat(folder.templates().get(0).note()).contains("changed since the run");
        assertThat(folder.templates().get(0).text()).endsWith("changed\n");
    }
}
