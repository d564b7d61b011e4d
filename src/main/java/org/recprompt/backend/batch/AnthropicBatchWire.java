package org.recprompt.backend.batch;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

import org.recprompt.backend.BackendResult;
import org.recprompt.backend.Failure;
import org.recprompt.backend.Usage;
import org.recprompt.backend.adapter.LlmParameters;
import org.recprompt.prompt.Message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON of Anthropic's Message Batches: one request's {@code params} (the body the live
 * {@code /v1/messages} adapter sends, without {@code stream}), a batch object read into a
 * {@link BatchStatus}, and one line of a batch's results read into a {@link BackendResult}. Wire
 * format as documented in the API reference, "Create a Message Batch", "Retrieve a Message Batch"
 * and "Retrieve Message Batch results" (https://docs.anthropic.com/en/api/creating-message-batches,
 * https://docs.anthropic.com/en/api/retrieving-message-batches,
 * https://docs.anthropic.com/en/api/retrieving-message-batch-results).
 */
final class AnthropicBatchWire {

    /** Anthropic requires max_tokens; the live adapter's default when the experiment sets none. */
    static final int DEFAULT_MAX_TOKENS = 1024;

    static final ObjectMapper JSON = new ObjectMapper();

    private AnthropicBatchWire() {
    }

    /**
     * Tokens as Anthropic reports them. Its {@code input_tokens} excludes the tokens read from and
     * written to the prompt cache, so the input a call consumed is the sum of the three.
     */
    record Tokens(long input, long output, long cacheRead, long cacheWrite) {

        static Tokens of(JsonNode usage) {
            return new Tokens(count(usage, "input_tokens"), count(usage, "output_tokens"),
                    count(usage, "cache_read_input_tokens"), count(usage, "cache_creation_input_tokens"));
        }

        /**
         * The normalised usage: input = input_tokens + cache_read_input_tokens +
         * cache_creation_input_tokens, of which {@link #cacheRead} is {@code cachedInputTokens} and
         * {@link #cacheWrite} is {@code cacheWriteTokens}.
         */
        Usage toUsage() {
            return new Usage(input + cacheRead + cacheWrite, output, cacheRead, cacheWrite);
        }

        private static long count(JsonNode usage, String field) {
            JsonNode n = usage == null ? null : usage.get(field);
            return n == null || !n.canConvertToLong() ? 0 : Math.max(0, n.asLong());
        }
    }

    /** The usage of an answer {@code message} (normalised as {@link Tokens#toUsage()} says). */
    static Usage usage(JsonNode usage) {
        return Tokens.of(usage).toUsage();
    }

    /**
     * The {@code params} of one request, as the live adapter (langchain4j's Anthropic model) sends
     * them: system messages as text blocks of the top-level {@code system}, user and assistant
     * turns as text blocks in order (not merged), images as {@code image} blocks (a data URL as a
     * {@code base64} source, anything else as a {@code url} source), max_tokens (1024 when not
     * set), temperature and top_p when set. Seed and JSON mode do not exist at Anthropic and are
     * left out as the live adapter leaves them out. With {@code cacheSystem}, the last system block
     * carries {@code cache_control: {type: ephemeral}}, so that the static part of the prompt
     * (shared by every user) is read from the prompt cache.
     */
    static ObjectNode params(String model, LlmParameters p, List<Message> messages, boolean cacheSystem) {
        ObjectNode params = JSON.createObjectNode();
        params.put("model", model);
        ArrayNode turns = params.putArray("messages");
        ArrayNode system = JSON.createArrayNode();
        for (Message m : messages) {
            String role = m.role() == null ? "user" : m.role().toLowerCase(Locale.ROOT);
            switch (role) {
                case "system" -> system.add(text(m.text()));
                case "assistant", "ai" -> {
                    ObjectNode turn = turns.addObject().put("role", "assistant");
                    turn.putArray("content").add(text(m.text()));
                }
                default -> {
                    ObjectNode turn = turns.addObject().put("role", "user");
                    ArrayNode content = turn.putArray("content");
                    content.add(text(m.text()));
                    m.images().forEach(i -> content.add(image(i)));
                }
            }
        }
        if (!system.isEmpty()) {
            if (cacheSystem) {
                ((ObjectNode) system.get(system.size() - 1)).putObject("cache_control").put("type", "ephemeral");
            }
            params.set("system", system);
        }
        params.put("max_tokens", p.maxTokens() == null ? DEFAULT_MAX_TOKENS : p.maxTokens());
        if (p.temperature() != null) {
            params.put("temperature", p.temperature());
        }
        if (p.topP() != null) {
            params.put("top_p", p.topP());
        }
        return params;
    }

    private static ObjectNode text(String text) {
        return JSON.createObjectNode().put("type", "text").put("text", text == null ? "" : text);
    }

    private static ObjectNode image(String ref) {
        ObjectNode block = JSON.createObjectNode().put("type", "image");
        ObjectNode source = block.putObject("source");
        if (ref.startsWith("data:")) {
            int comma = ref.indexOf(',');
            String meta = ref.substring(5, comma < 0 ? ref.length() : comma);
            String mime = meta.contains(";") ? meta.substring(0, meta.indexOf(';')) : meta;
            source.put("type", "base64").put("media_type", mime.isEmpty() ? "image/png" : mime)
                    .put("data", comma < 0 ? "" : ref.substring(comma + 1));
        } else {
            source.put("type", "url").put("url", ref);
        }
        return block;
    }

    /**
     * One results line's {@code result} as a call's outcome: {@code succeeded} gives the message's
     * text and usage ({@code stop_reason: refusal} a REFUSED failure, no text EMPTY_RESPONSE);
     * {@code errored} a failure with the provider's error type and message; {@code expired} a
     * TIMEOUT failure (retryable: asked again on resume); {@code canceled} a CANCELLED failure.
     * Messages pass through {@code redact}. Latency is 0: a batch does not time its requests.
     */
    static BackendResult result(JsonNode result, java.util.function.UnaryOperator<String> redact) {
        String type = result.path("type").asText("");
        return switch (type) {
            case "succeeded" -> succeeded(result.path("message"), redact);
            case "errored" -> errored(result.path("error"), redact);
            case "expired" -> BackendResult.failed(new Failure(Failure.Kind.TIMEOUT,
                    "the batch expired before this request was processed (24-hour window)"), 0);
            case "canceled" -> BackendResult.failed(new Failure(Failure.Kind.CANCELLED,
                    "the batch was cancelled before this request was processed"), 0);
            default -> BackendResult.failed(new Failure(Failure.Kind.MALFORMED_RESPONSE,
                    "unreadable batch result: unknown result type '" + redact.apply(cut(type)) + "'"), 0);
        };
    }

    private static BackendResult succeeded(JsonNode message, java.util.function.UnaryOperator<String> redact) {
        Usage usage = usage(message.get("usage"));
        String stop = message.path("stop_reason").asText("");
        if (stop.equals("refusal")) {
            return new BackendResult("", usage, 0, 0, false, 1, null,
                    new Failure(Failure.Kind.REFUSED, "the model refused (stop_reason refusal)"));
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode block : message.path("content")) {
            if (block.path("type").asText("").equals("text")) {
                text.append(block.path("text").asText(""));
            }
        }
        if (text.toString().isBlank()) {
            return new BackendResult("", usage, 0, 0, false, 1, null, new Failure(Failure.Kind.EMPTY_RESPONSE,
                    "the provider answered with no text (stop reason " + redact.apply(cut(stop)) + ")"));
        }
        return new BackendResult(text.toString(), usage, 0, 0, false, 1, null, null);
    }

    /** {@code error} is an error response ({type: error, error: {type, message}}); a bare {type, message} is read too. */
    private static BackendResult errored(JsonNode error, java.util.function.UnaryOperator<String> redact) {
        JsonNode inner = error.path("error").isObject() ? error.path("error") : error;
        String type = inner.path("type").asText("error");
        String message = inner.path("message").asText("");
        return BackendResult.failed(new Failure(kind(type),
                redact.apply("the request failed in the batch: " + cut(type) + (message.isEmpty() ? "" : ": " + cut(message)))), 0);
    }

    /** Anthropic's error types (https://docs.anthropic.com/en/api/errors) as failure kinds. */
    static Failure.Kind kind(String errorType) {
        return switch (errorType) {
            case "invalid_request_error", "not_found_error", "request_too_large" -> Failure.Kind.BAD_REQUEST;
            case "authentication_error", "permission_error", "billing_error" -> Failure.Kind.AUTHENTICATION;
            case "rate_limit_error" -> Failure.Kind.RATE_LIMITED;
            case "overloaded_error" -> Failure.Kind.UNAVAILABLE;
            case "api_error" -> Failure.Kind.SERVER_ERROR;
            case "timeout_error" -> Failure.Kind.TIMEOUT;
            default -> Failure.Kind.OTHER;
        };
    }

    static String cut(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    /**
     * A batch object as a status: in_progress RUNNING, canceling CANCELLING; ended CANCELLED when a
     * cancel was initiated, EXPIRED when any request expired (only the passing of the 24-hour window
     * expires a request), ENDED otherwise. Total is the sum of the counts; failed is errored +
     * canceled + expired.
     */
    static BatchStatus status(String batchId, JsonNode b) throws BatchException {
        JsonNode counts = b.path("request_counts");
        if (!counts.isObject()) {
            throw new BatchException(new Failure(Failure.Kind.MALFORMED_RESPONSE,
                    "batch " + batchId + " has no request_counts"));
        }
        int processing = count(counts, "processing");
        int succeeded = count(counts, "succeeded");
        int errored = count(counts, "errored");
        int canceled = count(counts, "canceled");
        int expired = count(counts, "expired");
        String processingStatus = b.path("processing_status").asText("");
        BatchStatus.State state = switch (processingStatus) {
            case "in_progress" -> BatchStatus.State.RUNNING;
            case "canceling" -> BatchStatus.State.CANCELLING;
            case "ended" -> b.hasNonNull("cancel_initiated_at") ? BatchStatus.State.CANCELLED
                    : expired > 0 ? BatchStatus.State.EXPIRED : BatchStatus.State.ENDED;
            default -> throw new BatchException(new Failure(Failure.Kind.MALFORMED_RESPONSE,
                    "batch " + batchId + " has an unknown processing_status '" + cut(processingStatus) + "'"));
        };
        return new BatchStatus(b.path("id").asText(batchId), state, processing + succeeded + errored + canceled + expired,
                succeeded, errored + canceled + expired, instant(b.path("expires_at").asText(null)));
    }

    private static int count(JsonNode counts, String field) {
        return Math.max(0, counts.path(field).asInt(0));
    }

    /** An RFC 3339 time, or null when absent or unreadable. */
    private static Instant instant(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }
}
