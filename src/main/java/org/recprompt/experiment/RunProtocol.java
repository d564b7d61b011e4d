package org.recprompt.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.recprompt.base.FileTrees;
import org.recprompt.dataset.Items;
import org.recprompt.metrics.SplitAdapter;
import org.recprompt.metrics.protocol.EvalInput;
import org.recprompt.metrics.protocol.EvalUser;
import org.recprompt.metrics.protocol.Protocol;
import org.recprompt.metrics.protocol.ProtocolResult;
import org.recprompt.metrics.protocol.Protocols;
import org.recprompt.metrics.protocol.Relevance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The run's table under the experiment's evaluation convention ({@code protocol:}, default
 * recprompt) and relevance rule ({@code relevance:}), written as protocol.json and protocol.csv.
 * Each repeat of a variant is one recommendation file: every sampled user's grounded list of that
 * repeat, raw (unknown items -1, repeats kept; the convention decides what to drop), against the
 * split's training items and the user's test items, which are the answer's recorded
 * {@code relevant} items when its replay line has them ({@link RecordedTruth}; their ratings from the
 * split's test interactions where it has the item, else none). The convention's table is computed
 * per repeat; the file gives each repeat and the mean over repeats, with the number of repeats
 * each mean covers ({@code repeats_defined}: a repeat where a metric is undefined is left out of its
 * mean). A variant whose every call failed has no values (null), never the zeros of empty lists.
 */
final class RunProtocol {

    static final String JSON_FILE = "protocol.json";
    static final String CSV_FILE = "protocol.csv";

    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One variant's table: per repeat, then the mean over the repeats.
     *
     * @param defined per metric, how many repeats define it: the repeats its mean covers (0 for a failed variant)
     */
    record VariantTable(String variant, boolean failed, long relevantFromAnswers, long candidatesFromAnswers,
            List<ProtocolResult> repeats, Map<String, Double> mean, Map<String, Integer> defined) {
    }

    private RunProtocol() {
    }

    /** Every variant's table under the spec's convention; {@code failed}: whether each variant (by id) failed ({@link VariantHealth}). */
    static List<VariantTable> tables(RunSetup setup, Map<String, List<CallRecord>> byVariant, Map<String, Boolean> failed) {
        Protocol protocol = Protocols.of(setup.spec().evaluation().protocol());
        int[] cutoffs = Protocols.cutoffs(setup.spec().k());
        Relevance relevance = setup.spec().evaluation().relevance();
        // every sampled user's training and test items, built once: only the lists change per variant and repeat
        Map<Integer, int[]> none = new LinkedHashMap<>();
        for (int u : setup.users()) {
            none.put(u, null);
        }
        EvalInput base = SplitAdapter.evalInput(setup.split(), none, relevance);
        List<EvalUser> sampled = base.users().subList(0, none.size());
        List<VariantTable> out = new ArrayList<>();
        for (Variant v : setup.variants()) {
            out.add(table(setup, v, byVariant.getOrDefault(v.id(), List.of()), failed.getOrDefault(v.id(), false), protocol,
                    cutoffs, base, sampled));
        }
        return out;
    }

    private static VariantTable table(RunSetup setup, Variant v, List<CallRecord> records, boolean failed, Protocol protocol,
            int[] cutoffs, EvalInput base, List<EvalUser> sampled) {
        Items items = setup.dataset().items();
        // a prompt-based variant answers `repeats` times, a ranker once: the repeats are those its records have
        int repeats = Math.max(1, records.stream().mapToInt(CallRecord::repeat).max().orElse(0) + 1);
        Map<String, CallRecord> byKey = new LinkedHashMap<>();
        for (CallRecord r : records) {
            byKey.put(r.user() + "\u0000" + r.repeat(), r);
        }
        long relevantFromAnswers = 0;
        long candidatesFromAnswers = 0;
        List<ProtocolResult> perRepeat = new ArrayList<>();
        for (int repeat = 0; repeat < repeats; repeat++) {
            List<EvalUser> users = new ArrayList<>();
            for (EvalUser u : sampled) {
                CallRecord r = byKey.get(setup.dataset().users().id(u.user()) + "\u0000" + repeat);
                int[] raw = r == null ? null : r.slots().stream()
                        .mapToInt(s -> s.itemId() == null ? -1 : items.indexOf(s.itemId())).toArray();
                RecordedTruth t = r == null ? null : RecordedTruth.of(setup, v, u.user(), repeat);
                EvalUser e = u.withRaw(raw);
                if (t != null && t.relevant() != null) {
                    e = withTest(e, t.relevant());
                    relevantFromAnswers++;
                }
                if (t != null && t.candidates() != null) {
                    candidatesFromAnswers++;
                }
                if (e.hasList() || e.test().length > 0) {
                    users.add(e);
                }
            }
            EvalInput input = new EvalInput(base.catalogSize(), base.popularity(), base.genres(), users, base.relevance());
            perRepeat.add(protocol.evaluate(input, cutoffs));
        }
        Map<String, Integer> defined = defined(perRepeat);
        if (failed) {
            defined.replaceAll((name, n) -> 0);
        }
        return new VariantTable(v.id(), failed, relevantFromAnswers, candidatesFromAnswers, perRepeat, failed ? blank(perRepeat)
                : mean(perRepeat), defined);
    }

    /** The user with the recorded relevant items as test items (distinct, in order), rated as the split rated them (else NaN). */
    static EvalUser withTest(EvalUser u, int[] relevant) {
        int[] test = Arrays.stream(relevant).distinct().toArray();
        double[] ratings = new double[test.length];
        for (int i = 0; i < test.length; i++) {
            ratings[i] = u.testRating(test[i]);
        }
        return u.withTest(test, ratings);
    }

    /**
     * The mean of each metric over the repeats where it is defined; NaN where no repeat defines it.
     * How many repeats that is, {@link #defined}, is written beside it: the reports show it where it
     * is fewer than the variant's repeats.
     */
    static Map<String, Double> mean(List<ProtocolResult> repeats) {
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (ProtocolResult r : repeats) {
            for (var e : r.metrics().entrySet()) {
                double[] s = sums.computeIfAbsent(e.getKey(), k -> new double[2]);
                if (!Double.isNaN(e.getValue())) {
                    s[0] += e.getValue();
                    s[1]++;
                }
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        sums.forEach((k, s) -> out.put(k, s[1] == 0 ? Double.NaN : s[0] / s[1]));
        return out;
    }

    /** Per metric, how many of the repeats define it (a value that is not NaN). */
    static Map<String, Integer> defined(List<ProtocolResult> repeats) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (ProtocolResult r : repeats) {
            r.metrics().forEach((k, x) -> out.merge(k, Double.isNaN(x) ? 0 : 1, Integer::sum));
        }
        return out;
    }

    private static Map<String, Double> blank(List<ProtocolResult> repeats) {
        Map<String, Double> out = new LinkedHashMap<>();
        repeats.forEach(r -> r.metrics().keySet().forEach(k -> out.put(k, Double.NaN)));
        return out;
    }

    /** The sentence that says how the repeats were combined (each variant's count when they differ: a ranker answers once). */
    static String averaging(List<VariantTable> tables) {
        List<Integer> counts = tables.stream().map(t -> t.repeats().size()).distinct().sorted().toList();
        String over = counts.size() == 1 ? "the " + counts.get(0) + (counts.get(0) == 1 ? " repeat" : " repeats")
                : "each variant's repeats (" + counts.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(" or "))
                        + "; a ranker answers once)";
        return "each repeat is one recommendation file: the table is computed per repeat and averaged over " + over;
    }

    /** Writes protocol.json and protocol.csv (each all or nothing). */
    static void write(Path folder, RunSetup setup, List<VariantTable> tables) throws IOException {
        Protocol protocol = Protocols.of(setup.spec().evaluation().protocol());
        Relevance relevance = setup.spec().evaluation().relevance();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("protocol", protocol.id());
        m.put("describe", protocol.describe());
        m.put("relevance", relevance.describe());
        m.put("relevance_threshold", relevance.hasThreshold() ? relevance.threshold() : null);
        m.put("cutoffs", Arrays.stream(Protocols.cutoffs(setup.spec().k())).boxed().toList());
        m.put("repeats", setup.spec().repeats());
        m.put("averaging", averaging(tables));
        List<Map<String, Object>> variants = new ArrayList<>();
        for (VariantTable t : tables) {
            Map<String, Object> vm = new LinkedHashMap<>();
            vm.put("variant", t.variant());
            vm.put("failed", t.failed());
            vm.put("repeats", t.repeats().size());
            vm.put("relevant_from_answer_file", t.relevantFromAnswers());
            vm.put("candidates_from_answer_file", t.candidatesFromAnswers());
            vm.put("metrics", values(t.mean()));
            vm.put("repeats_defined", t.defined());
            List<Map<String, Object>> rs = new ArrayList<>();
            for (int r = 0; r < t.repeats().size(); r++) {
                Map<String, Object> rm = new LinkedHashMap<>();
                rm.put("repeat", r);
                rm.put("metrics", t.failed() ? values(blank(List.of(t.repeats().get(r)))) : values(t.repeats().get(r).metrics()));
                rm.put("counts", t.repeats().get(r).counts());
                rs.add(rm);
            }
            vm.put("per_repeat", rs);
            variants.add(vm);
        }
        m.put("variants", variants);
        FileTrees.writeAtomically(folder.resolve(JSON_FILE), PRETTY.writeValueAsString(m) + "\n");
        FileTrees.writeAtomically(folder.resolve(CSV_FILE), w -> {
            try (CSVPrinter csv = new CSVPrinter(w, CSVFormat.RFC4180.builder()
                    .setHeader("variant", "repeat", "kind", "name", "value").get())) {
                for (VariantTable t : tables) {
                    for (var e : t.mean().entrySet()) {
                        csv.printRecord(t.variant(), "mean", "metric", e.getKey(), cell(e.getValue()));
                    }
                    for (var e : t.defined().entrySet()) {
                        csv.printRecord(t.variant(), "mean", "repeats_defined", e.getKey(), e.getValue());
                    }
                    for (int r = 0; r < t.repeats().size(); r++) {
                        ProtocolResult pr = t.repeats().get(r);
                        for (var e : pr.metrics().entrySet()) {
                            csv.printRecord(t.variant(), r, "metric", e.getKey(), t.failed() ? "" : cell(e.getValue()));
                        }
                        for (var e : pr.counts().entrySet()) {
                            csv.printRecord(t.variant(), r, "count", e.getKey(), e.getValue());
                        }
                    }
                }
            }
        });
    }

    private static Map<String, Double> values(Map<String, Double> metrics) {
        Map<String, Double> out = new LinkedHashMap<>();
        metrics.forEach((k, x) -> out.put(k, Double.isNaN(x) ? null : x));
        return out;
    }

    private static String cell(double x) {
        return Double.isNaN(x) ? "" : Double.toString(x);
    }
}
