package org.recprompt.backend.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.recprompt.backend.BackendRequest;
import org.recprompt.backend.BackendResult;
import org.recprompt.backend.EgressEvent;
import org.recprompt.backend.Failure;
import org.recprompt.backend.FakeProviderServer;
import org.recprompt.backend.adapter.LlmParameters;
import org.recprompt.backend.adapter.OpenAiCompatibleBackend;
import org.recprompt.backend.adapter.ProviderConfig;
import org.recprompt.prompt.Message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The OpenAI batch client against the local fake of the Files + Batches API. */
class OpenAiBatchApiTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final LlmParameters PARAMS = new LlmParameters(0.2, 0.9, 7, 64, true, Duration.ofSeconds(10), 5);

    FakeOpenAiBatches fake;
    final List<EgressEvent> egress = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws Exception {
        fake = new FakeOpenAiBatches();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    BatchApi api(String keyVariable, Map<String, String> env) {
        ProviderConfig c = new ProviderConfig("gpt", "openai", fake.baseUrl(), "gpt-4o-mini", keyVariable, PARAMS, null, 1);
        return BatchApis.create(c, env::get, egress::add);
    }

    static BackendRequest request(String user, String text) {
        return new BackendRequest(List.of(new Message("system", "You recommend films.", List.of(), null),
                new Message("user", "[1] Alpha (1990)\n[2] Beta (1991)\n[3] Gamma (1992)\n" + text, List.of(), null)), 0, List.of(),
                Map.of("user", user, "users", user + ",90", "variant", "v1", "run", "r1", "project", "p"));
    }

    List<BatchRequest> requests(int n) {
        List<BatchRequest> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new BatchRequest("c" + i, request("u" + i, "question " + i)));
        }
        return out;
    }

    @Test
    void submitsPollsAndCollectsEveryAnswerWithItsUsage() throws Exception {
        fake.pollsToComplete = 3;
        BatchApi api = api(null, Map.of());
        String id = api.submit(requests(4));
        assertThat(fake.uploads).hasValue(1);
        assertThat(fake.created).hasValue(1);
        BatchStatus first = api.status(id);
        assertThat(first.state()).isEqualTo(BatchStatus.State.RUNNING);
        assertThat(first.total()).isEqualTo(4);
        assertThat(first.expiresAt()).isNotNull();
        assertThat(api.status(id).state()).isEqualTo(BatchStatus.State.RUNNING);
        BatchStatus done = api.status(id);
        assertThat(done.state()).isEqualTo(BatchStatus.State.ENDED);
        assertThat(done.succeeded()).isEqualTo(4);
        Map<String, BackendResult> results = api.results(id);
        assertThat(results).containsOnlyKeys("c0", "c1", "c2", "c3");
        assertThat(results.get("c2").isOk()).isTrue();
        assertThat(results.get("c2").text()).startsWith("1. Gamma (1992)");
        assertThat(results.get("c2").usage().inputTokens()).isEqualTo(100);
        assertThat(results.get("c2").usage().outputTokens()).isEqualTo(20);
        // each line as OpenAI documents it, the body the live adapter's
        JsonNode body = fake.bodies.get(0);
        assertThat(body.path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(body.path("response_format").path("type").asText()).isEqualTo("json_object");
        assertThat(body.path("seed").asInt()).isEqualTo(7);
        assertThat(body.path("messages").path(0).path("role").asText()).isEqualTo("system");
    }

    @Test
    void everyRequestIsInTheEgressLogAndTheUploadNamesAllItsUsers() throws Exception {
        fake.pollsToComplete = 1;
        BatchApi api = api(null, Map.of());
        String id = api.submit(requests(3));
        api.status(id);
        api.results(id);
        assertThat(egress).hasSize(fake.seen.size());
        EgressEvent upload = egress.get(0);
        assertThat(upload.endpoint()).endsWith("/v1/files");
        assertThat(upload.users()).containsExactlyInAnyOrder("u0", "u1", "u2", "90");
        assertThat(upload.run()).isEqualTo("r1");
        assertThat(upload.bytesSent()).isGreaterThan(300);
        assertThat(upload.remote()).isFalse();
        assertThat(egress.subList(1, egress.size())).allSatisfy(e -> assertThat(e.users()).isEmpty());
        assertThat(egress).allSatisfy(e -> assertThat(e.status()).isEqualTo(200));
    }

    @Test
    void theBatchBodyIsTheBodyTheLiveAdapterSends() throws Exception {
        BackendRequest r = new BackendRequest(List.of(new Message("system", "Be brief.", List.of(), null),
                new Message("user", "Which poster?", List.of("https://example.org/a.png", "data:image/png;base64,iVBORw0K"), null),
                new Message("assistant", "A", List.of(), null), new Message("user", "Why?", List.of(), null)), 0,
                List.of("A", "B"), Map.of());
        try (FakeProviderServer live = new FakeProviderServer()) {
            live.on("/v1/chat/completions", 200, "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"A\"},"
                    + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1}}");
            new OpenAiCompatibleBackend(live.root() + "/v1", "gpt-4o-mini", "k", PARAMS, null).generate(r);
            ObjectNode sent = (ObjectNode) JSON.readTree(live.seen().get(0).body());
            ObjectNode ours = OpenAiChatBody.of("gpt-4o-mini", PARAMS, r);
            sent.remove("stream"); // a live-only switch
            assertThat(ours).isEqualTo(sent);
        }
    }

    @Test
    void aPartlyFailedBatchGivesEachLineItsOwnOutcome() throws Exception {
        fake.pollsToComplete = 1;
        fake.failLine = id -> id.equals("c1");
        fake.dropLine = id -> id.equals("c3");
        BatchApi api = api(null, Map.of());
        String id = api.submit(requests(4));
        BatchStatus s = api.status(id);
        assertThat(s.state()).isEqualTo(BatchStatus.State.ENDED);
        assertThat(s.failed()).isEqualTo(1);
        Map<String, BackendResult> results = api.results(id);
        assertThat(results).containsOnlyKeys("c0", "c1", "c2");
        assertThat(results.get("c0").isOk()).isTrue();
        assertThat(results.get("c1").failure().kind()).isEqualTo(Failure.Kind.BAD_REQUEST);
        assertThat(results.get("c1").failure().message()).contains("HTTP 400").contains("the test refuses c1");
    }

    @Test
    void anExpiredBatchKeepsWhatWasAnsweredAndSaysTheRestExpired() throws Exception {
        fake.pollsToComplete = 2;
        fake.expire = true;
        BatchApi api = api(null, Map.of());
        String id = api.submit(requests(4));
        api.status(id);
        BatchStatus s = api.status(id);
        assertThat(s.state()).isEqualTo(BatchStatus.State.EXPIRED);
        Map<String, BackendResult> results = api.results(id);
        assertThat(results.get("c0").isOk()).isTrue();
        assertThat(results.get("c1").isOk()).isTrue();
        assertThat(results.get("c2").failure().kind()).isEqualTo(Failure.Kind.TIMEOUT);
        assertThat(results.get("c3").failure().message()).contains("batch_expired");
    }

    @Test
    void aCancelledBatchEndsCancelledWithItsAnswersKept() throws Exception {
        fake.pollsToComplete = 5;
        BatchApi api = api(null, Map.of());
        String id = api.submit(requests(4));
        api.cancel(id);
        assertThat(fake.cancels).hasValue(1);
        assertThat(fake.status(id)).isEqualTo("cancelling");
        BatchStatus s = api.status(id);
        assertThat(s.state()).isEqualTo(BatchStatus.State.CANCELLED);
        Map<String, BackendResult> results = api.results(id);
        assertThat(results.values().stream().filter(BackendResult::isOk)).hasSize(2);
        assertThat(results.get("c3").failure().kind()).isEqualTo(Failure.Kind.CANCELLED);
    }

    @Test
    void aRefusedKeyIsAnAuthenticationFailureThatNeverShowsTheKey() {
        fake.key = "sk-the-right-one";
        BatchApi api = api("BATCH_TEST_KEY", Map.of("BATCH_TEST_KEY", "sk-wrong-but-secret"));
        assertThatThrownBy(() -> api.submit(requests(1))).isInstanceOfSatisfying(BatchException.class, e -> {
            assertThat(e.failure().kind()).isEqualTo(Failure.Kind.AUTHENTICATION);
            assertThat(e.getMessage()).contains("HTTP 401").doesNotContain("sk-wrong-but-secret");
        });
    }

    @Test
    void aThrottledUploadIsARetryableFailure() {
        fake.throttleUploads.set(1);
        BatchApi api = api(null, Map.of());
        assertThatThrownBy(() -> api.submit(requests(1))).isInstanceOfSatisfying(BatchException.class,
                e -> assertThat(e.failure().kind().retryable()).isTrue());
    }

    @Test
    void anUnreachableServerIsANetworkFailure() throws Exception {
        String url = fake.baseUrl();
        fake.close();
        ProviderConfig c = new ProviderConfig("gpt", "openai", url, "gpt-4o-mini", null, PARAMS, null, 1);
        BatchApi api = new OpenAiBatchApi(c, v -> null, e -> { }, Clock.systemUTC());
        assertThatThrownBy(() -> api.status("batch_1")).isInstanceOfSatisfying(BatchException.class,
                e -> assertThat(e.failure().kind()).isEqualTo(Failure.Kind.NETWORK));
    }

    @Test
    void labelsAreReadFromTheFirstTokensLogprobsAsLive() throws Exception {
        fake.pollsToComplete = 1;
        fake.answerer = body -> {
            ObjectNode out = (ObjectNode) FakeOpenAiBatches.reverseCandidates(body);
            ObjectNode choice = (ObjectNode) out.path("choices").path(0);
            ((ObjectNode) choice.path("message")).put("content", "B");
            ObjectNode first = choice.putObject("logprobs").putArray("content").addObject();
            first.put("token", "B").put("logprob", -0.2);
            first.putArray("top_logprobs").add(JSON.createObjectNode().put("token", "B").put("logprob", -0.2))
                    .add(JSON.createObjectNode().put("token", " A").put("logprob", -1.8));
            return out;
        };
        BatchApi api = api(null, Map.of());
        BackendRequest labelled = new BackendRequest(request("u1", "pick").messages(), 0, List.of("A", "B", "C"), Map.of());
        String id = api.submit(List.of(new BatchRequest("c0", labelled)));
        assertThat(fake.bodies.get(0).path("logprobs").asBoolean()).isTrue();
        assertThat(fake.bodies.get(0).path("top_logprobs").asInt()).isEqualTo(5);
        api.status(id);
        Map<String, BackendResult> r = api.results(id, cid -> List.of("A", "B", "C"));
        Map<String, Double> lp = r.get("c0").labelLogprobs();
        assertThat(lp.get("B")).isCloseTo(-0.2, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(lp.get("A")).isCloseTo(-1.8, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(lp).doesNotContainKey("C");
    }

    @Test
    void an_answers_cached_tokens_are_a_part_of_its_input_and_never_more_than_it() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var usage = OpenAiBatchApi.usage(json.readTree(
                "{\"prompt_tokens\":1000,\"completion_tokens\":50,\"prompt_tokens_details\":{\"cached_tokens\":600}}"));
        assertThat(usage.inputTokens()).isEqualTo(1000);
        assertThat(usage.cachedInputTokens()).isEqualTo(600);
        assertThat(usage.uncachedInputTokens()).isEqualTo(400);
        var odd = OpenAiBatchApi.usage(json.readTree(
                "{\"prompt_tokens\":10,\"completion_tokens\":5,\"prompt_tokens_details\":{\"cached_tokens\":64}}"));
        assertThat(odd.cachedInputTokens()).isEqualTo(10);
        assertThat(OpenAiBatchApi.usage(json.readTree("{\"prompt_tokens\":7}")).cachedInputTokens()).isZero();
    }
}
