package org.recprompt.backend.batch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import org.recprompt.backend.BackendRequest;
import org.recprompt.backend.BackendResult;
import org.recprompt.backend.Egress;
import org.recprompt.backend.EgressEvent;
import org.recprompt.backend.EgressSink;
import org.recprompt.backend.Failure;
import org.recprompt.backend.Failure.Kind;
import org.recprompt.backend.Usage;
import org.recprompt.backend.adapter.FailureMapper;
import org.recprompt.backend.adapter.OpenAiAnswers;
import org.recprompt.backend.adapter.ProviderConfig;
import org.recprompt.backend.adapter.Providers;
import org.recprompt.backend.adapter.RetryAfter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * OpenAI's Files + Batches API over HTTP/1.1: the requests are written as a JSONL file (one
 * {@code {custom_id, method, url, body}} line each, the body being the live adapter's
 * chat-completions body, {@link OpenAiChatBody}), uploaded to {@code POST /files} with purpose
 * {@code batch}, and run by {@code POST /batches} (endpoint {@code /v1/chat/completions}, window
 * 24h); {@code GET /batches/{id}} polls, {@code GET /files/{id}/content} reads the output and error
 * files, {@code POST /batches/{id}/cancel} cancels. The key is read as the live adapter reads it
 * ({@link Providers#key}) and never appears in a message. Every HTTP request is reported to the
 * egress sink; the upload, which carries the prompts, names the users of all its requests.
 */
public final class OpenAiBatchApi implements BatchApi {

    static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
    static final String ENDPOINT = "/v1/chat/completions";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_MESSAGE = 300;
    /** Reading an output file of tens of thousands of answers takes longer than one call. */
    private static final Duration FILE_TIMEOUT = Duration.ofMinutes(10);

    private final ProviderConfig config;
    private final String base;
    private final String secret;
    private final String keyHint;
    private final EgressSink egress;
    private final Clock clock;
    private final boolean remote;
    private final HttpClient http;

    public OpenAiBatchApi(ProviderConfig config, Function<String, String> env, EgressSink egress, Clock clock) {
        this.config = config;
        String url = config.baseUrl() == null || config.baseUrl().isBlank() ? DEFAULT_BASE_URL : config.baseUrl().strip();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        Providers.Key key = Providers.key(config, env);
        this.secret = key.value();
        this.keyHint = key.hint();
        this.egress = egress == null ? EgressSink.NONE : egress;
        this.clock = clock;
        this.remote = Egress.isRemote("openai", config.baseUrl());
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(30)).build();
    }

    @Override
    public String provider() {
        return "openai";
    }

    @Override
    public int maxRequests() {
        return 50_000;
    }

    @Override
    public long maxBytes() {
        return 200L * 1024 * 1024;
    }

    @Override
    public long sizeOf(BatchRequest request) {
        return line(request).length + 1L;
    }

    private byte[] line(BatchRequest r) {
        ObjectNode line = JSON.createObjectNode();
        line.put("custom_id", r.customId());
        line.put("method", "POST");
        line.put("url", ENDPOINT);
        line.set("body", OpenAiChatBody.of(config.model(), config.parameters(), r.request()));
        try {
            return JSON.writeValueAsBytes(line);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a batch line: " + e.getMessage(), e);
        }
    }

    @Override
    public String submit(List<BatchRequest> requests) throws BatchException {
        if (requests.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one request");
        }
        ByteArrayOutputStream jsonl = new ByteArrayOutputStream();
        Set<String> ids = new LinkedHashSet<>();
        Set<String> users = new LinkedHashSet<>();
        Set<String> variants = new LinkedHashSet<>();
        for (BatchRequest r : requests) {
            if (!ids.add(r.customId())) {
                throw new IllegalArgumentException("custom id " + r.customId() + " is used twice in one batch");
            }
            jsonl.writeBytes(line(r));
            jsonl.write('\n');
            users.addAll(users(r.request()));
            variants.add(r.request().tags().getOrDefault("variant", ""));
        }
        Map<String, String> tags = requests.get(0).request().tags();
        Context upload = new Context(tags.get("project"), tags.get("run"), variants.size() == 1 ? variants.iterator().next() : "",
                List.copyOf(users));
        String boundary = "recprompt-" + UUID.randomUUID();
        ByteArrayOutputStream form = new ByteArrayOutputStream();
        form.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n")
                .getBytes(StandardCharsets.UTF_8));
        form.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"batch.jsonl\"\r\n"
                + "Content-Type: application/jsonl\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        form.writeBytes(jsonl.toByteArray());
        form.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        JsonNode file = json(send("POST", "/files", form.toByteArray(), "multipart/form-data; boundary=" + boundary, upload,
                config.parameters().timeout().compareTo(FILE_TIMEOUT) > 0 ? config.parameters().timeout() : FILE_TIMEOUT));
        String fileId = file.path("id").asText("");
        if (fileId.isEmpty()) {
            throw new BatchException(new Failure(Kind.MALFORMED_RESPONSE, "the file upload's answer has no id"));
        }
        ObjectNode create = JSON.createObjectNode();
        create.put("input_file_id", fileId);
        create.put("endpoint", ENDPOINT);
        create.put("completion_window", "24h");
        JsonNode batch = json(send("POST", "/batches", bytes(create), "application/json", upload.withoutUsers(), null));
        String id = batch.path("id").asText("");
        if (id.isEmpty()) {
            throw new BatchException(new Failure(Kind.MALFORMED_RESPONSE, "the batch creation's answer has no id"));
        }
        return id;
    }

    @Override
    public BatchStatus status(String batchId) throws BatchException {
        JsonNode b = json(send("GET", "/batches/" + batchId, null, null, Context.NONE, null));
        return status(batchId, b);
    }

    private static BatchStatus status(String batchId, JsonNode b) throws BatchException {
        String s = b.path("status").asText("");
        BatchStatus.State state = switch (s) {
            case "validating", "in_progress", "finalizing" -> BatchStatus.State.RUNNING;
            case "cancelling" -> BatchStatus.State.CANCELLING;
            case "completed" -> BatchStatus.State.ENDED;
            case "expired" -> BatchStatus.State.EXPIRED;
            case "cancelled" -> BatchStatus.State.CANCELLED;
            case "failed" -> BatchStatus.State.FAILED;
            default -> throw new BatchException(new Failure(Kind.MALFORMED_RESPONSE,
                    "batch " + batchId + " has an unknown status '" + s + "'"));
        };
        JsonNode counts = b.path("request_counts");
        JsonNode expires = b.path("expires_at");
        Instant expiresAt = expires.isNumber() ? Instant.ofEpochSecond(expires.asLong()) : null;
        return new BatchStatus(batchId, state, Math.max(0, counts.path("total").asInt(0)),
                Math.max(0, counts.path("completed").asInt(0)), Math.max(0, counts.path("failed").asInt(0)), expiresAt);
    }

    @Override
    public Map<String, BackendResult> results(String batchId) throws BatchException {
        return results(batchId, id -> List.of());
    }

    @Override
    public Map<String, BackendResult> results(String batchId, Function<String, List<String>> labelsOf) throws BatchException {
        JsonNode b = json(send("GET", "/batches/" + batchId, null, null, Context.NONE, null));
        Map<String, BackendResult> out = new LinkedHashMap<>();
        for (String field : List.of("output_file_id", "error_file_id")) {
            String fileId = b.path(field).asText("");
            if (b.path(field).isNull() || fileId.isEmpty()) {
                continue;
            }
            String content = send("GET", "/files/" + fileId + "/content", null, null, Context.NONE, FILE_TIMEOUT).body();
            for (String line : content.split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n;
                try {
                    n = JSON.readTree(line);
                } catch (IOException e) {
                    continue; // a damaged line: its request is left without an answer, asked again
                }
                String id = n.path("custom_id").asText("");
                if (!id.isEmpty() && !(out.containsKey(id) && out.get(id).isOk())) {
                    List<String> labels = labelsOf.apply(id);
                    out.put(id, answer(n, labels == null ? List.of() : labels));
                }
            }
        }
        return out;
    }

    /** One output or error line as a result: the answer, or the failure the line says. */
    BackendResult answer(JsonNode line, List<String> labels) {
        JsonNode error = line.path("error");
        JsonNode response = line.path("response");
        if (error.isObject() && (response.isMissingNode() || response.isNull())) {
            String code = error.path("code").asText("");
            String message = error.path("message").asText(code);
            Kind kind = switch (code) {
                case "batch_expired" -> Kind.TIMEOUT;
                case "batch_cancelled" -> Kind.CANCELLED;
                default -> Kind.BAD_REQUEST;
            };
            return BackendResult.failed(new Failure(kind, clip(redact("batch: " + (code.isEmpty() ? "" : code + ": ") + message))), 0);
        }
        int status = response.path("status_code").asInt(0);
        JsonNode body = response.path("body");
        if (status != 200) {
            String message = body.path("error").path("message").asText(body.isMissingNode() ? "" : body.toString());
            return BackendResult.failed(httpFailure(status, message, null), 0);
        }
        JsonNode choice = body.path("choices").path(0);
        Failure refusal = OpenAiAnswers.refusal(choice);
        if (refusal != null) {
            return BackendResult.failed(new Failure(refusal.kind(), redact(refusal.message())), 0);
        }
        String text = choice.path("message").path("content").asText("");
        if (text.isBlank()) {
            return BackendResult.failed(new Failure(Kind.EMPTY_RESPONSE, "the provider answered with no text (finish reason "
                    + choice.path("finish_reason").asText("none") + ")"), 0);
        }
        return new BackendResult(text, usage(body.path("usage")), 0, 0, false, 1, OpenAiAnswers.labelLogprobs(labels, choice), null);
    }

    /**
     * Tokens as the answer reports them: {@code prompt_tokens} includes the cached part
     * ({@code usage.prompt_tokens_details.cached_tokens}), kept as {@link Usage#cachedInputTokens()}
     * (never more than the input it is part of).
     */
    static Usage usage(JsonNode u) {
        long in = Math.max(0, u.path("prompt_tokens").asLong(0));
        long out = Math.max(0, u.path("completion_tokens").asLong(0));
        long cached = Math.min(in, Math.max(0, u.path("prompt_tokens_details").path("cached_tokens").asLong(0)));
        return new Usage(in, out, cached, 0);
    }

    @Override
    public void cancel(String batchId) throws BatchException {
        send("POST", "/batches/" + batchId + "/cancel", new byte[0], "application/json", Context.NONE, null);
    }

    // ---- HTTP ---------------------------------------------------------------------------------

    /** What an egress event says a request was for. */
    private record Context(String project, String run, String variant, List<String> users) {
        static final Context NONE = new Context(null, null, null, List.of());

        Context withoutUsers() {
            return new Context(project, run, variant, List.of());
        }
    }

    private HttpResponse<String> send(String method, String path, byte[] body, String contentType, Context context,
            Duration timeout) throws BatchException {
        String url = base + path;
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url))
                .timeout(timeout == null ? config.parameters().timeout() : timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (secret != null) {
            r.header("Authorization", "Bearer " + secret);
        }
        if (contentType != null) {
            r.header("Content-Type", contentType);
        }
        long bytes = body == null ? 0 : body.length;
        EgressSink.InFlight inFlight = egress.sending(event(url, bytes, context, 0));
        HttpResponse<String> response;
        try {
            response = http.send(r.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (java.net.ConnectException e) {
            inFlight.settled(); // refused: nothing left the machine
            throw new BatchException(new Failure(Kind.NETWORK, redact("cannot reach " + Egress.endpoint(url) + ": connection refused")), e);
        } catch (java.net.http.HttpTimeoutException e) {
            egress.record(event(url, bytes, context, 0));
            inFlight.settled();
            throw new BatchException(new Failure(Kind.TIMEOUT, "timed out: " + method + " " + Egress.endpoint(url)), e);
        } catch (IOException e) {
            egress.record(event(url, bytes, context, 0));
            inFlight.settled();
            throw new BatchException(new Failure(Kind.NETWORK, redact("network error on " + method + " " + Egress.endpoint(url) + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()))), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            inFlight.settled();
            throw new BatchException(new Failure(Kind.CANCELLED, "interrupted: " + method + " " + Egress.endpoint(url)), e);
        }
        egress.record(event(url, bytes, context, response.statusCode()));
        inFlight.settled();
        int status = response.statusCode();
        if (status < 200 || status >= 300) {
            String message;
            try {
                message = JSON.readTree(response.body()).path("error").path("message").asText(response.body());
            } catch (IOException unreadable) {
                message = response.body();
            }
            throw new BatchException(httpFailure(status, method + " " + path + ": " + message,
                    RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), clock)));
        }
        return response;
    }

    private Failure httpFailure(int status, String message, Duration retryAfter) {
        Kind kind = org.recprompt.backend.adapter.FailureMapper.kindOf(status);
        String text = "HTTP " + status + ": " + message;
        if (kind == Kind.AUTHENTICATION && keyHint != null) {
            text = text + " (" + keyHint + ")";
        }
        return new Failure(kind, clip(redact(text)), kind == Kind.RATE_LIMITED || kind == Kind.UNAVAILABLE ? retryAfter : null);
    }

    private EgressEvent event(String url, long bytes, Context c, int status) {
        return new EgressEvent(clock.instant(), c.project(), c.run(), c.variant(), config.id(), "openai", config.model(),
                Egress.endpoint(url), bytes, remote, c.users(), status);
    }

    private static JsonNode json(HttpResponse<String> response) throws BatchException {
        try {
            JsonNode n = JSON.readTree(response.body());
            if (n == null || !n.isObject()) {
                throw new BatchException(new Failure(Kind.MALFORMED_RESPONSE, "the answer is not a JSON object"));
            }
            return n;
        } catch (IOException e) {
            throw new BatchException(new Failure(Kind.MALFORMED_RESPONSE, "unreadable answer: " + clip(e.getMessage())), e);
        }
    }

    private static byte[] bytes(JsonNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The dataset users whose data a request holds (its {@code users} tag, else its {@code user}). */
    static List<String> users(BackendRequest request) {
        String users = request.tags().get("users");
        if (users == null || users.isBlank()) {
            String user = request.tags().get("user");
            return user == null || user.isBlank() ? List.of() : List.of(user);
        }
        List<String> out = new ArrayList<>();
        Arrays.stream(users.split(",")).map(String::strip).filter(s -> !s.isEmpty()).distinct().forEach(out::add);
        return out;
    }

    private String redact(String text) {
        return FailureMapper.redact(text, secret);
    }

    private static String clip(String s) {
        return s == null ? "" : s.length() > MAX_MESSAGE ? s.substring(0, MAX_MESSAGE) + "..." : s;
    }
}
