package org.recprompt.backend;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Prices in US dollars per million input and output tokens, by model name. The defaults are the
 * providers' list prices for common models when this table was written (they change: edit them
 * per project); a model that is not listed costs nothing here and is reported as unpriced.
 */
public final class PriceTable {

    /** A model's prices, in dollars per million tokens. */
    public record Price(double inputPerMillion, double outputPerMillion) {

        public double cost(Usage usage) {
            return usage.inputTokens() * inputPerMillion / 1e6 + usage.outputTokens() * outputPerMillion / 1e6;
        }
    }

    private final Map<String, Price> prices = new LinkedHashMap<>();

    public static PriceTable defaults() {
        PriceTable t = new PriceTable();
        t.put("gpt-4o", 2.50, 10.00);
        t.put("gpt-4o-mini", 0.15, 0.60);
        t.put("gpt-4.1", 2.00, 8.00);
        t.put("gpt-4.1-mini", 0.40, 1.60);
        t.put("gpt-3.5-turbo", 0.50, 1.50);
        t.put("claude-3-5-haiku", 0.80, 4.00);
        t.put("claude-3-5-sonnet", 3.00, 15.00);
        t.put("claude-sonnet-4", 3.00, 15.00);
        t.put("gemini-1.5-flash", 0.075, 0.30);
        t.put("gemini-2.0-flash", 0.10, 0.40);
        t.put("gemini-1.5-pro", 1.25, 5.00);
        return t;
    }

    public void put(String model, double inputPerMillion, double outputPerMillion) {
        if (inputPerMillion < 0 || outputPerMillion < 0) {
            throw new IllegalArgumentException("prices cannot be negative (model " + model + ")");
        }
        prices.put(model.toLowerCase(Locale.ROOT), new Price(inputPerMillion, outputPerMillion));
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
