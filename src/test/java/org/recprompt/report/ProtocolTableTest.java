package org.recprompt.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** protocol.json as the reports read it: the convention line, counts that differ by repeat, a failed variant, an older folder. */
class ProtocolTableTest {

    @TempDir
    Path dir;

    @Test
    void the_table_states_the_convention_and_shows_counts_that_differ_between_repeats_as_a_range() throws Exception {
        Files.writeString(dir.resolve(ProtocolTable.FILE), """
                {"protocol": "recprompt", "describe": "recprompt (this project's convention)", "relevance": "rating >= 4.0",
                 "repeats": 2, "averaging": "each repeat is one recommendation file: averaged over the 2 repeats",
                 "variants": [
                  {"variant": "llm", "failed": false, "relevant_from_answer_file": 3, "candidates_from_answer_file": 0,
                   "metrics": {"hr@10": 0.25, "ndcg@10": null},
                   "per_repeat": [{"repeat": 0, "counts": {"n_users": 4}}, {"repeat": 1, "counts": {"n_users": 2}}]},
                  {"variant": "dead", "failed": true, "relevant_from_answer_file": 0,
                   "metrics": {"hr@10": null, "ndcg@10": null},
                   "per_repeat": [{"repeat": 0, "counts": {"n_users": 0}}]}]}
                """);

        ProtocolTable p = ProtocolTable.read(dir);

        assertThat(p.convention()).isEqualTo("Convention: recprompt (this project's convention). Relevant: rating >= 4.0."
                + " Values: each repeat is one recommendation file: averaged over the 2 repeats. Relevant items from the answer"
                + " file for 3 answers (llm: 3); the other answers against the split's held-out items.");
        StudyTables.Table t = p.table();
        assertThat(t.title()).isEqualTo("Evaluation convention: recprompt");
        assertThat(t.header()).containsExactly("metric", "llm", "dead (failed)");
        assertThat(t.rows()).containsExactly(List.of("hr@10", "0.2500", "-"), List.of("ndcg@10", "undefined", "-"),
                List.of("count: n_users", "2-4", "0"));
    }

    @Test
    void a_mean_over_fewer_repeats_than_the_variant_has_says_how_many_and_one_over_none_is_undefined() throws Exception {
        Files.writeString(dir.resolve(ProtocolTable.FILE), """
                {"protocol": "elliot", "describe": "elliot", "relevance": "rating >= 4.0", "repeats": 3, "averaging": "averaged",
                 "variants": [
                  {"variant": "llm", "failed": false, "repeats": 3,
                   "metrics": {"hr@10": 0.41234, "map@10": 0.5, "mrr@10": null},
                   "repeats_defined": {"hr@10": 2, "map@10": 3, "mrr@10": 0},
                   "per_repeat": [{"repeat": 0}, {"repeat": 1}, {"repeat": 2}]},
                  {"variant": "pop", "failed": false, "repeats": 1,
                   "metrics": {"hr@10": 0.25, "map@10": 0.125, "mrr@10": 0.5},
                   "repeats_defined": {"hr@10": 1, "map@10": 1, "mrr@10": 1},
                   "per_repeat": [{"repeat": 0}]}]}
                """);

        ProtocolTable p = ProtocolTable.read(dir);

        assertThat(p.table().rows()).containsExactly(List.of("hr@10", "0.4123 (2 of 3 repeats)", "0.2500"),
                List.of("map@10", "0.5000", "0.1250"), List.of("mrr@10", "undefined", "0.5000"));
        assertThat(p.convention()).endsWith("A value marked \"(n of m repeats)\" is the mean over the n repeats where that metric"
                + " is defined; it is undefined in the others.");
    }

    @Test
    void an_older_run_folder_has_no_table_and_a_broken_file_is_named() throws Exception {
        assertThat(ProtocolTable.read(dir)).isNull();
        Files.writeString(dir.resolve(ProtocolTable.FILE), "{\"variants\": 3}");
        assertThatThrownBy(() -> ProtocolTable.read(dir)).isInstanceOf(ReportException.class)
                .hasMessageContaining("protocol.json").hasMessageContaining("'protocol' and 'variants'");
    }
}
