package org.recprompt.backend.batch;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Anthropic's Message Batches API on 127.0.0.1 for tests, held to the documented wire format
 * (create, retrieve, results JSONL, cancel; https://docs.anthropic.com/en/api/creating-message-batches):
 * it checks {@code anthropic-version}, the key when one is required, and the create body (1 to
 * 100,000 requests, custom ids {@code ^[a-zA-Z0-9_-]{1,64}$} and unique, params with model,
 * max_tokens and messages), answering 400 {@code invalid_request_error} otherwise.
 *
 * <p>Scripting: every GET of a batch is one poll; after poll k of {@link #pollsToEnd(int) n} the
 * first ceil(total * k / n) requests (in submitted order) are done, and at poll n the batch has
 * ended. {@link #expireAtPoll(int)} ends it earlier with the requests not done yet expired;
 * {@link #cancel} (the endpoint) freezes progress, answers {@code canceling} for
 * {@link #cancelPolls(int)} polls, then ends with the requests not done canceled. The
 * {@link #respond responder} decides what a done request gets: an answer (text, stop reason, usage
 * with cache read and creation tokens), a refusal, or an error. {@link #failNextCreate} scripts a
 * whole-batch failure (401, 429 with retry-after, 500...). Results are served in reverse order
 * (the API promises no order). Everything received is kept ({@link #seen()}).
 */
public final class FakeAnthropicBatches implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CUSTOM_ID = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    private static final Pattern BATCH_PATH = Pattern.compile("/v1/messages/batches/([A-Za-z0-9_-]+)(/cancel|/results)?");

    /** What a done request gets. {@code type}: succeeded, errored (or expired, canceled as the API would say them). */
    public record Outcome(String type, String text, String stopReason, long inputTokens, long outputTokens,
            long cacheReadTokens, long cacheWriteTokens, String errorType, String errorMessage) {

        public static Outcome answer(String text) {
            return answer(text, 10, 2, 0, 0);
        }

        public static Outcome answer(String text, long input, long output, long cacheRead, long cacheWrite) {
            return new Outcome("succeeded", text, "end_turn", input, output, cacheRead, cacheWrite, null, null);
        }

        public static Outcome refusal() {
            return new Outcome("succeeded", "", "refusal", 5, 0, 0, 0, null, null);
        }

        public static Outcome errored(String errorType, String message) {
            return new Outcome("errored", null, null, 0, 0, 0, 0, errorType, message);
        }

        public static Outcome expired() {
            return new Outcome("expired", null, null, 0, 0, 0, 0, null, null);
        }
    }

    /** Decides a request's outcome from its custom id and params. */
    @FunctionalInterface
    public interface Responder {
        Outcome respond(String customId, JsonNode params);
    }

    /** What the server saw. */
    public record Seen(String method, String path, Headers headers, String body) {
        public String header(String name) {
            return headers.getFirst(name);
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + body, e);
            }
        }
    }

    private record Failure(int status, String type, String message, String retryAfter) {
    }

    private static final class Req {
        final String customId;
        final JsonNode params;
        Outcome outcome;

        Req(String customId, JsonNode params) {
            this.customId = customId;
            this.params = params;
        }
    }

    private static final class Batch {
        final String id;
        final List<Req> requests;
        final Instant createdAt;
        int polls;
        int done;
        String status = "in_progress";
        Instant cancelInitiatedAt;
        Instant endedAt;
        int cancelPollsLeft;

        Batch(String id, List<Req> requests, Instant createdAt) {
            this.id = id;
            this.requests = requests;
            this.createdAt = createdAt;
        }
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Batch> batches = new LinkedHashMap<>();
    private final Deque<Failure> createFailures = new ArrayDeque<>();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile Responder responder = (id, params) -> Outcome.answer("answer to " + id);
    private volatile int pollsToEnd = 1;
    private volatile int expireAtPoll = 0;
    private volatile int cancelPolls = 1;
    private volatile String requiredKey;

    public FakeAnthropicBatches() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    /** http://127.0.0.1:port/v1, the base URL a backend is configured with. */
    public String baseUrl() {
        return root() + "/v1";
    }

    public String root() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public FakeAnthropicBatches respond(Responder r) {
        this.responder = r;
        return this;
    }

    /** Polls (GETs of the batch) until the batch has ended; at least 1. */
    public FakeAnthropicBatches pollsToEnd(int n) {
        this.pollsToEnd = Math.max(1, n);
        return this;
    }

    /** At this poll the batch ends with the requests not done yet expired (0: never). */
    public FakeAnthropicBatches expireAtPoll(int n) {
        this.expireAtPoll = n;
        return this;
    }

    /** Polls answered {@code canceling} after a cancel before the batch ends (0: it ends at once). */
    public FakeAnthropicBatches cancelPolls(int n) {
        this.cancelPolls = Math.max(0, n);
        return this;
    }

    /** Requests without this {@code x-api-key} get 401 authentication_error (null: any key or none). */
    public FakeAnthropicBatches requireKey(String key) {
        this.requiredKey = key;
        return this;
    }

    /** The next create answers this status with an error of this type (and a retry-after header when not null). */
    public synchronized FakeAnthropicBatches failNextCreate(int status, String errorType, String message, String retryAfter) {
        createFailures.add(new Failure(status, errorType, message, retryAfter));
        return this;
    }

    public List<Seen> seen() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    /** The bodies of the create requests the fake accepted or refused, in order. */
    public List<JsonNode> creates() {
        return seen().stream().filter(s -> s.method().equals("POST") && s.path().equals("/v1/messages/batches"))
                .map(Seen::json).toList();
    }

    /** The ids of the batches created so far. */
    public synchronized List<String> batchIds() {
        return List.copyOf(batches.keySet());
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = ex.getRequestURI().getRawPath();
            String method = ex.getRequestMethod();
            seen.add(new Seen(method, path, ex.getRequestHeaders(), body));
            if (ex.getRequestHeaders().getFirst("anthropic-version") == null) {
                error(ex, 400, "invalid_request_error", "anthropic-version: header is required", null);
                return;
            }
            String key = requiredKey;
            if (key != null && !key.equals(ex.getRequestHeaders().getFirst("x-api-key"))) {
                error(ex, 401, "authentication_error", "invalid x-api-key", null);
                return;
            }
            synchronized (this) {
                route(ex, method, path, body);
            }
        }
    }

    private void route(HttpExchange ex, String method, String path, String body) throws IOException {
        if (path.equals("/v1/messages/batches") && method.equals("POST")) {
            create(ex, body);
            return;
        }
        Matcher m = BATCH_PATH.matcher(path);
        Batch b = m.matches() ? batches.get(m.group(1)) : null;
        if (b == null) {
            error(ex, 404, "not_found_error", "no such batch or route: " + path, null);
            return;
        }
        String action = m.group(2) == null ? "" : m.group(2);
        switch (method + " " + action) {
            case "GET " -> {
                poll(b);
                send(ex, 200, "application/json", batch(b).toString());
            }
            case "POST /cancel" -> {
                if (b.status.equals("in_progress")) {
                    b.status = "canceling";
                    b.cancelInitiatedAt = Instant.now();
                    b.cancelPollsLeft = cancelPolls;
                    if (b.cancelPollsLeft == 0) {
                        end(b, "canceled");
                    }
                }
                send(ex, 200, "application/json", batch(b).toString());
            }
            case "GET /results" -> {
                if (!b.status.equals("ended")) {
                    error(ex, 400, "invalid_request_error", "batch " + b.id + " is still processing", null);
                    return;
                }
                StringBuilder out = new StringBuilder();
                for (int i = b.requests.size() - 1; i >= 0; i--) {
                    out.append(line(b.requests.get(i))).append('\n');
                }
                send(ex, 200, "application/binary", out.toString());
            }
            default -> error(ex, 405, "invalid_request_error", method + " is not allowed on " + path, null);
        }
    }

    private void create(HttpExchange ex, String body) throws IOException {
        Failure f = createFailures.poll();
        if (f != null) {
            error(ex, f.status, f.type, f.message, f.retryAfter);
            return;
        }
        String ct = ex.getRequestHeaders().getFirst("content-type");
        if (ct == null || !ct.startsWith("application/json")) {
            error(ex, 400, "invalid_request_error", "content-type must be application/json", null);
            return;
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            error(ex, 400, "invalid_request_error", "the body is not JSON", null);
            return;
        }
        JsonNode requests = root == null ? null : root.get("requests");
        if (requests == null || !requests.isArray() || requests.isEmpty() || requests.size() > 100_000) {
            error(ex, 400, "invalid_request_error", "requests: 1 to 100000 items are required", null);
            return;
        }
        List<Req> reqs = new ArrayList<>();
        Set<String> customIds = new HashSet<>();
        for (JsonNode r : requests) {
            String id = r.path("custom_id").asText("");
            JsonNode params = r.path("params");
            String problem = !CUSTOM_ID.matcher(id).matches() ? "custom_id '" + id + "' does not match ^[a-zA-Z0-9_-]{1,64}$"
                    : !customIds.add(id) ? "custom_id '" + id + "' is not unique"
                    : !params.path("model").isTextual() ? id + ": params.model is required"
                    : !params.path("max_tokens").canConvertToInt() || params.path("max_tokens").asInt() < 1
                            ? id + ": params.max_tokens is required"
                    : !params.path("messages").isArray() || params.path("messages").isEmpty()
                            ? id + ": params.messages is required"
                    : params.has("stream") ? id + ": params.stream is not allowed in a batch" : null;
            if (problem != null) {
                error(ex, 400, "invalid_request_error", problem, null);
                return;
            }
            reqs.add(new Req(id, params));
        }
        String id = "msgbatch_fake" + String.format("%04d", ids.incrementAndGet());
        Batch b = new Batch(id, reqs, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        batches.put(id, b);
        send(ex, 200, "application/json", batch(b).toString());
    }

    private void poll(Batch b) {
        if (b.status.equals("in_progress")) {
            b.polls++;
            int n = pollsToEnd;
            b.done = (int) Math.min(b.requests.size(), Math.ceil(b.requests.size() * (double) b.polls / n));
            answerDone(b);
            if (b.polls >= n) {
                end(b, "expired"); // every request is done by now
            } else if (expireAtPoll > 0 && b.polls >= expireAtPoll) {
                end(b, "expired");
            }
        } else if (b.status.equals("canceling")) {
            if (--b.cancelPollsLeft <= 0) {
                end(b, "canceled");
            }
        }
    }

    private void answerDone(Batch b) {
        for (int i = 0; i < b.done; i++) {
            Req r = b.requests.get(i);
            if (r.outcome == null) {
                r.outcome = responder.respond(r.customId, r.params);
            }
        }
    }

    /** Ends the batch: the requests not done get {@code undone} (expired or canceled). */
    private void end(Batch b, String undone) {
        answerDone(b);
        for (Req r : b.requests) {
            if (r.outcome == null) {
                r.outcome = new Outcome(undone, null, null, 0, 0, 0, 0, null, null);
            }
        }
        b.status = "ended";
        b.endedAt = Instant.now();
    }

    private ObjectNode batch(Batch b) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", b.id).put("type", "message_batch").put("processing_status", b.status);
        ObjectNode counts = o.putObject("request_counts");
        int processing = 0;
        int succeeded = 0;
        int errored = 0;
        int canceled = 0;
        int expired = 0;
        for (Req r : b.requests) {
            String t = r.outcome == null ? "processing" : r.outcome.type();
            switch (t) {
                case "succeeded" -> succeeded++;
                case "errored" -> errored++;
                case "canceled" -> canceled++;
                case "expired" -> expired++;
                default -> processing++;
            }
        }
        counts.put("processing", processing).put("succeeded", succeeded).put("errored", errored)
                .put("canceled", canceled).put("expired", expired);
        o.put("ended_at", b.endedAt == null ? null : b.endedAt.toString());
        o.put("created_at", b.createdAt.toString());
        o.put("expires_at", b.createdAt.plus(24, ChronoUnit.HOURS).toString());
        o.putNull("archived_at");
        o.put("cancel_initiated_at", b.cancelInitiatedAt == null ? null : b.cancelInitiatedAt.toString());
        o.put("results_url", b.status.equals("ended") ? root() + "/v1/messages/batches/" + b.id + "/results" : null);
        return o;
    }

    private String line(Req r) {
        ObjectNode l = JSON.createObjectNode();
        l.put("custom_id", r.customId);
        ObjectNode result = l.putObject("result");
        Outcome o = r.outcome;
        result.put("type", o.type());
        if (o.type().equals("succeeded")) {
            ObjectNode m = result.putObject("message");
            m.put("id", "msg_" + r.customId).put("type", "message").put("role", "assistant")
                    .put("model", r.params.path("model").asText());
            if (o.text() != null && !o.text().isEmpty()) {
                m.putArray("content").addObject().put("type", "text").put("text", o.text());
            } else {
                m.putArray("content");
            }
            m.put("stop_reason", o.stopReason()).putNull("stop_sequence");
            m.putObject("usage").put("input_tokens", o.inputTokens()).put("output_tokens", o.outputTokens())
                    .put("cache_creation_input_tokens", o.cacheWriteTokens())
                    .put("cache_read_input_tokens", o.cacheReadTokens());
        } else if (o.type().equals("errored")) {
            ObjectNode e = result.putObject("error");
            e.put("type", "error");
            e.putObject("error").put("type", o.errorType()).put("message", o.errorMessage());
        }
        return l.toString();
    }

    private static void error(HttpExchange ex, int status, String type, String message, String retryAfter) throws IOException {
        if (retryAfter != null) {
            ex.getResponseHeaders().add("retry-after", retryAfter);
        }
        ObjectNode e = JSON.createObjectNode().put("type", "error");
        e.putObject("error").put("type", type).put("message", message);
        send(ex, status, "application/json", e.toString());
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] out = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("content-type", type);
        ex.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            ex.getResponseBody().write(out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
