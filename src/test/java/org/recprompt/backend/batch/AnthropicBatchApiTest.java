package org.recprompt.backend.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

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
import org.recprompt.backend.EgressSink;
import org.recprompt.backend.FakeProviderServer;
import org.recprompt.backend.Failure;
import org.recprompt.backend.adapter.AnthropicBackend;
import org.recprompt.backend.adapter.LlmParameters;
import org.recprompt.backend.adapter.ProviderConfig;
import org.recprompt.backend.batch.FakeAnthropicBatches.Outcome;
import org.recprompt.prompt.Message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The Anthropic Message Batches client against {@link FakeAnthropicBatches}, a local fake held to the documented wire format. */
class AnthropicBatchApiTest {

    private static final String KEY = "sk-ant-test-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LlmParameters PARAMS = new LlmParameters(0.2, 0.9, 7, null, true, Duration.ofSeconds(10), 20);

    private FakeAnthropicBatches fake;
    private final List<EgressEvent> events = Collections.synchronizedList(new ArrayList<>());
    private final List<EgressEvent> announced = Collections.synchronizedList(new ArrayList<>());
    private final EgressSink sink = new EgressSink() {
        @Override
        public void record(EgressEvent e) {
            events.add(e);
        }

        @Override
        public InFlight sending(EgressEvent e) {
            announced.add(e);
            return InFlight.NONE;
        }
    };

