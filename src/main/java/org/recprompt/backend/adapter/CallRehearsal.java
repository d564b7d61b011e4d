package org.recprompt.backend.adapter;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.recprompt.backend.BackendRequest;
import org.recprompt.backend.BackendResult;
import org.recprompt.prompt.Message;

import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import dev.langchain4j.model.openai.OpenAiChatModel;

/**
 * One call through the OpenAI-compatible adapter's own code to a canned answer, with no network:
 * langchain4j builds and serialises the request, the adapter's HTTP client is a stand-in that
 * returns a fixed chat completion, and langchain4j and {@link OpenAiCompatibleBackend} read it as
 * they read every answer.
 *
 * <p>Why: in a cold JVM the first call of each of a run's 32 call threads took 280 ms against a
 * 50 ms server, because all 32 loaded and first ran the same code at once (langchain4j's request
 * and response types, Jackson's serialisers and deserialisers for them, the adapter's answer
 * mapping). A run calls this on a spare thread once its experiment is read, while the dataset
 * loads, so that code is loaded once and the first calls find it ready (170 ms; the whole
 * perf-engine run 0.07 to 0.24 s shorter, docs/PERFORMANCE.md "Issue 22, sixth pass"). Nothing
 * leaves the process, nothing is cached, logged or written, and its answer is thrown away.
 */
public final class CallRehearsal {

    /** The stand-in answer: a chat completion as OpenAI documents it, with usage. */
    static final String ANSWER = "{\"id\":\"chatcmpl-rehearsal\",\"object\":\"chat.completion\",\"created\":1,"
            + "\"model\":\"rehearsal\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
            + "\"content\":\"1. Heat (1995)\\n2. Casino (1995)\",\"refusal\":null},\"logprobs\":null,"
            + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":24,\"completion_tokens\":9,\"total_tokens\":33}}";

    private CallRehearsal() {
    }

    /**
     * Rehearses one call on a daemon thread of its own and returns at once. A rehearsal that fails
     * only leaves the first calls as slow as they were.
     */
    public static void startInBackground() {
        Thread rehearsal = new Thread(CallRehearsal::openAiCompatible, "run-call-rehearsal");
        rehearsal.setDaemon(true);
        rehearsal.setUncaughtExceptionHandler((t, e) -> { });
        rehearsal.start();
    }

    /** Rehearses one call; returns its result (the canned answer, read by the adapter) for the tests. */
    public static BackendResult openAiCompatible() {
        return openAiCompatible(new AtomicReference<>());
    }

    static BackendResult openAiCompatible(AtomicReference<HttpRequest> sent) {
        LlmParameters p = LlmParameters.DEFAULTS;
        OpenAiChatModel model = OpenAiChatModel.builder()
                .httpClientBuilder(new Canned(sent))
                .baseUrl("http://127.0.0.1:9/v1") // never connected to: the stand-in client answers
                .apiKey("none")
                .modelName("rehearsal")
                .temperature(p.temperature())
                .topP(p.topP())
                .seed(p.seed())
                .maxTokens(p.maxTokens())
                .timeout(p.timeout())
                .maxRetries(0)
                .logRequests(false)
                .logResponses(false)
                .build();
        OpenAiCompatibleBackend backend = new OpenAiCompatibleBackend(model, "rehearsal", p);
        return backend.generate(BackendRequest.of(List.of(
                new Message("system", "You are a movie recommender. Answer with a numbered list of titles."),
                new Message("user", "The user rated: Toy Story (1995): 5. Rank these candidates: Heat (1995), Casino (1995)."))));
    }

    /** The stand-in HTTP client: remembers the request, answers {@link #ANSWER}. */
    private static final class Canned implements HttpClientBuilder, HttpClient {
        private final AtomicReference<HttpRequest> sent;
        private Duration connectTimeout;
        private Duration readTimeout;

        Canned(AtomicReference<HttpRequest> sent) {
            this.sent = sent;
        }

        @Override
        public Duration connectTimeout() {
            return connectTimeout;
        }

        @Override
        public HttpClientBuilder connectTimeout(Duration timeout) {
            connectTimeout = timeout;
            return this;
        }

        @Override
        public Duration readTimeout() {
            return readTimeout;
        }

        @Override
        public HttpClientBuilder readTimeout(Duration timeout) {
            readTimeout = timeout;
            return this;
        }

        @Override
        public HttpClient build() {
            return this;
        }

        @Override
        public SuccessfulHttpResponse execute(HttpRequest request) {
            sent.set(request);
            return SuccessfulHttpResponse.builder().statusCode(200)
                    .headers(Map.of("content-type", List.of("application/json"))).body(ANSWER).build();
        }

        @Override
        public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
            throw new IllegalStateException("the rehearsal makes no streaming call"); // the adapters never stream
        }
    }
}
