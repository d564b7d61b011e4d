package org.recprompt.experiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.recprompt.dataset.Items;
import org.recprompt.experiment.ExperimentSpec.PrivacySpec;
import org.recprompt.experiment.ExperimentSpec.Sensitive;
import org.recprompt.experiment.RunEvaluation.UserRow;
import org.recprompt.experiment.RunEvaluation.VariantResult;
import org.recprompt.metrics.RankedList;
import org.recprompt.metrics.fairness.ListSimilarity;
import org.recprompt.metrics.fairness.Sensitivity;
import org.recprompt.metrics.grounding.ResponseStatus;
import org.recprompt.metrics.stats.GroupRangeTest;
import org.recprompt.metrics.stats.HolmBonferroni;

/**
 * The privacy and fairness studies of a finished run, from its records and per-user rows:
 * <ul>
 * <li>{@link #privacy}: per prompt-based variant, its privacy transform and the information it sent:
 * the mean number of the user's real history titles shown per prompt (shown items minus replaced
 * ones; 0 with genres only) and the mean prompt size in bytes (UTF-8 of every message).</li>
 * <li>{@link #probes} (fairness.json): FaiRLLM probes. For each group of variants that differ only in
 * the probe, each user's list for a sensitive value is compared with the same user's neutral list
 * (same repeat) at the study's K: Jaccard@K, SERP*@K, PRAG*@K ({@link ListSimilarity}, on the lists
 * grounded to the catalog: hallucinated slots are dropped, as non-catalog items are in every metric);
 * a pair where either call failed (ERROR) is skipped, an empty answer is an empty list. Each value's
 * similarity is the mean over pairs; per attribute, SNSR = max - min and SNSV = population standard
 * deviation of the values' means ({@link Sensitivity}).</li>
 * <li>{@link #groups} (groups.json): accuracy gaps between groups of users ({@link UserGroupings}: by
 * default each user attribute of the dataset with 2 to 30 values, e.g. ml-100k's gender and
 * occupation and age in the MovieLens 1M age bands, then activity, light vs heavy at the median
 * history length, METRICS.md; or the experiment's {@code groupGaps}; users without a value form the
 * group "unknown", listed with its mean but outside the gap and the test). Per variant and grouping: each group's size, mean of the gap metric (NDCG at the
 * largest K) and whether it is small (fewer than {@value #SMALL_GROUP} users), the gap (best - worst group mean;
 * also among the groups that are not small, null with fewer than two), and
 * a permutation p-value of the range of group means ({@link GroupRangeTest}: 10,000 permutations,
 * fewer, down to 500, when users x variants x groupings is large), Holm-corrected over the groupings
 * of the variant. Variants whose every call failed are left out.</li>
 * </ul>
 */
final class StudyEvaluation {

    static final int PERMUTATIONS = 10_000;
    static final int MIN_PERMUTATIONS = 500;
    /** About this many value visits for all group tests of a run, so that a run of 100,000 users stays quick. */
    static final long BUDGET = 400_000_000L;
    /** A group of fewer users is flagged "small": its mean alone says little (the range test still counts it). */
    static final int SMALL_GROUP = 10;

    private StudyEvaluation() {
    }

    // ---- privacy ---------------------------------------------------------------------------

    /** The privacy block of a prompt-based variant in summary.json; null for rankers. */
    static Map<String, Object> privacy(RunSetup setup, Variant v) {
        if (!v.usesPrompt()) {
            return null;
        }
        PrivacySpec p = v.privacy();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("transform", p.label());
        if (p.history() != null) {
            m.put("history", p.history());
        }
        m.put("genres_only", p.genresOnly());
        m.put("replace", p.replace() == null ? 0.0 : p.replace());
        m.put("real_ids", p.realIds());
        int[] users = setup.users();
        double items = 0;
        double bytes = 0;
        for (int u : users) {
            RunSetup.PromptFacts f = setup.facts(v, u);
            items += f.realHistoryItems();
            bytes += f.bytes();
        }
        m.put("real_history_items", RunOutputs.round(users.length == 0 ? 0 : items / users.length));
        m.put("prompt_bytes", RunOutputs.round(users.length == 0 ? 0 : bytes / users.length));
        return m;
    }