    @BeforeEach
    void start() throws Exception {
        fake = new FakeAnthropicBatches().requireKey(KEY);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private AnthropicBatchApi api() {
        return api(fake.baseUrl(), KEY);
    }

    private AnthropicBatchApi api(String base, String key) {
        return new AnthropicBatchApi("claude", base, "claude-test", PARAMS, key, null, true, sink, Clock.systemUTC());
    }

    private static BatchRequest request(String id, String user, Message... messages) {
        return new BatchRequest(id, new BackendRequest(List.of(messages), 0, List.of(),
                Map.of("project", "p1", "run", "r1", "variant", "v1", "user", user)));
    }

    private static BatchRequest plain(String id) {
        return request(id, "u-" + id, new Message("system", "You recommend movies."), new Message("user", "List for " + id));
    }

    private static List<BatchRequest> batchOf(String... ids) {
        return java.util.Arrays.stream(ids).map(AnthropicBatchApiTest::plain).toList();
    }

    @Test
    void submit_sends_the_documented_body_and_headers() throws Exception {
        BatchRequest vision = request("req-1", "7", new Message("system", "You recommend movies."),
                new Message("user", "Seen:"), new Message("assistant", "Noted."),
                new Message("user", "Which next?", List.of("data:image/jpeg;base64,QUJD", "https://img.example.org/p.png"), null));

        String id = api().submit(List.of(vision, plain("req_2")));

        assertThat(id).isEqualTo(fake.batchIds().get(0));
        FakeAnthropicBatches.Seen create = fake.seen().get(0);
        assertThat(create.header("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(create.header("x-api-key")).isEqualTo(KEY);
        assertThat(create.header("content-type")).isEqualTo("application/json");
        JsonNode expected = JSON.readTree("""
                {"requests":[
                 {"custom_id":"req-1","params":{"model":"claude-test","messages":[
                   {"role":"user","content":[{"type":"text","text":"Seen:"}]},
                   {"role":"assistant","content":[{"type":"text","text":"Noted."}]},
                   {"role":"user","content":[{"type":"text","text":"Which next?"},
                     {"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"QUJD"}},
                     {"type":"image","source":{"type":"url","url":"https://img.example.org/p.png"}}]}],
                   "system":[{"type":"text","text":"You recommend movies.","cache_control":{"type":"ephemeral"}}],
                   "max_tokens":1024,"temperature":0.2,"top_p":0.9}},
                 {"custom_id":"req_2","params":{"model":"claude-test","messages":[
                   {"role":"user","content":[{"type":"text","text":"List for req_2"}]}],
                   "system":[{"type":"text","text":"You recommend movies.","cache_control":{"type":"ephemeral"}}],
                   "max_tokens":1024,"temperature":0.2,"top_p":0.9}}]}
                """);
        assertThat(create.json()).isEqualTo(expected);
    }

    @Test
    void params_are_what_the_live_adapter_sends_cache_mark_included() throws Exception {
        List<Message> messages = List.of(new Message("system", "Rules."), new Message("system", "More rules."),
                new Message("user", "Hello"), new Message("assistant", "Prev"),
                new Message("user", "Look", List.of("data:image/png;base64,AAAA", "https://x.org/a.png"), null),
                new Message("user", "again"));
        JsonNode live;
        try (FakeProviderServer server = new FakeProviderServer()) {
            server.on("/v1/messages", 200, "{\"id\":\"m\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"c\","
                    + "\"content\":[{\"type\":\"text\",\"text\":\"hi\"}],\"stop_reason\":\"end_turn\","
                    + "\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}");
            LlmParameters p = new LlmParameters(0.3, null, 5, 77, false, Duration.ofSeconds(10), 20);
            assertThat(new AnthropicBackend(server.root() + "/v1/", "claude-x", KEY, p, null)
                    .generate(BackendRequest.of(messages)).isOk()).isTrue();
            live = JSON.readTree(server.seen().get(0).body());
            ((ObjectNode) live).remove("stream"); // a batch request may not stream; the live one says false

            ObjectNode batch = AnthropicBatchWire.params("claude-x", p, messages, true);
            JsonNode lastSystem = batch.path("system").path(1);
            assertThat(lastSystem.path("cache_control").path("type").asText()).isEqualTo("ephemeral");
            assertThat(batch.path("system").path(0).has("cache_control")).isFalse();
            assertThat(batch).isEqualTo(live); // the live adapter marks its last system block for the cache too
            ((ObjectNode) live.path("system").path(1)).remove("cache_control");
            assertThat(AnthropicBatchWire.params("claude-x", p, messages, false)).isEqualTo(live);
        }
    }

    @Test
    void a_batch_is_polled_through_its_states_until_it_ends() throws Exception {
        fake.pollsToEnd(3);
        AnthropicBatchApi api = api();
        String id = api.submit(batchOf("a", "b", "c", "d"));

        BatchStatus first = api.status(id);
        assertThat(first.state()).isEqualTo(BatchStatus.State.RUNNING);
        assertThat(first.state().terminal()).isFalse();
        assertThat(first.total()).isEqualTo(4);
        assertThat(first.succeeded()).isEqualTo(2);
        assertThat(first.failed()).isZero();
        assertThat(first.expiresAt()).isNotNull().isAfter(java.time.Instant.now().plus(Duration.ofHours(23)));
        assertThat(api.status(id).state()).isEqualTo(BatchStatus.State.RUNNING);
        BatchStatus last = api.status(id);
        assertThat(last.state()).isEqualTo(BatchStatus.State.ENDED);
        assertThat(last.state().terminal()).isTrue();
        assertThat(last.succeeded()).isEqualTo(4);

        Map<String, BackendResult> results = api.results(id);
        assertThat(results).containsOnlyKeys("a", "b", "c", "d");
        assertThat(results.get("c").text()).isEqualTo("answer to c");
        assertThat(results.get("c").usage().inputTokens()).isEqualTo(10);
        assertThat(results.get("c").usage().outputTokens()).isEqualTo(2);
    }

    @Test
    void results_map_text_usage_with_cache_tokens_refusals_and_errors_with_the_key_redacted() throws Exception {
        fake.respond((id, params) -> switch (id) {
            case "cached" -> Outcome.answer("1. Heat", 3, 7, 100, 20);
            case "refused" -> Outcome.refusal();
            case "bad" -> Outcome.errored("invalid_request_error", "prompt is too long for key " + KEY);
            case "busy" -> Outcome.errored("overloaded_error", "Overloaded");
            default -> Outcome.answer("");
        });
        AnthropicBatchApi api = api();
        String id = api.submit(batchOf("cached", "refused", "bad", "busy", "empty"));
        BatchStatus s = api.status(id);
        assertThat(s.state()).isEqualTo(BatchStatus.State.ENDED);
        assertThat(s.succeeded()).isEqualTo(3);
        assertThat(s.failed()).isEqualTo(2);

        Map<String, BackendResult> r = api.results(id);

        BackendResult cached = r.get("cached");
        assertThat(cached.isOk()).isTrue();
        assertThat(cached.text()).isEqualTo("1. Heat");
        assertThat(cached.usage().inputTokens()).isEqualTo(3 + 100 + 20);
        assertThat(cached.usage().cachedInputTokens()).isEqualTo(100); // cache_read_input_tokens
        assertThat(cached.usage().cacheWriteTokens()).isEqualTo(20); // cache_creation_input_tokens
        assertThat(cached.usage().uncachedInputTokens()).isEqualTo(3);
        assertThat(cached.usage().outputTokens()).isEqualTo(7);
        assertThat(r.get("refused").failure().kind()).isEqualTo(Failure.Kind.REFUSED);
        assertThat(r.get("empty").failure().kind()).isEqualTo(Failure.Kind.EMPTY_RESPONSE);
        Failure bad = r.get("bad").failure();
        assertThat(bad.kind()).isEqualTo(Failure.Kind.BAD_REQUEST);
        assertThat(bad.message()).contains("invalid_request_error", "prompt is too long", "[redacted]").doesNotContain(KEY);
        assertThat(r.get("busy").failure().kind()).isEqualTo(Failure.Kind.UNAVAILABLE);
        assertThat(r.get("busy").failure().kind().retryable()).isTrue();
    }

    @Test
    void the_usage_counts_of_the_prompt_cache_are_read_field_by_field() throws Exception {
        AnthropicBatchWire.Tokens t = AnthropicBatchWire.Tokens.of(JSON.readTree(
                "{\"input_tokens\":4,\"output_tokens\":9,\"cache_read_input_tokens\":1200,\"cache_creation_input_tokens\":30}"));
        assertThat(t).isEqualTo(new AnthropicBatchWire.Tokens(4, 9, 1200, 30));
        assertThat(t.toUsage().inputTokens()).isEqualTo(1234);
        assertThat(AnthropicBatchWire.Tokens.of(JSON.readTree("{\"input_tokens\":4,\"output_tokens\":1}")).toUsage().inputTokens())
                .isEqualTo(4);
    }

    @Test
    void an_expired_batch_keeps_its_answers_and_leaves_the_rest_failed_to_be_asked_again() throws Exception {
        fake.pollsToEnd(4).expireAtPoll(2);
        AnthropicBatchApi api = api();
        String id = api.submit(batchOf("a", "b", "c", "d"));

        assertThat(api.status(id).state()).isEqualTo(BatchStatus.State.RUNNING);
        BatchStatus expired = api.status(id);
        assertThat(expired.state()).isEqualTo(BatchStatus.State.EXPIRED);
        assertThat(expired.state().terminal()).isTrue();
        assertThat(expired.succeeded()).isEqualTo(2);
        assertThat(expired.failed()).isEqualTo(2);

        Map<String, BackendResult> r = api.results(id);
        assertThat(r.get("a").isOk()).isTrue();
        assertThat(r.get("b").isOk()).isTrue();
        for (String lost : List.of("c", "d")) {
            assertThat(r.get(lost).failure().kind()).isEqualTo(Failure.Kind.TIMEOUT);
            assertThat(r.get(lost).failure().kind().retryable()).isTrue();
            assertThat(r.get(lost).failure().message()).contains("expired");
        }
    }

    @Test
    void a_cancelled_batch_goes_through_canceling_and_keeps_what_was_answered() throws Exception {
        fake.pollsToEnd(4).cancelPolls(2);
        AnthropicBatchApi api = api();
        String id = api.submit(batchOf("a", "b", "c", "d"));
        assertThat(api.status(id).succeeded()).isEqualTo(1);

        api.cancel(id);

        assertThat(fake.seen()).anyMatch(s -> s.method().equals("POST") && s.path().endsWith("/" + id + "/cancel"));
        assertThat(api.status(id).state()).isEqualTo(BatchStatus.State.CANCELLING);
        BatchStatus cancelled = api.status(id);
        assertThat(cancelled.state()).isEqualTo(BatchStatus.State.CANCELLED);
        assertThat(cancelled.succeeded()).isEqualTo(1);
        assertThat(cancelled.failed()).isEqualTo(3);
        Map<String, BackendResult> r = api.results(id);
        assertThat(r.get("a").text()).isEqualTo("answer to a");
        assertThat(r.get("d").failure().kind()).isEqualTo(Failure.Kind.CANCELLED);
        assertThat(r.get("d").failure().message()).contains("cancelled");
    }

    @Test
    void a_new_client_picks_up_a_batch_by_its_id_as_a_resumed_run_does() throws Exception {
        fake.pollsToEnd(2);
        String id = api().submit(batchOf("a", "b"));
        assertThat(api().status(id).state()).isEqualTo(BatchStatus.State.RUNNING);

        events.clear();
        AnthropicBatchApi resumed = api(); // another process: it knows only the journalled id
        assertThat(resumed.status(id).state()).isEqualTo(BatchStatus.State.ENDED);
        assertThat(resumed.results(id)).containsOnlyKeys("a", "b");
        assertThat(events).hasSize(3).allMatch(e -> e.users().isEmpty() && e.project().isEmpty() && e.status() == 200);
    }

    @Test
    void an_answer_that_is_not_the_documented_format_is_a_malformed_response() throws Exception {
        try (FakeProviderServer server = new FakeProviderServer()) {
            server.on("/v1/messages/batches/msgbatch_1", 200, "{\"id\":\"msgbatch_1\",\"processing_status\":\"paused\","
                    + "\"request_counts\":{\"processing\":1}}");
            server.on("/v1/messages/batches/msgbatch_2", 200, "{\"id\":\"msgbatch_2\",\"processing_status\":\"ended\","
                    + "\"request_counts\":{\"succeeded\":1},\"results_url\":\"" + server.root()
                    + "/v1/messages/batches/msgbatch_2/results\"}");
            server.on("/v1/messages/batches/msgbatch_2/results", 200, "{\"custom_id\":\"a\",\"result\":{\"type\":\"succeeded\","
                    + "\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],\"usage\":{}}}}\nnot json\n");
            server.on("/v1/messages/batches", 200, "<html>gateway</html>");
            AnthropicBatchApi api = api(server.root() + "/v1", KEY);

            BatchException state = catchThrowableOfType(() -> api.status("msgbatch_1"), BatchException.class);
            assertThat(state.failure().kind()).isEqualTo(Failure.Kind.MALFORMED_RESPONSE);
            assertThat(state.getMessage()).contains("paused");
            BatchException line = catchThrowableOfType(() -> api.results("msgbatch_2"), BatchException.class);
            assertThat(line.failure().kind()).isEqualTo(Failure.Kind.MALFORMED_RESPONSE);
            assertThat(line.getMessage()).contains("line 2");
            assertThat(catchThrowableOfType(() -> api.submit(batchOf("a")), BatchException.class).failure().kind())
                    .isEqualTo(Failure.Kind.MALFORMED_RESPONSE);
        }
    }

    @Test
    void results_of_a_batch_still_running_are_refused() throws Exception {
        fake.pollsToEnd(5);
        AnthropicBatchApi api = api();
        String id = api.submit(batchOf("a", "b"));
        BatchException e = catchThrowableOfType(() -> api.results(id), BatchException.class);
        assertThat(e.failure().kind()).isEqualTo(Failure.Kind.BAD_REQUEST);
        assertThat(e.getMessage()).contains("has not ended");
    }

    @Test
    void a_results_url_on_another_server_is_read_at_the_documented_path_on_the_configured_one() throws Exception {
        // the fake names 127.0.0.1 in results_url; configured as localhost, the key goes to localhost only
        String localhost = fake.baseUrl().replace("127.0.0.1", "localhost");
        AnthropicBatchApi api = api(localhost, KEY);
        String id = api.submit(batchOf("a"));
        assertThat(api.status(id).state()).isEqualTo(BatchStatus.State.ENDED);
        assertThat(api.results(id)).containsKey("a");
        assertThat(events).allMatch(e -> e.endpoint().startsWith("http://localhost:"));
        assertThat(events.get(events.size() - 1).endpoint()).endsWith("/v1/messages/batches/" + id + "/results");
    }

    @Test
    void whole_batch_failures_are_batch_exceptions_of_the_right_kind_without_the_key() throws Exception {
        fake.failNextCreate(401, "authentication_error", "invalid x-api-key " + KEY, null)
                .failNextCreate(429, "rate_limit_error", "Number of concurrent batches exceeded", "7")
                .failNextCreate(500, "api_error", "Internal server error", "3")
                .failNextCreate(529, "overloaded_error", "Overloaded", null);
        AnthropicBatchApi api = api();
        List<BatchRequest> batch = batchOf("a");

        Failure auth = catchThrowableOfType(() -> api.submit(batch), BatchException.class).failure();
        assertThat(auth.kind()).isEqualTo(Failure.Kind.AUTHENTICATION);
        assertThat(auth.message()).contains("HTTP 401", "authentication_error").doesNotContain(KEY);
        Failure limited = catchThrowableOfType(() -> api.submit(batch), BatchException.class).failure();
        assertThat(limited.kind()).isEqualTo(Failure.Kind.RATE_LIMITED);
        assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        Failure server = catchThrowableOfType(() -> api.submit(batch), BatchException.class).failure();
        assertThat(server.kind()).isEqualTo(Failure.Kind.SERVER_ERROR);
        assertThat(server.kind().retryable()).isTrue();
        assertThat(catchThrowableOfType(() -> api.submit(batch), BatchException.class).failure().kind())
                .isEqualTo(Failure.Kind.UNAVAILABLE);
        assertThat(fake.batchIds()).isEmpty();
        assertThat(api.submit(batch)).isNotBlank();
    }

    @Test
    void a_wrong_key_an_unknown_batch_and_an_unreachable_server_are_told_apart() throws Exception {
        Failure wrongKey = catchThrowableOfType(() -> api(fake.baseUrl(), "sk-ant-wrong-key-999").submit(batchOf("a")),
                BatchException.class).failure();
        assertThat(wrongKey.kind()).isEqualTo(Failure.Kind.AUTHENTICATION);
        assertThat(wrongKey.message()).doesNotContain("sk-ant-wrong-key-999");
        AnthropicBatchApi noKey = new AnthropicBatchApi("claude", fake.baseUrl(), "claude-test", PARAMS, null,
                "the API key variable ANTHROPIC_API_KEY is not set", true, sink, Clock.systemUTC());
        assertThat(catchThrowableOfType(() -> noKey.status("msgbatch_x"), BatchException.class).getMessage())
                .contains("HTTP 401", "ANTHROPIC_API_KEY is not set");
        assertThat(fake.seen().get(fake.seen().size() - 1).header("x-api-key")).isNull();

        assertThat(catchThrowableOfType(() -> api().status("msgbatch_missing"), BatchException.class).failure().kind())
                .isEqualTo(Failure.Kind.BAD_REQUEST);

        events.clear();
        AnthropicBatchApi dead = api("http://127.0.0.1:" + FakeProviderServer.deadPort() + "/v1", KEY);
        Failure network = catchThrowableOfType(() -> dead.submit(batchOf("a")), BatchException.class).failure();
        assertThat(network.kind()).isEqualTo(Failure.Kind.NETWORK);
        assertThat(network.kind().retryable()).isTrue();
        assertThat(events).as("nothing reached a server").isEmpty();
    }

    @Test
    void requests_the_api_would_refuse_are_refused_before_anything_is_sent() {
        AnthropicBatchApi api = api();
        assertThat(catchThrowableOfType(() -> api.submit(List.of(plain("user.7"))), BatchException.class).getMessage())
                .contains("user.7", "letters, digits");
        assertThat(catchThrowableOfType(() -> api.submit(List.of(plain("a"), plain("a"))), BatchException.class)
                .getMessage()).contains("used twice");
        assertThat(catchThrowableOfType(() -> api.submit(List.of()), BatchException.class).failure().kind())
                .isEqualTo(Failure.Kind.BAD_REQUEST);
        List<BatchRequest> tooMany = Collections.nCopies(AnthropicBatchApi.MAX_REQUESTS + 1, plain("a"));
        assertThat(catchThrowableOfType(() -> api.submit(tooMany), BatchException.class).getMessage()).contains("100000");
        assertThat(fake.seen()).isEmpty();
    }

    @Test
    void size_of_adds_up_to_the_bytes_sent_and_the_limits_are_anthropics() throws Exception {
        AnthropicBatchApi api = api();
        assertThat(api.provider()).isEqualTo("anthropic");
        assertThat(api.maxRequests()).isEqualTo(100_000);
        assertThat(api.maxBytes()).isEqualTo(256_000_000L);
        List<BatchRequest> batch = List.of(plain("a"), request("b", "9", new Message("user", "Ünïcode ✓ " + "x".repeat(500))),
                plain("c"));
        long sizes = batch.stream().mapToLong(api::sizeOf).sum();

        api.submit(batch);

        long sent = fake.seen().get(0).body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        assertThat(sent).isEqualTo(sizes - 1 + "{\"requests\":[]}".length());
    }

    @Test
    void every_request_is_announced_and_recorded_in_the_egress_log_with_whose_data_it_carried() throws Exception {
        AnthropicBatchApi api = api();
        String id = api.submit(List.of(plain("a"), request("b", "42", new Message("user", "hi"))));
        api.status(id);
        api.results(id);
        api.cancel(id);

        assertThat(announced).hasSize(events.size());
        assertThat(announced).allMatch(e -> e.status() == 0);
        assertThat(events).extracting(EgressEvent::endpoint).containsExactly(
                fake.baseUrl() + "/messages/batches", fake.baseUrl() + "/messages/batches/" + id,
                fake.baseUrl() + "/messages/batches/" + id, fake.baseUrl() + "/messages/batches/" + id + "/results",
                fake.baseUrl() + "/messages/batches/" + id + "/cancel");
        EgressEvent submit = events.get(0);
        assertThat(submit.users()).containsExactly("u-a", "42");
        assertThat(submit.bytesSent()).isEqualTo(fake.seen().get(0).body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        assertThat(submit.remote()).isFalse();
        assertThat(events).allMatch(e -> e.project().equals("p1") && e.run().equals("r1") && e.variant().equals("v1")
                && e.backend().equals("claude") && e.provider().equals("anthropic") && e.model().equals("claude-test")
                && e.status() == 200);
        assertThat(events.subList(1, events.size())).allMatch(e -> e.bytesSent() == 0 && e.users().isEmpty());
        assertThat(events.toString()).doesNotContain(KEY);
    }

    @Test
    void batch_apis_builds_the_anthropic_client_with_the_key_rules_of_the_live_adapter() throws Exception {
        ProviderConfig local = new ProviderConfig("c", "anthropic", fake.baseUrl(), "claude-test", null, PARAMS, null, 1);
        assertThat(BatchApis.supports("Anthropic")).isTrue();
        BatchApi api = BatchApis.create(local, Map.of("ANTHROPIC_API_KEY", KEY)::get, sink);
        assertThat(api).isInstanceOf(AnthropicBatchApi.class);
        assertThat(api.submit(batchOf("a"))).isNotBlank();
        assertThat(fake.seen().get(0).header("x-api-key")).isEqualTo(KEY);

        ProviderConfig publicEndpoint = new ProviderConfig("c", "anthropic", null, "claude-test", null, PARAMS, null, 1);
        assertThatThrownBy(() -> BatchApis.create(publicEndpoint, k -> null, sink))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ANTHROPIC_API_KEY");
        ProviderConfig named = new ProviderConfig("c", "anthropic", fake.baseUrl(), "claude-test", "MY_CLAUDE_KEY", PARAMS,
                null, 1);
        assertThatThrownBy(() -> BatchApis.create(named, k -> null, sink))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MY_CLAUDE_KEY");
        assertThat(BatchApis.create(local, k -> null, sink)).as("a local server may need no key").isNotNull();
    }
}
