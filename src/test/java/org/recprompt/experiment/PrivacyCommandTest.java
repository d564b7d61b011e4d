package org.recprompt.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** run --local-only and the egress command, headless, against the fake OpenAI-compatible server. */
class PrivacyCommandTest extends InProcessCli {

    @Test
    void local_only_on_the_command_line_refuses_and_the_egress_command_exports_what_was_sent() throws Exception {
        try (var server = new ExperimentFixtures.FakeOpenAi(0)) {
            Path exp = ExperimentFixtures.experiment(dir, ExperimentFixtures.dataset(dir, 20),
                    ExperimentFixtures.template(dir, "ranking"), 20,
                    "{ id: llm, type: openai, baseUrl: \"" + server.baseUrl() + "\", model: test-model, remote: true }");

            assertThat(run("run", exp.toString(), "--out", dir.resolve("refused").toString(), "--quiet", "--local-only"))
                    .as("every call refused: the variant failed, exit 3; " + err).isEqualTo(3);
            assertThat(err.toString()).contains("run: variant ").contains(" failed: 20 of 20 calls failed");
            assertThat(out.toString()).contains("local only: llm is not on this machine; its calls fail with LOCAL_ONLY");
            assertThat(server.total.get()).isZero();

            assertThat(run("run", exp.toString(), "--out", dir.resolve("sent").toString(), "--quiet")).as(err.toString()).isZero();
            assertThat(server.total.get()).isEqualTo(20);
            // a second run is answered from the cache: nothing leaves, nothing is logged
            assertThat(run("run", exp.toString(), "--out", dir.resolve("cached").toString(), "--quiet")).isZero();
            assertThat(server.total.get()).isEqualTo(20);
            assertThat(Files.readString(dir.resolve("cached/egress.jsonl"))).isEmpty();

            assertThat(run("egress", "--summary")).as(err.toString()).isZero();
            assertThat(out.toString()).containsPattern("llm\\s+" + java.util.regex.Pattern.quote(server.baseUrl())
                    + "/chat/completions\\s+remote\\s+20\\s+[\\d,]+\\s+20");
            Path csv = dir.resolve("egress.csv");
            assertThat(run("egress", "--remote-only", "--out", csv.toString())).isZero();
            assertThat(Files.readAllLines(csv)).hasSize(21).first().asString().startsWith("time,project,run,variant,backend");
            assertThat(Files.readString(csv)).contains(",sent,llm,llm,openai,test-model,");
            assertThat(run("egress", "--out", csv.toString())).isEqualTo(2);
            assertThat(err.toString()).contains("already exists").contains("--force");
            assertThat(Files.readAllLines(csv)).hasSize(21);
            assertThat(run("egress", "--out", csv.toString(), "--force", "--project", "nobody")).isZero();
            assertThat(Files.readAllLines(csv)).hasSize(1);
            assertThat(run("egress", "--project", "nobody")).isZero();
            assertThat(out.toString().lines()).hasSize(1);
        }
    }
}
