package org.recprompt.backend.adapter;

import org.recprompt.backend.Failure;
import org.recprompt.backend.QuotaObserver;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.anthropic.AnthropicChatResponseMetadata;
import dev.langchain4j.model.chat.response.ChatResponse;

/**
 * Anthropic's {@code /v1/messages}. No seed and no JSON mode exist there (both are ignored);
 * max tokens is required by the API and defaults to 1024. {@code stop_reason: "refusal"} (which
 * langchain4j maps to OTHER) is read from the raw answer and reported as REFUSED.
 */
public final class AnthropicBackend extends ChatModelBackend {

    public static final String DEFAULT_BASE_URL = "https://api.anthropic.com/v1/";
    private static final ObjectMapper JSON = new ObjectMapper();

    public AnthropicBackend(String baseUrl, String model, String apiKey, LlmParameters p, String keyHint) {
        this(baseUrl, model, apiKey, p, keyHint, QuotaObserver.NONE);
    }

    /** With an observer told every answer's rate-limit headers (the backend's rate limiter). */
    public AnthropicBackend(String baseUrl, String model, String apiKey, LlmParameters p, String keyHint, QuotaObserver quota) {
        super(AnthropicChatModel.builder()
                .httpClientBuilder(ProviderHttpClient.builder().quotaObserver(quota).endpoint(base(baseUrl)))
                .baseUrl(base(baseUrl))
                .apiKey(apiKey == null || apiKey.isEmpty() ? "none" : apiKey)
                .modelName(model)
                .temperature(p.temperature())
                .topP(p.topP())
                .maxTokens(p.maxTokens() == null ? 1024 : p.maxTokens())
                .timeout(p.timeout())
                .maxRetries(0)
                .cacheSystemMessages(true) // cache_control on the system prompt, the part every user shares
                .logRequests(false)
                .logResponses(false)
                .build(), "anthropic", model, p, apiKey, keyHint);
    }

    @Override
    protected Failure refusal(ChatResponse response) {
        if (!(response.metadata() instanceof AnthropicChatResponseMetadata m) || m.rawHttpResponse() == null
                || m.rawHttpResponse().body() == null) {
            return null;
        }
        try {
            if ("refusal".equals(JSON.readTree(m.rawHttpResponse().body()).path("stop_reason").asText(null))) {
                return new Failure(Failure.Kind.REFUSED, "the model refused (stop_reason refusal)");
            }
        } catch (Exception unreadable) {
            return null;
        }
        return null;
    }

    private static String base(String baseUrl) {
        return baseUrl == null || baseUrl.isBlank() ? DEFAULT_BASE_URL : baseUrl;
    }
}
