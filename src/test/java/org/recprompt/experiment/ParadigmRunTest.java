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
 * The paradigms that are not one prompt and one answer: NIR's chain (steps asked in one
 * conversation, later steps reading earlier answers) and M6-Rec's scoring pair (a user-side text
 * scored against each candidate's item-side text by the semantic ranker).
 */
class ParadigmRunTest {

    static final int USERS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static Path chainTemplate(Path dir) throws Exception {
        Path t = dir.resolve("chain.mustache");
        Files.writeString(t, """
                ---
                name: chain
                kind: chain
                output: numbered-titles
                candidates: 10
                k: 5
                ---
                [system]
                You are a {{domain}} recommender.

                [step taste]
                I watched: {{history_titles}}. Summarise my taste.

                [step pick]
                Pick the watched {{domains}} that represent it.

                [step rank]
                My taste: {{steps.taste}}
                Representative: {{steps.pick}}
                Candidates:
                {{#candidates}}
                [{{index}}] {{title}}
                {{/candidates}}
                Rank the {{K}} best candidates as a numbered list.
                """);
        return t;
    }

    static Path scoringTemplate(Path dir) throws Exception {
        Path t = dir.resolve("m6.mustache");
        Files.writeString(t, """
                ---
                name: m6
                kind: scoring-pair
                output: scores
                candidates: 10
                ---
                [user-side]
                A user watched {{#history}}{{title}}{{^-last}}, {{/-last}}{{/history}}.

                [item-side]
                The same user also watched {{item.title}}.
                """);
        return t;
    }

    private RunSetup setup(Path experiment) {
        return RunSetup.prepare(ExperimentFile.load(experiment, dir), RunEnvironment.offline().withEnv(v -> null));
    }

    @Test
    void a_chain_asks_its_steps_in_one_conversation_and_grounds_the_last_answer() throws Exception {
        Path data = ExperimentFixtures.dataset(dir, USERS);
        try (ExperimentFixtures.FakeOpenAi fake = new ExperimentFixtures.FakeOpenAi(0)) {
            Path exp = ExperimentFixtures.experiment(dir, data, chainTemplate(dir), USERS,
                    "{ id: llm, type: openai-compatible, baseUrl: \"" + fake.baseUrl() + "\", model: m, concurrency: 1 }");

            ExperimentRun.Result r = ExperimentRun.start(setup(exp), dir.resolve("out"), false, null).await();

            assertThat(r.state()).isEqualTo(State.COMPLETE);
            assertThat(fake.total.get()).as("three steps per user").isEqualTo(3 * USERS);
            // The requests of one user's chain, in order: system + taste; + its answer + pick; + both answers + rank.
            List<JsonNode> first = fake.bodies.subList(0, 3);
            assertThat(roles(first.get(0))).containsExactly("system", "user");
            assertThat(roles(first.get(1))).containsExactly("system", "user", "assistant", "user");
            assertThat(roles(first.get(2))).containsExactly("system", "user", "assistant", "user", "assistant", "user");
            String tasteAnswer = first.get(2).path("messages").get(2).path("content").asText();
            assertThat(tasteAnswer).isNotBlank();
            assertThat(first.get(2).path("messages").get(5).path("content").asText())
                    .as("the last step renders the earlier answers").contains("My taste: " + tasteAnswer);

            List<JsonNode> responses = ExperimentRunTest.lines(dir.resolve("out/responses.jsonl"));
            assertThat(responses).hasSize(USERS).allSatisfy(n -> {
                assertThat(n.path("status").asText()).isEqualTo("OK"); // K = 5 items: 4 candidates and 1 invented title
                assertThat(n.path("steps").path("taste").asText()).isNotBlank();
                assertThat(n.path("steps").path("pick").asText()).isNotBlank();
                assertThat(n.path("steps").has("rank")).as("the last answer is the response").isFalse();
                assertThat(n.path("slots")).hasSize(5);
                assertThat(n.path("slots").get(2).path("outcome").asText()).isEqualTo("HALLUCINATED");
            });
        }
    }

