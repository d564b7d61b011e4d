package org.recprompt.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as a user starts it ({@code java -jar recprompt.jar ...}): its entry
 * ({@code JarEntryPoint}) starts a call-bound run in a tuned JVM that opens the workspace database
 * from its start, the run's output carries no library warnings, and every other command goes to
 * Spring Boot's launcher as before.
 */
class TunedRunIT {

    @TempDir
    Path dir;

    private final String jar = System.getProperty("recprompt.jar", "target/recprompt.jar");

    private record Result(int code, String out, String err) {
    }

    private Result java(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", jar));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile());
        pb.environment().put("HOME", dir.resolve("home").toString());
        pb.environment().put("RECPROMPT_WORKSPACE", dir.resolve("ws").toString());
        pb.environment().put("TEST_KEY", "x");
        pb.environment().remove("RECPROMPT_JIT_TUNING");
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("finished").isTrue();
        return new Result(p.exitValue(), Files.readString(dir.resolve("out.txt")), Files.readString(dir.resolve("err.txt")));
    }

    @Test
    void aCallBoundRunStartsInATunedJvmThatOpensTheDatabaseFromItsStart() throws Exception {
        try (var server = new ExperimentFixtures.FakeOpenAi(0)) {
            Path exp = ExperimentFixtures.experiment(dir, ExperimentFixtures.dataset(dir, 12),
                    ExperimentFixtures.template(dir, "ranking"), 12, "{ id: llm, type: openai, baseUrl: \"" + server.baseUrl()
                            + "\", model: test-model, apiKeyEnv: TEST_KEY }");

            Result first = java("run", exp.toString(), "--out", dir.resolve("out1").toString(), "--timings");

            assertThat(first.code()).as(first.err()).isZero();
            assertThat(first.err()).contains("command started (tuned JVM, the database opening since its start)")
                    .doesNotContain("SLF4J");
            assertThat(Files.readAllLines(dir.resolve("out1/responses.jsonl"))).hasSize(12);
            assertThat(server.total.get()).isEqualTo(12);

            Result second = java("run", exp.toString(), "--out", dir.resolve("out2").toString());
            assertThat(second.code()).as(second.err()).isZero();
            assertThat(second.err()).doesNotContain("SLF4J");
            assertThat(server.total.get()).as("answered from the workspace cache the first run wrote").isEqualTo(12);
        }
    }

    @Test
    void otherCommandsGoToSpringBootsLauncher() throws Exception {
        Result version = java("--version");
        assertThat(version.code()).as(version.err()).isZero();
        assertThat(version.out()).startsWith("RecPrompt Workbench ");

        Result workspace = java("workspace", "--json");
        assertThat(workspace.code()).as(workspace.err()).isZero();
        assertThat(workspace.out()).contains(dir.resolve("ws").toString());
    }
}
