package org.recprompt.backend.adapter;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Generation parameters for an LLM adapter. Null means "the provider's default". {@code seed} is
 * sent where the provider supports it (OpenAI-compatible, Ollama, Gemini; Anthropic has none).
 * {@code json} asks for JSON output where supported (OpenAI-compatible, Ollama, Gemini; Anthropic has
 * no JSON mode and ignores it). {@code topLogprobs} is how many alternatives OpenAI-compatible
 * servers return for the first answer token when a request carries labels (1..20).
 */
public record LlmParameters(Double temperature, Double topP, Integer seed, Integer maxTokens, boolean json,
        Duration timeout, int topLogprobs) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    public static final LlmParameters DEFAULTS = new LlmParameters(null, null, null, null, false, DEFAULT_TIMEOUT, 20);

    public LlmParameters {
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the timeout must be positive");
        }
        if (topLogprobs < 1 || topLogprobs > 20) {
            throw new IllegalArgumentException("topLogprobs must be in 1..20, not " + topLogprobs);
        }
        if (maxTokens != null && maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1");
        }
    }

    public LlmParameters withTimeout(Duration t) {
        return new LlmParameters(temperature, topP, seed, maxTokens, json, t, topLogprobs);
    }

    /** Everything that determines an answer (the timeout does not), for cache keys. */
    public Map<String, Object> asCacheParameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (temperature != null) {
            m.put("temperature", temperature);
        }
        if (topP != null) {
            m.put("topP", topP);
        }
        if (seed != null) {
            m.put("seed", seed);
        }
        if (maxTokens != null) {
            m.put("maxTokens", maxTokens);
        }
        m.put("json", json);
        m.put("topLogprobs", topLogprobs);
        return m;
    }
}
