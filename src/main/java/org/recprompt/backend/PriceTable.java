package org.recprompt.backend;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Prices in US dollars per million tokens, by model name: input, output, cached input (tokens the
 * provider read from its prompt cache) and cache writes (Anthropic's cache creation). The defaults
 * are the providers' list prices for common models when this table was written (they change: edit
 * them per project); a model that is not listed costs nothing here and is reported as unpriced.
 * <p>
 * Cached rates, from the providers' pricing pages: OpenAI bills cached input at 50% of the input
 * price for gpt-4o and gpt-4o-mini and at 25% for the gpt-4.1 family, and writes to its cache at no
 * extra charge (openai.com/api/pricing, "Cached input"; platform.openai.com/docs/guides/prompt-caching);
 * Anthropic bills cache reads at 10% of the base input price and 5-minute cache writes at 125%
 * (docs.anthropic.com/en/docs/build-with-claude/prompt-caching, "Pricing"). Models without a listed
 * cache discount (gpt-3.5-turbo, whose prompts OpenAI does not cache; Gemini, whose cached counts
 * langchain4j does not report) price cached tokens at the input rate.
 */
public final class PriceTable {

    /** A model's prices, in dollars per million tokens. */
    public record Price(double inputPerMillion, double outputPerMillion, double cachedInputPerMillion,
            double cacheWritePerMillion) {

        /** A price with no cache discount or surcharge: cached and written tokens at the input rate. */
        public Price(double inputPerMillion, double outputPerMillion) {
            this(inputPerMillion, outputPerMillion, inputPerMillion, inputPerMillion);
        }

        /**
         * Uncached input x input rate + cached input x cached rate + cache writes x write rate +
         * output x output rate.
         */
        public double cost(Usage usage) {
            return (usage.uncachedInputTokens() * inputPerMillion + usage.cachedInputTokens() * cachedInputPerMillion
                    + usage.cacheWriteTokens() * cacheWritePerMillion + usage.outputTokens() * outputPerMillion) / 1e6;
        }
    }

    /** OpenAI: cached input at 50% of input (gpt-4o family). */
    private static final double OPENAI_4O_CACHED = 0.50;
    /** OpenAI: cached input at 25% of input (gpt-4.1 family). */
    private static final double OPENAI_41_CACHED = 0.25;
    /** Anthropic: cache reads at 10% of input. */
    private static final double ANTHROPIC_READ = 0.10;
    /** Anthropic: 5-minute cache writes at 125% of input. */
    private static final double ANTHROPIC_WRITE = 1.25;

    private final Map<String, Price> prices = new LinkedHashMap<>();

    public static PriceTable defaults() {
        PriceTable t = new PriceTable();
        t.put("gpt-4o", 2.50, 10.00, 2.50 * OPENAI_4O_CACHED, 2.50);
        t.put("gpt-4o-mini", 0.15, 0.60, 0.15 * OPENAI_4O_CACHED, 0.15);
        t.put("gpt-4.1", 2.00, 8.00, 2.00 * OPENAI_41_CACHED, 2.00);
        t.put("gpt-4.1-mini", 0.40, 1.60, 0.40 * OPENAI_41_CACHED, 0.40);
        t.put("gpt-3.5-turbo", 0.50, 1.50);
        t.put("claude-3-5-haiku", 0.80, 4.00, 0.80 * ANTHROPIC_READ, 0.80 * ANTHROPIC_WRITE);
        t.put("claude-3-5-sonnet", 3.00, 15.00, 3.00 * ANTHROPIC_READ, 3.00 * ANTHROPIC_WRITE);
        t.put("claude-sonnet-4", 3.00, 15.00, 3.00 * ANTHROPIC_READ, 3.00 * ANTHROPIC_WRITE);
        t.put("gemini-1.5-flash", 0.075, 0.30);
        t.put("gemini-2.0-flash", 0.10, 0.40);
        t.put("gemini-1.5-pro", 1.25, 5.00);
        return t;
    }

    /** A model priced without a cache discount (cached and written tokens at the input rate). */
    public void put(String model, double inputPerMillion, double outputPerMillion) {
        put(model, inputPerMillion, outputPerMillion, inputPerMillion, inputPerMillion);
    }

    public void put(String model, double inputPerMillion, double outputPerMillion, double cachedInputPerMillion,
            double cacheWritePerMillion) {
        if (inputPerMillion < 0 || outputPerMillion < 0 || cachedInputPerMillion < 0 || cacheWritePerMillion < 0) {
            throw new IllegalArgumentException("prices cannot be negative (model " + model + ")");
        }
        prices.put(model.toLowerCase(Locale.ROOT),
                new Price(inputPerMillion, outputPerMillion, cachedInputPerMillion, cacheWritePerMillion));
    }

    /**
     * The price of a model: an exact name, else the longest listed name it starts with
     * ("gpt-4o-mini-2024-07-18" is priced as gpt-4o-mini).
     */
    public Optional<Price> price(String model) {
        String m = model.toLowerCase(Locale.ROOT);
        Price exact = prices.get(m);
        if (exact != null) {
            return Optional.of(exact);
        }
        return prices.entrySet().stream().filter(e -> m.startsWith(e.getKey()))
                .max((a, b) -> Integer.compare(a.getKey().length(), b.getKey().length()))
                .map(Map.Entry::getValue);
    }

    public double cost(String model, Usage usage) {
        return price(model).map(p -> p.cost(usage)).orElse(0.0);
    }

    public Map<String, Price> all() {
        return Map.copyOf(prices);
    }
}
