package org.recprompt.backend.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.recprompt.backend.BackendRequest;
import org.recprompt.backend.BackendResult;
import org.recprompt.backend.Failure;
import org.recprompt.backend.ResilientBackend;
import org.recprompt.backend.RetryPolicy;
import org.recprompt.backend.Sleeper;
import org.recprompt.prompt.Message;

import com.sun.net.httpserver.HttpServer;

/**
 * A server that sends 200 and its headers at once, then one byte of the body every 200 ms for
 * 150 s: the timeout bounds the whole call, so the call ends as a TIMEOUT near the timeout, the
 * connection is closed (the server's write fails), and retries still apply.
 */
class TrickledBodyTest {

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final CountDownLatch cutOff = new CountDownLatch(1);
    private volatile boolean stop;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "trickle");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 1 + 150 * 5);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write('{');
                out.flush();
                for (int i = 0; i < 150 * 5 && !stop; i++) {
                    Thread.sleep(200);
                    out.write(' ');
                    out.flush();
                }
            } catch (IOException e) {
                cutOff.countDown(); // the client closed the connection
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        stop = true;
        server.stop(0);
    }

    private OpenAiCompatibleBackend backend(Duration timeout) {
        return new OpenAiCompatibleBackend("http://127.0.0.1:" + server.getAddress().getPort() + "/v1", "m", "k",
                OpenAiCompatibleBackendTest.PARAMS.withTimeout(timeout), null);
    }

    private static BackendRequest request() {
        return new BackendRequest(List.of(new Message("user", "Recommend a film.")), 0, List.of(), Map.of());
    }

    @Test
    void a_trickled_body_is_cut_off_at_the_timeout_and_its_connection_closed() throws Exception {
        long t0 = System.nanoTime();
        BackendResult r = backend(Duration.ofSeconds(2)).generate(request());
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);

        assertThat(r.isOk()).isFalse();
        assertThat(r.failure().kind()).isEqualTo(Failure.Kind.TIMEOUT);
        assertThat(r.failure().message()).contains("body included");
        assertThat(seconds).as("the body trickles for 150 s; the call must end near its 2 s timeout").isLessThan(30);
        assertThat(cutOff.await(20, TimeUnit.SECONDS)).as("the cancelled exchange closes its connection").isTrue();
    }

    /** Both ways a call is made: on the calling thread (a plain-HTTP endpoint, {@link BlockingHttp}) and through the JDK client (as for TLS). */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void the_deadline_holds_on_the_calling_thread_and_through_the_jdk_client(boolean plainHttp) {
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/chat/completions";
        ProviderHttpClient client = ProviderHttpClient.builder().readTimeout(Duration.ofSeconds(1))
                .endpoint(plainHttp ? url : null).build();
        dev.langchain4j.http.client.HttpRequest request = dev.langchain4j.http.client.HttpRequest.builder()
                .method(dev.langchain4j.http.client.HttpMethod.POST).url(url)
                .addHeader("Content-Type", "application/json").body("{}").build();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.execute(request))
                .isInstanceOf(dev.langchain4j.exception.TimeoutException.class)
                .hasMessageContaining("no complete answer within 1 s (the timeout covers the whole call, body included)");
        assertThat(requests.get()).isEqualTo(1);
    }

    @Test
    void a_timed_out_call_is_retried_as_configured() {
        ResilientBackend resilient = new ResilientBackend(backend(Duration.ofSeconds(1)),
                new RetryPolicy(2, Duration.ZERO, Duration.ZERO), 1, 10, Sleeper.REAL, 1);

        BackendResult r = resilient.generate(request());

        assertThat(r.failure().kind()).isEqualTo(Failure.Kind.TIMEOUT);
        assertThat(r.attempts()).isEqualTo(2);
        assertThat(requests.get()).isEqualTo(2);
    }

    @Test
    void listing_models_is_bounded_too() {
        server.removeContext("/");
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, 1000);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 1000 && !stop; i++) {
                    out.write(' ');
                    out.flush();
                    Thread.sleep(200);
                }
            } catch (IOException | InterruptedException e) {
                cutOff.countDown();
            }
        });
        long t0 = System.nanoTime();
        ModelLister.Result r = new ModelLister(Duration.ofSeconds(1)).list("openai",
                "http://127.0.0.1:" + server.getAddress().getPort() + "/v1", null);

        assertThat(r.outcome()).isEqualTo(ModelLister.Outcome.TIMEOUT);
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).isLessThan(30);
        assertThat(r.message()).isNotBlank();
    }
}
