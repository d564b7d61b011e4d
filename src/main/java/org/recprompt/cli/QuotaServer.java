package org.recprompt.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local OpenAI-compatible server (127.0.0.1, random port) that enforces a quota the way the
 * providers document theirs: requests and tokens per minute as two token buckets that refill
 * continuously (capacity L, refilled L per minute; Anthropic documents this algorithm, and OpenAI's
 * "time until the rate limit resets to its initial state" is the same bucket read as a time). A
 * chat completion is counted when it arrives: one request and its prompt plus completion tokens
 * (the server knows the completion it will give, as OpenAI counts {@code max_tokens} up front).
 * When either bucket is short it answers 429 with {@code Retry-After} (whole seconds, rounded up)
 * and does not count the request; every answer, 200 or 429, carries OpenAI's six
 * {@code x-ratelimit-*} headers (remaining: what is left after this request; reset: the time until
 * the bucket is full again, as a Go duration such as {@code 1m2.5s} or {@code 20ms}).
 *
 * <p>Its own token count differs from the client's estimate on purpose (about four characters a
 * token there): here four tokens for every three words plus four a message, and 40 to 120
 * completion tokens a request, so the client must correct its estimate by the usage it is told.
 *
 * <p>It measures what it admitted inside a window ({@link #openWindow()}, {@link #closeWindow()}),
 * and what it would have allowed there: the buckets' level when the window opened plus their refill
 * over it (the most any client could have been let through).
 */
final class QuotaServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer http;
    private final ExecutorService workers;
    private final int latencyMs;
    private final double requestLimit;
    private final double tokenLimit;
    private final AtomicLong ids = new AtomicLong();
    private final AtomicInteger refusedTotal = new AtomicInteger();
    private final AtomicInteger acceptedTotal = new AtomicInteger();
    private final AtomicLong tokensTotal = new AtomicLong();
    private final long startNanos;
    private double requestLevel;
    private double tokenLevel;
    private long lastNanos;
    private Window window;

    /** What the server let through in a window and what it would have allowed. */
    static final class Window {
        final long startNanos;
        final double requestLevelAtStart;
        final double tokenLevelAtStart;
        long endNanos;
        long requests;
        long tokens;
        long refused;
        boolean open = true;

        Window(long startNanos, double requestLevel, double tokenLevel) {
            this.startNanos = startNanos;
            this.requestLevelAtStart = requestLevel;
            this.tokenLevelAtStart = tokenLevel;
        }

        double minutes() {
            return (endNanos - startNanos) / 60e9;
        }
    }

    private QuotaServer(HttpServer http, ExecutorService workers, int latencyMs, int rpm, long tpm) {
        this.http = http;
        this.workers = workers;
        this.latencyMs = latencyMs;
        this.requestLimit = rpm;
        this.tokenLimit = tpm;
        this.requestLevel = rpm;
        this.tokenLevel = tpm;
        this.startNanos = System.nanoTime();
        this.lastNanos = startNanos;
    }

    static final String NODELAY = "sun.net.httpserver.nodelay";

    static QuotaServer start(int rpm, long tpm, int latencyMs) throws IOException {
        // The JDK server writes the response headers and the body in two TCP segments; with Nagle's
        // algorithm on (its default) the body waits for the client's delayed ACK of the headers, about
        // 40 ms on Linux. Real model servers set TCP_NODELAY, so this one does too, unless told otherwise.
        // The property is read once, when the JVM's first HttpServer is created.
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
        }
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        AtomicInteger n = new AtomicInteger();
        ExecutorService workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "quota-server-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        QuotaServer server = new QuotaServer(http, workers, latencyMs, rpm, tpm);
        http.createContext("/", server::handle);
        http.setExecutor(workers);
        http.start();
        return server;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/v1";
    }

    double requestLimit() {
        return requestLimit;
    }

    double tokenLimit() {
        return tokenLimit;
    }

    int acceptedTotal() {
        return acceptedTotal.get();
    }

    int refusedTotal() {
        return refusedTotal.get();
    }

    long tokensTotal() {
        return tokensTotal.get();
    }

    /** Minutes since the server started, its buckets full. */
    double minutesSinceStart() {
        return (System.nanoTime() - startNanos) / 60e9;
    }

    synchronized void openWindow() {
        long now = System.nanoTime();
        refill(now);
        window = new Window(now, requestLevel, tokenLevel);
    }

    synchronized Window closeWindow() {
        window.endNanos = System.nanoTime();
        window.open = false;
        return window;
    }

    /** Prompt tokens as this server counts them: four for every three words, plus four a message. */
    static long promptTokens(JsonNode messages) {
        long tokens = 0;
        for (JsonNode m : messages) {
            String text = m.path("content").isTextual() ? m.path("content").asText() : m.path("content").toString();
            String trimmed = text.strip();
            long words = trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
            tokens += (words * 4 + 2) / 3 + 4;
        }
        return tokens;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (!"POST".equals(exchange.getRequestMethod()) || !exchange.getRequestURI().getPath().endsWith("/chat/completions")) {
                send(exchange, 404, "{\"error\":{\"message\":\"not found\",\"type\":\"invalid_request_error\"}}");
                return;
            }
            JsonNode request = JSON.readTree(body);
            long prompt = promptTokens(request.path("messages"));
            long completion = 40 + Math.floorMod(java.util.Arrays.hashCode(body), 81);
            long cost = prompt + completion;
            Decision d = admit(cost);
            d.headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            if (!d.admitted) {
                exchange.getResponseHeaders().set("Retry-After", String.valueOf(d.retryAfterSeconds));
                send(exchange, 429, "{\"error\":{\"message\":\"Rate limit reached for " + d.exhausted
                        + " per minute. Please try again later.\",\"type\":\"" + d.exhausted
                        + "\",\"code\":\"rate_limit_exceeded\"}}");
                return;
            }
            if (latencyMs > 0) {
                try {
                    Thread.sleep(latencyMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            send(exchange, 200, completion(prompt, completion));
        }
    }

    private record Decision(boolean admitted, Map<String, String> headers, long retryAfterSeconds, String exhausted) {
    }

    private synchronized Decision admit(long cost) {
        long now = System.nanoTime();
        refill(now);
        boolean requestFits = requestLevel >= 1;
        boolean tokensFit = tokenLevel >= Math.min(cost, tokenLimit);
        boolean admitted = requestFits && tokensFit;
        long retryAfter = 0;
        String exhausted = null;
        if (admitted) {
            requestLevel -= 1;
            tokenLevel -= Math.min(cost, tokenLimit);
            acceptedTotal.incrementAndGet();
            tokensTotal.addAndGet(cost);
            if (window != null && window.open) {
                window.requests++;
                window.tokens += cost;
            }
        } else {
            refusedTotal.incrementAndGet();
            if (window != null && window.open) {
                window.refused++;
            }
            double waitRequests = requestFits ? 0 : (1 - requestLevel) / requestLimit * 60;
            double waitTokens = tokensFit ? 0 : (Math.min(cost, tokenLimit) - tokenLevel) / tokenLimit * 60;
            retryAfter = (long) Math.ceil(Math.max(waitRequests, waitTokens));
            exhausted = requestFits ? "tokens" : "requests";
        }
        Map<String, String> h = new LinkedHashMap<>();
        h.put("x-ratelimit-limit-requests", String.valueOf((long) requestLimit));
        h.put("x-ratelimit-limit-tokens", String.valueOf((long) tokenLimit));
        h.put("x-ratelimit-remaining-requests", String.valueOf((long) Math.max(0, Math.floor(requestLevel))));
        h.put("x-ratelimit-remaining-tokens", String.valueOf((long) Math.max(0, Math.floor(tokenLevel))));
        h.put("x-ratelimit-reset-requests", goDuration((requestLimit - requestLevel) / requestLimit * 60_000));
        h.put("x-ratelimit-reset-tokens", goDuration((tokenLimit - tokenLevel) / tokenLimit * 60_000));
        return new Decision(admitted, h, retryAfter, exhausted);
    }

    private void refill(long now) {
        double minutes = (now - lastNanos) / 60e9;
        lastNanos = now;
        requestLevel = Math.min(requestLimit, requestLevel + minutes * requestLimit);
        tokenLevel = Math.min(tokenLimit, tokenLevel + minutes * tokenLimit);
    }

    /** A Go duration as OpenAI writes its resets: {@code 20ms}, {@code 1.5s}, {@code 6m0s}, {@code 1h2m3.5s}. */
    static String goDuration(double millis) {
        long ms = (long) Math.ceil(Math.max(0, millis));
        if (ms < 1000) {
            return ms + "ms";
        }
        long hours = ms / 3_600_000;
        long minutes = ms / 60_000 % 60;
        double seconds = ms % 60_000 / 1000.0;
        String s = seconds == Math.floor(seconds) ? String.valueOf((long) seconds)
                : String.format(Locale.ROOT, "%.3f", seconds).replaceAll("0+$", "");
        StringBuilder out = new StringBuilder();
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            out.append(minutes).append('m');
        }
        return out.append(s).append('s').toString();
    }

    private String completion(long prompt, long completion) throws IOException {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", "assistant");
        message.put("content", "1. Toy Story (1995)\n2. Heat (1995)\n3. Casino (1995)");
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("message", message);
        choice.put("finish_reason", "stop");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", "chatcmpl-quota-" + ids.incrementAndGet());
        m.put("object", "chat.completion");
        m.put("created", System.currentTimeMillis() / 1000);
        m.put("model", "bench-model");
        m.put("choices", List.of(choice));
        m.put("usage", Map.of("prompt_tokens", prompt, "completion_tokens", completion, "total_tokens", prompt + completion));
        return JSON.writeValueAsString(m);
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        Headers h = exchange.getResponseHeaders();
        h.set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        http.stop(0);
        workers.shutdownNow();
    }
}
