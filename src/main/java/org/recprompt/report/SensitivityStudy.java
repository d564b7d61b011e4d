package org.recprompt.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.recprompt.metrics.RankedList;
import org.recprompt.metrics.stability.KendallTau;
import org.recprompt.metrics.stability.PositionBias;
import org.recprompt.metrics.stability.PromptSensitivity;
import org.recprompt.metrics.stats.Summary;
import org.recprompt.report.RunFolder.Call;
import org.recprompt.report.RunFolder.Estimate;
import org.recprompt.report.RunFolder.Variant;

/**
 * The run's sensitivity studies (docs/EXPERIMENTS.md, "Sensitivity"), computed from its folder.
 * <p>
 * <b>Candidate order</b>: variants that differ only in their order segment ({@code o0}, {@code o1},
 * ...) form a group. Per group: HR@K by the held-out item's prompt position, every order pooled
 * ({@link PositionBias#hitRateByPosition}); the selection rate of each prompt position for the first
 * slot ({@link PositionBias#selectionByPosition}) against 1/C; Kendall's tau ({@link KendallTau})
 * between one user's two rankings under two orders (the whole grounded list, items in both), averaged
 * per user over order pairs and repeats (same repeat index), then over users with a seeded percentile
 * bootstrap 95% interval.
 * <p>
 * <b>Paraphrases</b>: variants that differ only in their template, all of one paraphrase set (summary.json
 * {@code paraphrase_sets}), form a group. Per group: the spread of every metric across the variants'
 * means ({@link PromptSensitivity.Spread}) and the mean pairwise Jaccard@K of one user's lists across
 * the paraphrases ({@link PromptSensitivity#meanPairwiseJaccard}, per repeat index, averaged per user,
 * then over users with an interval).
 */
public final class SensitivityStudy {

    /** One candidate-order group. {@code selection[p - 1]}: share of answers whose top item was offered at p. */
    public record OrderGroup(String label, List<String> variants, int candidates, PositionBias.ByPosition hitRate,
            double[] selection, int answers, Estimate tau) {

        public double chance() {
            return candidates == 0 ? Double.NaN : PositionBias.chance(candidates);
        }
    }

    /** One metric's spread across a paraphrase group's variants. */
    public record MetricSpread(String metric, PromptSensitivity.Spread spread) {
    }

    /** One paraphrase group. */
    public record ParaphraseGroup(String label, String family, List<String> variants, List<MetricSpread> spreads, Estimate jaccard) {
    }

    private static final int RESAMPLES = 1000;

    private final List<OrderGroup> orders;
    private final List<ParaphraseGroup> paraphrases;
    private final int k;

    private SensitivityStudy(List<OrderGroup> orders, List<ParaphraseGroup> paraphrases, int k) {
        this.orders = List.copyOf(orders);
        this.paraphrases = List.copyOf(paraphrases);
        this.k = k;
    }

    public static SensitivityStudy of(RunFolder run) {
        long seed = seed(run);
        int k = run.maxK();
        return new SensitivityStudy(orderGroups(run, k, seed), paraphraseGroups(run, k, seed), k);
    }

    public List<OrderGroup> orders() {
        return orders;
    }

    public List<ParaphraseGroup> paraphrases() {
        return paraphrases;
    }

    /** The cutoff of the hit rates and of Jaccard@K: the run's largest K. */
    public int k() {
        return k;
    }

    /** A table of the study as text cells, for every report format. */
    public record Table(String title, String caption, List<String> header, List<List<String>> rows) {
    }

