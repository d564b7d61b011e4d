package org.recprompt.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.base.ProgressMonitor;
import org.recprompt.experiment.RunProgress.State;
import org.recprompt.experiment.RunProgress.VariantProgress;

/** A run's ETA: none before a backend with calls left has finished one; otherwise its slowest backend's. */
class RunProgressTest {

    static RunProgress progress(VariantProgress... v) {
        return new RunProgress(State.RUNNING, "", List.of(v), Duration.ofSeconds(10));
    }

    @Test
    void no_eta_while_a_backend_with_calls_left_has_finished_none() {
        // the rankers are done at once; the semantic ranker is still embedding the catalog: 0/200
        RunProgress p = progress(new VariantProgress("random", "random", 200, 200, 0, 0, 0, 400),
                new VariantProgress("pop", "pop", 200, 200, 0, 0, 0, 400),
                new VariantProgress("semantic", "semantic", 200, 0, 0, 0, 0, 0));

        assertThat(p.variants().get(2).eta()).isEmpty();
        assertThat(p.eta()).isEmpty();
    }

    @Test
    void calls_found_in_the_journal_give_no_rate() {
        RunProgress p = progress(new VariantProgress("llm", "llm", 100, 60, 60, 0, 0, 0));

        assertThat(p.eta()).isEmpty();
    }

    @Test
    void the_run_ends_with_its_slowest_backend() {
        RunProgress p = progress(new VariantProgress("a", "fast", 100, 50, 0, 0, 0, 10), // 5 s left
                new VariantProgress("b", "slow", 100, 20, 0, 0, 0, 2), // 40 s left
                new VariantProgress("c", "done", 10, 10, 0, 0, 0, 1));

        assertThat(p.eta()).contains(Duration.ofSeconds(40));
        assertThat(p.variants().get(1).eta()).contains(Duration.ofSeconds(40));
    }

    @Test
    void variants_of_one_backend_share_its_rate() {
        // b1 ran 40 calls in 10 s; b2 of the same backend has not started: 60 + 100 calls left at 4/s
        RunProgress p = progress(new VariantProgress("b1", "llm", 100, 40, 0, 0, 0, 4),
                new VariantProgress("b2", "llm", 100, 0, 0, 0, 0, 0));

        assertThat(p.eta()).contains(Duration.ofSeconds(40));
    }

    @TempDir
    java.nio.file.Path dir;

    @Test
    void a_semantic_ranker_embeds_the_catalog_as_its_own_step_before_the_calls_are_counted() throws Exception {
        java.nio.file.Path data = ExperimentFixtures.dataset(dir, 6);
        java.nio.file.Path tpl = ExperimentFixtures.template(dir, "ranking");
        java.nio.file.Path exp = ExperimentFixtures.experiment(dir, data, tpl, 6, "{ id: sem, type: semantic }");
        List<String> events = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        ProgressMonitor monitor = new ProgressMonitor() {
            @Override
            public void begin(long totalWork) {
                events.add("begin " + totalWork);
            }

            @Override
            public void worked(long amount) {
            }

            @Override
            public void message(String message) {
                events.add(message);
            }

            @Override
            public boolean isCancelled() {
                return false;
            }
        };
        RunSetup setup = RunSetup.prepare(ExperimentFile.load(exp, dir), RunEnvironment.offline().withEnv(v -> null));
        int items = setup.dataset().items().size();

        assertThat(ExperimentRun.start(setup, dir.resolve("out"), false, monitor).await().state()).isEqualTo(State.COMPLETE);

        int prep = events.indexOf("begin " + items);
        int calls = events.lastIndexOf("begin 6");
        assertThat(prep).as("events: %s", events).isNotNegative().isLessThan(calls);
        assertThat(events.subList(prep, calls)).anyMatch(m -> m.contains("embedding the catalog") && m.contains(items + "/" + items));
    }
}
