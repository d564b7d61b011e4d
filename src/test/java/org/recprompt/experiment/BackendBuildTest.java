package org.recprompt.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LLM backends are built beside the dataset; the setup reports problems in the order it always did. */
class BackendBuildTest {

    @TempDir
    Path dir;

    private final RunEnvironment env = RunEnvironment.offline().withEnv(v -> "OK_API_KEY".equals(v) ? "sk-test" : null);

    private static String llm(String id, String keyVariable) {
        return "{ id: " + id + ", type: openai, model: m, apiKeyEnv: " + keyVariable + " }";
    }

    @Test
    void rankersAndLlmsAreAllThereInTheExperimentsOrder() throws Exception {
        Path data = ExperimentFixtures.dataset(dir, 8);
        Path exp = ExperimentFixtures.experiment(dir, data, ExperimentFixtures.template(dir, "ranking"), 4,
                "{ id: pop, type: most-popular }", llm("a", "OK_API_KEY"), "{ id: rnd, type: random }", llm("b", "OK_API_KEY"));
        for (boolean toRun : new boolean[] {false, true}) {
            ExperimentFile file = ExperimentFile.load(exp, dir);
            RunSetup setup = toRun ? RunSetup.prepareToRun(file, env) : RunSetup.prepare(file, env);
            try {
                for (String id : new String[] {"pop", "a", "rnd", "b"}) {
                    assertThat(setup.backend(id)).as(id).isNotNull();
                    assertThat(setup.backend(id).spec.id()).isEqualTo(id);
                }
                assertThat(setup.grounder()).isSameAs(setup.grounder());
            } finally {
                setup.closeBackends();
            }
        }
    }

    @Test
    void theFirstFailingBackendInTheExperimentIsTheOneReported() throws Exception {
        Path data = ExperimentFixtures.dataset(dir, 8);
        Path exp = ExperimentFixtures.experiment(dir, data, ExperimentFixtures.template(dir, "ranking"), 4,
                "{ id: pop, type: most-popular }", llm("a", "FIRST_MISSING_KEY"), llm("b", "SECOND_MISSING_KEY"));
        ExperimentException e = catchThrowableOfType(() -> RunSetup.prepareToRun(ExperimentFile.load(exp, dir), env),
                ExperimentException.class);
        assertThat(e.getMessage()).contains("backends[2]", "FIRST_MISSING_KEY").doesNotContain("SECOND_MISSING_KEY");
    }

    @Test
    void aDatasetThatCannotLoadIsReportedBeforeAnyBackend() throws Exception {
        Path data = ExperimentFixtures.dataset(dir, 8);
        Path exp = ExperimentFixtures.experiment(dir, data, ExperimentFixtures.template(dir, "ranking"), 4, llm("a", "FIRST_MISSING_KEY"));
        Files.writeString(exp, Files.readString(exp).replace(data.toAbsolutePath().toString(), dir.resolve("missing").toString()));
        ExperimentException e = catchThrowableOfType(() -> RunSetup.prepare(ExperimentFile.load(exp, dir), env),
                ExperimentException.class);
        assertThat(e.getMessage()).contains("dataset", "missing").doesNotContain("FIRST_MISSING_KEY");
    }
}
