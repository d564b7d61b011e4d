package org.recprompt.backend;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.recprompt.experiment.ExperimentService;

/** A project's local-only switch and the workspace's egress log, through the services the workbench uses. */
class PrivacyServicesTest extends SpringTestBase {

    static final String KEY = "sk-test-privacy-abcdef-9999";

    @Autowired
    ConnectionTester tester;
    @Autowired
    ProjectService projects;
    @Autowired
    ExperimentService experiments;
    @Autowired
    EgressLog egress;
    @Autowired
    JdbcTemplate jdbc;

    Project project;
    FakeProviderServer server;

    @BeforeEach
    void start() throws Exception {
        projects.list().forEach(p -> projects.delete(p.getId()));
        jdbc.update("DELETE FROM egress_log");
        project = projects.create("Private", "");
        server = new FakeProviderServer()
                .on("/v1/models", 200, "{\"data\":[{\"id\":\"served-model\"}]}")
                .on("/v1/chat/completions", 200, FakeProviderServer.openAiAnswer("ok"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    BackendSettings compatible(String url) {
        return new BackendSettings("llm", BackendType.OPENAI_COMPATIBLE, url, "served-model", "",
                new Sampling(0.0, null, 42, 64, false, false, 20), new Limits(2, 0, 0L, 2, 1), new Prices(1.0, 2.0), null);
    }

    @Test
    void the_switch_is_stored_with_the_project_and_reaches_its_runs() {
        assertThat(project.isLocalOnly()).isFalse();
        assertThat(experiments.environment(project.getId()).localOnly()).isFalse();
        projects.setLocalOnly(project.getId(), true);
        assertThat(projects.find(project.getId()).orElseThrow().isLocalOnly()).isTrue();
        assertThat(experiments.environment(project.getId()).localOnly()).isTrue();
        assertThat(experiments.environment(project.getId()).project()).isEqualTo("Private");
        projects.setLocalOnly(project.getId(), false);
        assertThat(experiments.environment(project.getId()).localOnly()).isFalse();
    }

    @Test
    void under_local_only_a_remote_backend_is_neither_tested_nor_listed_and_nothing_is_logged() {
        projects.setLocalOnly(project.getId(), true);
        // a documentation address (TEST-NET-2): remote; the refusal comes before any connection
        ConnectionTester.Report r = tester.test(project.getId(), "llm", compatible("http://198.51.100.7/v1"), null, KEY);

        assertThat(r.ok()).isFalse();
        assertThat(r.summary()).startsWith("Local only is on for this project: http://198.51.100.7/v1 is not on this machine");
        assertThat(tester.listModels(project.getId(), compatible("http://198.51.100.7/v1"), null, KEY).message())
                .contains("Local only is on");
        assertThat(egress.count()).isZero();
    }

    @Test
    void a_local_backend_still_connects_under_local_only_and_its_test_request_is_logged_without_the_key() {
        projects.setLocalOnly(project.getId(), true);
        ConnectionTester.Report r = tester.test(project.getId(), "llm", compatible(server.root() + "/v1"), null, KEY);

        assertThat(r.ok()).as(r.summary()).isTrue();
        // the server saw the model listing and the one chat request; the chat request carries data and is logged
        assertThat(server.seen()).extracting(FakeProviderServer.Seen::pathAndQuery).containsExactly("/v1/models", "/v1/chat/completions");
        List<EgressEvent> log = egress.list("Private", false, 0);
        assertThat(log).hasSize(1);
        EgressEvent e = log.get(0);
        assertThat(e.endpoint()).isEqualTo(server.root() + "/v1/chat/completions");
        assertThat(e.remote()).isFalse();
        assertThat(e.run()).isEqualTo("connection test");
        assertThat(e.bytesSent()).isEqualTo(server.seen().get(1).body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        assertThat(e.status()).isEqualTo(200);
        assertThat(EgressLog.csv(log)).doesNotContain(KEY).contains(",llm,openai,served-model," + server.root());
        assertThat(egress.list("Private", true, 0)).isEmpty();
    }
}
