package org.recprompt.backend.adapter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.recprompt.backend.BackendResult;
import org.recprompt.backend.Failure;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads what an OpenAI chat-completions answer says beside its text, from the answer's first
 * choice as JSON: a refusal, and the labels' log-probabilities. Shared by the live adapter
 * ({@link OpenAiCompatibleBackend}) and the batch client, so an answer means the same whichever way
 * it came.
 */
public final class OpenAiAnswers {

    private OpenAiAnswers() {
    }

    /** A {@code refusal} field or finish reason {@code content_filter} as a REFUSED failure; null otherwise (or no choice). */
    public static Failure refusal(JsonNode choice) {
        if (choice == null || choice.isMissingNode()) {
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
    public static Map<String, Double> labelLogprobs(List<String> labels, JsonNode choice) {
        if (choice == null || choice.isMissingNode() || labels.isEmpty()) {
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
            if (labels.contains(token)) {
                probability.merge(token, Math.exp(lp), Double::sum);
            } else {
                other += Math.exp(lp);
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (String label : labels) {
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
}
