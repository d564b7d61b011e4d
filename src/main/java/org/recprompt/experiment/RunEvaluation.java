package org.recprompt.experiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.recprompt.dataset.Items;
import org.recprompt.grounding.AnswerParser;
import org.recprompt.grounding.ExplanationChecker;
import org.recprompt.metrics.ListMetric;
import org.recprompt.metrics.MetricSuite;
import org.recprompt.metrics.RankedList;
import org.recprompt.metrics.SplitAdapter;
import org.recprompt.metrics.UserRecs;
import org.recprompt.metrics.diversity.Genres;
import org.recprompt.metrics.grounding.GroundingRates;
import org.recprompt.metrics.grounding.ResponseOutcome;
import org.recprompt.metrics.grounding.ResponseStatus;
import org.recprompt.metrics.grounding.SlotOutcome;
import org.recprompt.metrics.popularity.Popularity;
import org.recprompt.metrics.stats.Summary;
import org.recprompt.prompt.OutputFormat;
import org.recprompt.report.VariantStatus;

/**
 * Measures a finished run from its records: for every variant, each user's value of every
 * per-list metric (at every K of the experiment for the accuracy metrics, at the largest K for the
 * others), averaged over the user's repeats; the mean over all evaluated users with a seeded
 * bootstrap 95% interval; the system metrics (coverage, Gini, entropy) over all lists; and the
 * grounding rates pooled over slots or responses, with an interval from resampling users. An ERROR,
 * abstained or unparseable response is an empty list: it scores 0 and still counts (METRICS.md).
 * A variant whose every call failed ({@link VariantHealth} {@code failed}) has no values at all:
 * its metrics are undefined (NaN), never the zeros of empty lists. An answer whose replay line
 * recorded its relevant items ({@link RecordedTruth}) is scored against them, not the split's.
 */
final class RunEvaluation {

    /** A metric's mean and interval (NaN when undefined). */
    record Estimate(double mean, double low, double high, int n) {
    }

    /** One variant measured. */
    record VariantResult(Variant variant, int users, List<String> metricNames, Map<String, Estimate> metrics,
            Map<String, Double> system, Map<String, Estimate> grounding, Map<String, Long> statuses, Map<String, Long> slotOutcomes,
            List<UserRow> rows, long calls, long cacheHits, double cost, long inputTokens, long outputTokens, double meanLatency,
            Map<String, ExplanationChecker.Check> explanations, VariantStatus health, long cachedInputTokens,
            long cacheWriteTokens) {
    }

    /** One user's values for a variant (averaged over repeats). */
    record UserRow(String user, int responses, int errors, long slots, long hallucinated, double[] values) {
    }

    private static final List<String> ACCURACY = List.of("ndcg", "hr", "mrr", "precision", "recall");

    /**
     * The explanation metrics (docs/EXPERIMENTS.md, "Explanations"), per user the mean over the
     * answers that have an explanation: history items cited that the user watched (distinct), the
     * invented rate (answers citing no history item left out), the length in words, the
     * unique-sentence ratio. Only variants whose template has {@code explanation: true} have them.
     */
    static final List<String> EXPLANATION = List.of("explanation_cited", "explanation_invented_rate", "explanation_length",
            "unique_sentence_ratio");

    private RunEvaluation() {
    }