    @Test
    void a_failed_step_ends_the_call_as_an_error_that_names_the_step() throws Exception {
        Path data = ExperimentFixtures.dataset(dir, USERS);
        int port = ExperimentFixtures.closedPort();
        Path exp = ExperimentFixtures.experiment(dir, data, chainTemplate(dir), USERS,
                "{ id: down, type: openai-compatible, baseUrl: \"http://127.0.0.1:" + port + "/v1\", model: m, retries: 1, timeout: 5 }");

        ExperimentRun.Result r = ExperimentRun.start(setup(exp), dir.resolve("out"), false, null).await();

        assertThat(r.state()).isEqualTo(State.COMPLETE);
        assertThat(ExperimentRunTest.lines(dir.resolve("out/responses.jsonl"))).hasSize(USERS).allSatisfy(n -> {
            assertThat(n.path("status").asText()).isEqualTo("ERROR");
            assertThat(n.path("error").asText()).startsWith("step taste: ");
        });
    }

    @Test
    void a_scoring_pair_template_ranks_each_users_candidates_by_the_semantic_score() throws Exception {
        Path data = ExperimentFixtures.dataset(dir, USERS);
        Path exp = ExperimentFixtures.experiment(dir, data, scoringTemplate(dir), USERS, "{ id: sem, type: semantic }");
        Files.writeString(exp, Files.readString(exp) + "repeats: 3\n");

        ExperimentRun.Result r = ExperimentRun.start(setup(exp), dir.resolve("out"), false, null).await();

        assertThat(r.state()).isEqualTo(State.COMPLETE);
        List<JsonNode> responses = ExperimentRunTest.lines(dir.resolve("out/responses.jsonl"));
        assertThat(responses).as("scores are deterministic: one call per user, whatever the repeats").hasSize(USERS);
        List<String> hashes = new ArrayList<>();
        for (JsonNode n : responses) {
            assertThat(n.path("variant").asText()).isEqualTo("sem");
            assertThat(n.path("template").asText()).isEqualTo("m6");
            assertThat(n.path("slots")).hasSize(5);
            double previous = Double.POSITIVE_INFINITY;
            for (JsonNode s : n.path("slots")) {
                assertThat(s.path("method").asText()).isEqualTo("score");
                assertThat(s.path("score").asDouble()).isLessThanOrEqualTo(previous).isBetween(-1.0, 1.0);
                previous = s.path("score").asDouble();
                assertThat(n.path("candidates").toString()).contains("\"" + s.path("item_id").asText() + "\"");
            }
            hashes.add(n.path("prompt_hash").asText());
        }
        assertThat(hashes).as("each user's texts make their own prompt").doesNotHaveDuplicates();
        JsonNode summary = JSON.readTree(dir.resolve("out/summary.json").toFile());
        assertThat(ExperimentRunTest.variant(summary, "sem").path("metrics").path("ndcg@5").path("mean").asDouble()).isBetween(0.0, 1.0);
    }

    @Test
    void a_scoring_pair_template_needs_a_semantic_backend_and_a_chat_model_needs_a_template_it_can_answer() throws Exception {
        Path data = ExperimentFixtures.dataset(dir, USERS);
        Path onlyLlm = ExperimentFixtures.experiment(dir, data, scoringTemplate(dir), USERS,
                "{ id: llm, type: openai-compatible, baseUrl: \"http://127.0.0.1:1/v1\", model: m }");
        assertThatThrownBy(() -> ExperimentFile.load(onlyLlm, dir)).isInstanceOf(ExperimentException.class)
                .hasMessageContaining("templates[1]").hasMessageContaining("type semantic");

        Path both = ExperimentFixtures.experiment(dir, data, scoringTemplate(dir), USERS, "{ id: sem, type: semantic }",
                "{ id: llm, type: openai-compatible, baseUrl: \"http://127.0.0.1:1/v1\", model: m }");
        assertThatThrownBy(() -> ExperimentFile.load(both, dir)).isInstanceOf(ExperimentException.class)
                .hasMessageContaining("backends[2]").hasMessageContaining("every template is a scoring-pair template");
    }

    private static List<String> roles(JsonNode request) {
        List<String> out = new ArrayList<>();
        request.path("messages").forEach(m -> out.add(m.path("role").asText()));
        return out;
    }
}