    /** The study as tables: the order groups, then per paraphrase group its Jaccard@K and its metric spreads. */
    public List<Table> tables() {
        List<Table> out = new ArrayList<>();
        if (!orders.isEmpty()) {
            List<List<String>> rows = new ArrayList<>();
            for (OrderGroup g : orders) {
                rows.add(List.of(g.label(), String.join(", ", g.variants()), String.valueOf(g.answers()), Formats.value(g.tau().mean()),
                        Formats.interval(g.tau().low(), g.tau().high()), String.valueOf(g.tau().n()), Formats.value(g.selection()[0]),
                        Formats.value(g.chance())));
            }
            out.add(new Table("Candidate order", "Per group of variants that differ only in the candidate order: Kendall's tau between "
                    + "one user's rankings under two orders (mean over order pairs and repeats, then over users, with a 95% bootstrap "
                    + "interval; 1 = the same ranking whatever the order), and the share of answers that rank the first-offered "
                    + "candidate first against 1/C.",
                    List.of("Group", "Variants", "Answers", "Kendall's tau", "95% CI", "Users", "First-slot rate", "1/C"), rows));
        }
        if (!paraphrases.isEmpty()) {
            List<List<String>> rows = new ArrayList<>();
            for (ParaphraseGroup p : paraphrases) {
                rows.add(List.of(p.label(), String.join(", ", p.variants()), Formats.value(p.jaccard().mean()),
                        Formats.interval(p.jaccard().low(), p.jaccard().high()), String.valueOf(p.jaccard().n())));
            }
            out.add(new Table("Paraphrases", "Per group of variants that differ only in a template of one paraphrase set: the mean "
                    + "Jaccard@" + k + " of one user's lists across the paraphrases (mean over pairs and repeats, then over users, with "
                    + "a 95% bootstrap interval; 1 = the same top-" + k + " set whatever the wording).",
                    List.of("Group", "Variants", "Jaccard@" + k, "95% CI", "Users"), rows));
        }
        for (ParaphraseGroup p : paraphrases) {
            List<List<String>> rows = new ArrayList<>();
            for (MetricSpread m : p.spreads()) {
                PromptSensitivity.Spread x = m.spread();
                rows.add(List.of(MetricDefinitions.of(m.metric()).label(), Formats.value(x.mean()), Formats.value(x.min()),
                        Formats.value(x.max()), Formats.value(x.range()), Formats.value(x.std())));
            }
            out.add(new Table("Spread across paraphrases: " + p.label(), "Each metric's mean for the " + p.variants().size()
                    + " paraphrases of " + p.family() + " (" + String.join(", ", p.variants()) + "): their mean, min, max, range and "
                    + "population standard deviation.", List.of("Metric", "Mean", "Min", "Max", "Range", "SD"), rows));
        }
        return out;
    }

    /** Whether the run has neither study (then no section is shown). */
    public boolean isEmpty() {
        return orders.isEmpty() && paraphrases.isEmpty();
    }

    // ---- candidate order -----------------------------------------------------------------------

    /** Variants grouped by their id without the order segment; only groups of two orders or more. */
    static Map<String, List<String>> byOrder(RunFolder run) {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (Variant v : run.variants()) {
            if (v.order() == null) {
                continue;
            }
            String key = without(v.id(), "o" + v.order());
            if (key != null) {
                groups.computeIfAbsent(key, x -> new ArrayList<>()).add(v.id());
            }
        }
        groups.values().removeIf(g -> g.size() < 2);
        return groups;
    }

    private static List<OrderGroup> orderGroups(RunFolder run, int k, long seed) {
        Map<String, List<String>> groups = byOrder(run);
        if (groups.isEmpty() || !run.hasResponses()) {
            return List.of();
        }
        Map<String, PositionBias.ByPosition> hitRates = RunAnalysis.positionBias(run, k);
        List<OrderGroup> out = new ArrayList<>();
        groups.forEach((label, variants) -> {
            List<Call> calls = run.calls().stream().filter(c -> variants.contains(c.variant())).toList();
            int c = run.candidateCount() > 0 ? run.candidateCount()
                    : calls.stream().mapToInt(x -> x.candidates().size()).max().orElse(0);
            if (c == 0) {
                return;
            }
            out.add(new OrderGroup(label, variants, c, pooled(variants, hitRates, c), selection(calls, c), answers(calls),
                    tau(run, variants, calls, seed)));
        });
        return out;
    }

    private static int answers(List<Call> calls) {
        return (int) calls.stream().filter(c -> !c.candidates().isEmpty()).count();
    }

