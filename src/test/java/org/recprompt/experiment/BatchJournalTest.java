package org.recprompt.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batch journal, and the batch keys as the experiment file states them. */
class BatchJournalTest {

    @TempDir
    Path dir;

    @Test
    void aBatchIsOpenFromSubmittedToCollectedAndATornLineIsCutBeforeAppending() throws Exception {
        try (BatchJournal j = BatchJournal.open(dir)) {
            j.submitted("batch_1", "gpt", Map.of("call-0", "v\tu1\t0\t0", "call-1", "v\tu2\t0\t0"));
            j.submitted("batch_2", "gpt", Map.of("call-2", "v\tu3\t0\t0"));
            j.state("batch_1", "running", 1, 0);
            j.state("batch_1", "running", 1, 0); // unchanged: not written again
            j.collected("batch_1");
            j.cancelAsked("batch_2");
        }
        assertThat(Files.readAllLines(dir.resolve(BatchJournal.FILE))).hasSize(5);
        Files.writeString(dir.resolve(BatchJournal.FILE), "{\"event\":\"collec", StandardOpenOption.APPEND); // a kill mid-write
        try (BatchJournal j = BatchJournal.open(dir)) {
            assertThat(j.open("gpt")).extracting(BatchJournal.Batch::id).containsExactly("batch_2");
            assertThat(j.open("gpt").get(0).cancelAsked()).isTrue();
            assertThat(j.open("gpt").get(0).calls()).containsEntry("call-2", "v\tu3\t0\t0");
            assertThat(j.open("other")).isEmpty();
            j.collected("batch_2");
        }
        assertThat(Files.readAllLines(dir.resolve(BatchJournal.FILE), StandardCharsets.UTF_8)).hasSize(6)
                .allSatisfy(l -> assertThat(l).startsWith("{").endsWith("}"));
        assertThat(BatchJournal.list(dir)).allSatisfy(b -> assertThat(b.collected()).isTrue());
    }

    static final String BASE = """
            name: b
            dataset: data.csv
            split: { method: leave-last-out }
            templates: [ t.md ]
            backends:
            """;

    @Test
    void theBatchKeysAreReadWrittenBackAndCheckedOnTheirLine() {
        ExperimentSpec s = ExperimentYaml.read(BASE + "  - { id: g, type: openai, model: m, batch: true, batchDiscount: 0.4,"
                + " batchSize: 100 }\n", "exp.yaml");
        ExperimentSpec.BatchSpec b = s.backends().get(0).batch();
        assertThat(b.discount()).isEqualTo(0.4);
        assertThat(b.size()).isEqualTo(100);
        assertThat(b.poll()).isEqualTo(ExperimentSpec.BatchSpec.DEFAULT_POLL);
        ExperimentSpec again = ExperimentYaml.read(ExperimentYaml.write(s), "again.yaml");
        assertThat(again.backends().get(0).batch()).isEqualTo(b);
        assertThat(ExperimentYaml.read(BASE + "  - { id: g, type: openai, model: m }\n", "exp.yaml").backends().get(0).isBatch())
                .isFalse();
        assertThat(ExperimentYaml.read(BASE + "  - { id: g, type: openai, model: m, batch: false }\n", "exp.yaml").backends().get(0)
                .isBatch()).isFalse();
        assertThatThrownBy(() -> ExperimentYaml.read(BASE + "  - { id: g, type: openai, model: m, batch: true, batchDiscount: 1.5 }\n",
                "exp.yaml")).hasMessageContaining("exp.yaml").hasMessageContaining("batchDiscount");
        assertThatThrownBy(() -> ExperimentYaml.read(BASE + "  - { id: g, type: gemini, model: m, batch: true }\n", "exp.yaml"))
                .hasMessageContaining("batch applies to openai and anthropic");
        assertThatThrownBy(() -> ExperimentYaml.read(BASE + "  - { id: g, type: openai, model: m, batch: true, batchPoll: 5,"
                + " batchPollMax: 1 }\n", "exp.yaml")).hasMessageContaining("batchPollMax");
    }
}