    // ---- fairness probes -------------------------------------------------------------------

    /** fairness.json's content; null when the experiment has no probe study. */
    static Map<String, Object> probes(RunSetup setup, Map<String, List<CallRecord>> byVariant) {
        if (setup.spec().fairness() == null) {
            return null;
        }
        int k = setup.spec().fairness().k();
        Map<String, List<Variant>> groups = new LinkedHashMap<>();
        for (Variant v : setup.variants()) {
            if (v.usesPrompt()) {
                groups.computeIfAbsent(baseId(v), x -> new ArrayList<>()).add(v);
            }
        }
        List<Object> out = new ArrayList<>();
        Items items = setup.dataset().items();
        for (Map.Entry<String, List<Variant>> g : groups.entrySet()) {
            Variant neutral = g.getValue().stream().filter(v -> v.sensitive() == null).findFirst().orElseThrow();
            Map<String, RankedList> neutralLists = lists(byVariant.getOrDefault(neutral.id(), List.of()), items);
            List<Object> values = new ArrayList<>();
            Map<String, List<double[]>> perAttribute = new LinkedHashMap<>();
            for (Variant v : g.getValue()) {
                if (v.sensitive() == null) {
                    continue;
                }
                Map<String, RankedList> lists = lists(byVariant.getOrDefault(v.id(), List.of()), items);
                double[] sums = new double[3];
                int pairs = 0;
                int pragPairs = 0;
                for (Map.Entry<String, RankedList> e : lists.entrySet()) {
                    RankedList n = neutralLists.get(e.getKey());
                    if (n == null) {
                        continue;
                    }
                    sums[0] += ListSimilarity.jaccard(e.getValue(), n, k);
                    sums[1] += ListSimilarity.serp(e.getValue(), n, k);
                    double prag = ListSimilarity.prag(e.getValue(), n, k);
                    if (!Double.isNaN(prag)) {
                        sums[2] += prag;
                        pragPairs++;
                    }
                    pairs++;
                }
                double[] means = {pairs == 0 ? Double.NaN : sums[0] / pairs, pairs == 0 ? Double.NaN : sums[1] / pairs,
                    pragPairs == 0 ? Double.NaN : sums[2] / pragPairs};
                Sensitive s = v.sensitive();
                Map<String, Object> vm = new LinkedHashMap<>();
                vm.put("attribute", s.attribute());
                vm.put("value", s.value());
                vm.put("variant", v.id());
                vm.put("jaccard", num(means[0]));
                vm.put("serp", num(means[1]));
                vm.put("prag", num(means[2]));
                vm.put("pairs", pairs);
                values.add(vm);
                perAttribute.computeIfAbsent(s.attribute(), a -> new ArrayList<>()).add(means);
            }
            List<Object> attributes = new ArrayList<>();
            perAttribute.forEach((a, list) -> {
                Map<String, Object> am = new LinkedHashMap<>();
                am.put("attribute", a);
                am.put("values", list.size());
                Map<String, Object> snsr = new LinkedHashMap<>();
                Map<String, Object> snsv = new LinkedHashMap<>();
                String[] names = {"jaccard", "serp", "prag"};
                for (int m = 0; m < 3; m++) {
                    int mm = m;
                    double[] xs = list.stream().mapToDouble(x -> x[mm]).filter(x -> !Double.isNaN(x)).toArray();
                    snsr.put(names[m], num(Sensitivity.snsr(xs)));
                    snsv.put(names[m], num(Sensitivity.snsv(xs)));
                }
                am.put("snsr", snsr);
                am.put("snsv", snsv);
                attributes.add(am);
            });
            Map<String, Object> gm = new LinkedHashMap<>();
            gm.put("group", g.getKey());
            gm.put("backend", neutral.backend().id());
            gm.put("neutral", neutral.id());
            gm.put("values", values);
            gm.put("attributes", attributes);
            out.add(gm);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("k", k);
        m.put("normalisation", "SERP* by K(K+1)/2 and PRAG* by K(K-1)/2: identical lists of K items score 1"
                + " (not the FaiRLLM code's 0.274 at K = 20)");
        m.put("groups", out);
        return m;
    }

    /** A variant's id without its probe part: the variants of one probe group share it. */
    static String baseId(Variant v) {
        String part = v.sensitive() == null ? "neutral" : v.sensitive().label();
        List<String> parts = new ArrayList<>(Arrays.asList(v.id().split("/")));
        parts.remove(part);
        return String.join("/", parts);
    }

    /** Each (user, repeat)'s grounded list; calls that failed are left out. */
    private static Map<String, RankedList> lists(List<CallRecord> records, Items items) {
        Map<String, RankedList> out = new HashMap<>();
        for (CallRecord r : records) {
            if (ResponseStatus.valueOf(r.status()) == ResponseStatus.ERROR) {
                continue;
            }
            int[] raw = r.slots().stream().mapToInt(s -> s.itemId() == null ? -1 : items.indexOf(s.itemId())).toArray();
            out.put(r.user() + "\t" + r.repeat(), RankedList.of(raw, items.size()));
        }
        return out;
    }

    // ---- group gaps ------------------------------------------------------------------------

    /** groups.json's content: per variant, per grouping of users, the groups' means, the gap and its p-value. */
    static Map<String, Object> groups(RunSetup setup, List<VariantResult> results) {
        UserGroupings.Result grouped = UserGroupings.of(setup);
        Map<String, Map<String, String>> groupings = grouped.groupings();
        String metric = gapMetric(results);
        long work = (long) Math.max(1, setup.users().length) * Math.max(1, results.size()) * Math.max(1, groupings.size());
        int permutations = (int) Math.max(MIN_PERMUTATIONS, Math.min(PERMUTATIONS, BUDGET / work));
        List<Object> variants = new ArrayList<>();
        if (metric != null) {
            for (VariantResult r : results) {
                if (r.calls() > 0 && r.statuses().getOrDefault("ERROR", 0L) >= r.calls()) {
                    continue; // every call failed (refused under local only, unreachable): no groups to compare
                }
                int col = r.metricNames().indexOf(metric);
                List<Map<String, Object>> rows = new ArrayList<>();
                for (Map.Entry<String, Map<String, String>> g : groupings.entrySet()) {
                    Map<String, List<Double>> byGroup = new TreeMap<>();
                    for (UserRow row : r.rows()) {
                        double x = row.values()[col];
                        String group = g.getValue().get(row.user());
                        if (!Double.isNaN(x) && group != null) {
                            byGroup.computeIfAbsent(group, z -> new ArrayList<>()).add(x);
                        }
                    }
                    // Users without a value are shown as their own group but are not one side of the gap:
                    // "F vs unknown" is no statement about gender.
                    List<Double> unknown = byGroup.remove(UserGroupings.UNKNOWN);
                    if (byGroup.size() < 2) {
                        continue;
                    }
                    double[][] values = byGroup.values().stream()
                            .map(l -> l.stream().mapToDouble(Double::doubleValue).toArray()).toArray(double[][]::new);
                    GroupRangeTest.Result t = GroupRangeTest.test(values, permutations,
                            org.recprompt.dataset.split.Seeds.mix(setup.spec().bootstrap().seed(), r.variant().id() + "|" + g.getKey()));
                    List<Object> groups = new ArrayList<>();
                    int best = 0;
                    int worst = 0;
                    int i = 0;
                    for (Map.Entry<String, List<Double>> e : byGroup.entrySet()) {
                        Map<String, Object> gr = new LinkedHashMap<>();
                        gr.put("group", e.getKey());
                        gr.put("n", e.getValue().size());
                        gr.put("mean", RunOutputs.round(t.means()[i]));
                        gr.put("small", e.getValue().size() < SMALL_GROUP);
                        groups.add(gr);
                        best = t.means()[i] > t.means()[best] ? i : best;
                        worst = t.means()[i] < t.means()[worst] ? i : worst;
                        i++;
                    }
                    if (unknown != null) {
                        Map<String, Object> gr = new LinkedHashMap<>();
                        gr.put("group", UserGroupings.UNKNOWN);
                        gr.put("n", unknown.size());
                        double sum = 0;
                        for (double x : unknown) {
                            sum += x;
                        }
                        gr.put("mean", RunOutputs.round(sum / unknown.size()));
                        gr.put("small", unknown.size() < SMALL_GROUP);
                        gr.put("in_gap", false);
                        groups.add(gr);
                    }
                    List<String> names = new ArrayList<>(byGroup.keySet());
                    if (best == worst && names.size() > 1) {
                        worst = best == 0 ? 1 : 0; // every group ties: name two groups, never one group against itself
                    }
                    Map<String, Object> gm = new LinkedHashMap<>();
                    gm.put("by", g.getKey());
                    gm.put("groups", groups);
                    gm.put("best", names.get(best));
                    gm.put("worst", names.get(worst));
                    gm.put("gap", RunOutputs.round(t.range()));
                    // The same range among the groups that are not small (null with fewer than two of them).
                    int large = 0;
                    double lo = Double.POSITIVE_INFINITY;
                    double hi = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < t.means().length; j++) {
                        if (values[j].length >= SMALL_GROUP) {
                            large++;
                            lo = Math.min(lo, t.means()[j]);
                            hi = Math.max(hi, t.means()[j]);
                        }
                    }
                    gm.put("gap_large_groups", large < 2 ? null : RunOutputs.round(hi - lo));
                    gm.put("p", RunOutputs.round(t.p()));
                    rows.add(gm);
                }
                double[] p = rows.stream().mapToDouble(x -> (Double) x.get("p")).toArray();
                double[] holm = HolmBonferroni.adjust(p);
                for (int j = 0; j < rows.size(); j++) {
                    rows.get(j).put("p_holm", RunOutputs.round(holm[j]));
                }
                Map<String, Object> vm = new LinkedHashMap<>();
                vm.put("variant", r.variant().id());
                vm.put("gaps", rows);
                variants.add(vm);
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("metric", metric);
        m.put("test", "permutation test of the range of group means (" + permutations + " permutations),"
                + " Holm-corrected over the groupings of a variant");
        m.put("permutations", permutations);
        m.put("groupings", new ArrayList<>(groupings.keySet()));
        m.put("chosen", setup.spec().groupGaps() == null ? "automatic" : UserGroupings.KEY);
        m.put("small_group", SMALL_GROUP);
        m.put("unknown", UserGroupings.UNKNOWN);
        m.put("notes", grouped.notes());
        m.put("variants", variants);
        return m;
    }

    /** NDCG at the largest K when measured, else the first accuracy metric; null when there is none. */
    static String gapMetric(List<VariantResult> results) {
        if (results.isEmpty()) {
            return null;
        }
        List<String> names = results.get(0).metricNames();
        String ndcg = names.stream().filter(n -> n.startsWith("ndcg@"))
                .max(java.util.Comparator.comparingInt(n -> Integer.parseInt(n.substring(5)))).orElse(null);
        return ndcg != null ? ndcg : names.stream().filter(n -> n.contains("@")).findFirst().orElse(null);
    }

    private static Object num(double x) {
        return Double.isNaN(x) ? null : RunOutputs.round(x);
    }
}
