package org.recprompt.report;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.recprompt.base.Hashes;
import org.recprompt.base.LineReader;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A finished run's folder as the experiment runner writes it, read tolerantly: the one place that
 * knows the file formats (summary.json, metrics-per-user.csv, responses.jsonl, recommendations.csv,
 * prompts.jsonl, run.json). summary.json and metrics-per-user.csv are required; without
 * responses.jsonl (or recommendations.csv) the charts that need single answers are skipped. Unknown
 * fields are ignored, missing optional ones are empty. Backend settings are returned without
 * anything that looks like a secret. Raw model output is kept as text only: escaping is the writers' job.
 */
public final class RunFolder {

    public static final String SUMMARY = "summary.json";
    public static final String METRICS_PER_USER = "metrics-per-user.csv";
    public static final String RESPONSES = "responses.jsonl";
    public static final String RECOMMENDATIONS = "recommendations.csv";
    public static final String PROMPTS = "prompts.jsonl";
    public static final String RUN_STATE = "run.json";
    public static final String ROUNDS = "rounds.csv";

    /** Raw answers kept per variant for the reports' examples (the rest are dropped to save memory). */
    static final int EXAMPLES_PER_VARIANT = 3;
    private static final int MAX_TEXT = 4000;
    private static final Set<String> NOT_METRICS = Set.of("variant", "user", "responses", "errors", "slots", "hallucinated",
            "history_length", "calls", "repeats");
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(api[-_]?key|secret|token|password|passwd|authorization|bearer|credential).*");
    private static final Pattern SECRET_VALUE = Pattern.compile("(?i)\\b(sk-[a-z0-9_-]{8,}|bearer\\s+\\S+)");
    private static final Pattern URL_SECRET = Pattern.compile("(?i)((?:key|api_key|apikey|token|access_token)=)[^&\\s]+");
    private static final Pattern URL_USERINFO = Pattern.compile("(?i)^([a-z][a-z0-9+.-]*://)[^/@\\s]+@");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A metric's mean with its 95% interval (NaN when not given) over n users. */
    public record Estimate(double mean, double low, double high, int n) {
        public boolean hasInterval() {
            return !Double.isNaN(low) && !Double.isNaN(high);
        }
    }

    /** A template of the run; text is null when the file could not be read, note says why or that it changed. */
    public record Template(String name, String path, String version, String text, String note) {
    }

    /**
     * One variant of the run as summary.json describes it. Cost is NaN when not recorded; history is
     * the history it was asked with ("0" for none, "5", "full", "template"), null when not recorded.
     */
    public record Variant(String id, String backend, String backendType, String template, String templateVersion, String order,
            int users, long calls, Map<String, Estimate> metrics, Map<String, Long> statuses, Map<String, Long> slotOutcomes,
            double cost, long inputTokens, long outputTokens, double meanLatencyMs, String history, VariantStatus health) {

        /** Every call failed: no metric value, never best, never a baseline. */
        public boolean failed() {
            return health.failed();
        }

        /** The id with the warning sign a partial variant carries in every table. */
        public String label() {
            return health.partial() ? id + " " + VariantStatus.PARTIAL_MARK : id;
        }
    }

    /** One grounded slot of an answer: rank (1-based), the matched item (null: none), the text as written, the outcome. */
    public record Slot(int rank, String itemId, String rawText, String outcome) {
    }

    /**
     * One call of the run. response is kept for the first few calls per variant only (null otherwise);
     * candidates are in the order the prompt showed them; historyLength is -1 when the run did not record it.
     */
    public record Call(String variant, String user, int repeat, String status, String response, List<Slot> slots,
            List<String> candidates, List<String> relevant, double cost, long inputTokens, long outputTokens, long latencyMs,
            int historyLength) {
    }

    /** Templates of one paraphrase family that the run used together (summary.json {@code paraphrase_sets}). */
    public record ParaphraseSet(String family, List<String> templates) {
    }

    /** The first rendered prompt of a template, as prompts.jsonl holds it: (role, text) pairs. */
    public record PromptExample(String template, String version, String user, List<Map.Entry<String, String>> messages) {
    }

    private final Path dir;
    private final JsonNode summary;
    private List<Variant> variants;
    private final Map<String, VariantStatus.Tally> tallies = new LinkedHashMap<>();
    private final List<Template> templates;
    private final List<String> perUserColumns;
    private final Map<String, Map<String, double[]>> perUser;
    private final Map<String, Map<String, Integer>> historyFromCsv;
    private final List<Call> calls;
    private final String callsSource;
    private final List<PromptExample> promptExamples;
    private final Map<String, Map<String, double[]>> rounds;
    private final List<String> notes = new ArrayList<>();