    private static PositionBias.ByPosition pooled(List<String> variants, Map<String, PositionBias.ByPosition> byVariant, int c) {
        long[] hits = new long[c];
        long[] totals = new long[c];
        for (String v : variants) {
            PositionBias.ByPosition b = byVariant.get(v);
            for (int p = 0; b != null && p < Math.min(c, b.totals().length); p++) {
                hits[p] += b.hits()[p];
                totals[p] += b.totals()[p];
            }
        }
        return new PositionBias.ByPosition(hits, totals);
    }

    /** The prompt position (1-based) of each answer's top grounded item, 0 when it has none or it was not offered. */
    private static double[] selection(List<Call> calls, int c) {
        List<Integer> picked = new ArrayList<>();
        for (Call call : calls) {
            if (call.candidates().isEmpty()) {
                continue;
            }
            List<String> top = RunAnalysis.topK(call, 1);
            int p = top.isEmpty() ? -1 : call.candidates().indexOf(top.get(0));
            picked.add(p < 0 || p >= c ? 0 : p + 1);
        }
        return PositionBias.selectionByPosition(picked.stream().mapToInt(Integer::intValue).toArray(), c);
    }

    private static Estimate tau(RunFolder run, List<String> variants, List<Call> calls, long seed) {
        Ids ids = new Ids();
        // user -> variant -> repeat -> ranking
        Map<String, Map<String, Map<Integer, RankedList>>> lists = lists(calls, ids, Integer.MAX_VALUE);
        List<Double> perUser = new ArrayList<>();
        for (Map<String, Map<Integer, RankedList>> byVariant : lists.values()) {
            double sum = 0;
            int n = 0;
            for (int a = 0; a < variants.size(); a++) {
                for (int b = a + 1; b < variants.size(); b++) {
                    Map<Integer, RankedList> la = byVariant.getOrDefault(variants.get(a), Map.of());
                    Map<Integer, RankedList> lb = byVariant.getOrDefault(variants.get(b), Map.of());
                    for (Map.Entry<Integer, RankedList> e : la.entrySet()) {
                        RankedList other = lb.get(e.getKey());
                        double t = other == null ? Double.NaN : KendallTau.between(e.getValue(), other);
                        if (!Double.isNaN(t)) {
                            sum += t;
                            n++;
                        }
                    }
                }
            }
            if (n > 0) {
                perUser.add(sum / n);
            }
        }
        return estimate(perUser, seed);
    }

    // ---- paraphrases ---------------------------------------------------------------------------

    /** Variants grouped by their id with the template segment replaced by the paraphrase family; groups of two or more. */
    static Map<String, List<String>> byParaphrase(RunFolder run) {
        Map<String, String> family = new HashMap<>();
        for (RunFolder.ParaphraseSet set : run.paraphraseSets()) {
            set.templates().forEach(t -> family.put(t, set.family()));
        }
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (Variant v : run.variants()) {
            String f = v.template() == null ? null : family.get(v.template());
            if (f == null) {
                continue;
            }
            String key = replace(v.id(), v.template(), "[" + f + "]");
            if (key != null) {
                groups.computeIfAbsent(key, x -> new ArrayList<>()).add(v.id());
            }
        }
        groups.values().removeIf(g -> g.size() < 2);
        return groups;
    }

    private static List<ParaphraseGroup> paraphraseGroups(RunFolder run, int k, long seed) {
        Map<String, List<String>> groups = byParaphrase(run);
        List<ParaphraseGroup> out = new ArrayList<>();
        groups.forEach((label, variants) -> {
            List<MetricSpread> spreads = new ArrayList<>();
            for (String metric : run.metricNames()) {
                double[] means = variants.stream().map(run::variant).map(v -> v.metrics().get(metric))
                        .filter(e -> e != null && !Double.isNaN(e.mean())).mapToDouble(Estimate::mean).toArray();
                if (means.length >= 2) {
                    spreads.add(new MetricSpread(metric, PromptSensitivity.Spread.of(means)));
                }
            }
            String family = label.substring(label.indexOf('[') + 1, label.indexOf(']'));
            out.add(new ParaphraseGroup(label, family, variants, spreads, jaccard(run, variants, k, seed)));
        });
        return out;
    }

