package org.recprompt.backend.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.recprompt.backend.Backend;
import org.recprompt.backend.BackendRequest;
import org.recprompt.backend.BackendResult;
import org.recprompt.backend.Failure.Kind;
import org.recprompt.backend.ResilientBackend;
import org.recprompt.backend.RetryPolicy;
import org.recprompt.backend.Sleeper;
import org.recprompt.backend.Usage;
import org.recprompt.prompt.Message;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;

/**
 * The contract every LLM adapter keeps, checked against a local server on 127.0.0.1 that speaks
 * the provider's wire format: success with usage, 429 with Retry-After (honoured by
 * ResilientBackend), 503, 500 then success, timeout, malformed JSON, empty content, a refusal,
 * authentication and bad-request errors (the key never in a message), connection refused.
 */
abstract class BackendContractTest {

    static final String SECRET = "sk-test-SECRET-4242";
    static final Duration TIMEOUT = Duration.ofMillis(300);
    static final BackendRequest REQUEST = BackendRequest.of(List.of(new Message("system", "You recommend movies."),
            new Message("user", "Rank: Heat (1995), Toy Story (1995)")));

    /** One scripted answer. */
    record Reply(int status, String body, Map<String, String> headers, long delayMillis) {
        static Reply json(int status, String body) {
            return new Reply(status, body, Map.of(), 0);
        }
    }

    /** What the server saw. */
    record Seen(String method, String path, Headers headers, String body) {
    }