    static List<VariantResult> evaluate(RunSetup setup, Map<String, List<CallRecord>> byVariant) {
        ExperimentSpec spec = setup.spec();
        Popularity popularity = SplitAdapter.popularity(setup.split());
        Genres genres = SplitAdapter.genres(setup.dataset().items());
        Map<String, ListMetric> perList = new LinkedHashMap<>();
        for (int k : spec.k().stream().sorted().toList()) {
            new MetricSuite(k, popularity, genres).perList().entrySet().stream()
                    .filter(e -> e.getKey().contains("@"))
                    .sorted(Map.Entry.comparingByKey(java.util.Comparator.comparingInt(n -> ACCURACY.indexOf(n.substring(0, n.indexOf('@'))))))
                    .forEach(e -> perList.put(e.getKey(), e.getValue()));
        }
        MetricSuite top = new MetricSuite(spec.maxK(), popularity, genres);
        for (String name : List.of("arp", "aplt", "novelty", "ild_genre", "calibration_kl")) {
            perList.put(name, top.perList().get(name));
        }
        perList.keySet().removeIf(name -> !selected(spec, name));
        List<String> names = new ArrayList<>(perList.keySet());
        List<ListMetric> metrics = List.copyOf(perList.values());
        boolean explanations = setup.variants().stream().anyMatch(RunEvaluation::explains);
        ExplanationChecker checker = explanations ? new ExplanationChecker(setup.grounder().matcher()) : null;
        if (explanations) {
            names.addAll(EXPLANATION);
        }

        List<VariantResult> out = new ArrayList<>();
        for (Variant v : setup.variants()) {
            out.add(variant(setup, v, byVariant.getOrDefault(v.id(), List.of()), List.copyOf(names), metrics, top, checker));
        }
        return out;
    }

    /** Whether the experiment's metrics list names this metric (an empty list names all); "ndcg" names every ndcg@K. */
    static boolean selected(ExperimentSpec spec, String name) {
        if (spec.metrics().isEmpty()) {
            return true;
        }
        String base = name.contains("@") ? name.substring(0, name.indexOf('@')) : name;
        return spec.metrics().stream().anyMatch(m -> m.equalsIgnoreCase(name) || m.equalsIgnoreCase(base));
    }

    /** Whether a variant's answers carry explanations to check (its template says {@code explanation: true}). */
    static boolean explains(Variant v) {
        return v.usesPrompt() && v.template().meta().explains();
    }

