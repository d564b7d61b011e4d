package org.recprompt.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.recprompt.experiment.ExperimentSchema.Entry;
import org.recprompt.experiment.ExperimentSpec.Kind;
import org.recprompt.metrics.protocol.Protocols;

/** The schema the experiment editor completes from is the one the reader checks against. */
class ExperimentSchemaTest {

    static List<String> labels(List<Entry> entries) {
        return entries.stream().map(Entry::label).toList();
    }

    @Test
    void the_keys_offered_at_each_level_are_the_keys_the_reader_allows_there() {
        String experiment = """
                name: s
                dataset: data
                split: { method: leave-last-out, bogus: 1 }
                backends:
                  - { id: pop, type: most-popular }
                """;
        ExperimentException split = catchThrowableOfType(ExperimentException.class, () -> ExperimentYaml.read(experiment, "s.yaml"));
        assertThat(split.key()).isEqualTo("split.bogus");
        assertThat(split.problem()).endsWith("allowed here: "
                + String.join(", ", labels(ExperimentSchema.keys().get("split")).stream().sorted().toList()));

        ExperimentException backend = catchThrowableOfType(ExperimentException.class, () -> ExperimentYaml.read(
                experiment.replace(", bogus: 1", "").replace("type: most-popular", "type: most-popular, bogus: 2"), "s.yaml"));
        assertThat(backend.key()).isEqualTo("backends[1].bogus");
        assertThat(backend.problem()).contains("id, ", "temperature", "type");
        for (String key : labels(ExperimentSchema.keys().get("backends[]"))) {
            assertThat(backend.problem()).contains(key);
        }
    }

    @Test
    void a_key_kept_for_old_files_or_always_refused_is_accepted_or_refused_but_never_offered() {
        assertThat(labels(ExperimentSchema.keys().get(""))).contains("templates", "fewShot", "backends", "protocol")
                .doesNotContain("template", "few-shot", "few_shot");
        assertThat(labels(ExperimentSchema.keys().get("backends[]"))).contains("apiKeyEnv").doesNotContain("apiKey");
        assertThat(ExperimentSchema.BACKEND).contains("apiKey");
    }

    @Test
    void closed_values_come_from_their_definitions() {
        assertThat(labels(ExperimentSchema.values().get("backends[].type")))
                .containsExactlyElementsOf(Arrays.stream(Kind.values()).map(Kind::id).toList());
        assertThat(labels(ExperimentSchema.values().get("protocol"))).containsExactlyElementsOf(Protocols.ids());
        assertThat(labels(ExperimentSchema.values().get("split.method"))).containsExactlyElementsOf(ExperimentSpec.SplitSpec.METHODS);
        assertThat(labels(ExperimentSchema.values().get("candidates.negatives")))
                .containsExactlyElementsOf(ExperimentSpec.CandidatesSpec.NEGATIVES);
        // every offered backend type reads back as that type
        for (String type : labels(ExperimentSchema.values().get("backends[].type"))) {
            assertThat(Kind.byId(type).id()).isEqualTo(type);
        }
    }
}