    HttpServer server;
    ExecutorService pool;
    final ConcurrentLinkedDeque<Reply> script = new ConcurrentLinkedDeque<>();
    final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
    final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());
    final Sleeper recording = waits::add;

    /** The adapter under test, pointed at {@code root} (http://127.0.0.1:port), with the given timeout and key. */
    abstract Backend backend(String root, Duration timeout, String apiKey);

    /** A successful answer in the provider's format. */
    abstract String success(String text, int inputTokens, int outputTokens);

    /** A well-formed answer with no text. */
    abstract String empty();

    /** A well-formed refusal, or null when the provider has no refusal signal. */
    abstract String refusal();

    /** The path the adapter posts to. */
    abstract String expectedPath();

    /** Whether the provider sends an API key (Ollama's native API does not). */
    boolean usesKey() {
        return true;
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        pool = Executors.newFixedThreadPool(4);
        server.setExecutor(pool);
        server.createContext("/", ex -> {
            byte[] in = ex.getRequestBody().readAllBytes();
            seen.add(new Seen(ex.getRequestMethod(), ex.getRequestURI().getPath(), ex.getRequestHeaders(),
                    new String(in, StandardCharsets.UTF_8)));
            Reply r = script.poll();
            if (r == null) {
                r = Reply.json(200, success("extra", 1, 1));
            }
            try {
                if (r.delayMillis() > 0) {
                    Thread.sleep(r.delayMillis());
                }
                byte[] out = r.body().getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                r.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
                ex.sendResponseHeaders(r.status(), out.length == 0 ? -1 : out.length);
                if (out.length > 0) {
                    ex.getResponseBody().write(out);
                }
            } catch (InterruptedException | IOException gone) {
                // the client gave up (timeout test)
            } finally {
                ex.close();
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        pool.shutdownNow();
    }

    String root() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    Backend backend() {
        return backend(root(), Duration.ofSeconds(5), SECRET);
    }

    Backend resilient() {
        return new ResilientBackend(backend(), RetryPolicy.DEFAULT, 2, 10, recording, 7);
    }

    @Test
    void success_maps_text_and_token_usage() {
        script.add(Reply.json(200, success("1. Heat (1995)\n2. Toy Story (1995)", 12, 5)));

        BackendResult r = backend().generate(REQUEST);

        assertThat(r.failure()).isNull();
        assertThat(r.text()).isEqualTo("1. Heat (1995)\n2. Toy Story (1995)");
        assertThat(r.usage()).isEqualTo(new Usage(12, 5));
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).method()).isEqualTo("POST");
        assertThat(seen.get(0).path()).isEqualTo(expectedPath());
        assertThat(seen.get(0).body()).contains("You recommend movies.").contains("Rank: Heat (1995), Toy Story (1995)");
    }

    @Test
    void a_429_is_rate_limited_with_its_retry_after_and_the_wait_is_honoured() {
        script.add(new Reply(429, "{\"error\":{\"message\":\"slow down\"}}", Map.of("Retry-After", "2"), 0));

        BackendResult r = backend().generate(REQUEST);

        assertThat(r.failure().kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(r.failure().retryAfter()).isEqualTo(Duration.ofSeconds(2));

        script.add(new Reply(429, "{\"error\":{\"message\":\"slow down\"}}", Map.of("Retry-After", "2"), 0));
        script.add(Reply.json(200, success("1. Heat (1995)", 3, 4)));
        BackendResult retried = resilient().generate(REQUEST);

        assertThat(retried.isOk()).isTrue();
        assertThat(retried.text()).isEqualTo("1. Heat (1995)");
        assertThat(retried.attempts()).isEqualTo(2);
        assertThat(waits).hasSize(1);
        assertThat(waits.get(0)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void a_503_is_unavailable_and_keeps_a_retry_after_given_as_an_http_date() {
        String in30s = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(30));
        script.add(new Reply(503, "{\"error\":{\"message\":\"overloaded\"}}", Map.of("Retry-After", in30s), 0));

        BackendResult r = backend().generate(REQUEST);

        assertThat(r.failure().kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(r.failure().retryAfter()).isBetween(Duration.ofSeconds(25), Duration.ofSeconds(31));
    }

    @Test
    void a_500_then_success_succeeds_through_the_resilient_backend() {
        script.add(Reply.json(500, "{\"error\":{\"message\":\"boom\"}}"));
        script.add(Reply.json(200, success("1. Heat (1995)", 3, 4)));

        BackendResult r = resilient().generate(REQUEST);

        assertThat(r.isOk()).isTrue();
        assertThat(r.attempts()).isEqualTo(2);
        assertThat(seen).hasSize(2);

        script.add(Reply.json(502, "bad gateway"));
        assertThat(backend().generate(REQUEST).failure().kind()).isEqualTo(Kind.SERVER_ERROR);
    }

    @Test
    void a_server_slower_than_the_timeout_is_a_timeout() {
        script.add(new Reply(200, success("late", 1, 1), Map.of(), 1500));

        long start = System.nanoTime();
        BackendResult r = backend(root(), TIMEOUT, SECRET).generate(REQUEST);

        assertThat(r.failure().kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1400));
    }

    @Test
    void malformed_json_is_a_malformed_response() {
        script.add(Reply.json(200, "{\"choices\": [ this is not json"));

        BackendResult r = backend().generate(REQUEST);

        assertThat(r.failure().kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
    }

    @Test
    void empty_content_is_an_empty_response() {
        script.add(Reply.json(200, empty()));

        BackendResult r = backend().generate(REQUEST);

        assertThat(r.failure().kind()).isEqualTo(Kind.EMPTY_RESPONSE);
    }

    @Test
    void a_refusal_is_refused() {
        String body = refusal();
        assumeTrue(body != null, "this provider has no refusal signal");
        script.add(Reply.json(200, body));

        BackendResult r = backend().generate(REQUEST);

        assertThat(r.failure().kind()).as(r.failure().message()).isEqualTo(Kind.REFUSED);
    }

    @Test
    void authentication_and_bad_request_errors_never_show_the_key() {
        String echo = "{\"error\":{\"message\":\"Incorrect API key provided: " + SECRET + "\",\"type\":\"invalid_request_error\"}}";
        script.add(Reply.json(401, echo));
        script.add(Reply.json(403, echo));
        script.add(Reply.json(400, "{\"error\":{\"message\":\"bad parameter (key " + SECRET + ")\"}}"));

        BackendResult unauthorized = backend().generate(REQUEST);
        BackendResult forbidden = backend().generate(REQUEST);
        BackendResult bad = backend().generate(REQUEST);

        assertThat(unauthorized.failure().kind()).isEqualTo(Kind.AUTHENTICATION);
        assertThat(forbidden.failure().kind()).isEqualTo(Kind.AUTHENTICATION);
        assertThat(bad.failure().kind()).isEqualTo(Kind.BAD_REQUEST);
        if (usesKey()) {
            for (BackendResult r : List.of(unauthorized, forbidden, bad)) {
                assertThat(r.failure().message()).doesNotContain(SECRET).contains("HTTP");
            }
            assertThat(seen.get(0).headers().values().stream().flatMap(List::stream).anyMatch(v -> v.contains(SECRET))
                    || seen.get(0).path().contains(SECRET)).as("the key is sent to the server").isTrue();
        }
    }

    @Test
    void a_refused_connection_is_a_network_failure() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        BackendResult r = backend("http://127.0.0.1:" + closed, TIMEOUT, SECRET).generate(REQUEST);

        assertThat(r.failure().kind()).isEqualTo(Kind.NETWORK);
        assertThat(r.failure().message()).doesNotContain(SECRET);
    }

    /** JSON string literal. */
    static String q(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