    private RunFolder(Path dir) {
        this.dir = dir;
        this.summary = readSummary();
        this.variants = readVariants();
        this.templates = readTemplates();
        List<String> columns = new ArrayList<>();
        this.historyFromCsv = new LinkedHashMap<>();
        this.perUser = readPerUser(columns);
        this.perUserColumns = List.copyOf(columns);
        if (Files.isRegularFile(dir.resolve(RESPONSES))) {
            this.calls = readResponses();
            this.callsSource = RESPONSES;
        } else if (Files.isRegularFile(dir.resolve(RECOMMENDATIONS))) {
            this.calls = readRecommendations();
            this.callsSource = RECOMMENDATIONS;
            notes.add("The run folder has no " + RESPONSES + ": statuses, candidates and costs per answer are unknown.");
        } else {
            this.calls = List.of();
            this.callsSource = null;
            notes.add("The run folder has neither " + RESPONSES + " nor " + RECOMMENDATIONS + ": no chart of single answers.");
        }
        this.promptExamples = readPrompts();
        this.rounds = readRounds();
        this.variants = withHealth(variants);
    }

    /**
     * Each variant with its status (recorded, or derived from the responses for an older folder); a
     * failed variant's metrics are undefined whatever the file says (an older run wrote zeros).
     */
    private List<Variant> withHealth(List<Variant> read) {
        List<Variant> out = new ArrayList<>();
        int i = 0;
        for (JsonNode v : summary.path("variants")) {
            Variant x = read.get(i++);
            VariantStatus h = VariantStatus.read(v, x.statuses(), callsSource == null || !callsSource.equals(RESPONSES) ? null
                    : tallies.get(x.id()));
            Map<String, Estimate> metrics = x.metrics();
            if (h.failed()) {
                Map<String, Estimate> none = new LinkedHashMap<>();
                metrics.keySet().forEach(k -> none.put(k, new Estimate(Double.NaN, Double.NaN, Double.NaN, 0)));
                metrics = java.util.Collections.unmodifiableMap(none);
            }
            out.add(new Variant(x.id(), x.backend(), x.backendType(), x.template(), x.templateVersion(), x.order(), x.users(),
                    x.calls(), metrics, x.statuses(), x.slotOutcomes(), x.cost(), x.inputTokens(), x.outputTokens(),
                    x.meanLatencyMs(), x.history(), h));
        }
        return List.copyOf(out);
    }

    /** The run's status: "failed" when every LLM variant failed, "partial" when a variant failed or lost calls, else "ok". */
    public String status() {
        return summary.path("status").isTextual() ? summary.path("status").asText()
                : VariantStatus.ofRun(variants.stream().map(v -> Map.entry(v.template() != null, v.health())).toList());
    }

    /** The variants that failed or lost calls, in run order. */
    public List<Variant> troubled() {
        return variants.stream().filter(v -> v.health().troubled()).toList();
    }

