package org.recprompt.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.recprompt.SpringTestBase;
import org.recprompt.backend.BackendSettings.Limits;
import org.recprompt.backend.BackendSettings.Prices;
import org.recprompt.backend.BackendSettings.Sampling;
import org.recprompt.workspace.Project;
import org.recprompt.workspace.ProjectService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** A saved backend naming several base URLs is an inference fleet: stored, checked, keyed, tested and called as one. */
class SavedFleetTest extends SpringTestBase {

    static final String KEY = "sk-test-fleet-abcdef-4242";

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

    Project project;
    FakeProviderServer one;
    FakeProviderServer two;

    @BeforeEach
    void start() throws Exception {
        projects.list().forEach(p -> projects.delete(p.getId()));
        jdbc.update("DELETE FROM secret");
        project = projects.create("Fleet", "");
        one = server("{\"from\": 1}");
        two = server("{\"from\": 2}");
    }

    @AfterEach
    void stop() {
        one.close();
        two.close();
    }

    static FakeProviderServer server(String answer) throws IOException {
        return new FakeProviderServer().on("/v1/models", 200, "{\"data\":[{\"id\":\"served-model\"}]}")
                .on("/v1/chat/completions", 200, FakeProviderServer.openAiAnswer(answer));
    }

    static BackendSettings fleet(String urls) {
        return new BackendSettings("vllm-fleet", BackendType.OPENAI_COMPATIBLE, urls, "served-model", "",
                new Sampling(0.0, null, 42, 64, false, false, 20), new Limits(1, 0, 0L, 2, 0), new Prices(1.0, 2.0), null);
    }

    @Test
    void several_base_urls_are_checked_one_by_one_and_only_where_a_fleet_applies() {
        assertThat(BackendValidation.check(fleet("http://10.0.0.1:8000/v1\nhttp://10.0.0.2:8000/v1"))).isEmpty();
        assertThat(BackendValidation.check(fleet("http://10.0.0.1:8000/v1\nftp://10.0.0.2/v1")))
                .extracting(BackendConfigException.Problem::message)
                .containsExactly("Base URL, server 2 (ftp://10.0.0.2/v1): must start with http:// or https:// and name a host.");
        assertThat(BackendValidation.check(fleet("http://10.0.0.1:8000/v1, HTTP://10.0.0.1:8000/v1/")))
                .extracting(BackendConfigException.Problem::message).singleElement().asString().contains("named twice");
        BackendSettings anthropic = backends.defaults(BackendType.ANTHROPIC, "claude")
                .withConnection("https://a.example/v1\nhttps://b.example/v1", "claude-3-5-haiku-latest", "");
        assertThat(BackendValidation.check(anthropic)).extracting(BackendConfigException.Problem::field).contains(BackendValidation.BASE_URL);
        assertThat(BackendValidation.check(anthropic)).extracting(BackendConfigException.Problem::message)
                .anyMatch(m -> m.contains("several servers (a fleet) apply to OpenAI, OpenAI-compatible and Ollama"));
    }

    @Test
    void a_stored_key_is_bound_to_every_server_of_the_fleet_in_any_order() {
        BackendSettings s = fleet(one.root() + "/v1\n" + two.root() + "/v1");
        BackendSettings reordered = fleet(two.root() + "/v1/\n" + one.root() + "/v1");
        assertThat(BackendConfigService.binding(reordered)).isEqualTo(BackendConfigService.binding(s));
        assertThat(BackendConfigService.binding(fleet(one.root() + "/v1\nhttp://10.9.9.9/v1")))
                .as("another server: the key is not sent to it").isNotEqualTo(BackendConfigService.binding(s));

        BackendConfig c = backends.create(project.getId(), s);
        c = backends.save(c.getId(), c.settings(), KEY);
        assertThat(backends.find(c.getId()).orElseThrow().settings().baseUrls()).containsExactly(one.root() + "/v1", two.root() + "/v1");
        assertThat(backends.resolveKey(reordered, c.getSecretName(), null).value()).isEqualTo(KEY);
        assertThat(backends.resolveKey(fleet(one.root() + "/v1\nhttp://10.9.9.9/v1"), c.getSecretName(), null).refusal())
                .contains("not sent");
    }

    @Test
    void the_connection_test_asks_every_server_and_names_the_one_that_did_not_answer() throws IOException {
        ConnectionTester.Report ok = tester.test("f", fleet(one.root() + "/v1\n" + two.root() + "/v1"), null, KEY);
        assertThat(ok.ok()).as(ok.summary()).isTrue();
        assertThat(ok.summary()).isEqualTo("Connected: all 2 servers of the fleet answered.");
        assertThat(ok.details()).hasSize(2).allMatch(d -> d.contains("Connected: served-model answered"));
        assertThat(one.seen()).anyMatch(x -> x.pathAndQuery().endsWith("/chat/completions"));
        assertThat(two.seen()).anyMatch(x -> x.pathAndQuery().endsWith("/chat/completions"));

        String dead = "http://127.0.0.1:" + freePort() + "/v1";
        ConnectionTester.Report partly = tester.test("f", fleet(one.root() + "/v1\n" + dead), null, KEY);
        assertThat(partly.ok()).isFalse();
        assertThat(partly.summary()).startsWith("1 of 2 servers answered; not " + dead);
    }

    @Test
    void a_built_fleet_spreads_calls_over_its_servers() {
        BackendConfig c = backends.create(project.getId(), fleet(one.root() + "/v1\n" + two.root() + "/v1"));
        c = backends.save(c.getId(), c.settings(), KEY);
        Backend b = factory.build(c, Sleeper.REAL, 1);
        List<BackendResult> results = List.of(b.generate(BackendFactoryTest.REQUEST), b.generate(BackendFactoryTest.REQUEST),
                b.generate(BackendFactoryTest.REQUEST), b.generate(BackendFactoryTest.REQUEST));
        assertThat(results).allMatch(BackendResult::isOk);
        assertThat(results).extracting(BackendResult::endpoint).contains(one.root() + "/v1", two.root() + "/v1");
        assertThat(one.seen()).allMatch(x -> ("Bearer " + KEY).equals(x.header("Authorization")));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
