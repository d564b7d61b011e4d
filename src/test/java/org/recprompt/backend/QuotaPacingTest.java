package org.recprompt.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.recprompt.backend.QuotaObservation.Dimension;
import org.recprompt.backend.adapter.LlmParameters;
import org.recprompt.backend.adapter.ProviderConfig;
import org.recprompt.backend.adapter.Providers;
import org.recprompt.prompt.Message;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The whole path against an in-process OpenAI-compatible server whose quota runs on the test's
 * fake clock: the adapter reads the headers, the limiter paces, the server counts its refusals.
 */
class QuotaPacingTest {

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** Three requests a minute as a token bucket on {@code t} (empty when it always refuses); 429 beyond them. */
    private String startServer(RateLimiterTest.FakeTime t, AtomicInteger refused, boolean alwaysRefuse) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        double[] level = {alwaysRefuse ? 0 : 3};
        long[] last = {t.millis()};
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            boolean ok;
            long remaining;
            long resetMillis;
            synchronized (level) {
                long now = t.millis();
                level[0] = Math.min(3, level[0] + (now - last[0]) * 3 / 60_000.0);
                last[0] = now;
                ok = !alwaysRefuse && level[0] >= 1;
                if (ok) {
                    level[0] -= 1;
                }
                remaining = (long) Math.floor(level[0]);
                resetMillis = (long) Math.ceil((3 - level[0]) * 20_000);
            }
            var h = exchange.getResponseHeaders();
            h.set("x-ratelimit-limit-requests", "3");
            h.set("x-ratelimit-remaining-requests", String.valueOf(remaining));
            h.set("x-ratelimit-reset-requests", resetMillis / 1000 + "s");
            if (!ok) {
                refused.incrementAndGet();
                h.set("retry-after", "30");
                send(exchange, 429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}");
                return;
            }
            send(exchange, 200, "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":"
                    + "[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"1. Heat (1995)\"},"
                    + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":5,\"total_tokens\":17}}");
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static ProviderConfig config(String url) {
        return new ProviderConfig("quota", "openai", url, "m", null, LlmParameters.DEFAULTS, Duration.ofSeconds(10), 1);
    }

    private static BackendRequest request(int i) {
        return BackendRequest.of(List.of(new Message("user", "Recommend a movie (" + i + ")")));
    }

    @Test
    void a_burst_gets_no_429_when_the_headers_say_nothing_remains_until_the_bucket_refills() throws Exception {
        RateLimiterTest.FakeTime t = new RateLimiterTest.FakeTime();
        AtomicInteger refused = new AtomicInteger();
        String url = startServer(t, refused, false);
        RateLimiter limiter = RateLimiter.learning(t, t.sleeper);
        // no retries: a 429 would be the call's outcome, not hidden by a second attempt
        Backend backend = new ResilientBackend(Providers.create(config(url), v -> null, limiter), RetryPolicy.NONE, 1,
                100, limiter, t.sleeper, 1);

        for (int i = 0; i < 10; i++) {
            BackendResult r = backend.generate(request(i));
            assertThat(r.isOk()).as("call %d: %s", i, r.failure()).isTrue();
        }

        assertThat(refused.get()).isZero();
        assertThat(limiter.limit(Dimension.REQUESTS)).isEqualTo(3); // learned from the headers
        // three from the full bucket, then one every 20 s as it refills (3 a minute)
        assertThat(t.waits).hasSize(7).allMatch(d -> d.equals(Duration.ofSeconds(20)));
        assertThat(t.millis()).isEqualTo(140_000);
    }

    @Test
    void the_headers_of_a_429_reach_the_observer_with_its_retry_after() throws Exception {
        RateLimiterTest.FakeTime t = new RateLimiterTest.FakeTime();
        AtomicInteger refused = new AtomicInteger();
        String url = startServer(t, refused, true);
        List<QuotaObservation> seen = new CopyOnWriteArrayList<>();

        BackendResult r = Providers.create(config(url), v -> null, seen::add).generate(request(0));

        assertThat(r.failure().kind()).isEqualTo(Failure.Kind.RATE_LIMITED);
        assertThat(seen).hasSize(1);
        QuotaObservation o = seen.get(0);
        assertThat(o.status()).isEqualTo(429);
        assertThat(o.retryAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.quotas().get(Dimension.REQUESTS)).isEqualTo(new QuotaObservation.Quota(3L, 0L, Duration.ofMinutes(1)));
    }
}
