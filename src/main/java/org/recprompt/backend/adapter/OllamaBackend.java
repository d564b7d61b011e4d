package org.recprompt.backend.adapter;

import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.ollama.OllamaChatModel;

/**
 * Ollama's native {@code /api/chat}. Seed, top-p, temperature, {@code num_predict} (max tokens) and
 * JSON format are supported; images are sent as base64 (data URLs). Ollama has no refusal signal:
 * a refusal comes back as ordinary text, so REFUSED is never reported.
 */
public final class OllamaBackend extends ChatModelBackend {

    public static final String DEFAULT_BASE_URL = "http://localhost:11434";

    public OllamaBackend(String baseUrl, String model, LlmParameters p) {
        super(OllamaChatModel.builder()
                .httpClientBuilder(ProviderHttpClient.builder().endpoint(base(baseUrl)))
                .baseUrl(base(baseUrl))
                .modelName(model)
                .temperature(p.temperature())
                .topP(p.topP())
                .seed(p.seed())
                .numPredict(p.maxTokens())
                .responseFormat(p.json() ? ResponseFormat.JSON : null)
                .timeout(p.timeout())
                .maxRetries(0)
                .logRequests(false)
                .logResponses(false)
                .build(), "ollama", model, p, null, null);
    }

    private static String base(String baseUrl) {
        return baseUrl == null || baseUrl.isBlank() ? DEFAULT_BASE_URL : baseUrl;
    }
}
