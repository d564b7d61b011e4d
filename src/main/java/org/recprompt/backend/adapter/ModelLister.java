package org.recprompt.backend.adapter;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Asks a provider which models it serves: OpenAI-compatible {@code GET {baseUrl}/models} (Bearer
 * key), Ollama {@code GET {baseUrl}/api/tags}, Anthropic {@code GET {baseUrl}/models} ({@code x-api-key},
 * {@code anthropic-version}), Gemini {@code GET {baseUrl}/models} (the key in the
 * {@code x-goog-api-key} header rather than the URL, so that it cannot end up in a message or a
 * proxy's log). Over the JDK client on HTTP/1.1, like {@link ProviderHttpClient}. Never throws for
 * a failed call: the {@link Result} says what went wrong in one sentence that never contains the key.
 */
public final class ModelLister {

    /** How a listing ended. */
    public enum Outcome { OK, UNREACHABLE, TIMEOUT, KEY_REJECTED, HTTP_ERROR, MALFORMED }

    /** The model ids, sorted, or what went wrong. */
    public record Result(Outcome outcome, List<String> models, String message, long latencyMillis) {

        public Result {
            models = List.copyOf(models);
        }

        public boolean isOk() {
            return outcome == Outcome.OK;
        }

        /** The server could not be reached at all, so a generation would fail the same way. */
        public boolean unreachable() {
            return outcome == Outcome.UNREACHABLE || outcome == Outcome.TIMEOUT;
        }
    }

    static final String ANTHROPIC_VERSION = "2023-06-01";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_SNIPPET = 200;

    private final Duration timeout;
    private final HttpClient http;

    public ModelLister(Duration timeout) {
        this.timeout = timeout;
        Duration connect = timeout.compareTo(Duration.ofSeconds(10)) < 0 ? timeout : Duration.ofSeconds(10);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connect)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * Lists the models of a provider of the given adapter type (openai, ollama, anthropic, gemini)
     * at {@code baseUrl} (blank: the provider's public endpoint), sending {@code apiKey} when there is one.
     */
    public Result list(String providerType, String baseUrl, String apiKey) {
        String type = providerType == null ? "" : providerType.toLowerCase(Locale.ROOT);
        String key = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
        long start = System.nanoTime();
        URI uri;
        HttpRequest.Builder request;
        try {
            uri = endpoint(type, baseUrl);
            request = HttpRequest.newBuilder(uri).timeout(timeout).GET().header("Accept", "application/json");
        } catch (IllegalArgumentException e) {
            return new Result(Outcome.HTTP_ERROR, List.of(), redact(e.getMessage(), key), 0);
        }
        if (key != null) {
            switch (type) {
                case "openai" -> request.header("Authorization", "Bearer " + key);
                case "anthropic" -> request.header("x-api-key", key);
                case "gemini" -> request.header("x-goog-api-key", key);
                default -> { } // Ollama's native API takes no key
            }
        }
        if (type.equals("anthropic")) {
            request.header("anthropic-version", ANTHROPIC_VERSION);
        }
        String where = ConnectionWording.where(uri);
        HttpResponse<String> response;
        try {
            response = BoundedHttp.send(http, request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8), timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(Outcome.TIMEOUT, List.of(), "Listing the models was cancelled.", millisSince(start));
        } catch (IOException | RuntimeException e) {
            return failure(e, uri, where, key, start);
        }
        long latency = millisSince(start);
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            return new Result(Outcome.KEY_REJECTED, List.of(), redact("The server rejected the API key (HTTP " + status + ")"
                    + (key == null ? ", and none was sent" : "") + serverSays(response.body()), key), latency);
        }
        if (status == 404) {
            return new Result(Outcome.HTTP_ERROR, List.of(), redact("HTTP 404 from " + where
                    + ": this server does not list models there; check the base URL or type the model's name.", key), latency);
        }
        if (status < 200 || status >= 300) {
            return new Result(Outcome.HTTP_ERROR, List.of(), redact("HTTP " + status + " from " + where
                    + serverSays(response.body()), key), latency);
        }
        try {
            List<String> models = parse(type, response.body());
            return new Result(Outcome.OK, models, models.size() + (models.size() == 1 ? " model" : " models") + " listed by " + where, latency);
        } catch (JsonProcessingException | IllegalStateException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            return new Result(Outcome.MALFORMED, List.of(), redact("The answer of " + where
                    + " is not the expected model list: " + firstLine(why), key), latency);
        }
    }

    static URI endpoint(String type, String baseUrl) {
        String base = baseUrl == null || baseUrl.isBlank() ? defaultBase(type) : baseUrl.strip();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        String path = switch (type) {
            case "openai" -> "/models";
            case "ollama" -> "/api/tags";
            case "anthropic" -> "/models?limit=1000";
            case "gemini" -> "/models?pageSize=1000";
            default -> throw new IllegalArgumentException("Models cannot be listed for backends of type '" + type + "'.");
        };
        URI uri = URI.create(base + path);
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null) {
            throw new IllegalArgumentException("The base URL must start with http:// or https:// and name a host.");
        }
        return uri;
    }

    private static String defaultBase(String type) {
        return switch (type) {
            case "openai" -> OpenAiCompatibleBackend.DEFAULT_BASE_URL;
            case "ollama" -> OllamaBackend.DEFAULT_BASE_URL;
            case "anthropic" -> AnthropicBackend.DEFAULT_BASE_URL;
            case "gemini" -> GeminiBackend.DEFAULT_BASE_URL;
            default -> throw new IllegalArgumentException("Models cannot be listed for backends of type '" + type + "'.");
        };
    }

    static List<String> parse(String type, String body) throws JsonProcessingException {
        JsonNode root = JSON.readTree(body == null ? "" : body);
        if (root == null || !root.isObject()) {
            throw new IllegalStateException("not a JSON object");
        }
        JsonNode list = switch (type) {
            case "ollama", "gemini" -> root.path("models");
            default -> root.has("data") ? root.path("data") : root.path("models");
        };
        if (!list.isArray()) {
            throw new IllegalStateException("no '" + (type.equals("ollama") || type.equals("gemini") ? "models" : "data")
                    + "' array");
        }
        TreeSet<String> ids = new TreeSet<>();
        for (JsonNode m : list) {
            if (type.equals("gemini") && m.path("supportedGenerationMethods").isArray()
                    && !contains(m.path("supportedGenerationMethods"), "generateContent")) {
                continue; // embedding and other models that cannot answer a prompt
            }
            String id = firstText(m, "id", "name", "model");
            if (id != null) {
                ids.add(type.equals("gemini") && id.startsWith("models/") ? id.substring("models/".length()) : id);
            }
        }
        return new ArrayList<>(ids);
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode n : array) {
            if (value.equals(n.asText())) {
                return true;
            }
        }
        return false;
    }

    private static String firstText(JsonNode node, String... fields) {
        if (node.isTextual()) {
            return node.asText();
        }
        for (String f : fields) {
            if (node.path(f).isTextual() && !node.path(f).asText().isBlank()) {
                return node.path(f).asText().strip();
            }
        }
        return null;
    }

    private Result failure(Exception e, URI uri, String where, String key, long start) {
        Outcome outcome;
        String message;
        if (e instanceof HttpConnectTimeoutException) {
            outcome = Outcome.TIMEOUT;
            message = ConnectionWording.noConnection(uri, timeout);
        } else if (e instanceof HttpTimeoutException) {
            outcome = Outcome.TIMEOUT;
            message = ConnectionWording.noAnswer(uri, timeout);
        } else {
            outcome = Outcome.UNREACHABLE;
            message = ConnectionWording.unreachable(e, uri);
        }
        return new Result(outcome, List.of(), redact(message, key), millisSince(start));
    }

    /** The server's own error message (OpenAI/Anthropic/Gemini put it in error.message), shortened; untrusted text. */
    private static String serverSays(String body) {
        if (body == null || body.isBlank()) {
            return ".";
        }
        String text = body;
        try {
            JsonNode root = JSON.readTree(body);
            JsonNode m = root.path("error").path("message");
            if (m.isTextual()) {
                text = m.asText();
            } else if (root.path("error").isTextual()) {
                text = root.path("error").asText();
            }
        } catch (JsonProcessingException notJson) {
            // keep the raw body
        }
        return ": " + firstLine(text);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        String one = s.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        return one.length() > MAX_SNIPPET ? one.substring(0, MAX_SNIPPET) + "..." : one;
    }

    static String redact(String text, String key) {
        return FailureMapper.redact(text, key);
    }

    private static long millisSince(long start) {
        return Math.max(0, (System.nanoTime() - start) / 1_000_000);
    }
}
