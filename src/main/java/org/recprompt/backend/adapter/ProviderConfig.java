package org.recprompt.backend.adapter;

import java.time.Duration;

/**
 * One LLM backend as configured, for example the YAML
 * {@code { id: llm, type: openai, baseUrl: "http://127.0.0.1:18080/v1", model: test-model, apiKeyEnv: TEST_KEY, concurrency: 8 }}.
 * {@code type} is openai | ollama | anthropic | gemini. {@code baseUrl} null means the provider's
 * public endpoint. {@code apiKeyEnv} names the environment variable holding the key (null: the
 * provider's usual one, OPENAI_API_KEY, ANTHROPIC_API_KEY or GEMINI_API_KEY; Ollama needs none).
 * {@code timeout}, when set, overrides the parameters' timeout.
 */
public record ProviderConfig(String id, String type, String baseUrl, String model, String apiKeyEnv,
        LlmParameters parameters, Duration timeout, int concurrency) {

    public ProviderConfig {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("backend " + id + ": a type is required (openai, ollama, anthropic, gemini)");
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("backend " + id + ": a model is required");
        }
        parameters = parameters == null ? LlmParameters.DEFAULTS : parameters;
        if (timeout != null) {
            parameters = parameters.withTimeout(timeout);
        }
        concurrency = concurrency <= 0 ? 1 : concurrency;
    }
}