    private static Estimate jaccard(RunFolder run, List<String> variants, int k, long seed) {
        List<Call> calls = run.calls().stream().filter(c -> variants.contains(c.variant())).toList();
        Map<String, Map<String, Map<Integer, RankedList>>> lists = lists(calls, new Ids(), k);
        List<Double> perUser = new ArrayList<>();
        for (Map<String, Map<Integer, RankedList>> byVariant : lists.values()) {
            Map<Integer, List<RankedList>> byRepeat = new TreeMap<>();
            for (String v : variants) {
                byVariant.getOrDefault(v, Map.of()).forEach((r, l) -> byRepeat.computeIfAbsent(r, x -> new ArrayList<>()).add(l));
            }
            double sum = 0;
            int n = 0;
            for (List<RankedList> l : byRepeat.values()) {
                double j = PromptSensitivity.meanPairwiseJaccard(l, k);
                if (!Double.isNaN(j)) {
                    sum += j;
                    n++;
                }
            }
            if (n > 0) {
                perUser.add(sum / n);
            }
        }
        return estimate(perUser, seed);
    }

    // ---- shared --------------------------------------------------------------------------------

    /** Item ids numbered as they are met, so that the metrics' int lists can hold them. */
    private static final class Ids {
        private final Map<String, Integer> ids = new HashMap<>();

        int[] of(List<String> items) {
            return items.stream().mapToInt(i -> ids.computeIfAbsent(i, x -> ids.size())).toArray();
        }

        int size() {
            return Math.max(1, ids.size());
        }
    }

    /** Each answer's grounded list (cut to {@code k}), by user, variant and repeat. */
    private static Map<String, Map<String, Map<Integer, RankedList>>> lists(List<Call> calls, Ids ids, int k) {
        Map<String, Map<String, Map<Integer, int[]>>> raw = new LinkedHashMap<>();
        for (Call c : calls) {
            raw.computeIfAbsent(c.user(), u -> new LinkedHashMap<>()).computeIfAbsent(c.variant(), v -> new TreeMap<>())
                    .put(c.repeat(), ids.of(RunAnalysis.topK(c, k)));
        }
        Map<String, Map<String, Map<Integer, RankedList>>> out = new LinkedHashMap<>();
        raw.forEach((u, byVariant) -> {
            Map<String, Map<Integer, RankedList>> m = new LinkedHashMap<>();
            byVariant.forEach((v, byRepeat) -> {
                Map<Integer, RankedList> r = new TreeMap<>();
                byRepeat.forEach((rep, items) -> r.put(rep, RankedList.of(items, ids.size())));
                m.put(v, r);
            });
            out.put(u, m);
        });
        return out;
    }

    private static Estimate estimate(List<Double> perUser, long seed) {
        if (perUser.isEmpty()) {
            return new Estimate(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        Summary s = Summary.of(perUser.stream().mapToDouble(Double::doubleValue).toArray(), RESAMPLES, seed);
        return new Estimate(s.mean(), s.ciLow(), s.ciHigh(), s.n());
    }

    private static long seed(RunFolder run) {
        Object s = run.seeds().get("bootstrap");
        return s instanceof Number n ? n.longValue() : 7;
    }

    /** The id without the segment (split at "/"), or null when it has no such segment. */
    static String without(String id, String segment) {
        List<String> parts = new ArrayList<>(List.of(id.split("/", -1)));
        return parts.remove(segment) ? String.join("/", parts) : null;
    }

    /** The id with its first segment equal to {@code segment} replaced, or null when it has none. */
    static String replace(String id, String segment, String by) {
        List<String> parts = new ArrayList<>(List.of(id.split("/", -1)));
        int i = parts.indexOf(segment);
        if (i < 0) {
            return null;
        }
        parts.set(i, by);
        return String.join("/", parts);
    }
}
