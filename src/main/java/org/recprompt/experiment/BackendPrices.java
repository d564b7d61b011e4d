package org.recprompt.experiment;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.recprompt.backend.PriceTable;
import org.recprompt.experiment.ExperimentSpec.BackendSpec;

/**
 * A backend's prices: the experiment's {@code price: { input, output, cachedInput, cacheWrite }}
 * over the price table's list price for its model. An input or output rate the entry leaves out
 * is 0 (as before cached rates existed); a cached or write rate it leaves out keeps the table's
 * ratio to the input rate for the model (OpenAI's 50% or 25%, Anthropic's 10% and 125%), or the
 * input rate itself when the table does not list the model (no discount assumed).
 */
final class BackendPrices {

    private BackendPrices() {
    }

    /** The table with this backend's own price, when it names one. */
    static PriceTable table(BackendSpec b, PriceTable table) {
        if (!overrides(b) || b.model() == null) {
            return table;
        }
        PriceTable t = new PriceTable();
        table.all().forEach((m, p) -> t.put(m, p.inputPerMillion(), p.outputPerMillion(), p.cachedInputPerMillion(),
                p.cacheWritePerMillion()));
        PriceTable.Price p = own(b, table);
        t.put(b.model(), p.inputPerMillion(), p.outputPerMillion(), p.cachedInputPerMillion(), p.cacheWritePerMillion());
        return t;
    }

    /** The price this backend's calls are costed at; empty for rankers and unpriced models. */
    static Optional<PriceTable.Price> price(BackendSpec b, PriceTable table) {
        if (b.kind() == null || !b.kind().isLlm() || b.model() == null) {
            return Optional.empty();
        }
        return overrides(b) ? Optional.of(own(b, table)) : table.price(b.model());
    }

    /**
     * summary.json's {@code price_basis} of a priced LLM backend: the four rates used (dollars per
     * million tokens) and where they came from ({@code list}: the price table; {@code experiment}:
     * the entry's own {@code price}).
     */
    static Optional<Map<String, Object>> basis(BackendSpec b, PriceTable table) {
        return price(b, table).map(p -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("input", p.inputPerMillion());
            m.put("output", p.outputPerMillion());
            m.put("cachedInput", p.cachedInputPerMillion());
            m.put("cacheWrite", p.cacheWritePerMillion());
            m.put("source", overrides(b) ? "experiment" : "list");
            return m;
        });
    }

    private static boolean overrides(BackendSpec b) {
        return b.priceInput() != null || b.priceOutput() != null || b.priceCachedInput() != null || b.priceCacheWrite() != null;
    }

    private static PriceTable.Price own(BackendSpec b, PriceTable table) {
        double in = b.priceInput() == null ? 0 : b.priceInput();
        double out = b.priceOutput() == null ? 0 : b.priceOutput();
        Optional<PriceTable.Price> list = table.price(b.model());
        double cachedRatio = list.filter(p -> p.inputPerMillion() > 0)
                .map(p -> p.cachedInputPerMillion() / p.inputPerMillion()).orElse(1.0);
        double writeRatio = list.filter(p -> p.inputPerMillion() > 0)
                .map(p -> p.cacheWritePerMillion() / p.inputPerMillion()).orElse(1.0);
        double cached = b.priceCachedInput() != null ? b.priceCachedInput() : in * cachedRatio;
        double write = b.priceCacheWrite() != null ? b.priceCacheWrite() : in * writeRatio;
        return new PriceTable.Price(in, out, cached, write);
    }
}
