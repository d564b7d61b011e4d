package org.recprompt.backend;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;

/**
 * A provider on 127.0.0.1 for tests: each path answers with a scripted status and JSON body
 * (404 otherwise) and every request is recorded with its headers.
 */
public final class FakeProviderServer implements AutoCloseable {

    /** A scripted answer; {@code delayMillis} before it is sent. */
    public record Reply(int status, String body, long delayMillis) {
        public static Reply ok(String body) {
            return new Reply(200, body, 0);
        }
    }

    /** What the server saw. */
    public record Seen(String method, String pathAndQuery, Headers headers, String body) {
        public String header(String name) {
            return headers.getFirst(name);
        }
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final Map<String, Reply> replies = new ConcurrentHashMap<>();
    private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());

    public FakeProviderServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(pool);
        server.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = ex.getRequestURI().getRawPath();
            seen.add(new Seen(ex.getRequestMethod(), ex.getRequestURI().toString(), ex.getRequestHeaders(), body));
            Reply r = replies.getOrDefault(path, new Reply(404, "{\"error\":{\"message\":\"no route " + path + "\"}}", 0));
            try {
                if (r.delayMillis() > 0) {
                    Thread.sleep(r.delayMillis());
                }
                byte[] out = r.body().getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(r.status(), out.length == 0 ? -1 : out.length);
                if (out.length > 0) {
                    ex.getResponseBody().write(out);
                }
            } catch (InterruptedException | IOException gone) {
                // the client gave up
            } finally {
                ex.close();
            }
        });
        server.start();
    }

    public FakeProviderServer on(String path, Reply reply) {
        replies.put(path, reply);
        return this;
    }

    public FakeProviderServer on(String path, int status, String body) {
        return on(path, new Reply(status, body, 0));
    }

    /** http://127.0.0.1:port */
    public String root() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Seen> seen() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    /** A port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
    public static int deadPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** An OpenAI chat completion with the given text. */
    public static String openAiAnswer(String text) {
        return "{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":" + quote(text) + "},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3,\"total_tokens\":15}}";
    }

    public static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
