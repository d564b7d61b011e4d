package org.recprompt.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.experiment.RunProgress.State;
import org.recprompt.workspace.WorkspaceLocation;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code run} in its own process, stopped with SIGTERM while calls are in flight: the calls in
 * flight finish into the journal (every request the server got has its record), the folder is left
 * cancelled and unlocked, and a resume sends only the rest.
 */
class RunSignalTest {

    static final int USERS = 10;

    @TempDir
    Path dir;

    @Test
    void sigterm_lets_the_calls_in_flight_finish_into_the_journal_and_the_run_resumes_without_repeats() throws Exception {
        Path data = ExperimentFixtures.dataset(dir, USERS);
        Path tpl = ExperimentFixtures.template(dir, "ranking");
        try (var llm = new ExperimentFixtures.FakeOpenAi(2500)) {
            Path exp = ExperimentFixtures.experiment(dir, data, tpl, USERS,
                    "{ id: llm, type: openai, baseUrl: \"" + llm.baseUrl() + "\", model: m, concurrency: 2 }");
            Path out = dir.resolve("out");
            List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
                    System.getProperty("java.class.path"), "-D" + WorkspaceLocation.PROPERTY + "=" + dir.resolve("ws"),
                    "org.recprompt.Application", "run", exp.toString(), "--out", out.toString(), "--no-cache", "--quiet"));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("run.log").toFile())
                    .start();
            try {
                for (int i = 0; i < 1200 && llm.total.get() < 2 && p.isAlive(); i++) {
                    Thread.sleep(50);
                }
                assertThat(llm.total.get()).as("requests before the signal; log: %s", log()).isGreaterThanOrEqualTo(2);
                p.destroy(); // SIGTERM
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the process ended after the grace period").isTrue();
            } finally {
                p.destroyForcibly();
            }

            int sent = llm.total.get();
            int recorded = RunJournal.read(out.resolve(RunJournal.FILE)).records().size();
            assertThat(recorded).as("every request sent has its answer in the journal; log: %s", log()).isEqualTo(sent);
            assertThat(recorded).isLessThan(USERS);
            assertThat(new ObjectMapper().readTree(out.resolve(ExperimentRun.MANIFEST).toFile()).path("state").asText())
                    .isEqualTo("cancelled");
            assertThat(log()).contains("calls in flight may finish within 10 s");

            ExperimentRun resumed = ExperimentRun.start(RunSetup.prepare(ExperimentFile.load(exp, dir),
                    RunEnvironment.offline().withEnv(v -> null)), out, true, null);
            assertThat(resumed.await().state()).isEqualTo(State.COMPLETE);
            assertThat(llm.total.get()).isEqualTo(USERS);
            assertThat(llm.repeated()).isZero();
        }
    }

    private String log() throws java.io.IOException {
        Path f = dir.resolve("run.log");
        return Files.exists(f) ? Files.readString(f) : "";
    }
}
