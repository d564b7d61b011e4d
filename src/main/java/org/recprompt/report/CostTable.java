package org.recprompt.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Tokens and cost per variant, the same rows in the run tab and in every report format: input
 * tokens, the part of them read from the provider's prompt cache, output tokens, the cost, and the
 * price basis it was computed on (summary.json's backend settings: {@code price_basis} with the
 * input, cached-input, cache-write and output rates, and {@code batch}/{@code batchDiscount} when the
 * backend ran through the provider's batch endpoint). A run written before cached tokens were
 * recorded says "not reported"; an LLM whose model has no price says "unknown", never $0.
 */
public final class CostTable {

    /** Backend types that call a language model and are priced per token. */
    static final Set<String> LLM = Set.of("openai", "openai-compatible", "ollama", "anthropic", "gemini", "replay");

    public static final String NOT_REPORTED = "not reported";

    private CostTable() {
    }

    /** The table; empty rows when no variant calls a language model. */
    public static StudyTables.Table of(RunFolder run) {
        List<List<String>> rows = new ArrayList<>();
        for (RunFolder.Variant v : run.variants()) {
            if (v.backendType() == null || !LLM.contains(v.backendType())) {
                continue;
            }
            Map<String, Object> backend = run.backends().stream().filter(b -> v.backend() != null && v.backend().equals(b.get("id")))
                    .findFirst().orElse(Map.of());
            OptionalLong cached = run.cachedInputTokens(v.id());
            rows.add(List.of(v.label(), String.format(Locale.ROOT, "%,d", v.inputTokens()),
                    cached.isPresent() ? String.format(Locale.ROOT, "%,d", cached.getAsLong()) : NOT_REPORTED,
                    String.format(Locale.ROOT, "%,d", v.outputTokens()), cost(v, backend), basis(backend)));
        }
        return new StudyTables.Table("cost", "Tokens and cost",
                "Cached input tokens are the part of the input tokens the provider read from its prompt cache. Cost = uncached"
                        + " input x input rate + cached input x cached rate + cache writes x write rate + output x output rate"
                        + " (dollars per million tokens), times the batch discount when the backend ran in batch mode."
                        + " Answers from the workspace cache cost nothing.",
                List.of("Variant", "Input tokens", "Cached input tokens", "Output tokens", "Cost", "Price basis"), rows);
    }

    static String cost(RunFolder.Variant v, Map<String, Object> backend) {
        if (Double.isNaN(v.cost())) {
            return "not recorded";
        }
        boolean priced = backend.containsKey("price_basis.input") || backend.containsKey("price.input");
        if (v.cost() == 0 && !priced && !"replay".equals(v.backendType())) {
            return v.inputTokens() + v.outputTokens() == 0 ? "$0" : "unknown (no price for the model)";
        }
        return String.format(Locale.ROOT, "$%.6f", v.cost());
    }

    static String basis(Map<String, Object> backend) {
        String rates;
        if (backend.containsKey("price_basis.input")) {
            rates = String.format(Locale.ROOT, "%s: $%s in, $%s cached, $%s cache write, $%s out per M",
                    "experiment".equals(backend.get("price_basis.source")) ? "experiment's price" : "list price",
                    rate(backend.get("price_basis.input")), rate(backend.get("price_basis.cachedInput")),
                    rate(backend.get("price_basis.cacheWrite")), rate(backend.get("price_basis.output")));
        } else if (backend.containsKey("price.input")) {
            rates = String.format(Locale.ROOT, "experiment's price: $%s in, $%s out per M", rate(backend.get("price.input")),
                    rate(backend.get("price.output")));
        } else {
            rates = "no price recorded";
        }
        if (Boolean.TRUE.equals(backend.get("batch")) || "true".equals(String.valueOf(backend.get("batch")))) {
            Object d = backend.get("batchDiscount");
            return "batch x " + (d == null ? "0.5" : rate(d)) + " of " + rates;
        }
        return rates;
    }

    private static String rate(Object v) {
        if (v instanceof Number n) {
            // cents at least, more digits only where the rate has them ($2.50, $1.25, $0.075)
            java.math.BigDecimal x = java.math.BigDecimal.valueOf(n.doubleValue()).stripTrailingZeros();
            return (x.scale() < 2 ? x.setScale(2) : x).toPlainString();
        }
        return String.valueOf(v);
    }
}
