package org.recprompt.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.SpringTestBase;
import org.recprompt.backend.BackendSettings.Limits;
import org.recprompt.backend.BackendSettings.Local;
import org.recprompt.backend.BackendSettings.Prices;
import org.recprompt.backend.BackendSettings.Sampling;
import org.recprompt.backend.adapter.ProviderConfig;
import org.recprompt.dataset.Fixtures;
import org.recprompt.dataset.split.Split;
import org.recprompt.dataset.split.Splits;
import org.recprompt.prompt.Message;
import org.recprompt.workspace.Project;
import org.recprompt.workspace.ProjectService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** What runs get from stored configs, and the connection test, against a local OpenAI-compatible server. */
class BackendFactoryTest extends SpringTestBase {

    static final String KEY = "sk-test-factory-abcdef-7777";
    static final BackendRequest REQUEST = BackendRequest.of(List.of(new Message("user", "Rank: Heat (1995)")));

    @Autowired
    BackendConfigService backends;
    @Autowired
    BackendFactory factory;
    @Autowired
    ConnectionTester tester;
    @Autowired
    ProjectService projects;
    @Autowired
    JdbcTemplate jdbc;

    @TempDir
    Path dir;

    Project project;
    FakeProviderServer server;

    @BeforeEach
    void start() throws Exception {
        projects.list().forEach(p -> projects.delete(p.getId()));
        jdbc.update("DELETE FROM secret");
        project = projects.create("Factory", "");
        server = new FakeProviderServer()
                .on("/v1/models", 200, "{\"data\":[{\"id\":\"served-model\"},{\"id\":\"other\"}]}")
                .on("/v1/chat/completions", 200, FakeProviderServer.openAiAnswer("{\"ok\": true}"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    BackendSettings compatible(String url, String model) {
        return new BackendSettings("local-llm", BackendType.OPENAI_COMPATIBLE, url, model, "",
                new Sampling(0.0, null, 42, 64, false, false, 20), new Limits(2, 0, 0L, 2, 1), new Prices(1.0, 2.0), null);
    }

    @Test
    void a_built_backend_calls_the_provider_with_the_stored_key_parameters_and_prices() throws Exception {
        BackendConfig c = backends.create(project.getId(), compatible(server.root() + "/v1/", "served-model"));
        c = backends.save(c.getId(), c.settings(), KEY);

        ProviderConfig pc = factory.providerConfig(c);
        assertThat(pc.type()).isEqualTo("openai");
        assertThat(pc.baseUrl()).isEqualTo(server.root() + "/v1");
        assertThat(pc.apiKeyEnv()).isEqualTo(c.getSecretName());
        assertThat(pc.concurrency()).isEqualTo(2);
        assertThat(pc.parameters().timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(pc.parameters().seed()).isEqualTo(42);

        BackendResult r = factory.build(c, Sleeper.REAL, 1).generate(REQUEST);

        assertThat(r.isOk()).as("%s", r.failure()).isTrue();
        assertThat(r.text()).isEqualTo("{\"ok\": true}");
        assertThat(r.cost()).isCloseTo(12 * 1.0 / 1e6 + 3 * 2.0 / 1e6, org.assertj.core.data.Offset.offset(1e-12));
        FakeProviderServer.Seen call = server.seen().get(0);
        assertThat(call.header("Authorization")).isEqualTo("Bearer " + KEY);
        JsonNode body = new ObjectMapper().readTree(call.body());
        assertThat(body.path("model").asText()).isEqualTo("served-model");
        assertThat(body.path("max_tokens").asInt()).isEqualTo(64);
        assertThat(body.path("seed").asInt()).isEqualTo(42);
    }

    @Test
    void a_public_provider_without_a_key_is_refused_up_front_naming_the_variable() {
        BackendConfig c = backends.create(project.getId(),
                backends.defaults(BackendType.ANTHROPIC, "claude").withConnection("https://api.anthropic.com/v1/", "claude-3-5-haiku-latest",
                        "RP_TEST_UNSET_ANTHROPIC_KEY"));

        assertThatThrownBy(() -> factory.build(c, Sleeper.REAL, 1)).hasMessageContaining("RP_TEST_UNSET_ANTHROPIC_KEY")
                .hasMessageContaining("is not set");
        ConnectionTester.Report report = tester.test("claude", c.settings(), null, null);
        assertThat(report.ok()).isFalse();
        assertThat(report.summary()).isEqualTo("No API key: RP_TEST_UNSET_ANTHROPIC_KEY is not set and no key is stored for this backend.");
    }

    @Test
    void local_backends_become_rankers_or_a_replay_and_are_not_llms() throws Exception {
        Split split = Splits.leaveLastOut(Fixtures.of(4, "u1 1 5 1", "u1 2 4 2", "u1 3 3 3", "u2 2 5 1", "u2 4 4 2", "u2 1 3 3"));
        BackendConfig knn = backends.create(project.getId(), backends.defaults(BackendType.ITEM_KNN, "knn")
                .withLocal(new Local("", 3, null, null)));
        BackendConfig ease = backends.create(project.getId(), backends.defaults(BackendType.EASE, "ease"));
        Path file = dir.resolve("answers.jsonl");
        Files.writeString(file, "{\"user\":\"u1\",\"response\":\"1. Movie 3\"}\n");
        BackendConfig replay = backends.create(project.getId(), backends.defaults(BackendType.REPLAY, "replay")
                .withLocal(new Local(file.toString(), null, null, null)));

        assertThat(factory.ranker(knn, split, null, 1).name()).isEqualTo("item-knn");
        assertThat(factory.ranker(ease, split, null, 1).name()).startsWith("ease");
        assertThatThrownBy(() -> factory.build(knn, Sleeper.REAL, 1)).hasMessageContaining("is a local ranker");
        BackendResult answer = factory.build(replay, Sleeper.REAL, 1)
                .generate(new BackendRequest(REQUEST.messages(), 0, List.of(), Map.of("user", "u1")));
        assertThat(answer.text()).isEqualTo("1. Movie 3");
        assertThat(tester.test("replay", replay.settings(), null, null).summary()).isEqualTo("The replay file holds 1 recorded answers.");
        assertThat(tester.test("knn", knn.settings(), null, null).ok()).isTrue();
    }

    @Test
    void the_connection_test_lists_models_sends_one_request_and_reports_the_answer() {
        ConnectionTester.Report ok = tester.test("t", compatible(server.root() + "/v1", "served-model"), null, KEY);

        assertThat(ok.ok()).isTrue();
        assertThat(ok.summary()).matches("Connected: served-model answered in \\d+ ms: \\{\"ok\": true\\}");
        assertThat(ok.details()).first().asString().startsWith("Listed 2 models in ");
        assertThat(ok.models()).containsExactly("other", "served-model");
        assertThat(server.seen()).extracting(FakeProviderServer.Seen::pathAndQuery).containsExactly("/v1/models", "/v1/chat/completions");
        assertThat(server.seen()).allSatisfy(s -> assertThat(s.header("Authorization")).isEqualTo("Bearer " + KEY));

        ConnectionTester.Report unknownModel = tester.test("t", compatible(server.root() + "/v1", "missing-model"), null, null);
        assertThat(unknownModel.details()).contains("The model missing-model is not among the models the server lists.");
    }

    @Test
    void the_connection_test_reports_a_dead_port_and_a_rejected_key_clearly_and_without_the_key() throws Exception {
        int port = FakeProviderServer.deadPort();
        ConnectionTester.Report dead = tester.test("t", compatible("http://127.0.0.1:" + port + "/v1", "m"), null, KEY);
        assertThat(dead.ok()).isFalse();
        assertThat(dead.summary()).isEqualTo("Cannot connect to 127.0.0.1:" + port + " (connection refused): is the server running at "
                + "http://127.0.0.1:" + port + "/v1/models?");

        server.on("/v1/models", 200, "{\"data\":[]}")
                .on("/v1/chat/completions", 401, "{\"error\":{\"message\":\"bad key " + KEY + "\"}}");
        ConnectionTester.Report rejected = tester.test("t", compatible(server.root() + "/v1", "m"), null, KEY);
        assertThat(rejected.ok()).isFalse();
        assertThat(rejected.summary()).startsWith("The test request failed (authentication): HTTP 401")
                .endsWith("The key sent is the key entered in the editor.").doesNotContain(KEY);
    }
}
