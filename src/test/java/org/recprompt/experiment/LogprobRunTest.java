package org.recprompt.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.experiment.RunProgress.State;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * M6-Rec-style plausibility with a chat model: an OpenAI-compatible backend with {@code logprobs:
 * true} asked a choice template ranks the lettered candidates by the first token's log-probabilities.
 */
class LogprobRunTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    Path experiment(String baseUrl, String extra) throws Exception {
        ExperimentFixtures.dataset(dir, 12);
        Files.writeString(dir.resolve("choice.mustache"), """
                ---
                name: choice
                kind: choice
                output: choice-letter
                candidates: 5
                k: 1
                history: 5
                ---
                [user]
                History: {{history_titles}}.
                {{#candidates}}
                ({{letter}}) {{title}}
                {{/candidates}}
                Answer with one letter.
                """);
        Path exp = dir.resolve("exp.yaml");
        Files.writeString(exp, """
                name: letters
                dataset: { path: data }
                users: { sample: 4, seed: 7 }
                candidates: { size: 5, negatives: random, seed: 7 }
                templates: [ choice.mustache ]
                backends:
                  - { id: llm, type: openai-compatible, baseUrl: "%s", model: m%s }
                k: [1, 5]
                """.formatted(baseUrl, extra));
        return exp;
    }

    @Test
    void letters_are_ranked_by_their_log_probabilities_and_the_run_keeps_the_answer() throws Exception {
        try (ExperimentFixtures.FakeOpenAi server = new ExperimentFixtures.FakeOpenAi(0)) {
            RunSetup setup = RunSetup.prepare(ExperimentFile.load(experiment(server.baseUrl(), ", logprobs: true"), dir),
                    RunEnvironment.offline().withEnv(v -> null));
            Path out = dir.resolve("out");
            ExperimentRun.Result r = ExperimentRun.start(setup, out, false, null).await();
            assertThat(r.state()).as(String.valueOf(r.failure())).isEqualTo(State.COMPLETE);
            assertThat(server.bodies).hasSize(4).allSatisfy(b -> {
                assertThat(b.path("logprobs").asBoolean()).isTrue();
                assertThat(b.path("top_logprobs").asInt()).isPositive();
            });
            for (String line : Files.readAllLines(out.resolve("responses.jsonl"))) {
                JsonNode resp = JSON.readTree(line);
                assertThat(resp.path("status").asText()).isEqualTo("OK");
                assertThat(resp.path("response").asText()).isEqualTo("C");
                List<Double> scores = new ArrayList<>();
                for (JsonNode slot : resp.path("slots")) {
                    assertThat(slot.path("method").asText()).isEqualTo("logprob");
                    scores.add(slot.path("score").asDouble());
                }
                // C, A, B by their log-probabilities; D and E share what is left, below B
                assertThat(scores).hasSize(5);
                assertThat(scores.subList(0, 3)).containsExactly(-0.1, -1.0, -2.5);
                assertThat(scores.get(3)).isLessThan(-2.5).isEqualTo(scores.get(4));
                // slot 1 is the candidate the prompt lettered (C), slot 2 the one lettered (A)
                assertThat(resp.path("slots").get(0).path("raw_text").asText()).isIn(lettered(server, "C"));
                assertThat(resp.path("slots").get(1).path("raw_text").asText()).isIn(lettered(server, "A"));
                assertThat(resp.path("slots").get(0).path("item_id").asText()).isEqualTo(resp.path("candidates").get(2).asText());
            }
            JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
            assertThat(summary.path("variants").get(0).path("metrics").path("ndcg@5").path("mean").asDouble()).isPositive();
            assertThat(summary.path("backends").get(0).path("logprobs").asBoolean()).isTrue();
        }
    }

    /** The titles the prompts sent showed under a letter. */
    static List<String> lettered(ExperimentFixtures.FakeOpenAi server, String letter) {
        List<String> titles = new ArrayList<>();
        synchronized (server.bodies) {
            for (JsonNode b : server.bodies) {
                for (JsonNode m : b.path("messages")) {
                    for (String line : m.path("content").asText().split("\n")) {
                        if (line.startsWith("(" + letter + ") ")) {
                            titles.add(line.substring(4).strip());
                        }
                    }
                }
            }
        }
        assertThat(titles).isNotEmpty();
        return titles;
    }

    @Test
    void logprobs_is_refused_for_a_backend_that_cannot_return_them() throws Exception {
        Path exp = experiment("http://127.0.0.1:1/v1", ", logprobs: true");
        assertThat(ExperimentFile.load(exp, dir).spec().backends().get(0).scoresLabels()).isTrue();
        Files.writeString(exp, Files.readString(exp).replace("type: openai-compatible", "type: anthropic"));
        assertThatThrownBy(() -> ExperimentFile.load(exp, dir)).isInstanceOf(ExperimentException.class)
                .hasMessageContaining("line 7").hasMessageContaining("logprobs applies to openai and openai-compatible backends");
    }
}
