package org.recprompt.backend.adapter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.recprompt.backend.BackendRequest;
import org.recprompt.backend.BackendResult;
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
                .httpClientBuilder(ProviderHttpClient.builder().quotaObserver(quota))
                .baseUrl(baseUrl == null || baseUrl.isBlank() ? DEFAULT_BASE_URL : baseUrl)
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
        JsonNode choice = firstChoice(response);
        if (choice == null) {
            return null;
        }
        JsonNode refusal = choice.path("message").path("refusal");
        if (refusal.isTextual() && !refusal.asText().isBlank()) {
            return new Failure(Failure.Kind.REFUSED, "the model refused: " + refusal.asText());
        }
        if ("content_filter".equals(choice.path("finish_reason").asText(null))) {
            return new Failure(Failure.Kind.REFUSED, "the provider filtered the answer (finish_reason content_filter)");
        }
        return null;
    }

    /**
     * Each label's log-probability as the first answer token: the top alternatives of the first
     * token are matched to the labels after trimming whitespace (" A" and "A" both count, their
     * probabilities added). A label not among the returned alternatives is left out: its
     * log-probability is below the smallest one listed. When a label was returned, the map also holds
     * {@link BackendResult#OTHER_TOKENS} (the returned alternatives that are no label, such as "N" of
     * "N/A": probability no missing label has) and {@link BackendResult#LOWEST_TOKEN}.
     */
    @Override
    protected Map<String, Double> labelLogprobs(BackendRequest request, ChatResponse response) {
        JsonNode choice = firstChoice(response);
        if (choice == null) {
            return Map.of();
        }
        JsonNode first = choice.path("logprobs").path("content").path(0);
        if (first.isMissingNode()) {
            return Map.of();
        }
        Map<String, Double> probability = new LinkedHashMap<>();
        double other = 0;
        double lowest = Double.NaN;
        JsonNode top = first.path("top_logprobs");
        Iterable<JsonNode> alternatives = top.isArray() && top.size() > 0 ? top : List.of(first);
        for (JsonNode alt : alternatives) {
            if (!alt.path("logprob").isNumber()) {
                continue;
            }
            String token = alt.path("token").asText("").trim();
            double lp = alt.path("logprob").asDouble();
            lowest = Double.isNaN(lowest) ? lp : Math.min(lowest, lp);
            if (request.labels().contains(token)) {
                probability.merge(token, Math.exp(lp), Double::sum);
            } else {
                other += Math.exp(lp);
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (String label : request.labels()) {
            Double p = probability.get(label.trim());
            if (p != null) {
                out.put(label, Math.log(p));
            }
        }
        if (!out.isEmpty()) {
            if (other > 0) {
                out.put(BackendResult.OTHER_TOKENS, Math.log(other));
            }
            out.put(BackendResult.LOWEST_TOKEN, lowest);
        }
        return out;
    }

    private static JsonNode firstChoice(ChatResponse response) {
        if (!(response.metadata() instanceof OpenAiChatResponseMetadata m) || m.rawHttpResponse() == null
                || m.rawHttpResponse().body() == null) {
            return null;
        }
        try {
            JsonNode choice = JSON.readTree(m.rawHttpResponse().body()).path("choices").path(0);
            return choice.isMissingNode() ? null : choice;
        } catch (Exception unreadable) {
            return null;
        }
    }
}
