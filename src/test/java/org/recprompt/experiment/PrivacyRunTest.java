package org.recprompt.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.backend.EgressEvent;
import org.recprompt.experiment.RunProgress.State;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Local-only and the egress log, against a fake OpenAI-compatible server that counts what it sees. */
class PrivacyRunTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int USERS = 12;

    @TempDir
    Path dir;

    /** The fake server listens on 127.0.0.1; remote: true says it stands for a server elsewhere (a tunnel). */
    static String remoteLlm(ExperimentFixtures.FakeOpenAi server) {
        return "{ id: llm, type: openai-compatible, baseUrl: \"" + server.baseUrl() + "\", model: m, remote: true,"
                + " concurrency: 4 }";
    }

    RunSetup setup(Path experiment, RunEnvironment env) {
        return RunSetup.prepare(ExperimentFile.load(experiment, dir), env);
    }

    @Test
    void local_only_refuses_a_remote_backend_with_a_clear_message_and_sends_nothing() throws Exception {
        Path data = ExperimentFixtures.dataset(dir, USERS);
        Path tpl = ExperimentFixtures.template(dir, "ranking");
        try (ExperimentFixtures.FakeOpenAi server = new ExperimentFixtures.FakeOpenAi(0)) {
            Path exp = ExperimentFixtures.experiment(dir, data, tpl, USERS, "{ id: pop, type: most-popular }",
                    remoteLlm(server));
            List<EgressEvent> log = Collections.synchronizedList(new ArrayList<>());
            RunSetup setup = setup(exp, RunEnvironment.offline().withEnv(v -> null).withPrivacy(true, log::add, "p"));
            assertThat(setup.refusedBackends()).containsExactly("llm");

            ExperimentRun.Result r = ExperimentRun.start(setup, dir.resolve("out"), false, null).await();

            assertThat(r.state()).isEqualTo(State.COMPLETE);
            assertThat(server.total.get()).isZero();
            assertThat(log).isEmpty();
            JsonNode summary = JSON.readTree(dir.resolve("out/summary.json").toFile());
            JsonNode llm = ExperimentRunTest.variant(summary, "llm");
            assertThat(llm.path("errors").asInt()).isEqualTo(USERS);
            assertThat(ExperimentRunTest.variant(summary, "pop").path("errors").asInt()).isZero();
            assertThat(ExperimentRunTest.lines(dir.resolve("out/responses.jsonl")).stream()
                    .filter(n -> n.path("variant").asText().equals("llm")))
                    .hasSize(USERS).allSatisfy(n -> assertThat(n.path("error").asText())
                            .startsWith("LOCAL_ONLY: local only: backend llm sends data to http://127.0.0.1:")
                            .contains("not on this machine"));
            assertThat(Files.readString(dir.resolve("out/egress.jsonl"))).isEmpty();
        }
    }

    @Test
    void the_experiments_own_local_only_key_refuses_too_and_a_loopback_backend_still_runs() throws Exception {
        Path data = ExperimentFixtures.dataset(dir, USERS);
        Path tpl = ExperimentFixtures.template(dir, "ranking");
        try (ExperimentFixtures.FakeOpenAi server = new ExperimentFixtures.FakeOpenAi(0)) {
            Path exp = ExperimentFixtures.experiment(dir, data, tpl, USERS, remoteLlm(server),
                    "{ id: near, type: openai-compatible, baseUrl: \"" + server.baseUrl() + "\", model: m2 }");
            Files.writeString(exp, Files.readString(exp) + "localOnly: true\n");
            List<EgressEvent> log = Collections.synchronizedList(new ArrayList<>());
            RunSetup setup = setup(exp, RunEnvironment.offline().withEnv(v -> null).withPrivacy(false, log::add, null));

            ExperimentRun.Result r = ExperimentRun.start(setup, dir.resolve("out"), false, null).await();

            assertThat(r.state()).isEqualTo(State.COMPLETE);
            assertThat(server.total.get()).isEqualTo(USERS); // only the loopback backend's calls
            assertThat(log).hasSize(USERS).allSatisfy(e -> {
                assertThat(e.backend()).isEqualTo("near");
                assertThat(e.remote()).isFalse();
            });
        }
    }

    @Test
    void the_egress_log_holds_exactly_the_requests_the_server_saw_and_never_a_key() throws Exception {
        Path data = ExperimentFixtures.dataset(dir, USERS);
        Path tpl = ExperimentFixtures.template(dir, "ranking");
        try (ExperimentFixtures.FakeOpenAi server = new ExperimentFixtures.FakeOpenAi(0)) {
            Path exp = ExperimentFixtures.experiment(dir, data, tpl, USERS, remoteLlm(server).replace("remote: true,",
                    "remote: true, apiKeyEnv: TEST_KEY,"));
            Files.writeString(exp, Files.readString(exp) + "repeats: 2\n");
            List<EgressEvent> log = Collections.synchronizedList(new ArrayList<>());
            RunEnvironment env = RunEnvironment.offline().withEnv(v -> v.equals("TEST_KEY") ? "sk-secret-value-1234" : null)
                    .withPrivacy(false, log::add, "study");
            RunSetup setup = setup(exp, env);

            ExperimentRun.Result r = ExperimentRun.start(setup, dir.resolve("out"), false, null).await();

            assertThat(r.state()).isEqualTo(State.COMPLETE);
            assertThat(server.total.get()).isEqualTo(2 * USERS);
            assertThat(log).hasSize(server.total.get());
            // the same requests: each distinct body the server counted appears as often in the log
            Map<Long, Long> bytesLogged = log.stream().collect(Collectors.groupingBy(EgressEvent::bytesSent, Collectors.counting()));
            assertThat(bytesLogged.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(server.total.get());
            assertThat(server.bodyBytes).containsExactlyInAnyOrderElementsOf(log.stream().map(EgressEvent::bytesSent).toList());
            assertThat(log).allSatisfy(e -> {
                assertThat(e.endpoint()).isEqualTo(server.baseUrl() + "/chat/completions");
                assertThat(e.remote()).isTrue();
                assertThat(e.provider()).isEqualTo("openai");
                assertThat(e.project()).isEqualTo("study");
                assertThat(e.run()).isEqualTo("out");
                assertThat(e.variant()).isEqualTo("llm");
                assertThat(e.status()).isEqualTo(200);
                assertThat(e.users()).hasSize(1);
            });
            assertThat(log.stream().map(e -> e.users().get(0)).distinct()).hasSize(USERS);
            String file = Files.readString(dir.resolve("out/egress.jsonl"));
            assertThat(file.lines()).hasSize(2 * USERS);
            assertThat(file).doesNotContain("sk-secret").doesNotContain("Authorization");
            assertThat(RunEgress.read(dir.resolve("out"))).hasSize(2 * USERS);

            // a second run of the same experiment is answered from the cache... here there is no cache: the
            // run again sends, and the log grows by exactly what the server sees again
            int before = server.total.get();
            ExperimentRun.start(setup(exp, env), dir.resolve("out2"), false, null).await();
            assertThat(log).hasSize(server.total.get());
            assertThat(server.total.get()).isEqualTo(before + 2 * USERS);
        }
    }

    @Test
    void retries_are_separate_requests_in_the_log_and_refused_connections_are_not() throws Exception {
        Path data = ExperimentFixtures.dataset(dir, USERS);
        Path tpl = ExperimentFixtures.template(dir, "ranking");
        int port = ExperimentFixtures.closedPort();
        try (ExperimentFixtures.FakeOpenAi server = new ExperimentFixtures.FakeOpenAi(0)) {
            server.failFirst.set(3); // the first three requests get a 503
            Path exp = ExperimentFixtures.experiment(dir, data, tpl, USERS, remoteLlm(server).replace("concurrency: 4",
                    "concurrency: 1"), "{ id: down, type: openai-compatible, baseUrl: \"http://127.0.0.1:" + port
                            + "/v1\", model: m, retries: 2, pauseAfter: 2, timeout: 5 }");
            List<EgressEvent> log = Collections.synchronizedList(new ArrayList<>());
            RunSetup setup = setup(exp, RunEnvironment.offline().withEnv(v -> null).withPrivacy(false, log::add, null));

            ExperimentRun.start(setup, dir.resolve("out"), false, null).await();

            assertThat(server.total.get()).isEqualTo(USERS + 3);
            assertThat(log.stream().filter(e -> e.backend().equals("llm"))).hasSize(server.total.get());
            assertThat(log.stream().filter(e -> e.status() == 503)).hasSize(3);
            assertThat(log.stream().filter(e -> e.backend().equals("down"))).isEmpty();
        }
    }
}
