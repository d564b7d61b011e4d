package org.recprompt.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The run's table under its evaluation convention, as protocol.json holds it (the experiment's
 * {@code protocol:} and {@code relevance:}): each variant's metrics as the mean over its repeats
 * (each repeat one recommendation file), the convention's counts, and how many answers were scored
 * against the relevant items their answer file recorded. Every format shows it with the line that
 * states the convention ({@link #convention()}). A mean that covers fewer repeats than its variant
 * has (a repeat where the metric is undefined is left out of it) says so beside the value
 * ({@link #cell}); a metric no repeat defines is "undefined", never a number.
 *
 * @param counts by variant, each count as text: its value, or "min-max" when the repeats differ
 * @param variantRepeats by variant, its repeats (a ranker answers once)
 * @param defined by variant and metric, how many repeats the mean covers (absent in a file that does not say)
 * @param relevanceThreshold the relevance rule's threshold, null when every test interaction is relevant
 */
public record ProtocolTable(String protocol, String describe, String relevance, int repeats, String averaging,
        List<String> variants, List<String> metricNames, Map<String, Map<String, Double>> means,
        Map<String, Map<String, String>> counts, Map<String, Boolean> failed, Map<String, Long> relevantFromAnswers,
        Map<String, Long> candidatesFromAnswers, Map<String, Integer> variantRepeats, Map<String, Map<String, Integer>> defined,
        Double relevanceThreshold) {

    /** The protocol id of this project's own convention, the one the run's own metrics follow. */
    public static final String OWN = "recprompt";

    public static final String FILE = "protocol.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The table of a run folder, or null when the run wrote none (a run of an earlier version). */
    static ProtocolTable read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        JsonNode n;
        try {
            n = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new ReportException(file + " is not valid JSON: " + e.getMessage(), e);
        }
        if (!n.isObject() || !n.path("variants").isArray() || !n.path("protocol").isTextual()) {
            throw new ReportException(file + ": expected an object with 'protocol' and 'variants'");
        }
        List<String> variants = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        Map<String, Map<String, Double>> means = new LinkedHashMap<>();
        Map<String, Map<String, String>> counts = new LinkedHashMap<>();
        Map<String, Boolean> failed = new LinkedHashMap<>();
        Map<String, Long> relevant = new LinkedHashMap<>();
        Map<String, Long> candidates = new LinkedHashMap<>();
        Map<String, Integer> variantRepeats = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> defined = new LinkedHashMap<>();
        for (JsonNode v : n.path("variants")) {
            String id = v.path("variant").asText();
            variants.add(id);
            failed.put(id, v.path("failed").asBoolean(false));
            relevant.put(id, v.path("relevant_from_answer_file").asLong(0));
            candidates.put(id, v.path("candidates_from_answer_file").asLong(0));
            variantRepeats.put(id, v.path("repeats").asInt(v.path("per_repeat").size()));
            Map<String, Integer> d = new LinkedHashMap<>();
            v.path("repeats_defined").fields().forEachRemaining(e -> d.put(e.getKey(), e.getValue().asInt()));
            defined.put(id, d);
            Map<String, Double> m = new LinkedHashMap<>();
            v.path("metrics").fields().forEachRemaining(e -> {
                names.add(e.getKey());
                m.put(e.getKey(), e.getValue().isNumber() ? e.getValue().asDouble() : Double.NaN);
            });
            means.put(id, m);
            Map<String, long[]> range = new LinkedHashMap<>();
            for (JsonNode r : v.path("per_repeat")) {
                r.path("counts").fields().forEachRemaining(e -> {
                    long x = e.getValue().asLong();
                    long[] mm = range.computeIfAbsent(e.getKey(), k -> new long[] {x, x});
                    mm[0] = Math.min(mm[0], x);
                    mm[1] = Math.max(mm[1], x);
                });
            }
            Map<String, String> c = new LinkedHashMap<>();
            range.forEach((k, mm) -> c.put(k, mm[0] == mm[1] ? String.valueOf(mm[0]) : mm[0] + "-" + mm[1]));
            counts.put(id, c);
        }
        return new ProtocolTable(n.path("protocol").asText(), n.path("describe").asText(""), n.path("relevance").asText(""),
                n.path("repeats").asInt(1), n.path("averaging").asText(""), List.copyOf(variants), List.copyOf(names), means,
                counts, failed, relevant, candidates, variantRepeats, defined,
                n.path("relevance_threshold").isNumber() ? n.path("relevance_threshold").asDouble() : null);
    }

    /**
     * Whether this table follows the run's own metrics' convention: protocol recprompt with every
     * test interaction relevant (no threshold; a relevance rule the file states otherwise counts as one).
     */
    public boolean isOwnConvention() {
        return OWN.equals(protocol) && relevanceThreshold == null
                && (relevance.isEmpty() || relevance.equals("all test interactions"));
    }

    /** The line that states the convention, the relevance rule, the averaging and the recorded truth. */
    public String convention() {
        StringBuilder s = new StringBuilder("Convention: ").append(describe.isEmpty() ? protocol : describe)
                .append(". Relevant: ").append(relevance).append(". Values: ").append(averaging).append('.');
        long fromAnswers = relevantFromAnswers.values().stream().mapToLong(Long::longValue).sum();
        if (fromAnswers > 0) {
            s.append(" Relevant items from the answer file for ").append(fromAnswers).append(" answers (");
            List<String> parts = new ArrayList<>();
            relevantFromAnswers.forEach((v, x) -> {
                if (x > 0) {
                    parts.add(v + ": " + x);
                }
            });
            s.append(String.join(", ", parts)).append("); the other answers against the split's held-out items.");
        }
        long candidatesFrom = candidatesFromAnswers.values().stream().mapToLong(Long::longValue).sum();
        if (candidatesFrom > 0) {
            s.append(" Candidates from the answer file for ").append(candidatesFrom).append(" answers.");
        }
        boolean partial = variants.stream().anyMatch(v -> metricNames.stream().anyMatch(m -> coverage(v, m).isPresent()));
        if (partial) {
            s.append(" A value marked \"(n of m repeats)\" is the mean over the n repeats where that metric is defined;"
                    + " it is undefined in the others.");
        }
        return s.toString();
    }

    /**
     * A variant's mean of a metric as text: "-" for a failed variant, "undefined" when no repeat
     * defines it, else four decimals, followed by "(2 of 3 repeats)" when the mean covers fewer
     * repeats than the variant has.
     */
    public String cell(String variant, String metric) {
        Double x = means.getOrDefault(variant, Map.of()).get(metric);
        if (failed.getOrDefault(variant, false)) {
            return "-";
        }
        if (x == null || Double.isNaN(x)) {
            return "undefined";
        }
        String value = String.format(Locale.ROOT, "%.4f", x);
        return coverage(variant, metric).map(c -> value + " (" + c + ")").orElse(value);
    }

    /**
     * "2 of 3 repeats" when a variant's mean of a metric covers fewer repeats than the variant has;
     * empty when it covers them all, or the file does not say.
     */
    public java.util.Optional<String> coverage(String variant, String metric) {
        Integer n = defined.getOrDefault(variant, Map.of()).get(metric);
        int of = variantRepeats.getOrDefault(variant, repeats);
        if (n == null || n >= of || failed.getOrDefault(variant, false)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(n + " of " + of + (of == 1 ? " repeat" : " repeats"));
    }

    /** The table as text: a row per metric, then per count; a column per variant; a failed variant's values "-". */
    public StudyTables.Table table() {
        List<String> header = new ArrayList<>();
        header.add("metric");
        for (String v : variants) {
            header.add(failed.getOrDefault(v, false) ? v + " (failed)" : v);
        }
        List<List<String>> rows = new ArrayList<>();
        for (String name : metricNames) {
            List<String> row = new ArrayList<>();
            row.add(name);
            for (String v : variants) {
                row.add(cell(v, name));
            }
            rows.add(row);
        }
        Set<String> countNames = new LinkedHashSet<>();
        counts.values().forEach(c -> countNames.addAll(c.keySet()));
        for (String name : countNames) {
            List<String> row = new ArrayList<>();
            row.add("count: " + name);
            for (String v : variants) {
                row.add(counts.get(v).getOrDefault(name, "-"));
            }
            rows.add(row);
        }
        return new StudyTables.Table("protocol", "Evaluation convention: " + protocol, convention(), header, rows);
    }
}
