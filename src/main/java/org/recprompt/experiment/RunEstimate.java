package org.recprompt.experiment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.recprompt.backend.PriceTable;
import org.recprompt.backend.Usage;
import org.recprompt.experiment.ExperimentSpec.BackendSpec;

/**
 * What a run will cost before it starts, per backend: the number of calls, input tokens estimated
 * from prompts rendered for up to {@value #SAMPLE} users per prompt (about four characters a
 * token), output tokens estimated as {@value #TOKENS_PER_ITEM} tokens per expected answer item
 * (capped by maxTokens), and the cost from the price table (a model the table does not list, such
 * as a local model, costs nothing and is reported as unpriced). Cached answers are not subtracted:
 * the estimate is an upper bound. {@code caching} says what the provider's prompt cache is expected
 * to save ({@link CachingEstimate}); it is not subtracted from the cost either.
 */
public record RunEstimate(List<Line> lines) {

    static final int SAMPLE = 20;
    static final int TOKENS_PER_ITEM = 12;

    /** One backend's estimate. */
    public record Line(String backend, String type, String model, long calls, long inputTokens, long outputTokens,
            double cost, boolean priced, CachingEstimate caching) {

        public Line {
            caching = caching == null ? CachingEstimate.NONE : caching;
        }

        public Line(String backend, String type, String model, long calls, long inputTokens, long outputTokens, double cost,
                boolean priced) {
            this(backend, type, model, calls, inputTokens, outputTokens, cost, priced, CachingEstimate.NONE);
        }
    }

    public RunEstimate {
        lines = List.copyOf(lines);
    }

    public double totalCost() {
        return lines.stream().mapToDouble(Line::cost).sum();
    }

    public long totalCalls() {
        return lines.stream().mapToLong(Line::calls).sum();
    }

    public static RunEstimate of(RunSetup setup) {
        ExperimentSpec spec = setup.spec();
        int[] users = setup.users();
        int sample = Math.min(SAMPLE, users.length);
        Map<String, Double> meanTokens = new HashMap<>();
        Map<String, Long> prefixes = new HashMap<>();
        List<Line> out = new ArrayList<>();
        for (BackendSpec b : spec.backends()) {
            long calls = 0;
            double in = 0;
            double outTokens = 0;
            double prefixTokenCalls = 0;
            for (Variant v : setup.variants()) {
                if (!v.backend().id().equals(b.id())) {
                    continue;
                }
                // a simulation asks every user once per round; later rounds' prompts are a few history items longer
                int rounds = spec.simulation() == null ? 1 : spec.simulation().rounds();
                long n = (long) users.length * v.repeats(spec.repeats()) * rounds;
                calls += n;
                if (v.usesPrompt() && !v.scores()) {
                    double mean = meanTokens.computeIfAbsent(v.promptId(), id -> {
                        long sum = 0;
                        for (int i = 0; i < sample; i++) {
                            sum += setup.render(v, users[(int) ((long) i * users.length / sample)]).estimatedTokens();
                        }
                        return sample == 0 ? 0.0 : (double) sum / sample;
                    });
                    in += mean * n;
                    if (users.length > 1) {
                        long prefix = prefixes.computeIfAbsent(v.promptId() + "\u0000" + b.kind(), id -> CachingEstimate.prefixTokens(
                                setup.render(v, users[0]), setup.render(v, users[users.length - 1]), b.kind()));
                        prefixTokenCalls += (double) prefix * n;
                    }
                    long perAnswer = (long) setup.expectedLength(v) * TOKENS_PER_ITEM;
                    if (b.maxTokens() != null) {
                        perAnswer = Math.min(perAnswer, b.maxTokens());
                    }
                    outTokens += (double) perAnswer * n;
                }
            }
            PriceTable prices = BackendHandle.prices(b, setup.env().prices());
            boolean priced = b.kind().isLlm() && b.model() != null && prices.price(b.model()).isPresent();
            long inTokens = Math.round(in);
            long outT = Math.round(outTokens);
            double cost = priced ? prices.cost(b.model(), new Usage(inTokens, outT)) : 0;
            CachingEstimate caching = CachingEstimate.of(b, priced ? prices.price(b.model()) : java.util.Optional.empty(), calls,
                    prefixTokenCalls, users.length > 1);
            out.add(new Line(b.id(), b.kind().id(), b.model(), calls, inTokens, outT, cost, priced, caching));
        }
        return new RunEstimate(out);
    }

    /**
     * One sentence naming the {@code batch: true} backends and the share of the list price their
     * estimate (and their answers) are priced at; empty when there is none.
     */
    public static String batchNote(RunSetup setup) {
        List<String> parts = new ArrayList<>();
        for (BackendSpec b : setup.spec().backends()) {
            if (b.isBatch() && setup.backend(b.id()).batch() != null) {
                parts.add(String.format(java.util.Locale.ROOT, "%s at %.2f x the list price", b.id(), b.batch().discount()));
            }
        }
        return parts.isEmpty() ? "" : "Batch mode: " + String.join(", ", parts)
                + " (the batch price; answers come within the provider's 24-hour window).";
    }
}
