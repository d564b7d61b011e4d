package org.recprompt.backend.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.langchain4j.http.client.HttpMethod;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;

/**
 * Plain-HTTP calls on the calling thread ({@link BlockingHttp} through {@link ProviderHttpClient}),
 * against a raw socket server that shows what the wire carried: connections are kept alive and
 * reused (also by 16 callers at once, past the JDK's default of 5 idle connections per server), a
 * connection the server closed while idle is replaced without failing the call or sending the
 * request twice, an interrupted caller stops waiting, and the request is sent as given.
 */
class BlockingHttpTest {

    /** What the server does after reading a request. */
    enum Mode { ANSWER, ANSWER_THEN_CLOSE, NEVER_ANSWER }

    private final RawServer server = new RawServer();

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private static ProviderHttpClient client(String url, Duration timeout) {
        return ProviderHttpClient.builder().readTimeout(timeout).endpoint(url).build();
    }

    private static HttpRequest post(String url, String body) {
        return HttpRequest.builder().method(HttpMethod.POST).url(url)
                .addHeader("Content-Type", "application/json").addHeader("Authorization", "Bearer k")
                .body(body).build();
    }

    @Test
    void the_request_goes_out_as_given_and_the_answer_comes_back_with_its_headers() throws Exception {
        server.start(Mode.ANSWER);
        String url = server.url();

        SuccessfulHttpResponse r = client(url, Duration.ofSeconds(10)).execute(post(url, "{\"q\":\"é\"}"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"ok\":1}");
        assertThat(r.headers().get("x-ratelimit-remaining-requests")).containsExactly("7");
        RawServer.Seen seen = server.requests.get(0);
        assertThat(seen.head()).startsWith("POST /v1/chat/completions HTTP/1.1\r\n");
        String head = seen.head().toLowerCase(Locale.ROOT);
        assertThat(head).contains("content-type: application/json", "authorization: bearer k",
                "content-length: " + "{\"q\":\"é\"}".getBytes(StandardCharsets.UTF_8).length, "accept: */*");
        assertThat(seen.body()).isEqualTo("{\"q\":\"é\"}");
    }

    @Test
    void callers_at_once_keep_one_connection_each_beyond_the_jdks_default_of_five() throws Exception {
        server.start(Mode.ANSWER);
        String url = server.url();
        ProviderHttpClient client = client(url, Duration.ofSeconds(10));
        int callers = 16;
        int rounds = 5;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<?>> done = new ArrayList<>();
            // every round ends with all connections idle at once, as when a run's callers wait on a paced quota
            CyclicBarrier round = new CyclicBarrier(callers);
            for (int t = 0; t < callers; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < rounds; i++) {
                        round.await(30, TimeUnit.SECONDS);
                        assertThat(client.execute(post(url, "{}")).statusCode()).isEqualTo(200);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(server.requests).hasSize(callers * rounds);
        assertThat(server.connections.get()).as("a kept-alive connection per caller, not one per call")
                .isLessThanOrEqualTo(callers);
    }

    @Test
    void a_connection_the_server_closed_while_idle_is_replaced_and_the_request_reaches_the_server_once() throws Exception {
        server.start(Mode.ANSWER_THEN_CLOSE);
        String url = server.url();
        ProviderHttpClient client = client(url, Duration.ofSeconds(10));

        for (int i = 0; i < 3; i++) {
            try (WireTap tap = WireTap.open()) {
                assertThat(client.execute(post(url, "{\"call\":" + i + "}")).statusCode()).isEqualTo(200);
                assertThat(tap.sent()).hasSize(1);
            }
            Thread.sleep(50); // the server has closed the connection meanwhile
        }
        assertThat(server.requests).extracting(RawServer.Seen::body)
                .containsExactly("{\"call\":0}", "{\"call\":1}", "{\"call\":2}");
        assertThat(server.connections.get()).isEqualTo(3);
    }

    @Test
    void an_interrupted_caller_stops_waiting_and_the_connection_is_closed() throws Exception {
        server.start(Mode.NEVER_ANSWER);
        String url = server.url();
        ProviderHttpClient client = client(url, Duration.ofSeconds(120));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> flag = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                client.execute(post(url, "{}"));
            } catch (Throwable t) {
                thrown.set(t);
            }
            flag.set(Thread.currentThread().isInterrupted());
        });
        caller.start();
        assertThat(server.read.await(20, TimeUnit.SECONDS)).as("the request reached the server").isTrue();
        long t0 = System.nanoTime();
        caller.interrupt();
        caller.join(TimeUnit.SECONDS.toMillis(30));

