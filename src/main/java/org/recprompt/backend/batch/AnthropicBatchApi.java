package org.recprompt.backend.batch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.recprompt.backend.BackendRequest;
import org.recprompt.backend.BackendResult;
import org.recprompt.backend.Egress;
import org.recprompt.backend.EgressEvent;
import org.recprompt.backend.EgressSink;
import org.recprompt.backend.Failure;
import org.recprompt.backend.adapter.LlmParameters;
import org.recprompt.backend.adapter.ProviderConfig;
import org.recprompt.backend.adapter.RetryAfter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Anthropic's Message Batches API over the JDK HTTP client (HTTP/1.1), as documented in the API
 * reference (https://docs.anthropic.com/en/api/creating-message-batches and the pages beside it):
 * <ul>
 * <li>{@code POST /v1/messages/batches} with {@code {"requests": [{"custom_id", "params"}]}},
 * {@code params} being a Messages API body ({@link AnthropicBatchWire#params}); at most 100,000
 * requests and 256 MB; custom ids match {@code ^[a-zA-Z0-9_-]{1,64}$} and are unique;</li>
 * <li>{@code GET /v1/messages/batches/{id}}: {@code processing_status} (in_progress, canceling,
 * ended), {@code request_counts} (processing, succeeded, errored, canceled, expired),
 * {@code expires_at}, {@code cancel_initiated_at}, {@code results_url};</li>
 * <li>the JSONL at {@code results_url} (when it is on another server than the configured one, the
 * documented {@code /v1/messages/batches/{id}/results} there: the key is sent nowhere else): one {@code {"custom_id", "result": {"type": succeeded |
 * errored | canceled | expired, "message" | "error"}}} per line, in any order;</li>
 * <li>{@code POST /v1/messages/batches/{id}/cancel}.</li>
 * </ul>
 * Every request carries {@code x-api-key} and {@code anthropic-version: 2023-06-01}. States: in_progress
 * is RUNNING, canceling CANCELLING; ended is CANCELLED when a cancel was initiated, EXPIRED when any
 * request expired (a request expires only when the batch's 24-hour window passed, whatever became of
 * the others), and ENDED otherwise. A failure of the batch as a whole is a {@link BatchException}:
 * 401/403 AUTHENTICATION, 429 RATE_LIMITED with the server's Retry-After, 503 and 529 (overloaded)
 * UNAVAILABLE, other 5xx SERVER_ERROR, 408 and timeouts TIMEOUT, other 4xx BAD_REQUEST, no
 * connection NETWORK, an unreadable answer MALFORMED_RESPONSE; the key never appears in a message.
 * Every HTTP request that reached a server is reported to the egress sink (announced before it is
 * sent, recorded with its status after); the submit's event names the users whose data the batch
 * holds (polls, the results download and a cancel send nobody's data and name no user), and the
 * later requests of a batch submitted by this instance carry its project, run and variant.
 */
public final class AnthropicBatchApi implements BatchApi {

    public static final String PROVIDER = "anthropic";
    public static final String API_VERSION = "2023-06-01";
    public static final int MAX_REQUESTS = 100_000;
    /** 256 MB, read as decimal megabytes, so it is within the limit whichever way the provider counts. */
    public static final long MAX_BYTES = 256_000_000L;

    private static final Pattern CUSTOM_ID = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    /** Uploading a large batch or downloading its results takes longer than one call's timeout. */
    private static final Duration TRANSFER_TIMEOUT = Duration.ofMinutes(10);
    private static final byte[] ENVELOPE_OPEN = "{\"requests\":[".getBytes(StandardCharsets.UTF_8);
    private static final byte[] ENVELOPE_CLOSE = "]}".getBytes(StandardCharsets.UTF_8);

    private final String backendId;
    private final String base;
    private final String model;
    private final LlmParameters parameters;
    private final String apiKey;
    private final String keyHint;
    private final boolean cacheSystem;
    private final EgressSink egress;
    private final boolean remote;
    private final Clock clock;
    private final HttpClient http;
    private final Map<String, Tags> batchTags = new ConcurrentHashMap<>();

    /** What a batch's requests were for, as its egress events say it. */
    private record Tags(String project, String run, String variant, List<String> users) {
        static final Tags NONE = new Tags("", "", "", List.of());
    }

    /**
     * @param baseUrl     the API's base, such as {@code https://api.anthropic.com/v1} (null: that one)
     * @param apiKey      the key sent as {@code x-api-key}, or null for a local server that needs none
     * @param keyHint     said with an authentication failure when no key was sent (which variable was unset), or null
     * @param cacheSystem whether the system prompt's last block carries {@code cache_control: ephemeral}
     */
    public AnthropicBatchApi(String backendId, String baseUrl, String model, LlmParameters parameters, String apiKey,
            String keyHint, boolean cacheSystem, EgressSink egress, Clock clock) {
        String b = baseUrl == null || baseUrl.isBlank() ? Egress.defaultBaseUrl(PROVIDER) : baseUrl.strip();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        this.backendId = backendId;
        this.model = model;
        this.parameters = parameters == null ? LlmParameters.DEFAULTS : parameters;
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
        this.keyHint = keyHint;
        this.cacheSystem = cacheSystem;
        this.egress = egress == null ? EgressSink.NONE : egress;
        this.remote = Egress.isRemote(PROVIDER, baseUrl);
        this.clock = clock == null ? Clock.systemUTC() : clock;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(this.parameters.timeout()).build();
    }

    /**
     * The batch endpoint of a configured {@code anthropic} backend, its key read as the live adapter
     * reads it: from {@code apiKeyEnv} or ANTHROPIC_API_KEY; a missing key is an error naming the
     * variable, except for a base URL of one's own with no {@code apiKeyEnv} (a local server may need none).
     */
    public static AnthropicBatchApi create(ProviderConfig c, Function<String, String> env, EgressSink egress) {
        String base = c.baseUrl() == null || c.baseUrl().isBlank() ? null : c.baseUrl().strip();
        if (base != null) {
            URI u = URI.create(base);
            if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))) {
                throw new IllegalArgumentException("backend " + c.id() + ": baseUrl must be an http(s) URL, not " + base);
            }
        }
        org.recprompt.backend.adapter.Providers.Key key = org.recprompt.backend.adapter.Providers.key(c, env);
        return new AnthropicBatchApi(c.id(), base, c.model(), c.parameters(), key.value(), key.hint(),
                true, egress, Clock.systemUTC());
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public int maxRequests() {
        return MAX_REQUESTS;
    }

    @Override
    public long maxBytes() {
        return MAX_BYTES;
    }

    /** The bytes of the request's entry in the create body, with the comma that separates it from the next. */
    @Override
    public long sizeOf(BatchRequest request) {
        return entry(request).length + 1L;
    }

    private byte[] entry(BatchRequest r) {
        ObjectNode e = AnthropicBatchWire.JSON.createObjectNode();
        e.put("custom_id", r.customId());
        e.set("params", AnthropicBatchWire.params(model, parameters, r.request().messages(), cacheSystem));
        try {
            return AnthropicBatchWire.JSON.writeValueAsBytes(e);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException("a batch request could not be written as JSON", impossible);
        }
    }

    @Override
    public String submit(List<BatchRequest> requests) throws BatchException {
        if (requests == null || requests.isEmpty() || requests.size() > MAX_REQUESTS) {
            throw bad("a batch holds 1 to " + MAX_REQUESTS + " requests, not " + (requests == null ? 0 : requests.size()));
        }
        Set<String> ids = new HashSet<>();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.writeBytes(ENVELOPE_OPEN);
        for (BatchRequest r : requests) {
            if (!CUSTOM_ID.matcher(r.customId()).matches()) {
                throw bad("custom id '" + r.customId() + "' is not 1 to 64 letters, digits, '_' or '-'");
            }
            if (!ids.add(r.customId())) {
                throw bad("custom id '" + r.customId() + "' is used twice in one batch");
            }
            if (ids.size() > 1) {
                body.write(',');
            }
            body.writeBytes(entry(r));
        }
        body.writeBytes(ENVELOPE_CLOSE);
        if (body.size() > MAX_BYTES) {
            throw bad("the batch takes " + body.size() + " bytes, more than Anthropic's " + MAX_BYTES);
        }
        Tags tags = tags(requests);
        JsonNode batch = json(send("POST", base + "/messages/batches", body.toByteArray(), tags, TRANSFER_TIMEOUT));
        String id = batch.path("id").asText("");
        if (id.isBlank()) {
            throw malformed("the created batch has no id");
        }
        batchTags.put(id, new Tags(tags.project, tags.run, tags.variant, List.of())); // later requests carry no one's data
        return id;
    }

    @Override
    public BatchStatus status(String batchId) throws BatchException {
        return AnthropicBatchWire.status(batchId, json(send("GET", batchUrl(batchId), null, tagsOf(batchId), parameters.timeout())));
    }

    @Override
    public Map<String, BackendResult> results(String batchId) throws BatchException {
        Tags tags = tagsOf(batchId);
        JsonNode b = json(send("GET", batchUrl(batchId), null, tags, parameters.timeout()));
        if (!"ended".equals(b.path("processing_status").asText(""))) {
            throw bad("batch " + batchId + " has not ended (" + b.path("processing_status").asText("?")
                    + "): its results are not ready");
        }
        // results_url is where the API says the results are; the key goes with the request, so only
        // to the configured server: a results_url elsewhere (behind a gateway) is read at the
        // documented path on the configured base instead
        String url = b.path("results_url").asText("");
        if (url.isBlank() || !sameOrigin(url)) {
            url = batchUrl(batchId) + "/results";
        }
        Map<String, BackendResult> out = new LinkedHashMap<>();
        Response<InputStream> r = exchange("GET", url, null, tags, TRANSFER_TIMEOUT, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body; BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            if (r.status < 200 || r.status >= 300) {
                throw httpFailure(r.status, new String(in.readAllBytes(), StandardCharsets.UTF_8), r.retryAfter);
            }
            int n = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode l;
                try {
                    l = AnthropicBatchWire.JSON.readTree(line);
                } catch (JsonProcessingException e) {
                    throw malformed("batch " + batchId + ": results line " + n + " is not JSON");
                }
                String id = l.path("custom_id").asText("");
                if (id.isEmpty() || !l.path("result").isObject()) {
                    throw malformed("batch " + batchId + ": results line " + n + " has no custom_id or result");
                }
                out.put(id, AnthropicBatchWire.result(l.path("result"), this::redact));
            }
        } catch (IOException e) {
            throw new BatchException(new Failure(Failure.Kind.NETWORK,
                    redact("batch " + batchId + ": reading the results failed: " + e.getMessage())), e);
        }
        return out;
    }

    @Override
    public void cancel(String batchId) throws BatchException {
        json(send("POST", batchUrl(batchId) + "/cancel", new byte[0], tagsOf(batchId), parameters.timeout()));
    }

    private String batchUrl(String batchId) throws BatchException {
        if (batchId == null || !batchId.matches("[A-Za-z0-9_-]{1,200}")) {
            throw bad("'" + batchId + "' is not a batch id");
        }
        return base + "/messages/batches/" + batchId;
    }

    private boolean sameOrigin(String url) {
        try {
            URI u = URI.create(url);
            URI b = URI.create(base);
            return u.getScheme() != null && u.getScheme().equalsIgnoreCase(b.getScheme())
                    && Egress.host(url).equalsIgnoreCase(Egress.host(base)) && port(u) == port(b);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private record Response<T>(int status, T body, Duration retryAfter) {
    }

    private String send(String method, String url, byte[] body, Tags tags, Duration timeout) throws BatchException {
        Response<String> r = exchange(method, url, body, tags, timeout, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.status < 200 || r.status >= 300) {
            throw httpFailure(r.status, r.body, r.retryAfter);
        }
        return r.body;
    }

    /** One HTTP exchange, reported to the egress sink; a server that cannot be reached or answer in time is a BatchException. */
    private <T> Response<T> exchange(String method, String url, byte[] body, Tags tags, Duration timeout,
            HttpResponse.BodyHandler<T> handler) throws BatchException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("anthropic-version", API_VERSION).header("accept", "application/json");
        if (apiKey != null) {
            b.header("x-api-key", apiKey);
        }
        long bytes = body == null ? 0 : body.length;
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("content-type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        }
        EgressSink.InFlight inFlight = egress.sending(event(url, bytes, tags, 0));
        try {
            HttpResponse<T> r = http.send(b.build(), handler);
            egress.record(event(url, bytes, tags, r.statusCode()));
            return new Response<>(r.statusCode(), r.body(),
                    RetryAfter.parse(r.headers().firstValue("retry-after").orElse(null), clock));
        } catch (HttpConnectTimeoutException e) { // no connection: nothing was sent
            throw new BatchException(new Failure(Failure.Kind.TIMEOUT, "no connection to " + Egress.endpoint(url)
                    + " within " + parameters.timeout().toSeconds() + " s"), e);
        } catch (HttpTimeoutException e) {
            egress.record(event(url, bytes, tags, 0));
            throw new BatchException(new Failure(Failure.Kind.TIMEOUT, "no answer from " + Egress.endpoint(url)
                    + " within " + timeout.toSeconds() + " s"), e);
        } catch (ConnectException e) { // refused: nothing was sent
            throw new BatchException(new Failure(Failure.Kind.NETWORK, "cannot reach " + Egress.endpoint(url)
                    + ": the connection was refused (is the server running?)"), e);
        } catch (IOException e) {
            egress.record(event(url, bytes, tags, 0)); // reset mid-way: the bytes may have left
            throw new BatchException(new Failure(Failure.Kind.NETWORK,
                    redact("network error talking to " + Egress.endpoint(url) + ": " + e)), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BatchException(new Failure(Failure.Kind.CANCELLED, "interrupted while talking to "
                    + Egress.endpoint(url)), e);
        } finally {
            inFlight.settled();
        }
    }

    private EgressEvent event(String url, long bytes, Tags t, int status) {
        return new EgressEvent(clock.instant(), t.project, t.run, t.variant, backendId, PROVIDER, model,
                Egress.endpoint(url), bytes, remote, t.users, status);
    }

    private Tags tagsOf(String batchId) {
        return batchId == null ? Tags.NONE : batchTags.getOrDefault(batchId, Tags.NONE);
    }

    /** The run's project and name (the first request's), its variants and the users whose data the batch carries. */
    private static Tags tags(List<BatchRequest> requests) {
        Map<String, String> first = requests.get(0).request().tags();
        Set<String> variants = new LinkedHashSet<>();
        Set<String> users = new LinkedHashSet<>();
        for (BatchRequest r : requests) {
            BackendRequest q = r.request();
            String v = q.tags().get("variant");
            if (v != null && !v.isBlank()) {
                variants.add(v);
            }
            String list = q.tags().get("users");
            if (list == null || list.isBlank()) {
                list = q.tags().get("user");
            }
            if (list != null) {
                Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(users::add);
            }
        }
        return new Tags(orEmpty(first.get("project")), orEmpty(first.get("run")), String.join(",", variants),
                List.copyOf(users));
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private BatchException httpFailure(int status, String body, Duration retryAfter) {
        String detail = body == null ? "" : body;
        try {
            JsonNode e = AnthropicBatchWire.JSON.readTree(detail).path("error");
            if (e.isObject()) {
                detail = e.path("type").asText("error") + ": " + e.path("message").asText("");
            }
        } catch (JsonProcessingException notJson) {
            // the body as it came
        }
        String msg = "HTTP " + status + ": " + AnthropicBatchWire.cut(detail.strip());
        Failure.Kind kind = org.recprompt.backend.adapter.FailureMapper.kindOf(status);
        if (kind == Failure.Kind.AUTHENTICATION && keyHint != null) {
            msg += " (" + keyHint + ")";
        }
        return new BatchException(new Failure(kind, redact(msg), kind.retryable() ? retryAfter : null));
    }

    private JsonNode json(String body) throws BatchException {
        try {
            JsonNode n = AnthropicBatchWire.JSON.readTree(body);
            if (n == null || !n.isObject()) {
                throw malformed("the answer is not a JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw malformed("the answer is not JSON");
        }
    }

    private BatchException bad(String message) {
        return new BatchException(new Failure(Failure.Kind.BAD_REQUEST, redact(message)));
    }

    private BatchException malformed(String message) {
        return new BatchException(new Failure(Failure.Kind.MALFORMED_RESPONSE, redact(message)));
    }

    /**
     * The text with the key replaced, as the live adapters redact it.
     */
    String redact(String text) {
        return org.recprompt.backend.adapter.FailureMapper.redact(text, apiKey);
    }

    @Override
    public String toString() {
        return "AnthropicBatchApi[" + backendId + " " + Egress.endpoint(base) + " " + model + "]";
    }
}