    private static VariantResult variant(RunSetup setup, Variant v, List<CallRecord> records, List<String> names,
            List<ListMetric> metrics, MetricSuite top, ExplanationChecker checker) {
        boolean explains = explains(v) && checker != null;
        boolean wholeAnswer = explains && v.template().meta().output() == OutputFormat.TEXT;
        Map<String, ExplanationChecker.Check> checks = new LinkedHashMap<>();
        ExperimentSpec spec = setup.spec();
        Items items = setup.dataset().items();
        int maxK = spec.maxK();
        Map<String, List<CallRecord>> byUser = new LinkedHashMap<>();
        for (CallRecord r : records) {
            byUser.computeIfAbsent(r.user(), u -> new ArrayList<>()).add(r);
        }
        List<UserRow> rows = new ArrayList<>();
        List<UserRecs> allLists = new ArrayList<>();
        List<ResponseOutcome> outcomes = new ArrayList<>();
        Map<String, Long> statuses = new LinkedHashMap<>();
        for (ResponseStatus s : ResponseStatus.values()) {
            statuses.put(s.name(), 0L);
        }
        long cacheHits = 0;
        long in = 0;
        long outTokens = 0;
        long cachedIn = 0;
        long cacheWrite = 0;
        double cost = 0;
        double latency = 0;
        int[] users = setup.users();
        double[][] perUser = new double[names.size()][];
        for (int m = 0; m < names.size(); m++) {
            perUser[m] = new double[users.length];
        }
        long[] slotsOf = new long[users.length];
        long[] hallucinatedOf = new long[users.length];
        long[] okOf = new long[users.length];
        long[] abstainedOf = new long[users.length];
        long[] outOfCandidatesOf = new long[users.length];
        long[] responsesOf = new long[users.length];
        for (int n = 0; n < users.length; n++) {
            int u = users[n];
            String uid = setup.dataset().users().id(u);
            List<CallRecord> rs = byUser.getOrDefault(uid, List.of());
            double[] sums = new double[names.size()];
            int[] counts = new int[names.size()];
            int errors = 0;
            for (CallRecord r : rs) {
                int[] raw = r.slots().stream().mapToInt(s -> s.itemId() == null ? -1 : items.indexOf(s.itemId())).toArray();
                RecordedTruth recorded = RecordedTruth.of(setup, v, u, r.repeat());
                UserRecs recs = recorded == null || recorded.relevant() == null ? SplitAdapter.recs(setup.split(), u, raw, maxK)
                        : new UserRecs(u, RankedList.of(raw, items.size()).top(maxK), recorded.relevant(), setup.split().history(u));
                allLists.add(recs);
                if (explains) {
                    ExplanationChecker.Check c = explanation(setup, v, u, r, raw, checker, wholeAnswer);
                    if (c != null) {
                        checks.put(r.key(), c);
                        double[] x = {c.count(ExplanationChecker.Kind.HISTORY), c.inventedRate(), c.words(), c.uniqueSentenceRatio()};
                        for (int e = 0; e < x.length; e++) {
                            if (!Double.isNaN(x[e])) {
                                sums[metrics.size() + e] += x[e];
                                counts[metrics.size() + e]++;
                            }
                        }
                    }
                }
                for (int m = 0; m < metrics.size(); m++) {
                    UserRecs atK = recs;
                    double x = metrics.get(m).evaluate(atK);
                    if (!Double.isNaN(x)) {
                        sums[m] += x;
                        counts[m]++;
                    }
                }
                List<SlotOutcome> slotOutcomes = r.slots().stream().map(s -> SlotOutcome.valueOf(s.outcome())).toList();
                ResponseStatus status = ResponseStatus.valueOf(r.status());
                outcomes.add(new ResponseOutcome(status, slotOutcomes));
                statuses.merge(status.name(), 1L, Long::sum);
                errors += status == ResponseStatus.ERROR ? 1 : 0;
                okOf[n] += status == ResponseStatus.OK ? 1 : 0;
                abstainedOf[n] += status == ResponseStatus.ABSTAINED ? 1 : 0;
                responsesOf[n]++;
                slotsOf[n] += slotOutcomes.size();
                hallucinatedOf[n] += slotOutcomes.stream().filter(o -> o == SlotOutcome.HALLUCINATED).count();
                outOfCandidatesOf[n] += slotOutcomes.stream().filter(o -> o == SlotOutcome.OUT_OF_CANDIDATES).count();
                cacheHits += r.cacheHit() ? 1 : 0;
                in += r.inputTokens();
                outTokens += r.outputTokens();
                cachedIn += r.cachedInputTokens();
                cacheWrite += r.cacheWriteTokens();
                cost += r.cost();
                latency += r.latencyMillis();
            }
            double[] values = new double[names.size()];
            for (int m = 0; m < names.size(); m++) {
                values[m] = counts[m] == 0 ? (rs.isEmpty() && isAccuracy(names.get(m)) && m < metrics.size() ? 0 : Double.NaN)
                        : sums[m] / counts[m];
                perUser[m][n] = values[m];
            }
            rows.add(new UserRow(uid, rs.size(), errors, slotsOf[n], hallucinatedOf[n], values));
        }
        long seed = spec.bootstrap().seed();
        int resamples = spec.bootstrap().resamples();
        Map<String, Estimate> estimates = new LinkedHashMap<>();
        for (int m = 0; m < names.size(); m++) {
            double[] vals = Arrays.stream(perUser[m]).filter(x -> !Double.isNaN(x)).toArray();
            if (m >= metrics.size() && !explains) {
                continue; // explanation metrics: only for variants that ask for explanations
            }
            if (vals.length == 0) {
                estimates.put(names.get(m), new Estimate(Double.NaN, Double.NaN, Double.NaN, 0));
            } else {
                Summary s = Summary.of(vals, resamples, seed);
                estimates.put(names.get(m), new Estimate(s.mean(), s.ciLow(), s.ciHigh(), s.n()));
            }
        }
        Map<String, Double> system = new LinkedHashMap<>();
        Map<String, Object> sys = top.evaluate(allLists);
        for (String name : List.of("coverage", "gini", "entropy")) {
            if (selected(spec, name) && sys.get(name) instanceof Double d) {
                system.put(name, d);
            }
        }
        GroundingRates rates = GroundingRates.of(outcomes);
        Map<String, Estimate> grounding = new LinkedHashMap<>();
        grounding.put("hallucination_rate", pooled(rates.hallucinationRate(), hallucinatedOf, slotsOf, resamples, seed));
        grounding.put("compliance_rate", pooled(rates.complianceRate(), okOf, responsesOf, resamples, seed));
        grounding.put("out_of_candidates_rate", pooled(rates.outOfCandidateRate(), outOfCandidatesOf, slotsOf, resamples, seed));
        grounding.put("abstention_rate", pooled(rates.abstentionRate(), abstainedOf, responsesOf, resamples, seed));
        grounding.put("seen_rate", new Estimate(rates.seenRepeatRate(), Double.NaN, Double.NaN, (int) rates.slots()));
        grounding.put("duplicate_rate", new Estimate(rates.duplicateRate(), Double.NaN, Double.NaN, (int) rates.slots()));
        Map<String, Long> slotCounts = new LinkedHashMap<>();
        for (SlotOutcome o : SlotOutcome.values()) {
            slotCounts.put(o.name(), rates.slotCounts().get(o));
        }
        VariantStatus health = VariantHealth.of(records, users.length);
        if (health.failed()) { // nothing was measured: every value undefined, none a zero
            Estimate none = new Estimate(Double.NaN, Double.NaN, Double.NaN, 0);
            estimates.replaceAll((name, e) -> none);
            system.replaceAll((name, x) -> Double.NaN);
            grounding.replaceAll((name, e) -> none);
            rows.replaceAll(row -> {
                double[] blank = new double[row.values().length];
                Arrays.fill(blank, Double.NaN);
                return new UserRow(row.user(), row.responses(), row.errors(), row.slots(), row.hallucinated(), blank);
            });
        }
        return new VariantResult(v, users.length, names, estimates, system, grounding, statuses, slotCounts, rows,
                records.size(), cacheHits, cost, in, outTokens, records.isEmpty() ? 0 : latency / records.size(), checks, health,
                cachedIn, cacheWrite);
    }