    /** Reads a run folder; a missing or malformed file is a {@link ReportException} naming it. */
    public static RunFolder open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ReportException("No run folder at " + dir + " (give the folder a 'run ... --out DIR' wrote)");
        }
        checkState(dir);
        for (String required : List.of(SUMMARY, METRICS_PER_USER)) {
            if (!Files.isRegularFile(dir.resolve(required))) {
                throw new ReportException("The run folder " + dir + " is incomplete: " + dir.resolve(required)
                        + " is missing (a run writes it when it finishes)");
            }
        }
        return new RunFolder(dir);
    }

    private static void checkState(Path dir) {
        Path state = dir.resolve(RUN_STATE);
        if (!Files.isRegularFile(state)) {
            return;
        }
        JsonNode n = readJson(state);
        String s = n.path("state").asText("");
        if (!s.isEmpty() && !s.equals("complete")) {
            throw new ReportException("The run in " + dir + " is not complete: " + state + " says state '" + s
                    + "' (resume the run first)");
        }
    }

    // ---- summary.json ------------------------------------------------------------------------

    private JsonNode readSummary() {
        JsonNode n = readJson(dir.resolve(SUMMARY));
        if (!n.isObject() || !n.path("variants").isArray() || n.path("variants").isEmpty()) {
            throw new ReportException(dir.resolve(SUMMARY) + " lists no variants (field 'variants')");
        }
        return n;
    }

    private List<Variant> readVariants() {
        List<Variant> out = new ArrayList<>();
        for (JsonNode v : summary.path("variants")) {
            String id = text(v, "id");
            if (id == null) {
                throw new ReportException(dir.resolve(SUMMARY) + ": a variant has no 'id'");
            }
            Map<String, Estimate> metrics = new LinkedHashMap<>();
            v.path("metrics").fields().forEachRemaining(e -> metrics.put(e.getKey(), estimate(e.getValue())));
            out.add(new Variant(id, text(v, "backend"), text(v, "backend_type"), text(v, "template"), text(v, "template_version"),
                    text(v, "order"), v.path("n_users").asInt(0), v.path("n_calls").asLong(0), metrics, counts(v.path("statuses")),
                    counts(v.path("slot_outcomes")), number(v.get("cost")), v.path("usage").path("input_tokens").asLong(0),
                    v.path("usage").path("output_tokens").asLong(0), number(v.get("mean_latency_ms")), text(v, "history"), null));
        }
        return List.copyOf(out);
    }

    /** {"mean": m, "ci": [lo, hi], "n": n}, {"mean": m}, a bare number, or "ci_low"/"ci_high" fields. */
    static Estimate estimate(JsonNode n) {
        if (n == null || n.isNull()) {
            return new Estimate(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        if (n.isNumber()) {
            return new Estimate(n.asDouble(), Double.NaN, Double.NaN, 0);
        }
        double lo = Double.NaN;
        double hi = Double.NaN;
        JsonNode ci = n.has("ci") ? n.get("ci") : n.get("ci95");
        if (ci != null && ci.isArray() && ci.size() == 2) {
            lo = number(ci.get(0));
            hi = number(ci.get(1));
        } else if (n.has("ci_low")) {
            lo = number(n.get("ci_low"));
            hi = number(n.get("ci_high"));
        }
        return new Estimate(number(n.get("mean")), lo, hi, n.path("n").asInt(0));
    }

    private List<Template> readTemplates() {
        List<Template> out = new ArrayList<>();
        for (JsonNode t : summary.path("templates")) {
            String path = t.isTextual() ? t.asText() : text(t, "path");
            String name = t.isTextual() ? null : text(t, "name");
            String version = t.isTextual() ? null : text(t, "version");
            out.add(template(name, path, version));
        }
        return List.copyOf(out);
    }

    /** Finds the template file (as given, then beside the run folder) and checks it is still the version the run used. */
    private Template template(String name, String path, String version) {
        if (path == null) {
            return new Template(name, null, version, null, "the run recorded no path");
        }
        List<Path> tries = new ArrayList<>(List.of(Path.of(path)));
        if (!Path.of(path).isAbsolute()) {
            tries.add(dir.resolve(path));
            if (dir.toAbsolutePath().getParent() != null) {
                tries.add(dir.toAbsolutePath().getParent().resolve(path));
            }
        }
        for (Path p : tries) {
            if (Files.isRegularFile(p)) {
                try {
                    String text = Files.readString(p, StandardCharsets.UTF_8);
                    String now = HexFormat.of().formatHex(Hashes.sha256(text.getBytes(StandardCharsets.UTF_8))).substring(0, 12);
                    String note = version == null || version.equals(now) ? null
                            : "the file has changed since the run: this text is version " + now + ", the run used " + version;
                    return new Template(name, path, version, text, note);
                } catch (IOException e) {
                    return new Template(name, path, version, null, "cannot read " + p + ": " + e.getMessage());
                }
            }
        }
        return new Template(name, path, version, null, "the file is no longer at " + path);
    }

    // ---- metrics-per-user.csv ----------------------------------------------------------------

    private Map<String, Map<String, double[]>> readPerUser(List<String> columns) {
        Path file = dir.resolve(METRICS_PER_USER);
        Map<String, Map<String, double[]>> out = new LinkedHashMap<>();
        try (Reader r = LineReader.bounded(file);
                CSVParser csv = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
            List<String> header = csv.getHeaderNames();
            if (!header.contains("variant") || !header.contains("user")) {
                throw new ReportException(file + " has no 'variant' and 'user' columns (header: " + String.join(",", header) + ")");
            }
            for (String h : header) {
                if (!NOT_METRICS.contains(h)) {
                    columns.add(h);
                }
            }
            for (CSVRecord rec : csv) {
                double[] values = new double[columns.size()];
                for (int c = 0; c < columns.size(); c++) {
                    values[c] = rec.isSet(columns.get(c)) ? parse(rec.get(columns.get(c)), file, rec) : Double.NaN;
                }
                String variant = rec.get("variant");
                String user = rec.get("user");
                out.computeIfAbsent(variant, k -> new LinkedHashMap<>()).put(user, values);
                if (header.contains("slots") && header.contains("hallucinated")) {
                    double slots = parse(rec.get("slots"), file, rec);
                    double halluc = parse(rec.get("hallucinated"), file, rec);
                    out.get(variant).put(user, append(values, slots == 0 ? Double.NaN : halluc / slots));
                }
                if (header.contains("history_length") && !rec.get("history_length").isBlank()) {
                    historyFromCsv.computeIfAbsent(variant, k -> new LinkedHashMap<>())
                            .put(user, (int) parse(rec.get("history_length"), file, rec));
                }
            }
        } catch (LineReader.LineException e) {
            throw new ReportException(e.getMessage(), e);
        } catch (IOException | IllegalStateException | IllegalArgumentException e) {
            throw new ReportException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static double[] append(double[] values, double x) {
        double[] out = java.util.Arrays.copyOf(values, values.length + 1);
        out[values.length] = x;
        return out;
    }

    private static double parse(String s, Path file, CSVRecord rec) {
        if (s == null || s.isBlank() || s.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            throw new ReportException(file + " line " + (rec.getRecordNumber() + 1) + ": '" + s + "' is not a number");
        }
    }

    // ---- responses.jsonl / recommendations.csv -----------------------------------------------

    private List<Call> readResponses() {
        Path file = dir.resolve(RESPONSES);
        List<Call> out = new ArrayList<>();
        Map<String, Integer> examples = new LinkedHashMap<>();
        try (LineReader r = new LineReader(file)) {
            String line;
            while ((line = r.readLine()) != null) {
                long number = r.lineNumber();
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n;
                try {
                    n = JSON.readTree(line);
                } catch (JsonProcessingException e) {
                    throw new ReportException(file + " line " + number + " is not JSON: " + e.getOriginalMessage());
                }
                out.add(call(n, examples));
            }
        } catch (LineReader.LineException e) {
            throw new ReportException(e.getMessage() + "; the run's answers cannot be shown without it", e);
        } catch (IOException e) {
            throw new ReportException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        return List.copyOf(out);
    }

    private Call call(JsonNode n, Map<String, Integer> examples) {
        String variant = text(n, "variant");
        List<Slot> slots = new ArrayList<>();
        for (JsonNode s : n.path("slots")) {
            slots.add(new Slot(s.path("slot").asInt(slots.size() + 1), text(s, "item_id"), cut(text(s, "raw_text"), 300),
                    text(s, "outcome")));
        }
        String response = text(n, "response");
        if (response != null && examples.merge(variant, 1, Integer::sum) > EXAMPLES_PER_VARIANT) {
            response = null;
        }
        tallies.computeIfAbsent(variant, k -> new VariantStatus.Tally()).add(text(n, "user"), text(n, "status"), text(n, "error"));
        JsonNode usage = n.path("usage");
        int history = n.has("history_length") ? n.path("history_length").asInt(-1) : -1;
        return new Call(variant, text(n, "user"), n.path("repeat").asInt(0), text(n, "status"), cut(response, MAX_TEXT),
                List.copyOf(slots), strings(n.path("candidates")), strings(n.path("relevant")), orZero(number(n.get("cost"))),
                usage.path("input_tokens").asLong(0), usage.path("output_tokens").asLong(0), n.path("latency_ms").asLong(0), history);
    }

    private List<Call> readRecommendations() {
        Path file = dir.resolve(RECOMMENDATIONS);
        Map<String, List<Slot>> byCall = new LinkedHashMap<>();
        Map<String, String[]> keys = new LinkedHashMap<>();
        try (Reader r = LineReader.bounded(file);
                CSVParser csv = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
            for (CSVRecord rec : csv) {
                String repeat = rec.isMapped("repeat") ? rec.get("repeat") : "0";
                String key = rec.get("variant") + "\u0000" + rec.get("user") + "\u0000" + repeat;
                keys.putIfAbsent(key, new String[] {rec.get("variant"), rec.get("user"), repeat});
                String item = rec.get("item_id");
                byCall.computeIfAbsent(key, k -> new ArrayList<>()).add(new Slot(Integer.parseInt(rec.get("rank").strip()),
                        item == null || item.isBlank() ? null : item, cut(rec.get("raw_text"), 300), rec.get("outcome")));
            }
        } catch (LineReader.LineException e) {
            throw new ReportException(e.getMessage(), e);
        } catch (IOException | IllegalStateException | IllegalArgumentException e) {
            throw new ReportException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        List<Call> out = new ArrayList<>();
        byCall.forEach((key, slots) -> {
            String[] k = keys.get(key);
            out.add(new Call(k[0], k[1], Integer.parseInt(k[2].isBlank() ? "0" : k[2].strip()), null, null, List.copyOf(slots),
                    List.of(), List.of(), 0, 0, 0, 0, -1));
        });
        return List.copyOf(out);
    }

    // ---- rounds.csv (the echo-chamber simulation) -------------------------------------------------

    /** variant -> metric -> value per round (NaN where the file has none); empty without the file. */
    private Map<String, Map<String, double[]>> readRounds() {
        Path file = dir.resolve(ROUNDS);
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        Map<String, Map<String, Map<Integer, Double>>> raw = new LinkedHashMap<>();
        int last = -1;
        try (Reader r = LineReader.bounded(file);
                CSVParser csv = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
            if (!csv.getHeaderNames().containsAll(List.of("variant", "round", "metric", "value"))) {
                throw new ReportException(file + " has no 'variant', 'round', 'metric' and 'value' columns (header: "
                        + String.join(",", csv.getHeaderNames()) + ")");
            }
            for (CSVRecord rec : csv) {
                double round = parse(rec.get("round"), file, rec);
                if (Double.isNaN(round) || round < 0 || round != Math.rint(round)) {
                    throw new ReportException(file + " line " + (rec.getRecordNumber() + 1) + ": round '" + rec.get("round")
                            + "' is not a whole number");
                }
                last = Math.max(last, (int) round);
                raw.computeIfAbsent(rec.get("variant"), v -> new LinkedHashMap<>())
                        .computeIfAbsent(rec.get("metric"), m -> new LinkedHashMap<>()).put((int) round, parse(rec.get("value"), file, rec));
            }
        } catch (LineReader.LineException e) {
            throw new ReportException(e.getMessage(), e);
        } catch (IOException | IllegalStateException | IllegalArgumentException e) {
            throw new ReportException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        Map<String, Map<String, double[]>> out = new LinkedHashMap<>();
        int n = last + 1;
        raw.forEach((variant, metrics) -> {
            Map<String, double[]> m = new LinkedHashMap<>();
            metrics.forEach((metric, byRound) -> {
                double[] values = new double[n];
                java.util.Arrays.fill(values, Double.NaN);
                byRound.forEach((round, x) -> values[round] = x);
                m.put(metric, values);
            });
            out.put(variant, m);
        });
        return out;
    }

    private List<PromptExample> readPrompts() {
        Path file = dir.resolve(PROMPTS);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        Map<String, PromptExample> first = new LinkedHashMap<>();
        try (LineReader r = new LineReader(file)) {
            String line;
            while ((line = r.readLineSkippingLong(
                    m -> notes.add(m + "; that line was skipped, so its prompt is not among the examples shown"))) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = JSON.readTree(line);
                String template = String.valueOf(text(n, "template"));
                if (first.containsKey(template)) {
                    continue;
                }
                List<Map.Entry<String, String>> messages = new ArrayList<>();
                for (JsonNode m : n.path("messages")) {
                    messages.add(Map.entry(String.valueOf(text(m, "role")), String.valueOf(cut(text(m, "text"), 3 * MAX_TEXT))));
                }
                first.put(template, new PromptExample(template, text(n, "template_version"), text(n, "user"), List.copyOf(messages)));
            }
        } catch (IOException e) {
            notes.add("Could not read " + file + ": " + e.getMessage());
        }
        return List.copyOf(first.values());
    }

    // ---- accessors ---------------------------------------------------------------------------

    public Path dir() {
        return dir;
    }

    public String experiment() {
        return text(summary, "experiment");
    }

    public String appVersion() {
        return text(summary, "app_version");
    }

    public String started() {
        return text(summary, "started");
    }

    public String finished() {
        return text(summary, "finished");
    }

    public String fingerprint() {
        return text(summary, "fingerprint");
    }

    /** Whether the run was local only (summary.json's {@code local_only}): its item images were not fetched. */
    public boolean localOnly() {
        return summary.path("local_only").asBoolean(false);
    }

    /** path, name, format, users, items, interactions as recorded. */
    public Map<String, Object> dataset() {
        return flat(summary.path("dataset"));
    }

    public Map<String, Object> split() {
        return flat(summary.path("split"));
    }

    /**
     * Whether the run held out each user's last interaction (by time, or by the file's row order with
     * {@code order: file}), so that the split can be made again from its dataset.
     */
    public boolean leaveLastOut() {
        String method = String.valueOf(split().get("method"));
        return method.equals("leave-last-out") || method.equals("leave-last-out (order: file)");
    }

    /** Whether the run ordered each user's interactions by the file's rows ({@code order: file}) rather than by time. */
    public boolean fileOrder() {
        return "file".equals(String.valueOf(split().get("order")));
    }

    /** The user sample: sample, evaluated, stratified, ... */
    public Map<String, Object> users() {
        return flat(summary.path("users"));
    }

    /** The candidate protocol (size, negatives, orders, ...) without the chance levels; empty when there was none. */
    public Map<String, Object> candidates() {
        Map<String, Object> m = flat(summary.path("candidates"));
        m.keySet().removeIf(k -> k.startsWith("chance_level"));
        return m;
    }

    /**
     * With retrieved candidates, the sentence that says how often they held the held-out item (the
     * retrieval recall, which the chance levels include); empty otherwise. Shown beside the metrics.
     */
    public java.util.Optional<String> retrievalNote() {
        JsonNode c = summary.path("candidates");
        if (!c.path("retrieval_recall").isNumber()) {
            return java.util.Optional.empty();
        }
        int evaluated = summary.path("users").path("evaluated").asInt(0);
        return java.util.Optional.of(String.format(java.util.Locale.ROOT, "The retrieved candidates (%s) held the held-out item"
                + " for %d of %d users: retrieval recall %.3f. No ranking can find it for the others, and the chance levels count"
                + " them as misses.", c.path("retriever").asText("a retriever"), c.path("held_out_retrieved").asInt(),
                evaluated, c.path("retrieval_recall").asDouble()));
    }

    /**
     * When the experiment names another evaluation convention or a relevance threshold, the sentence
     * that says the run's own metrics (the comparison) are not that convention's, and where its table
     * is; empty for a run without protocol.json or under recprompt with every test interaction
     * relevant. Shown beside the metrics, as {@link #retrievalNote()} is.
     */
    public java.util.Optional<String> conventionNote() {
        ProtocolTable p = protocol().orElse(null);
        if (p == null || p.isOwnConvention()) {
            return java.util.Optional.empty();
        }
        String relevant = !p.relevance().isEmpty() ? p.relevance()
                : p.relevanceThreshold() != null ? "rating >= " + p.relevanceThreshold() : "all test interactions";
        return java.util.Optional.of("These are this project's own metrics (convention " + ProtocolTable.OWN + ": every test"
                + " interaction relevant, lists de-duplicated, unknown items dropped, seen items kept). The experiment's convention"
                + " is " + p.protocol() + " (relevant: " + relevant + "): its table is under \"Evaluation convention\".");
    }

    /** Candidates per prompt, 0 without a candidate protocol. */
    public int candidateCount() {
        return summary.path("candidates").path("size").asInt(0);
    }

    /** The chance level per accuracy metric name ("ndcg@10" -> 0.2272) as the run recorded it. */
    public Map<String, Double> chanceLevels() {
        Map<String, Double> out = new LinkedHashMap<>();
        summary.path("candidates").path("chance_level").fields().forEachRemaining(e -> out.put(e.getKey(), number(e.getValue())));
        return out;
    }

    /** The run's paraphrase sets; empty when it had none (or was made before they were recorded). */
    public List<ParaphraseSet> paraphraseSets() {
        List<ParaphraseSet> out = new ArrayList<>();
        for (JsonNode set : summary.path("paraphrase_sets")) {
            String family = text(set, "family");
            List<String> names = strings(set.path("templates"));
            if (family != null && names.size() >= 2) {
                out.add(new ParaphraseSet(family, names));
            }
        }
        return List.copyOf(out);
    }

    /** Every seed, nested names joined by dots ("backends.random"). */
    public Map<String, Object> seeds() {
        return flat(summary.path("seeds"));
    }

    public List<Template> templates() {
        return templates;
    }

    /**
     * A variant's input tokens read from the provider's prompt cache, as summary.json's per-variant
     * {@code usage.cached_input_tokens} records them; empty for a run written before they were recorded.
     */
    public java.util.OptionalLong cachedInputTokens(String variant) {
        for (JsonNode v : summary.path("variants")) {
            if (variant.equals(v.path("id").asText()) && v.path("usage").has("cached_input_tokens")) {
                return java.util.OptionalLong.of(v.path("usage").path("cached_input_tokens").asLong());
            }
        }
        return java.util.OptionalLong.empty();
    }

    /**
     * One server of an inference fleet ({@code baseUrls}) as summary.json counts it: calls it answered and
     * ERRORs last tried there (from the run's records), and, since the run last started, the times it was
     * set aside, its faults (requests that failed there and went elsewhere), probes and recoveries (null
     * when the summary does not hold them).
     */
    public record FleetEndpoint(String backend, String endpoint, long answered, long errors, Long setAside, Long faults,
            Long probes, Long recoveries) {
    }

    /** Every fleet server of the run's backends, in the backends' and then the configured order; empty without a fleet. */
    public List<FleetEndpoint> fleetEndpoints() {
        List<FleetEndpoint> out = new ArrayList<>();
        for (JsonNode b : summary.path("backends")) {
            var fields = b.path("endpoints").fields();
            while (fields.hasNext()) {
                var e = fields.next();
                JsonNode n = e.getValue();
                out.add(new FleetEndpoint(b.path("id").asText(), redact(e.getKey()), n.path("answered").asLong(),
                        n.path("errors").asLong(), count(n, "set_aside"), count(n, "faults"), count(n, "probes"),
                        count(n, "recoveries")));
            }
        }
        return out;
    }

    private static Long count(JsonNode n, String field) {
        return n.path(field).isNumber() ? n.path(field).asLong() : null;
    }

    /** The backends' settings without secrets: keys named like a key, token or password and key-like values are removed. */
    public List<Map<String, Object>> backends() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (JsonNode b : summary.path("backends")) {
            Map<String, Object> m = new LinkedHashMap<>();
            flat(b).forEach((k, v) -> {
                String leaf = k.contains(".") ? k.substring(k.lastIndexOf('.') + 1) : k;
                boolean namesVariable = leaf.toLowerCase(java.util.Locale.ROOT).endsWith("env");
                if (SECRET_KEY.matcher(leaf).matches() && !namesVariable) {
                    m.put(k, "(not shown)");
                } else {
                    m.put(k, v instanceof String s ? redact(s) : v);
                }
            });
            out.add(m);
        }
        return out;
    }

    static String redact(String s) {
        String out = URL_USERINFO.matcher(s).replaceFirst("$1");
        out = URL_SECRET.matcher(out).replaceAll("$1(not shown)");
        return SECRET_VALUE.matcher(out).replaceAll("(not shown)");
    }

    public List<Integer> k() {
        List<Integer> out = new ArrayList<>();
        summary.path("k").forEach(x -> out.add(x.asInt()));
        return out;
    }

    /** The largest K of the run: the K the single-answer charts use; 10 when the run names none. */
    public int maxK() {
        return k().stream().mapToInt(Integer::intValue).max().orElse(10);
    }

    public int repeats() {
        return summary.path("repeats").asInt(1);
    }

    public List<Variant> variants() {
        return variants;
    }

    public List<String> variantIds() {
        return variants.stream().map(Variant::id).toList();
    }

    public Variant variant(String id) {
        return variants.stream().filter(v -> v.id().equals(id)).findFirst()
                .orElseThrow(() -> new ReportException("The run has no variant '" + id + "' (it has " + String.join(", ", variantIds()) + ")"));
    }

    /** The metrics in summary order (the union over variants). */
    public List<String> metricNames() {
        Set<String> names = new java.util.LinkedHashSet<>();
        variants.forEach(v -> names.addAll(v.metrics().keySet()));
        return List.copyOf(names);
    }

    /**
     * Each user's value of a metric for a variant (users in file order, NaN dropped): a column of
     * metrics-per-user.csv, else a grounding rate per user from the answers (slots or responses of
     * that user's calls pooled), else empty.
     */
    public Map<String, Double> perUser(String variant, String metric) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (variants.stream().anyMatch(v -> v.id().equals(variant) && v.failed())) {
            return out; // a failed variant measured nothing (an older run wrote its empty lists' zeros)
        }
        int column = perUserColumns.indexOf(metric);
        Map<String, double[]> rows = perUser.getOrDefault(variant, Map.of());
        if (column >= 0) {
            rows.forEach((user, values) -> putIfNumber(out, user, values[column]));
            return out;
        }
        if (GroundingRate.of(metric) != null && !calls.isEmpty() && callsSource.equals(RESPONSES)) {
            return GroundingRate.of(metric).perUser(calls, variant);
        }
        if (metric.equals("hallucination_rate")) {
            rows.forEach((user, values) -> {
                if (values.length > perUserColumns.size()) {
                    putIfNumber(out, user, values[perUserColumns.size()]);
                }
            });
        }
        return out;
    }

    private static void putIfNumber(Map<String, Double> out, String user, double x) {
        if (!Double.isNaN(x)) {
            out.put(user, x);
        }
    }

    /** The metric columns of metrics-per-user.csv. */
    public List<String> perUserColumns() {
        return perUserColumns;
    }

    /** The users of a variant in metrics-per-user.csv, in file order. */
    public List<String> usersOf(String variant) {
        return List.copyOf(perUser.getOrDefault(variant, Map.of()).keySet());
    }

    /** Each user's training history length as the run recorded it (a metrics-per-user.csv column or a field of each answer); empty when it did not. */
    public Map<String, Integer> recordedHistoryLengths() {
        Map<String, Integer> out = new LinkedHashMap<>();
        historyFromCsv.values().forEach(out::putAll);
        for (Call c : calls) {
            if (c.historyLength() >= 0) {
                out.putIfAbsent(c.user(), c.historyLength());
            }
        }
        return out;
    }

    /** The run's answers in file order (empty when the folder has neither responses.jsonl nor recommendations.csv). */
    public List<Call> calls() {
        return calls;
    }

    /** Whether the answers came from responses.jsonl (statuses, candidates, costs known). */
    public boolean hasResponses() {
        return RESPONSES.equals(callsSource);
    }

    public List<PromptExample> promptExamples() {
        return promptExamples;
    }

    /**
     * The echo-chamber simulation's trajectories from rounds.csv: variant -> metric -> value per
     * round (index = round; NaN where a metric has no value, e.g. list metrics after the last round);
     * empty when the run had no simulation.
     */
    public Map<String, Map<String, double[]>> rounds() {
        return rounds;
    }

    /** The simulation's settings as summary.json records them (rounds, accept, seed, ...); empty without one. */
    public Map<String, Object> simulation() {
        return flat(summary.path("simulation"));
    }

    /** What the reader noticed (missing optional files); the reports show these. */
    public List<String> notes() {
        return Collections.unmodifiableList(notes);
    }

    private volatile Studies studies;

    /** The run's privacy and fairness studies (summary.json's privacy blocks, fairness.json, groups.json, egress.jsonl). */
    public Studies studies() {
        Studies s = studies;
        if (s == null) {
            s = Studies.read(dir, summary);
            studies = s;
        }
        return s;
    }

    private volatile java.util.Optional<ProtocolTable> protocol;

    /** The run's table under its evaluation convention (protocol.json); empty for a run that wrote none. */
    public java.util.Optional<ProtocolTable> protocol() {
        java.util.Optional<ProtocolTable> p = protocol;
        if (p == null) {
            p = java.util.Optional.ofNullable(ProtocolTable.read(dir));
            protocol = p;
        }
        return p;
    }

    // ---- JSON helpers ------------------------------------------------------------------------

    private static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new ReportException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ReportException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
    }

    static double number(JsonNode n) {
        return n == null || !n.isNumber() ? Double.NaN : n.asDouble();
    }

    private static double orZero(double x) {
        return Double.isNaN(x) ? 0 : x;
    }

    private static Map<String, Long> counts(JsonNode n) {
        Map<String, Long> out = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong(0)));
        return out;
    }

    private static List<String> strings(JsonNode a) {
        List<String> out = new ArrayList<>();
        a.forEach(x -> out.add(x.asText()));
        return List.copyOf(out);
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max) + " ...";
    }

    /** An object flattened to dotted keys; arrays become lists of scalars (as text). */
    static Map<String, Object> flat(JsonNode n) {
        Map<String, Object> out = new LinkedHashMap<>();
        flatten("", n, out);
        return out;
    }

    private static void flatten(String prefix, JsonNode n, Map<String, Object> out) {
        if (n == null || n.isMissingNode()) {
            return;
        }
        if (n.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = n.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (n.isArray()) {
            List<Object> list = new ArrayList<>();
            n.forEach(x -> list.add(x.isContainerNode() ? x.toString() : scalar(x)));
            out.put(prefix, list);
        } else {
            out.put(prefix, scalar(n));
        }
    }

    private static Object scalar(JsonNode n) {
        if (n.isNull()) {
            return null;
        }
        if (n.isIntegralNumber()) {
            return n.asLong();
        }
        if (n.isNumber()) {
            return n.asDouble();
        }
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        return n.asText();
    }
}
