package org.recprompt.backend.adapter;

import org.recprompt.backend.Usage;

import dev.langchain4j.model.anthropic.AnthropicTokenUsage;
import dev.langchain4j.model.openai.OpenAiTokenUsage;
import dev.langchain4j.model.output.TokenUsage;

/**
 * A langchain4j {@link TokenUsage} as a {@link Usage}, with the provider's prompt-cache counts:
 * OpenAI's {@code usage.prompt_tokens_details.cached_tokens} (a part of {@code prompt_tokens});
 * Anthropic's {@code cache_read_input_tokens} and {@code cache_creation_input_tokens}, which its
 * {@code input_tokens} does NOT include, so the input total is the three added. Gemini's
 * {@code cachedContentTokenCount} is not exposed by langchain4j 1.11, so Gemini reports none.
 */
final class TokenUsages {

    private TokenUsages() {
    }

    static Usage of(TokenUsage u) {
        if (u == null) {
            return Usage.NONE;
        }
        long in = nonNegative(u.inputTokenCount());
        long out = nonNegative(u.outputTokenCount());
        if (u instanceof AnthropicTokenUsage a) {
            long read = nonNegative(a.cacheReadInputTokens());
            long write = nonNegative(a.cacheCreationInputTokens());
            return new Usage(in + read + write, out, read, write);
        }
        if (u instanceof OpenAiTokenUsage o && o.inputTokensDetails() != null) {
            // a server reporting more cached than prompt tokens is wrong; the part cannot exceed the whole
            long cached = Math.min(in, nonNegative(o.inputTokensDetails().cachedTokens()));
            return new Usage(in, out, cached, 0);
        }
        return new Usage(in, out);
    }

    private static long nonNegative(Integer n) {
        return n == null || n < 0 ? 0 : n;
    }
}
