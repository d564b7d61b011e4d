package org.recprompt.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.base.ProgressMonitor;
import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.io.DatasetLoader;
import org.recprompt.dataset.split.Splits;
import org.recprompt.experiment.RunProgress.State;
import org.recprompt.lm.LmSettings;
import org.recprompt.lm.ModelStore;
import org.recprompt.lm.ModelTraining;
import org.recprompt.lm.Tokenisation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The in-app language model as an experiment backend beside most-popular: ranking, generation, the leakage guard. */
class P5BackendTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path project;

    @BeforeAll
    static void trainTinyModels() throws Exception {
        Path data = ExperimentFixtures.dataset(project, 20);
        Files.createDirectories(project.resolve("experiments"));
        Dataset d = DatasetLoader.load(data);
        ModelTraining.run(d, Splits.leaveLastOut(d), data.toString(), project.resolve("models/items"),
                LmSettings.tiny(Tokenisation.ITEM).withEpochs(2), Clock.systemUTC(), ProgressMonitor.NONE);
        ModelTraining.run(d, Splits.leaveLastOut(d), data.toString(), project.resolve("models/words"),
                LmSettings.tiny(Tokenisation.WORD).withEpochs(1), Clock.systemUTC(), ProgressMonitor.NONE);
        // the same data split differently: its training sequences hold what leave-last-out holds out
        ModelTraining.run(d, Splits.leaveLastN(d, 2), data.toString(), project.resolve("models/other-split"),
                LmSettings.tiny(Tokenisation.ITEM).withEpochs(1), Clock.systemUTC(), ProgressMonitor.NONE);
    }

    static JsonNode variant(JsonNode summary, String id) {
        for (JsonNode v : summary.path("variants")) {
            if (v.path("id").asText().equals(id)) {
                return v;
            }
        }
        throw new AssertionError("no variant " + id);
    }

    ExperimentRun.Result run(String yaml, Path out) throws Exception {
        Path exp = project.resolve("experiments/exp-" + out.getFileName() + ".yaml");
        Files.writeString(exp, yaml);
        RunSetup setup = RunSetup.prepare(ExperimentFile.load(exp, project), RunEnvironment.offline().withEnv(v -> null));
        return ExperimentRun.start(setup, out, false, null).await();
    }

    @Test
    void a_saved_model_ranks_beside_most_popular_and_the_word_model_generates_grounded_titles() throws Exception {
        Path out = project.resolve("runs/mixed");
        ExperimentRun.Result r = run("""
                name: p5
                dataset: { path: ../data }
                users: { sample: 10, seed: 7 }
                backends:
                  - { id: pop, type: most-popular }
                  - { id: p5, type: p5, model: items }
                  - { id: free, type: p5, model: words, decoding: free, seed: 3 }
                  - { id: constrained, type: p5, model: words, decoding: constrained }
                k: [5]
                """, out);
        assertThat(r.state()).as(String.valueOf(r.failure())).isEqualTo(State.COMPLETE);
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        JsonNode p5 = variant(summary, "p5");
        assertThat(p5.path("n_users").asInt()).isEqualTo(10);
        assertThat(p5.path("errors").asInt()).isZero();
        assertThat(p5.path("metrics").path("hallucination_rate").path("mean").asDouble()).isZero();
        JsonNode constrained = variant(summary, "constrained");
        assertThat(constrained.path("errors").asInt()).isZero();
        assertThat(constrained.path("metrics").path("hallucination_rate").path("mean").asDouble()).isZero();
        // an almost untrained word model sampling freely invents titles; grounding counts them
        assertThat(variant(summary, "free").path("metrics").path("hallucination_rate").path("mean").asDouble()).isPositive();
        String responses = Files.readString(out.resolve("responses.jsonl"));
        assertThat(responses).contains("\"variant\":\"constrained\"").contains("1. film number");
    }

    @Test
    void a_model_trained_on_another_split_is_refused_because_it_may_have_seen_the_held_out_items() throws Exception {
        assertThatThrownBy(() -> run("""
                name: leak
                dataset: { path: ../data }
                users: { sample: 5, seed: 7 }
                backends:
                  - { id: p5, type: p5, model: other-split }
                """, project.resolve("runs/leak")))
                .isInstanceOf(ExperimentException.class)
                .hasMessageContaining("backends[1]")
                .hasMessageContaining("trained on other data than this run's training split");
    }

    @Test
    void bad_p5_settings_name_their_key() throws Exception {
        assertThatThrownBy(() -> run("""
                name: bad
                dataset: { path: ../data }
                backends:
                  - { id: p5, type: p5, model: nowhere }
                """, project.resolve("runs/bad1")))
                .isInstanceOf(ExperimentException.class).hasMessageContaining("backends[1].model").hasMessageContaining("no saved model");
        assertThatThrownBy(() -> run("""
                name: bad
                dataset: { path: ../data }
                backends:
                  - { id: p5, type: p5, model: words, decoding: beam }
                """, project.resolve("runs/bad2")))
                .isInstanceOf(ExperimentException.class).hasMessageContaining("unknown decoding 'beam'");
        assertThatThrownBy(() -> run("""
                name: bad
                dataset: { path: ../data }
                backends:
                  - { id: p5, type: p5, model: items, decoding: free }
                """, project.resolve("runs/bad3")))
                .isInstanceOf(ExperimentException.class).hasMessageContaining("item tokens");
        assertThatThrownBy(() -> run("""
                name: bad
                dataset: { path: ../data }
                backends:
                  - { id: p5, type: p5, model: words }
                """, project.resolve("runs/bad4")))
                .isInstanceOf(ExperimentException.class).hasMessageContaining("ranks candidates");
    }

    @Test
    void the_lines_a_new_experiment_offers_run_record_each_models_facts_and_release_the_model_at_the_end() throws Exception {
        StringBuilder lines = new StringBuilder();
        ModelStore.experimentLines("items", Tokenisation.ITEM).forEach(l -> lines.append("  - ").append(l).append('\n'));
        ModelStore.experimentLines("words", Tokenisation.WORD).forEach(l -> lines.append("  - ").append(l).append('\n'));
        Path exp = project.resolve("experiments/offered.yaml");
        Files.writeString(exp, """
                name: offered
                dataset: { path: ../data }
                users: { sample: 6, seed: 7 }
                candidates: { size: 8, negatives: random, seed: 7 }
                backends:
                  - { id: pop, type: most-popular }
                """ + lines + "k: [5]\n");
        RunSetup setup = RunSetup.prepare(ExperimentFile.load(exp, project), RunEnvironment.offline().withEnv(v -> null));
        Path out = project.resolve("runs/offered");
        ExperimentRun.Result r = ExperimentRun.start(setup, out, false, null).await();
        assertThat(r.state()).as(String.valueOf(r.failure())).isEqualTo(State.COMPLETE);
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        for (String id : new String[] {"items", "words-free", "words-constrained", "words-score"}) {
            assertThat(variant(summary, id).path("errors").asInt()).as(id).isZero();
        }
        JsonNode backends = summary.path("backends");
        assertThat(backends.get(0).has("model_facts")).isFalse();
        assertThat(backends.get(1).path("model_facts").path("tokenisation").asText()).isEqualTo("item");
        assertThat(backends.get(1).path("model_facts").path("parameters").asLong()).isPositive();
        assertThat(backends.get(2).path("model_facts").path("tokenisation").asText()).isEqualTo("word");
        // the run is over: the loaded models' native memory is released, and a late call says so
        assertThatThrownBy(() -> setup.backend("items").ranker().score(0, new int[] {0, 1}))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
}
