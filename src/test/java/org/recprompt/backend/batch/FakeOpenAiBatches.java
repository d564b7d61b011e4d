package org.recprompt.backend.batch;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * OpenAI's Files + Batches API on 127.0.0.1, held to its documented wire format: {@code POST
 * /v1/files} (multipart, {@code purpose=batch}, a JSONL {@code file} of {@code custom_id, method,
 * url, body} lines), {@code POST /v1/batches} ({@code input_file_id}, {@code endpoint}, {@code
 * completion_window: 24h}), {@code GET /v1/batches/{id}} (status validating, in_progress,
 * finalizing, completed, expired, cancelling, cancelled, failed; {@code request_counts};
 * {@code output_file_id}, {@code error_file_id}, {@code expires_at}), {@code POST
 * /v1/batches/{id}/cancel}, {@code GET /v1/files/{id}/content}. Output lines are {@code {id,
 * custom_id, response: {status_code, request_id, body}, error: null}}; error-file lines carry a
 * non-200 response or an {@code error: {code, message}} (batch_expired, batch_cancelled).
 *
 * <p>Scripted: a batch completes after {@link #pollsToComplete} polls (answering a share of its
 * requests at each poll); {@link #failLine} lines end in the error file with a 400, {@link #expire}
 * makes batches expire with only {@link #answeredBeforeEnd} of their requests answered; a cancel
 * ends the batch cancelled at the next poll with the answered ones kept. It keeps its batches while
 * it runs, so a killed client that resumes finds them; {@link #main} runs it as a process on a
 * fixed port. Every answer is a chat completion from {@link #answerer} (by default: the candidates
 * the prompt lists, in reverse order, as a numbered list).
 */
public final class FakeOpenAiBatches implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CANDIDATE = Pattern.compile("^\\[(\\d+)\\] (.+)$", Pattern.MULTILINE);

    /** One batch as the server keeps it. */
    static final class Batch {
        final String id;
        final String inputFile;
        final List<JsonNode> lines;
        final long createdAt;
        volatile String status = "validating";
        volatile int polls;
        volatile int answered;
        volatile boolean cancelAsked;
        volatile String outputFile;
        volatile String errorFile;
        volatile String errors;

        Batch(String id, String inputFile, List<JsonNode> lines, long createdAt) {
            this.id = id;
            this.inputFile = inputFile;
            this.lines = lines;
            this.createdAt = createdAt;
        }
    }

    private final HttpServer http;
    private final ExecutorService workers;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, Batch> batches = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    /** Every request: method and path. */
    public final List<String> seen = Collections.synchronizedList(new ArrayList<>());
    /** How many times each custom id was submitted, over all batches. */
    public final Map<String, AtomicInteger> submitted = new ConcurrentHashMap<>();
    /** Every line body submitted, in order. */
    public final List<JsonNode> bodies = Collections.synchronizedList(new ArrayList<>());
    public final AtomicInteger uploads = new AtomicInteger();
    public final AtomicInteger created = new AtomicInteger();
    public final AtomicInteger polls = new AtomicInteger();
    public final AtomicInteger cancels = new AtomicInteger();

    /** Polls (GET /batches/{id}) a batch answers "in progress" before it ends. */
    public volatile int pollsToComplete = 2;
    /** Requests whose custom id this accepts are answered 400 (in the error file). */
    public volatile Predicate<String> failLine = id -> false;
    /** Requests whose custom id this accepts get an answer with no line at all (the provider lost them). */
    public volatile Predicate<String> dropLine = id -> false;
    /** Batches end expired instead of completed. */
    public volatile boolean expire;
    /** Share of a batch's requests answered when it ends expired or cancelled. */
    public volatile double answeredBeforeEnd = 0.5;
    /** The key the server wants (null: any). */
    public volatile String key;
    /** Answers this many upload requests with a 429 (retry-after 0) first. */
    public final AtomicInteger throttleUploads = new AtomicInteger();
    /** A chat-completions body to the answer body. */
    public volatile Function<JsonNode, JsonNode> answerer = FakeOpenAiBatches::reverseCandidates;

    public FakeOpenAiBatches() throws IOException {
        this(0);
    }

    /** On a fixed port (0: any free one). */
    public FakeOpenAiBatches(int port) throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-openai-batches");
            t.setDaemon(true);
            return t;
        });
        http.createContext("/", this::handle);
        http.setExecutor(workers);
        http.start();
    }

    /** Runs the fake as a process: {@code java ... FakeOpenAiBatches PORT [pollsToComplete]}. */
    public static void main(String[] args) throws Exception {
        FakeOpenAiBatches f = new FakeOpenAiBatches(Integer.parseInt(args[0]));
        if (args.length > 1) {
            f.pollsToComplete = Integer.parseInt(args[1]);
        }
        Thread.currentThread().join();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/v1";
    }

    public int batchCount() {
        return batches.size();
    }

    public String status(String batchId) {
        return batches.get(batchId).status;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getPath();
            seen.add(method + " " + path);
            if (key != null && !("Bearer " + key).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                String given = ex.getRequestHeaders().getFirst("Authorization");
                send(ex, 401, error("Incorrect API key provided: " + (given == null ? "none" : given.replace("Bearer ", ""))
                        + ".", "invalid_api_key"));
                return;
            }
            Matcher m;
            if (method.equals("POST") && path.equals("/v1/files")) {
                upload(ex, body);
            } else if (method.equals("POST") && path.equals("/v1/batches")) {
                create(ex, body);
            } else if (method.equals("GET") && (m = Pattern.compile("/v1/batches/([^/]+)").matcher(path)).matches()) {
                Batch b = batches.get(m.group(1));
                if (b == null) {
                    send(ex, 404, error("No batch found with id '" + m.group(1) + "'.", "not_found"));
                    return;
                }
                polls.incrementAndGet();
                advance(b);
                send(ex, 200, JSON.writeValueAsBytes(batchObject(b)));
            } else if (method.equals("POST") && (m = Pattern.compile("/v1/batches/([^/]+)/cancel").matcher(path)).matches()) {
                Batch b = batches.get(m.group(1));
                if (b == null) {
                    send(ex, 404, error("No batch found with id '" + m.group(1) + "'.", "not_found"));
                    return;
                }
                cancels.incrementAndGet();
                synchronized (b) {
                    if (b.status.equals("validating") || b.status.equals("in_progress") || b.status.equals("finalizing")) {
                        b.cancelAsked = true;
                        b.status = "cancelling";
                    }
                }
                send(ex, 200, JSON.writeValueAsBytes(batchObject(b)));
            } else if (method.equals("GET") && (m = Pattern.compile("/v1/files/([^/]+)/content").matcher(path)).matches()) {
                byte[] content = files.get(m.group(1));
                if (content == null) {
                    send(ex, 404, error("No such File object: " + m.group(1), "not_found"));
                    return;
                }
                ex.getResponseHeaders().add("Content-Type", "application/octet-stream");
                ex.sendResponseHeaders(200, content.length == 0 ? -1 : content.length);
                if (content.length > 0) {
                    ex.getResponseBody().write(content);
                }
            } else {
                send(ex, 404, error("Invalid URL (" + method + " " + path + ")", "unknown_url"));
            }
        }
    }

    private void upload(HttpExchange ex, byte[] body) throws IOException {
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.startsWith("multipart/form-data; boundary=")) {
            send(ex, 400, error("Expected multipart/form-data", "invalid_request_error"));
            return;
        }
        if (throttleUploads.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            ex.getResponseHeaders().add("Retry-After", "0");
            send(ex, 429, error("Rate limit reached for files", "rate_limit_exceeded"));
            return;
        }
        String boundary = type.substring("multipart/form-data; boundary=".length());
        String form = new String(body, StandardCharsets.UTF_8);
        String purpose = null;
        String file = null;
        for (String part : form.split("--" + Pattern.quote(boundary))) {
            int head = part.indexOf("\r\n\r\n");
            if (head < 0) {
                continue;
            }
            String headers = part.substring(0, head);
            String value = part.substring(head + 4);
            if (value.endsWith("\r\n")) {
                value = value.substring(0, value.length() - 2);
            }
            if (headers.contains("name=\"purpose\"")) {
                purpose = value;
            } else if (headers.contains("name=\"file\"") && headers.contains("filename=")) {
                file = value;
            }
        }
        if (!"batch".equals(purpose) || file == null) {
            send(ex, 400, error("A file and purpose=batch are required", "invalid_request_error"));
            return;
        }
        uploads.incrementAndGet();
        String id = "file-" + ids.incrementAndGet();
        files.put(id, file.getBytes(StandardCharsets.UTF_8));
        ObjectNode out = JSON.createObjectNode();
        out.put("id", id).put("object", "file").put("bytes", file.length()).put("created_at", now())
                .put("filename", "batch.jsonl").put("purpose", "batch");
        send(ex, 200, JSON.writeValueAsBytes(out));
    }

    private void create(HttpExchange ex, byte[] body) throws IOException {
        JsonNode req = JSON.readTree(body);
        String input = req.path("input_file_id").asText("");
        if (!files.containsKey(input)) {
            send(ex, 400, error("No such File object: " + input, "invalid_request_error"));
            return;
        }
        if (!"/v1/chat/completions".equals(req.path("endpoint").asText()) || !"24h".equals(req.path("completion_window").asText())) {
            send(ex, 400, error("endpoint must be /v1/chat/completions and completion_window 24h here", "invalid_request_error"));
            return;
        }
        List<JsonNode> lines = new ArrayList<>();
        String errors = null;
        java.util.Set<String> customIds = new java.util.HashSet<>();
        int number = 0;
        for (String line : new String(files.get(input), StandardCharsets.UTF_8).split("\n")) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = JSON.readTree(line);
            String problem = !n.path("custom_id").isTextual() ? "custom_id missing"
                    : !customIds.add(n.path("custom_id").asText()) ? "duplicate custom_id " + n.path("custom_id").asText()
                    : !"POST".equals(n.path("method").asText()) ? "method must be POST"
                    : !"/v1/chat/completions".equals(n.path("url").asText()) ? "url must match the batch endpoint"
                    : !n.path("body").path("model").isTextual() || !n.path("body").path("messages").isArray()
                            ? "body needs model and messages" : null;
            if (problem != null && errors == null) {
                errors = "line " + number + ": " + problem;
            }
            lines.add(n);
        }
        created.incrementAndGet();
        Batch b = new Batch("batch_" + ids.incrementAndGet(), input, lines, now());
        if (errors != null) {
            b.status = "failed";
            b.errors = errors;
        } else {
            for (JsonNode l : lines) {
                submitted.computeIfAbsent(l.path("custom_id").asText(), k -> new AtomicInteger()).incrementAndGet();
                bodies.add(l.path("body"));
            }
        }
        batches.put(b.id, b);
        send(ex, 200, JSON.writeValueAsBytes(batchObject(b)));
    }

    /** One poll's worth of progress: answers come in over the polls; the batch ends at the last. */
    private void advance(Batch b) {
        synchronized (b) {
            if (isEnded(b.status)) {
                return;
            }
            b.polls++;
            int total = b.lines.size();
            if (b.cancelAsked) {
                b.answered = Math.min(total, (int) Math.floor(total * answeredBeforeEnd));
                end(b, "cancelled", "batch_cancelled", "This request was not executed because the batch was cancelled.");
                return;
            }
            if (b.polls >= pollsToComplete) {
                if (expire) {
                    b.answered = Math.min(total, (int) Math.floor(total * answeredBeforeEnd));
                    end(b, "expired", "batch_expired", "This request could not be executed before the completion window expired.");
                } else {
                    b.answered = total;
                    end(b, "completed", null, null);
                }
                return;
            }
            b.status = "in_progress";
            b.answered = Math.min(total, total * b.polls / Math.max(1, pollsToComplete));
        }
    }

    private static boolean isEnded(String status) {
        return List.of("completed", "expired", "cancelled", "failed").contains(status);
    }

    private void end(Batch b, String status, String code, String message) {
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        for (int i = 0; i < b.lines.size(); i++) {
            JsonNode line = b.lines.get(i);
            String customId = line.path("custom_id").asText();
            if (dropLine.test(customId)) {
                continue;
            }
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("id", "batch_req_" + ids.incrementAndGet());
            l.put("custom_id", customId);
            if (i >= b.answered) {
                l.put("response", null);
                l.put("error", Map.of("code", code, "message", message));
                err.append(json(l)).append('\n');
                continue;
            }
            Map<String, Object> response = new LinkedHashMap<>();
            if (failLine.test(customId)) {
                response.put("status_code", 400);
                response.put("request_id", "req_" + i);
                response.put("body", Map.of("error", Map.of("message", "Invalid value for 'messages': the test refuses "
                        + customId + ".", "type", "invalid_request_error", "code", "invalid_value")));
                l.put("response", response);
                l.put("error", null);
                err.append(json(l)).append('\n');
            } else {
                response.put("status_code", 200);
                response.put("request_id", "req_" + i);
                response.put("body", answerer.apply(line.path("body")));
                l.put("response", response);
                l.put("error", null);
                out.append(json(l)).append('\n');
            }
        }
        if (out.length() > 0) {
            b.outputFile = "file-" + ids.incrementAndGet();
            files.put(b.outputFile, out.toString().getBytes(StandardCharsets.UTF_8));
        }
        if (err.length() > 0) {
            b.errorFile = "file-" + ids.incrementAndGet();
            files.put(b.errorFile, err.toString().getBytes(StandardCharsets.UTF_8));
        }
        b.status = status;
    }

    private Map<String, Object> batchObject(Batch b) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", b.id);
        o.put("object", "batch");
        o.put("endpoint", "/v1/chat/completions");
        o.put("errors", b.errors == null ? null : Map.of("object", "list", "data",
                List.of(Map.of("code", "invalid_request", "message", b.errors))));
        o.put("input_file_id", b.inputFile);
        o.put("completion_window", "24h");
        o.put("status", b.status);
        o.put("output_file_id", b.outputFile);
        o.put("error_file_id", b.errorFile);
        o.put("created_at", b.createdAt);
        o.put("expires_at", b.createdAt + 86_400);
        int total = b.status.equals("failed") ? 0 : b.lines.size();
        long failed = b.status.equals("failed") ? 0 : isEnded(b.status)
                ? b.lines.size() - b.answered + b.lines.stream().limit(b.answered).filter(l -> failLine.test(l.path("custom_id").asText())).count()
                : 0;
        o.put("request_counts", Map.of("total", total, "completed", (int) Math.max(0, b.answered - (isEnded(b.status)
                ? b.lines.stream().limit(b.answered).filter(l -> failLine.test(l.path("custom_id").asText())).count() : 0)),
                "failed", failed));
        o.put("metadata", null);
        return o;
    }

    /** The default answer: the candidates the last user message lists ("[n] Title"), in reverse order. */
    static JsonNode reverseCandidates(JsonNode body) {
        String user = "";
        for (JsonNode m : body.path("messages")) {
            if (m.path("role").asText().equals("user")) {
                JsonNode c = m.path("content");
                user = c.isArray() ? c.path(0).path("text").asText() : c.asText();
            }
        }
        List<String> titles = new ArrayList<>();
        Matcher m = CANDIDATE.matcher(user);
        while (m.find()) {
            titles.add(m.group(2).strip());
        }
        Collections.reverse(titles);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < Math.min(5, titles.size()); i++) {
            text.append(i + 1).append(". ").append(titles.get(i)).append('\n');
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("id", "chatcmpl-batch").put("object", "chat.completion").put("created", 0)
                .put("model", body.path("model").asText());
        ObjectNode choice = out.putArray("choices").addObject();
        choice.put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", text.length() == 0 ? "1. nothing" : text.toString().strip());
        ObjectNode usage = out.putObject("usage");
        usage.put("prompt_tokens", 100).put("completion_tokens", 20).put("total_tokens", 120);
        usage.putObject("prompt_tokens_details").put("cached_tokens", 64);
        return out;
    }

    private static byte[] error(String message, String code) {
        return json(Map.of("error", Map.of("message", message, "type", "invalid_request_error", "code", code)))
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
    }

    @Override
    public void close() {
        http.stop(0);
        workers.shutdownNow();
    }
}