    /**
     * One answer's explanation checked against the user's history; the answer is about the
     * candidates shown, the items it recommends and the held-out item (the item a text explanation
     * explains). Null when the call failed or the answer carries no explanation.
     */
    private static ExplanationChecker.Check explanation(RunSetup setup, Variant v, int user, CallRecord r, int[] slotItems,
            ExplanationChecker checker, boolean wholeAnswer) {
        String text = r.response() == null ? null : AnswerParser.explanation(r.response(), wholeAnswer);
        if (text == null) {
            return null;
        }
        int[] about = java.util.stream.IntStream.concat(java.util.stream.IntStream.concat(
                Arrays.stream(setup.shownCandidates(v, user)), Arrays.stream(slotItems).filter(i -> i >= 0)),
                Arrays.stream(setup.split().heldOut(user))).toArray();
        return checker.check(text, setup.split().history(user), about);
    }

    private static boolean isAccuracy(String name) {
        return name.contains("@");
    }

    /**
     * A pooled rate (sum of numerators over sum of denominators) with a percentile bootstrap 95%
     * interval from resampling users with replacement (seeded, as the metrics' intervals).
     */
    static Estimate pooled(double rate, long[] num, long[] den, int resamples, long seed) {
        long total = Arrays.stream(den).sum();
        if (total == 0 || Double.isNaN(rate)) {
            return new Estimate(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        int n = num.length;
        SplittableRandom random = new SplittableRandom(seed);
        double[] stats = new double[resamples];
        int filled = 0;
        for (int b = 0; b < resamples; b++) {
            long a = 0;
            long d = 0;
            for (int i = 0; i < n; i++) {
                int j = random.nextInt(n);
                a += num[j];
                d += den[j];
            }
            if (d > 0) {
                stats[filled++] = (double) a / d;
            }
        }
        double[] s = Arrays.copyOf(stats, filled);
        Arrays.sort(s);
        if (s.length == 0) {
            return new Estimate(rate, Double.NaN, Double.NaN, n);
        }
        int lo = (int) Math.max(0, Math.ceil(0.025 * s.length) - 1);
        int hi = (int) Math.min(s.length - 1, Math.ceil(0.975 * s.length) - 1);
        return new Estimate(rate, s[lo], s[hi], n);
    }
}
