package org.recprompt.backend.adapter;

import java.util.List;
import java.util.Map;

import org.recprompt.backend.BackendRequest;
import org.recprompt.backend.Failure;
import org.recprompt.backend.QuotaObserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import dev.langchain4j.model.openai.OpenAiChatResponseMetadata;

/**
 * OpenAI and any OpenAI-compatible server ({@code /chat/completions} under a base URL: vLLM,
 * llama.cpp server, LM Studio, Ollama's {@code /v1}), over HTTP/1.1. Images are sent as
 * {@code image_url} parts. When a request carries labels, {@code logprobs} and
 * {@code top_logprobs} are requested and each label's log-probability as the first answer token
 * is returned (M6-Rec-style scoring). A {@code refusal} field or finish reason
 * {@code content_filter} is a REFUSED failure.
 */
public final class OpenAiCompatibleBackend extends ChatModelBackend {

    public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LlmParameters params;

    public OpenAiCompatibleBackend(String baseUrl, String model, String apiKey, LlmParameters p, String keyHint) {
        this(baseUrl, model, apiKey, p, keyHint, QuotaObserver.NONE);
    }

    /** With an observer told every answer's rate-limit headers (the backend's rate limiter). */
    public OpenAiCompatibleBackend(String baseUrl, String model, String apiKey, LlmParameters p, String keyHint, QuotaObserver quota) {
        super(OpenAiChatModel.builder()
                .httpClientBuilder(ProviderHttpClient.builder().quotaObserver(quota).endpoint(base(baseUrl)))
                .baseUrl(base(baseUrl))
                .apiKey(apiKey == null || apiKey.isEmpty() ? "none" : apiKey)
                .modelName(model)
                .temperature(p.temperature())
                .topP(p.topP())
                .seed(p.seed())
                .maxTokens(p.maxTokens())
                .responseFormat(p.json() ? ResponseFormat.JSON : null)
                .timeout(p.timeout())
                .maxRetries(0)
                .logRequests(false)
                .logResponses(false)
                .build(), "openai", model, p, apiKey, keyHint);
        this.params = p;
    }

    /** Over a model built elsewhere ({@link CallRehearsal}'s, whose HTTP client is a stand-in); no key. */
    OpenAiCompatibleBackend(OpenAiChatModel model, String modelName, LlmParameters p) {
        super(model, "openai", modelName, p, null, null);
        this.params = p;
    }

    @Override
    protected ChatRequest chatRequest(BackendRequest request, List<ChatMessage> messages) {
        if (request.labels().isEmpty()) {
            return super.chatRequest(request, messages);
        }
        return ChatRequest.builder().messages(messages)
                .parameters(OpenAiChatRequestParameters.builder()
                        .customParameters(Map.of("logprobs", true, "top_logprobs", params.topLogprobs()))
                        .build())
                .build();
    }

    @Override
    protected Failure refusal(ChatResponse response) {
        String body = rawBody(response);
        return body == null || cannotRefuse(body) ? null : OpenAiAnswers.refusal(firstChoice(body));
    }

    /**
     * True when the raw answer cannot hold what {@link OpenAiAnswers#refusal} looks for, so the
     * answer need not be parsed a second time: no {@code content_filter}, every {@code "refusal"} a
     * {@code null} (or absent), and no backslash-u escape that could spell either in other letters.
     */
    static boolean cannotRefuse(String body) {
        if (body.contains("content_filter") || body.contains("\\u")) {
            return false;
        }
        for (int at = body.indexOf("\"refusal\""); at >= 0; at = body.indexOf("\"refusal\"", at + 1)) {
            int i = skipSpace(body, at + 9);
            if (i >= body.length() || body.charAt(i) != ':') {
                return false;
            }
            i = skipSpace(body, i + 1);
            if (!body.startsWith("null", i)) {
                return false;
            }
        }
        return true;
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\n' || s.charAt(i) == '\r')) {
            i++;
        }
        return i;
    }

    /** Each label's log-probability as the first answer token: {@link OpenAiAnswers#labelLogprobs}. */
    @Override
    protected Map<String, Double> labelLogprobs(BackendRequest request, ChatResponse response) {
        return OpenAiAnswers.labelLogprobs(request.labels(), firstChoice(response));
    }

    private static String rawBody(ChatResponse response) {
        if (!(response.metadata() instanceof OpenAiChatResponseMetadata m) || m.rawHttpResponse() == null) {
            return null;
        }
        return m.rawHttpResponse().body();
    }

    private static JsonNode firstChoice(ChatResponse response) {
        String body = rawBody(response);
        return body == null ? null : firstChoice(body);
    }

    private static JsonNode firstChoice(String body) {
        try {
            JsonNode choice = JSON.readTree(body).path("choices").path(0);
            return choice.isMissingNode() ? null : choice;
        } catch (Exception unreadable) {
            return null;
        }
    }

    private static String base(String baseUrl) {
        return baseUrl == null || baseUrl.isBlank() ? DEFAULT_BASE_URL : baseUrl;
    }
}
