package org.recprompt.backend.adapter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.recprompt.backend.Backend;
import org.recprompt.backend.BackendRequest;
import org.recprompt.backend.BackendResult;
import org.recprompt.backend.Failure;
import org.recprompt.backend.Usage;
import org.recprompt.prompt.Message;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;

/**
 * A {@link Backend} over a langchain4j {@link ChatModel} whose own retries are off (ResilientBackend
 * retries). {@link #generate} never throws: every failure, including an unexpected exception, becomes
 * a {@link Failure}. Subclasses build the model and may read provider-specific signals from the raw
 * answer (refusals, log-probabilities).
 */
public abstract class ChatModelBackend implements Backend {

    private final ChatModel model;
    private final String secret;
    private final String keyHint;
    private final String provider;
    private final String modelName;
    private final LlmParameters parameters;

    protected ChatModelBackend(ChatModel model, String provider, String modelName, LlmParameters parameters,
            String secret, String keyHint) {
        this.model = model;
        this.provider = provider;
        this.modelName = modelName;
        this.parameters = parameters;
        this.secret = secret;
        this.keyHint = keyHint;
    }

    public String provider() {
        return provider;
    }

    public String modelName() {
        return modelName;
    }

    public LlmParameters parameters() {
        return parameters;
    }

    @Override
    public final BackendResult generate(BackendRequest request) {
        long start = System.nanoTime();
        try {
            ChatRequest chat = chatRequest(request, toChatMessages(request.messages()));
            ChatResponse response = model.chat(chat);
            return toResult(request, response, millisSince(start));
        } catch (VirtualMachineError fatal) {
            throw fatal; // out of memory: nothing sensible to record
        } catch (Throwable e) { // never throw out of generate(): the failure is the outcome
            return BackendResult.failed(FailureMapper.map(e, secret, keyHint), millisSince(start));
        }
    }

    /** The langchain4j request; subclasses may add per-request parameters (OpenAI log-probabilities). */
    protected ChatRequest chatRequest(BackendRequest request, List<ChatMessage> messages) {
        return ChatRequest.builder().messages(messages).build();
    }

    private BackendResult toResult(BackendRequest request, ChatResponse response, long latency) {
        Failure refusal = refusal(response);
        if (refusal == null && response.finishReason() == FinishReason.CONTENT_FILTER) {
            refusal = new Failure(Failure.Kind.REFUSED, "the provider filtered the answer (content filter)");
        }
        if (refusal != null) {
            return BackendResult.failed(redacted(refusal), latency);
        }
        AiMessage ai = response.aiMessage();
        String text = ai == null ? null : ai.text();
        if (text == null || text.isBlank()) {
            return BackendResult.failed(new Failure(Failure.Kind.EMPTY_RESPONSE,
                    "the provider answered with no text (finish reason " + response.finishReason() + ")"), latency);
        }
        Usage usage = TokenUsages.of(response.tokenUsage());
        Map<String, Double> logprobs = request.labels().isEmpty() ? Map.of() : labelLogprobs(request, response);
        return new BackendResult(text, usage, latency, 0, false, 1, logprobs, null);
    }

    /** A provider-specific refusal signal in the answer, or null. */
    protected Failure refusal(ChatResponse response) {
        return null;
    }

    /** The labels' log-probabilities; empty where the provider cannot give them. */
    protected Map<String, Double> labelLogprobs(BackendRequest request, ChatResponse response) {
        return Map.of();
    }

    private Failure redacted(Failure f) {
        return new Failure(f.kind(), FailureMapper.redact(f.message(), secret), f.retryAfter());
    }

    static List<ChatMessage> toChatMessages(List<Message> messages) {
        List<ChatMessage> out = new ArrayList<>();
        for (Message m : messages) {
            String role = m.role() == null ? "user" : m.role().toLowerCase();
            switch (role) {
                case "system" -> out.add(SystemMessage.from(m.text()));
                case "assistant", "ai" -> out.add(AiMessage.from(m.text()));
                default -> {
                    if (m.images().isEmpty()) {
                        out.add(UserMessage.from(m.text()));
                    } else {
                        List<Content> parts = new ArrayList<>();
                        parts.add(TextContent.from(m.text()));
                        m.images().forEach(i -> parts.add(image(i)));
                        out.add(UserMessage.from(parts));
                    }
                }
            }
        }
        return out;
    }

    /** A data URL becomes inline base64 data (every provider accepts it); anything else is sent as a URL. */
    static ImageContent image(String ref) {
        if (ref.startsWith("data:")) {
            int comma = ref.indexOf(',');
            String meta = ref.substring(5, comma < 0 ? ref.length() : comma);
            String mime = meta.contains(";") ? meta.substring(0, meta.indexOf(';')) : meta;
            return ImageContent.from(comma < 0 ? "" : ref.substring(comma + 1), mime.isEmpty() ? "image/png" : mime);
        }
        return ImageContent.from(ref);
    }

    private static long millisSince(long start) {
        return Math.max(0, (System.nanoTime() - start) / 1_000_000);
    }
}
