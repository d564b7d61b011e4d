package org.recprompt.backend;

/**
 * Tokens a call consumed, as the provider reported them (0 when it did not). {@code inputTokens}
 * is every token of the prompt; {@code cachedInputTokens} (read from the provider's prompt cache)
 * and {@code cacheWriteTokens} (written to it, Anthropic's cache creation) are parts of it, priced
 * at their own rates by {@link PriceTable.Price#cost(Usage)}.
 */
public record Usage(long inputTokens, long outputTokens, long cachedInputTokens, long cacheWriteTokens) {

    public static final Usage NONE = new Usage(0, 0);

    public Usage {
        if (inputTokens < 0 || outputTokens < 0 || cachedInputTokens < 0 || cacheWriteTokens < 0) {
            throw new IllegalArgumentException("token counts cannot be negative");
        }
        if (cachedInputTokens + cacheWriteTokens > inputTokens) {
            throw new IllegalArgumentException("cached (" + cachedInputTokens + ") and cache-write (" + cacheWriteTokens
                    + ") tokens are parts of the input tokens (" + inputTokens + ") and cannot exceed them");
        }
    }

    /** Usage with no prompt cache involved. */
    public Usage(long inputTokens, long outputTokens) {
        this(inputTokens, outputTokens, 0, 0);
    }

    /** Input tokens neither read from nor written to the provider's cache. */
    public long uncachedInputTokens() {
        return inputTokens - cachedInputTokens - cacheWriteTokens;
    }

    public Usage plus(Usage other) {
        return new Usage(inputTokens + other.inputTokens, outputTokens + other.outputTokens,
                cachedInputTokens + other.cachedInputTokens, cacheWriteTokens + other.cacheWriteTokens);
    }
}
