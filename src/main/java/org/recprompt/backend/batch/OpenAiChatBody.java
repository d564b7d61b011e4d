package org.recprompt.backend.batch;

import org.recprompt.backend.BackendRequest;
import org.recprompt.backend.adapter.LlmParameters;
import org.recprompt.prompt.Message;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The chat-completions body of a request, as the live OpenAI adapter sends it (langchain4j's
 * OpenAI model with the same settings): model, messages (system and assistant turns as text, a
 * user turn with images as a text part and {@code image_url} parts, a data URL sent as it is),
 * temperature, top_p, seed, max_tokens, {@code response_format} json_object, and
 * {@code logprobs}/{@code top_logprobs} when the request carries labels. A batch line's
 * {@code body} is this object, so a batch answer is the answer the same call would get live.
 */
public final class OpenAiChatBody {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenAiChatBody() {
    }

    public static ObjectNode of(String model, LlmParameters p, BackendRequest request) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", model);
        ArrayNode messages = body.putArray("messages");
        for (Message m : request.messages()) {
            String role = m.role() == null ? "user" : m.role().toLowerCase(java.util.Locale.ROOT);
            ObjectNode out = messages.addObject();
            switch (role) {
                case "system" -> out.put("role", "system").put("content", m.text());
                case "assistant", "ai" -> out.put("role", "assistant").put("content", m.text());
                default -> {
                    out.put("role", "user");
                    if (m.images().isEmpty()) {
                        out.put("content", m.text());
                    } else {
                        ArrayNode parts = out.putArray("content");
                        parts.addObject().put("type", "text").put("text", m.text());
                        for (String image : m.images()) {
                            ObjectNode part = parts.addObject().put("type", "image_url");
                            part.putObject("image_url").put("url", image).put("detail", "low");
                        }
                    }
                }
            }
        }
        if (p.temperature() != null) {
            body.put("temperature", p.temperature());
        }
        if (p.topP() != null) {
            body.put("top_p", p.topP());
        }
        if (p.maxTokens() != null) {
            body.put("max_tokens", p.maxTokens());
        }
        if (p.seed() != null) {
            body.put("seed", p.seed());
        }
        if (p.json()) {
            body.putObject("response_format").put("type", "json_object");
        }
        if (!request.labels().isEmpty()) {
            body.put("logprobs", true);
            body.put("top_logprobs", p.topLogprobs());
        }
        return body;
    }
}
