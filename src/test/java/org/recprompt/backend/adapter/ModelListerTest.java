package org.recprompt.backend.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.recprompt.backend.FakeProviderServer;
import org.recprompt.backend.FakeProviderServer.Reply;
import org.recprompt.backend.adapter.ModelLister.Outcome;

/** Model listing against local servers speaking each provider's format, and its errors (never with the key). */
class ModelListerTest {

    static final String KEY = "sk-test-lister-SECRET-9876";

    FakeProviderServer server;
    final ModelLister lister = new ModelLister(Duration.ofMillis(800));

    @BeforeEach
    void start() throws Exception {
        server = new FakeProviderServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void openai_compatible_models_are_listed_sorted_with_the_key_as_bearer() {
        server.on("/v1/models", 200, "{\"object\":\"list\",\"data\":[{\"id\":\"gpt-4o-mini\",\"object\":\"model\"},"
                + "{\"id\":\"gpt-4.1\",\"object\":\"model\"},{\"id\":\"text-embedding-3-small\",\"object\":\"model\"}]}");

        ModelLister.Result r = lister.list("openai", server.root() + "/v1/", KEY);

        assertThat(r.outcome()).isEqualTo(Outcome.OK);
        assertThat(r.models()).containsExactly("gpt-4.1", "gpt-4o-mini", "text-embedding-3-small");
        assertThat(server.seen()).singleElement().satisfies(s -> {
            assertThat(s.method()).isEqualTo("GET");
            assertThat(s.pathAndQuery()).isEqualTo("/v1/models");
            assertThat(s.header("Authorization")).isEqualTo("Bearer " + KEY);
        });
    }

    @Test
    void ollama_tags_are_listed_and_no_key_is_sent() {
        server.on("/api/tags", 200, "{\"models\":[{\"name\":\"llama3.2:latest\",\"model\":\"llama3.2:latest\",\"size\":1},"
                + "{\"name\":\"qwen2.5:7b\",\"model\":\"qwen2.5:7b\"}]}");

        ModelLister.Result r = lister.list("ollama", server.root(), KEY);

        assertThat(r.isOk()).isTrue();
        assertThat(r.models()).containsExactly("llama3.2:latest", "qwen2.5:7b");
        assertThat(server.seen().get(0).header("Authorization")).isNull();
        assertThat(server.seen().get(0).pathAndQuery()).isEqualTo("/api/tags");
    }

    @Test
    void a_401_says_the_key_was_rejected_without_repeating_it_even_when_the_server_echoes_it() {
        server.on("/v1/models", 401, "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + "\",\"type\":\"invalid_request_error\"}}");

        ModelLister.Result r = lister.list("openai", server.root() + "/v1", KEY);

        assertThat(r.outcome()).isEqualTo(Outcome.KEY_REJECTED);
        assertThat(r.unreachable()).isFalse();
        assertThat(r.message()).contains("rejected the API key (HTTP 401)").contains("Incorrect API key provided")
                .doesNotContain(KEY).contains("[redacted]");
        assertThat(r.models()).isEmpty();
    }

    @Test
    void a_refused_connection_names_the_address_and_says_so() throws Exception {
        int port = FakeProviderServer.deadPort();

        ModelLister.Result r = lister.list("openai", "http://127.0.0.1:" + port + "/v1", KEY);

        assertThat(r.outcome()).isEqualTo(Outcome.UNREACHABLE);
        assertThat(r.unreachable()).isTrue();
        assertThat(r.message()).isEqualTo("Cannot connect to 127.0.0.1:" + port + " (connection refused): is the server "
                + "running at http://127.0.0.1:" + port + "/v1/models?");
    }

    @Test
    void a_call_to_a_refused_server_fails_in_the_words_of_test_connection() throws Exception {
        int port = FakeProviderServer.deadPort();
        String base = "http://127.0.0.1:" + port + "/v1";

        org.recprompt.backend.BackendResult r = new OpenAiCompatibleBackend(base, "m", KEY, OpenAiCompatibleBackendTest.PARAMS, null)
                .generate(org.recprompt.backend.BackendRequest.of(java.util.List.of(new org.recprompt.prompt.Message("user", "hi"))));

        assertThat(r.failure().kind()).isEqualTo(org.recprompt.backend.Failure.Kind.NETWORK);
        assertThat(r.failure().message()).isEqualTo(lister.list("openai", base, KEY).message().replace("/v1/models?", "/v1/chat/completions?"))
                .isEqualTo("Cannot connect to 127.0.0.1:" + port + " (connection refused): is the server running at " + base
                        + "/chat/completions?");
    }

    @Test
    void malformed_json_a_missing_list_a_404_and_a_slow_server_each_get_their_own_message() {
        server.on("/bad/models", 200, "<html>not json</html>");
        server.on("/empty/models", 200, "{\"object\":\"list\"}");
        server.on("/slow/models", new Reply(200, "{\"data\":[]}", 3000));

        ModelLister.Result bad = lister.list("openai", server.root() + "/bad", KEY);
        ModelLister.Result empty = lister.list("openai", server.root() + "/empty", KEY);
        ModelLister.Result missing = lister.list("openai", server.root() + "/nothing", KEY);
        ModelLister.Result slow = lister.list("openai", server.root() + "/slow", KEY);

        assertThat(bad.outcome()).isEqualTo(Outcome.MALFORMED);
        assertThat(bad.message()).startsWith("The answer of " + server.root() + "/bad/models is not the expected model list");
        assertThat(empty.outcome()).isEqualTo(Outcome.MALFORMED);
        assertThat(empty.message()).contains("no 'data' array");
        assertThat(missing.outcome()).isEqualTo(Outcome.HTTP_ERROR);
        assertThat(missing.message()).startsWith("HTTP 404 from").contains("does not list models there");
        assertThat(slow.outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat(slow.message()).isEqualTo("No answer from " + server.root() + "/slow/models within 800 ms.");
        assertThat(slow.unreachable()).isTrue();
    }

    @Test
    void anthropic_and_gemini_get_their_headers_and_gemini_keeps_only_models_that_generate() {
        server.on("/v1/models", 200, "{\"data\":[{\"type\":\"model\",\"id\":\"claude-3-5-haiku-20241022\"}],\"has_more\":false}");
        server.on("/v1beta/models", 200, "{\"models\":[{\"name\":\"models/gemini-2.0-flash\","
                + "\"supportedGenerationMethods\":[\"generateContent\",\"countTokens\"]},"
                + "{\"name\":\"models/text-embedding-004\",\"supportedGenerationMethods\":[\"embedContent\"]}]}");

        ModelLister.Result claude = lister.list("anthropic", server.root() + "/v1", KEY);
        ModelLister.Result gemini = lister.list("gemini", server.root() + "/v1beta", KEY);

        assertThat(claude.models()).containsExactly("claude-3-5-haiku-20241022");
        assertThat(gemini.models()).containsExactly("gemini-2.0-flash");
        FakeProviderServer.Seen a = server.seen().get(0);
        assertThat(a.header("x-api-key")).isEqualTo(KEY);
        assertThat(a.header("anthropic-version")).isEqualTo(ModelLister.ANTHROPIC_VERSION);
        assertThat(a.header("Authorization")).isNull();
        FakeProviderServer.Seen g = server.seen().get(1);
        assertThat(g.header("x-goog-api-key")).isEqualTo(KEY);
        assertThat(g.pathAndQuery()).startsWith("/v1beta/models").doesNotContain(KEY);
    }
}