        assertThat(caller.isAlive()).isFalse();
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).as("not the 120 s timeout").isLessThan(10);
        assertThat(thrown.get()).isInstanceOf(IllegalStateException.class).hasMessage("interrupted");
        assertThat(flag.get()).as("the interrupt is kept for the caller's caller").isTrue();
        assertThat(server.closedByClient.await(20, TimeUnit.SECONDS)).isTrue();
    }

    /** On both paths: the calling thread's (plain HTTP) and the JDK client's (TLS endpoints; here over plain HTTP). */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void a_refused_connection_sent_nothing_and_says_so(boolean plainHttp) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/v1/chat/completions";
        try (WireTap tap = WireTap.open()) {
            ProviderHttpClient client = ProviderHttpClient.builder().readTimeout(Duration.ofSeconds(5))
                    .endpoint(plainHttp ? url : null).build();
            assertThatThrownBy(() -> client.execute(post(url, "{}")))
                    .isInstanceOf(UnreachableException.class)
                    .hasMessageContaining("Cannot connect to 127.0.0.1:" + port + " (connection refused)");
            assertThat(tap.sent()).isEmpty();
        }
    }

    /** HTTP/1.1 over plain sockets, a thread per connection; records every request it read. */
    static final class RawServer implements AutoCloseable {
        record Seen(String head, String body) {
        }

        final List<Seen> requests = new CopyOnWriteArrayList<>();
        final AtomicInteger connections = new AtomicInteger();
        final CountDownLatch read = new CountDownLatch(1);
        final CountDownLatch closedByClient = new CountDownLatch(1);
        private ServerSocket socket;
        private final List<Socket> open = new CopyOnWriteArrayList<>();

        void start(Mode mode) throws IOException {
            socket = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
            Thread accept = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket s = socket.accept();
                        open.add(s);
                        connections.incrementAndGet();
                        Thread t = new Thread(() -> serve(s, mode), "raw-conn");
                        t.setDaemon(true);
                        t.start();
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "raw-accept");
            accept.setDaemon(true);
            accept.start();
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/v1/chat/completions";
        }

        private void serve(Socket s, Mode mode) {
            try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                while (true) {
                    Seen seen = readRequest(in);
                    if (seen == null) {
                        closedByClient.countDown();
                        return;
                    }
                    requests.add(seen);
                    read.countDown();
                    if (mode == Mode.NEVER_ANSWER) {
                        if (in.read() < 0) {
                            closedByClient.countDown();
                        }
                        return;
                    }
                    byte[] body = "{\"ok\":1}".getBytes(StandardCharsets.UTF_8);
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nx-ratelimit-remaining-requests: 7\r\n"
                            + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.write(body);
                    out.flush();
                    if (mode == Mode.ANSWER_THEN_CLOSE) {
                        return; // closes without having said "Connection: close"
                    }
                }
            } catch (IOException e) {
                closedByClient.countDown();
            }
        }

        private static Seen readRequest(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int last = 0; // the last four bytes read
            while (last != 0x0d0a0d0a) {
                int b = in.read();
                if (b < 0) {
                    return null;
                }
                head.write(b);
                last = (last << 8) | b;
            }
            String h = head.toString(StandardCharsets.ISO_8859_1);
            int length = 0;
            for (String line : h.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            byte[] body = in.readNBytes(length);
            return new Seen(h, new String(body, StandardCharsets.UTF_8));
        }

        @Override
        public void close() throws IOException {
            if (socket != null) {
                socket.close();
            }
            for (Socket s : open) {
                s.close();
            }
        }
    }
}
