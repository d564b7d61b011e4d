package org.recprompt.backend.adapter;

import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;

/**
 * Google Gemini's {@code /v1beta/models/{model}:generateContent}. Seed, top-p, temperature, max
 * output tokens and JSON output are supported; images as base64 (data URLs). A candidate finished
 * for SAFETY, BLOCKLIST, PROHIBITED_CONTENT or SPII (langchain4j's CONTENT_FILTER) is REFUSED.
 */
public final class GeminiBackend extends ChatModelBackend {

    public static final String DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com/v1beta";

    public GeminiBackend(String baseUrl, String model, String apiKey, LlmParameters p, String keyHint) {
        super(GoogleAiGeminiChatModel.builder()
                .httpClientBuilder(ProviderHttpClient.builder().endpoint(base(baseUrl)))
                .baseUrl(base(baseUrl))
                .apiKey(apiKey == null || apiKey.isEmpty() ? "none" : apiKey)
                .modelName(model)
                .temperature(p.temperature())
                .topP(p.topP())
                .seed(p.seed())
                .maxOutputTokens(p.maxTokens())
                .responseFormat(p.json() ? ResponseFormat.JSON : null)
                .timeout(p.timeout())
                .maxRetries(0)
                .logRequests(false)
                .logResponses(false)
                .build(), "gemini", model, p, apiKey, keyHint);
    }

    private static String base(String baseUrl) {
        return baseUrl == null || baseUrl.isBlank() ? DEFAULT_BASE_URL : baseUrl;
    }
}
