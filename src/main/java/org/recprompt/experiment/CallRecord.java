package org.recprompt.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What one call produced, as one line of the journal and of responses.jsonl: who and what was
 * asked (variant, backend, template version, user, repeat, the candidates shown in order, the
 * held-out items, the prompt's hash), the raw answer or the failure, the grounded slots, the
 * response status, and usage, latency, cost, attempts and whether the cache answered. Item ids
 * are the dataset's own ids. A chain's call (NIR) keeps each earlier step's answer in {@code steps}
 * (step name to answer, in order); {@code response} is the last step's answer, the one grounded.
 * In a simulation, {@code round} is the round (written only when above 0). {@code cachedInputTokens}
 * and {@code cacheWriteTokens} are the parts of {@code inputTokens} the provider read from and wrote
 * to its prompt cache ({@code usage.cached_input_tokens} and {@code usage.cache_write_tokens}; a
 * run written before they were recorded reads as 0, and {@link #cacheReported} says whether they were).
 * {@code endpoint}: the URL of the fleet endpoint that answered ({@code baseUrls}; null otherwise, for
 * a cached answer, and in runs written before fleets; written only when known). {@code batch}: the
 * provider's batch id when the call was answered through a batch endpoint ({@code batch: true}),
 * else null (not written).
 */
public record CallRecord(String variant, String backend, String template, String templateVersion, String user, int repeat,
        String status, String response, String error, List<Slot> slots, long inputTokens, long outputTokens,
        long latencyMillis, double cost, boolean cacheHit, int attempts, String promptHash, List<String> candidates,
        List<String> relevant, Map<String, String> steps, int round, long cachedInputTokens, long cacheWriteTokens,
        String endpoint, String batch) {

    /** A record with no prompt-cache tokens, no fleet endpoint, not answered through a batch. */
    public CallRecord(String variant, String backend, String template, String templateVersion, String user, int repeat,
            String status, String response, String error, List<Slot> slots, long inputTokens, long outputTokens,
            long latencyMillis, double cost, boolean cacheHit, int attempts, String promptHash, List<String> candidates,
            List<String> relevant, Map<String, String> steps, int round) {
        this(variant, backend, template, templateVersion, user, repeat, status, response, error, slots, inputTokens, outputTokens,
                latencyMillis, cost, cacheHit, attempts, promptHash, candidates, relevant, steps, round, 0, 0, null, null);
    }

    /** This record as answered in the provider's batch {@code batchId}. */
    public CallRecord withBatch(String batchId) {
        return new CallRecord(variant, backend, template, templateVersion, user, repeat, status, response, error, slots, inputTokens,
                outputTokens, latencyMillis, cost, cacheHit, attempts, promptHash, candidates, relevant, steps, round,
                cachedInputTokens, cacheWriteTokens, endpoint, batchId);
    }

    /** A record of a single-prompt call (no chain steps) outside a simulation. */
    public CallRecord(String variant, String backend, String template, String templateVersion, String user, int repeat,
            String status, String response, String error, List<Slot> slots, long inputTokens, long outputTokens,
            long latencyMillis, double cost, boolean cacheHit, int attempts, String promptHash, List<String> candidates,
            List<String> relevant) {
        this(variant, backend, template, templateVersion, user, repeat, status, response, error, slots, inputTokens, outputTokens,
                latencyMillis, cost, cacheHit, attempts, promptHash, candidates, relevant, null, 0);
    }

    /** A record outside a simulation (round 0). */
    public CallRecord(String variant, String backend, String template, String templateVersion, String user, int repeat,
            String status, String response, String error, List<Slot> slots, long inputTokens, long outputTokens,
            long latencyMillis, double cost, boolean cacheHit, int attempts, String promptHash, List<String> candidates,
            List<String> relevant, Map<String, String> steps) {
        this(variant, backend, template, templateVersion, user, repeat, status, response, error, slots, inputTokens, outputTokens,
                latencyMillis, cost, cacheHit, attempts, promptHash, candidates, relevant, steps, 0);
    }

    /** One grounded slot: position, text as written, the matched item (null: none), outcome, how it matched, score. */
    public record Slot(int slot, String rawText, String itemId, String outcome, String method, double score) {
    }

    public CallRecord {
        slots = List.copyOf(slots);
        candidates = candidates == null ? List.of() : List.copyOf(candidates);
        relevant = relevant == null ? List.of() : List.copyOf(relevant);
        steps = steps == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(steps));
    }

    /** This record with the provider's prompt-cache counts (parts of its input tokens). */
    public CallRecord withCacheTokens(long cachedInput, long cacheWrite) {
        return new CallRecord(variant, backend, template, templateVersion, user, repeat, status, response, error, slots,
                inputTokens, outputTokens, latencyMillis, cost, cacheHit, attempts, promptHash, candidates, relevant, steps, round,
                cachedInput, cacheWrite, endpoint, batch);
    }

    /** The same record, answered by the fleet endpoint with this URL (null: none known). */
    public CallRecord withEndpoint(String url) {
        return new CallRecord(variant, backend, template, templateVersion, user, repeat, status, response, error, slots,
                inputTokens, outputTokens, latencyMillis, cost, cacheHit, attempts, promptHash, candidates, relevant, steps, round,
                cachedInputTokens, cacheWriteTokens, url, batch);
    }

    public String key() {
        return Call.key(variant, user, repeat, round);
    }

    public boolean isError() {
        return "ERROR".equals(status);
    }

    /** The JSON object written to the journal and to responses.jsonl, keys in a fixed order. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("variant", variant);
        m.put("backend", backend);
        m.put("template", template);
        m.put("template_version", templateVersion);
        m.put("user", user);
        m.put("repeat", repeat);
        m.put("status", status);
        m.put("response", response);
        m.put("error", error);
        List<Map<String, Object>> s = new ArrayList<>(slots.size());
        for (Slot x : slots) {
            Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("slot", x.slot());
            sm.put("raw_text", x.rawText());
            sm.put("item_id", x.itemId());
            sm.put("outcome", x.outcome());
            sm.put("method", x.method());
            sm.put("score", Math.round(x.score() * 1000) / 1000.0);
            s.add(sm);
        }
        m.put("slots", s);
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("input_tokens", inputTokens);
        usage.put("output_tokens", outputTokens);
        usage.put("cached_input_tokens", cachedInputTokens);
        usage.put("cache_write_tokens", cacheWriteTokens);
        m.put("usage", usage);
        m.put("latency_ms", latencyMillis);
        m.put("cost", cost);
        m.put("cache_hit", cacheHit);
        m.put("attempts", attempts);
        m.put("prompt_hash", promptHash);
        m.put("candidates", candidates);
        m.put("relevant", relevant);
        if (!steps.isEmpty()) {
            m.put("steps", steps);
        }
        if (round > 0) {
            m.put("round", round);
        }
        if (endpoint != null) {
            m.put("endpoint", endpoint);
        }
        if (batch != null) {
            m.put("batch", batch);
        }
        return m;
    }

    /** Reads a record back from its JSON object. */
    public static CallRecord fromJson(JsonNode n) {
        List<Slot> slots = new ArrayList<>();
        for (JsonNode s : n.path("slots")) {
            slots.add(new Slot(s.path("slot").asInt(), text(s, "raw_text"), text(s, "item_id"), text(s, "outcome"),
                    text(s, "method"), s.path("score").asDouble()));
        }
        return new CallRecord(text(n, "variant"), text(n, "backend"), text(n, "template"), text(n, "template_version"),
                text(n, "user"), n.path("repeat").asInt(), text(n, "status"), text(n, "response"), text(n, "error"), slots,
                n.path("usage").path("input_tokens").asLong(), n.path("usage").path("output_tokens").asLong(),
                n.path("latency_ms").asLong(), n.path("cost").asDouble(), n.path("cache_hit").asBoolean(),
                n.path("attempts").asInt(), text(n, "prompt_hash"), strings(n.path("candidates")), strings(n.path("relevant")),
                steps(n.path("steps")), n.path("round").asInt(0), n.path("usage").path("cached_input_tokens").asLong(0),
                n.path("usage").path("cache_write_tokens").asLong(0), text(n, "endpoint"), text(n, "batch"));
    }

    /** Whether a record's JSON carries prompt-cache counts (runs written before they were recorded do not). */
    public static boolean cacheReported(JsonNode n) {
        return n.path("usage").has("cached_input_tokens");
    }

    private static Map<String, String> steps(JsonNode o) {
        Map<String, String> out = new LinkedHashMap<>();
        o.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
        return out;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static List<String> strings(JsonNode a) {
        List<String> out = new ArrayList<>();
        a.forEach(x -> out.add(x.asText()));
        return out;
    }
}
