package org.recprompt.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.backend.batch.FakeAnthropicBatches;
import org.recprompt.backend.batch.FakeAnthropicBatches.Outcome;
import org.recprompt.experiment.RunProgress.State;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A {@code batch: true} Anthropic backend end to end: the run submits to the fake Message Batches API, polls, collects. */
class AnthropicBatchRunTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path experiment(String baseUrl) throws Exception {
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
                [system]
                You pick movies.
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
                  - { id: claude, type: anthropic, baseUrl: "%s", model: claude-test, batch: true, batchPoll: 0.05, batchPollMax: 0.1 }
                k: [1, 5]
                """.formatted(baseUrl));
        return exp;
    }

    private ExperimentRun.Result run(FakeAnthropicBatches fake, Path out) throws Exception {
        RunSetup setup = RunSetup.prepare(ExperimentFile.load(experiment(fake.baseUrl()), dir),
                RunEnvironment.offline().withEnv(v -> null));
        return ExperimentRun.start(setup, out, false, null).await();
    }

    private static List<JsonNode> responses(Path out) throws Exception {
        return Files.readAllLines(out.resolve("responses.jsonl")).stream().map(l -> {
            try {
                return JSON.readTree(l);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    @Test
    void every_call_goes_in_one_batch_and_its_answers_carry_the_cached_tokens() throws Exception {
        try (FakeAnthropicBatches fake = new FakeAnthropicBatches()) {
            fake.pollsToEnd(3).respond((id, p) -> Outcome.answer("C", 20, 1, 100, 0));
            Path out = dir.resolve("out");
            ExperimentRun.Result r = run(fake, out);
            assertThat(r.state()).as(String.valueOf(r.failure())).isEqualTo(State.COMPLETE);
            assertThat(fake.creates()).hasSize(1);
            JsonNode first = fake.creates().get(0).path("requests").path(0).path("params");
            assertThat(first.path("system").path(0).path("cache_control").path("type").asText()).isEqualTo("ephemeral");
            List<JsonNode> responses = responses(out);
            assertThat(responses).hasSize(4).allSatisfy(x -> {
                assertThat(x.path("status").asText()).isEqualTo("OK");
                assertThat(x.path("usage").path("input_tokens").asLong()).isEqualTo(120);
                assertThat(x.path("batch").asText()).isEqualTo(fake.batchIds().get(0));
            });
            assertThat(Files.readAllLines(out.resolve("egress.jsonl"))).allMatch(l -> l.contains("\"provider\":\"anthropic\""));
        }
    }

    @Test
    void an_expired_batch_leaves_its_unanswered_calls_as_errors() throws Exception {
        try (FakeAnthropicBatches fake = new FakeAnthropicBatches()) {
            fake.pollsToEnd(4).expireAtPoll(2).respond((id, p) -> Outcome.answer("C"));
            Path out = dir.resolve("out");
            run(fake, out);
            List<JsonNode> responses = responses(out);
            assertThat(responses).hasSize(4);
            assertThat(responses.stream().filter(x -> x.path("status").asText().equals("OK"))).hasSize(2);
            assertThat(responses.stream().filter(x -> x.path("status").asText().equals("ERROR")))
                    .hasSize(2).allMatch(x -> x.path("error").asText().contains("expired"));
        }
    }
}
