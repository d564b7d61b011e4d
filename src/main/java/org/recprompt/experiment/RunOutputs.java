package org.recprompt.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.recprompt.base.AppVersion;
import org.recprompt.base.FileTrees;
import org.recprompt.dataset.Items;
import org.recprompt.experiment.ExperimentSpec.FewShotSpec;
import org.recprompt.experiment.ExperimentSpec.Sensitive;
import org.recprompt.experiment.RunEvaluation.Estimate;
import org.recprompt.experiment.RunEvaluation.UserRow;
import org.recprompt.experiment.RunEvaluation.VariantResult;
import org.recprompt.prompt.Message;
import org.recprompt.prompt.PromptTemplate;
import org.recprompt.prompt.RenderedPrompt;
import org.recprompt.report.MetricDefinitions;
import org.recprompt.report.MetricDefinitions.Direction;
import org.recprompt.report.VariantStatus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Writes a finished run's files, each all or nothing ({@link FileTrees#writeAtomically}), in plan
 * order (variant, user, repeat) whatever the order the calls finished in: responses.jsonl,
 * recommendations.csv, metrics-per-user.csv, prompts.jsonl (when kept), protocol.json and
 * protocol.csv ({@link RunProtocol}) and summary.json.
 */
final class RunOutputs {

    static final String SUMMARY = "summary.json";
    static final String RESPONSES = "responses.jsonl";
    static final String RECOMMENDATIONS = "recommendations.csv";
    static final String METRICS_PER_USER = "metrics-per-user.csv";
    static final String PROMPTS = "prompts.jsonl";
    static final String FAIRNESS = "fairness.json";
    static final String GROUPS = "groups.json";

    /** The records of each variant, in plan order, variants in the order their first record comes. */
    private static Map<String, List<CallRecord>> byVariant(List<CallRecord> ordered) {
        Map<String, List<CallRecord>> m = new LinkedHashMap<>();
        for (CallRecord r : ordered) {
            m.computeIfAbsent(r.variant(), v -> new ArrayList<>()).add(r);
        }
        return m;
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunOutputs() {
    }

    /**
     * The outputs that need no metric, begun on threads of their own while the run evaluates its
     * answers: the prompts file (every distinct prompt, rendered again or taken from the setup's
     * recent prompts), recommendations.csv, and the protocol tables (which need of the evaluation
     * only whether a variant failed, and {@link VariantHealth} tells that from the records, as the
     * evaluation does). {@link #write} waits for them. The records grouped by variant, made once here, are handed
     * back in {@link Early#byVariant} for the evaluation.
     */
    static Early begin(Path folder, RunSetup setup, List<CallRecord> ordered) {
        Map<String, List<CallRecord>> byVariant = byVariant(ordered);
        java.util.concurrent.CompletableFuture<Void> prompts = setup.spec().store().prompts() && setup.spec().usesPrompts()
                ? java.util.concurrent.CompletableFuture.runAsync(io(() -> writePrompts(folder, setup)), org.recprompt.base.OwnThread.named("run-outputs"))
                : java.util.concurrent.CompletableFuture.completedFuture(null);
        java.util.concurrent.CompletableFuture<Void> recommendations = java.util.concurrent.CompletableFuture.runAsync(
                io(() -> writeRecommendations(folder, ordered)), org.recprompt.base.OwnThread.named("run-outputs"));
        java.util.concurrent.CompletableFuture<List<RunProtocol.VariantTable>> protocol = recommendations.thenApply(done -> {
            Map<String, Boolean> failed = new LinkedHashMap<>();
            for (Variant v : setup.variants()) {
                failed.put(v.id(), VariantHealth.of(byVariant.getOrDefault(v.id(), List.of()), setup.users().length).failed());
            }
            return RunProtocol.tables(setup, byVariant, failed);
        });
        return new Early(byVariant, prompts, recommendations, protocol);
    }

    /** Outputs being written, and the protocol tables being computed, beside the evaluation; {@code byVariant}: the records they come from. */
    record Early(Map<String, List<CallRecord>> byVariant, java.util.concurrent.CompletableFuture<Void> prompts,
            java.util.concurrent.CompletableFuture<Void> recommendations,
            java.util.concurrent.CompletableFuture<List<RunProtocol.VariantTable>> protocol) {

        /** Waits for them; a failure to write one is thrown as the IOException it was. */
        void join() throws IOException {
            for (java.util.concurrent.CompletableFuture<?> f : List.of(prompts, recommendations, protocol)) {
                joined(f);
            }
        }

        /** The protocol tables, once computed. */
        List<RunProtocol.VariantTable> protocolTables() throws IOException {
            return joined(protocol);
        }

        /** Waits for them and forgets how they ended: the run failed for another reason. */
        void settle() {
            java.util.concurrent.CompletableFuture.allOf(prompts, recommendations, protocol).exceptionally(e -> null).join();
        }
    }

    /** A future's value; its failure is thrown as it was thrown on the other thread (a file's as its IOException). */
    private static <T> T joined(java.util.concurrent.CompletableFuture<T> f) throws IOException {
        try {
            return org.recprompt.base.OwnThread.join(f);
        } catch (java.io.UncheckedIOException io) {
            throw io.getCause();
        }
    }

    private interface IoTask {
        void run() throws IOException;
    }

    private static Runnable io(IoTask task) {
        return () -> {
            try {
                task.run();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
    }

    private static void writeRecommendations(Path folder, List<CallRecord> ordered) throws IOException {
        FileTrees.writeAtomically(folder.resolve(RECOMMENDATIONS), w -> {
            try (CSVPrinter csv = new CSVPrinter(w, CSVFormat.RFC4180.builder().setHeader("user", "variant", "rank", "item_id",
                    "raw_text", "outcome", "method", "repeat").get())) {
                for (CallRecord r : ordered) {
                    for (CallRecord.Slot s : r.slots()) {
                        csv.printRecord(r.user(), r.variant(), s.slot(), s.itemId() == null ? "" : s.itemId(),
                                s.rawText(), s.outcome(), s.method(), r.repeat());
                    }
                }
            }
        });
    }

    /** Writes the run's outputs from its evaluated answers, once the outputs {@link #begin begun} beside the evaluation are written. */
    static Map<String, Object> write(Path folder, RunSetup setup, List<CallRecord> ordered, List<VariantResult> results,
            Instant started, Instant finished, Early early) throws IOException {
        Map<String, Map<String, org.recprompt.grounding.ExplanationChecker.Check>> explanations = new LinkedHashMap<>();
        results.forEach(v -> explanations.put(v.variant().id(), v.explanations()));
        Items items = setup.dataset().items();
        // the groups' tests (permutations) run on a thread of their own while the answers are written here
        java.util.concurrent.CompletableFuture<String> groups = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return PRETTY.writeValueAsString(StudyEvaluation.groups(setup, results)) + "\n";
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, org.recprompt.base.OwnThread.named("run-outputs"));
        try {
            return write(folder, setup, ordered, results, started, finished, early, explanations, items, groups);
        } finally {
            groups.exceptionally(e -> null).join(); // nothing is still being computed when the run's outcome is recorded
        }
    }

    private static Map<String, Object> write(Path folder, RunSetup setup, List<CallRecord> ordered, List<VariantResult> results,
            Instant started, Instant finished, Early early,
            Map<String, Map<String, org.recprompt.grounding.ExplanationChecker.Check>> explanations, Items items,
            java.util.concurrent.CompletableFuture<String> groups) throws IOException {
        FileTrees.writeAtomically(folder.resolve(RESPONSES), w -> {
            for (CallRecord r : ordered) {
                Map<String, Object> line = r.toJson();
                var check = explanations.getOrDefault(r.variant(), Map.of()).get(r.key());
                if (check != null) {
                    line.put("explanation", explanation(check, items));
                }
                w.write(JSON.writeValueAsString(line));
                w.write('\n');
            }
        });
        FileTrees.writeAtomically(folder.resolve(METRICS_PER_USER), w -> {
            List<String> names = results.isEmpty() ? List.of() : results.get(0).metricNames();
            List<String> header = new ArrayList<>(List.of("variant", "user", "responses", "errors", "slots", "hallucinated"));
            header.addAll(names);
            try (CSVPrinter csv = new CSVPrinter(w, CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).get())) {
                for (VariantResult v : results) {
                    for (UserRow row : v.rows()) {
                        List<Object> cells = new ArrayList<>(List.of(v.variant().id(), row.user(), row.responses(), row.errors(),
                                row.slots(), row.hallucinated()));
                        for (double x : row.values()) {
                            cells.add(Double.isNaN(x) ? "" : format(x));
                        }
                        csv.printRecord(cells);
                    }
                }
            }
        });
        early.join();
        Map<String, Object> summary = summary(setup, results, started, finished);
        RunFleets.addEndpoints(summary, setup, ordered);
        Map<String, Object> probes = StudyEvaluation.probes(setup, early.byVariant());
        if (probes != null) {
            FileTrees.writeAtomically(folder.resolve(FAIRNESS), PRETTY.writeValueAsString(probes) + "\n");
        }
        FileTrees.writeAtomically(folder.resolve(GROUPS), joined(groups));
        RunProtocol.write(folder, setup, early.protocolTables());
        FileTrees.writeAtomically(folder.resolve(SUMMARY), PRETTY.writeValueAsString(summary) + "\n");
        return summary;
    }

    /**
     * An answer's explanation as checked: its text, words, sentences, distinct sentences, and the
     * cited titles ({@code start}, {@code end} in the text, {@code text}, {@code item_id} or null,
     * {@code kind}: HISTORY, RECOMMENDED, INVENTED, UNKNOWN).
     */
    static Map<String, Object> explanation(org.recprompt.grounding.ExplanationChecker.Check c, Items items) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("text", c.text());
        m.put("words", c.words());
        m.put("sentences", c.sentences());
        m.put("unique_sentences", c.uniqueSentences());
        List<Map<String, Object>> cited = new ArrayList<>();
        for (var x : c.citations()) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("start", x.start());
            cm.put("end", x.end());
            cm.put("text", x.text());
            cm.put("item_id", x.item() < 0 ? null : items.id(x.item()));
            cm.put("kind", x.kind().name());
            cited.add(cm);
        }
        m.put("cited", cited);
        return m;
    }

    /** Every distinct prompt of the run once, by hash, in plan order (prompts are deterministic, so they are rendered again here). */
    private static void writePrompts(Path folder, RunSetup setup) throws IOException {
        FileTrees.writeAtomically(folder.resolve(PROMPTS), w -> {
            Set<String> written = new LinkedHashSet<>();
            Set<String> promptIds = new LinkedHashSet<>();
            for (Variant v : setup.variants()) {
                if (!v.usesPrompt() || !promptIds.add(v.promptId())) {
                    continue;
                }
                for (int u : setup.users()) {
                    RenderedPrompt p = setup.render(v, u);
                    String hash = CallExecutor.promptHash(p);
                    if (!written.add(hash)) {
                        continue;
                    }
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("prompt_hash", hash);
                    m.put("template", p.template());
                    m.put("template_version", p.version());
                    m.put("user", setup.dataset().users().id(u));
                    List<Map<String, Object>> messages = new ArrayList<>();
                    for (Message msg : p.messages()) {
                        Map<String, Object> mm = new LinkedHashMap<>();
                        mm.put("role", msg.role());
                        mm.put("text", msg.text());
                        if (!msg.images().isEmpty()) {
                            mm.put("images", msg.images());
                        }
                        messages.add(mm);
                    }
                    m.put("messages", messages);
                    w.write(JSON.writeValueAsString(m));
                    w.write('\n');
                }
            }
        });
    }

    static Map<String, Object> summary(RunSetup setup, List<VariantResult> results, Instant started, Instant finished) {
        ExperimentSpec spec = setup.spec();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("experiment", spec.name());
        m.put("app_version", AppVersion.version());
        m.put("started", started.toString());
        m.put("finished", finished.toString());
        m.put("fingerprint", setup.fingerprint());
        Map<String, Object> dataset = new LinkedHashMap<>();
        dataset.put("path", spec.dataset().path());
        dataset.put("name", setup.dataset().name());
        dataset.put("format", setup.dataset().format());
        dataset.put("users", setup.dataset().users().size());
        dataset.put("items", setup.dataset().items().size());
        dataset.put("interactions", setup.dataset().interactions().size());
        dataset.put("has_timestamps", setup.dataset().hasTimestamps());
        if (setup.spec().dataset().columns() != null) {
            // The generic CSV's columns and item file (its absolute path) as the run read them, so the
            // report re-reads the same dataset (report.RunDataset); the form the workbench stores.
            dataset.put("mapping", JSON.convertValue(RunSetup.mapping(setup.file()), Map.class));
        }
        Map<String, Object> domain = new LinkedHashMap<>();
        domain.put("noun", setup.dataset().domain().noun());
        domain.put("plural", setup.dataset().domain().plural());
        domain.put("verb", setup.dataset().domain().verb());
        dataset.put("domain", domain);
        dataset.put("notes", setup.dataset().notes());
        Map<String, Object> duplicates = new LinkedHashMap<>();
        duplicates.put("policy", setup.dataset().duplicates().policy().id());
        duplicates.put("repeated_pairs", setup.dataset().duplicates().pairs());
        duplicates.put("rows_dropped", setup.dataset().duplicates().droppedRows());
        dataset.put("duplicates", duplicates);
        m.put("dataset", dataset);
        Map<String, Object> split = new LinkedHashMap<>();
        split.put("method", setup.split().method());
        split.put("order", setup.split().dataset().isFileOrder() ? "file" : "time");
        split.put("test_interactions", setup.split().testSize());
        if (setup.file().splitFiles() != null) {
            split.put("files", splitFiles(setup.file().splitFiles()));
        }
        m.put("split", split);
        Map<String, Object> users = new LinkedHashMap<>();
        users.put("sample", spec.users().sample() == null ? "all" : spec.users().sample());
        users.put("evaluated", setup.users().length);
        users.put("stratified", spec.users().stratified());
        m.put("users", users);
        if (setup.candidateProtocol()) {
            Map<String, Object> c = new LinkedHashMap<>();
            int size = setup.users().length == 0 ? 0 : setup.candidates(setup.variants().get(0), setup.users()[0]).size();
            c.put("size", size);
            c.put("negatives", spec.candidates() == null ? "random" : spec.candidates().negatives());
            if (spec.candidates() != null && spec.candidates().retriever() != null) {
                c.put("retriever", spec.candidates().retriever());
            }
            c.put("orders", spec.orders().permutations());
            java.util.Collection<org.recprompt.dataset.split.CandidateSet> sets = setup.baseCandidates();
            if (spec.candidates() != null && spec.candidates().negatives().equals("retrieved")) {
                // retrieved candidates may miss the held-out item: the chance levels below count it
                c.put("retrieval_recall", round(ChanceLevels.recall(sets)));
                c.put("held_out_retrieved", ChanceLevels.retrieved(sets));
            }
            long recorded = setup.variants().stream().map(v -> v.backend().id()).distinct()
                    .mapToLong(b -> setup.backend(b).recordedTruths()).sum();
            if (size > 0 && recorded > 0) {
                // the chance level is the run's candidate sets' and the split's held-out items': not what those answers faced
                c.put("chance_level_note", "no chance level: " + recorded + " replayed answers recorded their own relevant items"
                        + " or candidates");
            } else if (size > 0) {
                Map<String, Object> chance = new LinkedHashMap<>();
                ChanceLevels.levels(sets, spec.k(), u -> setup.split().heldOut(u).length).forEach((metric, level) -> chance.put(metric, round(level)));
                c.put("chance_level", chance);
            }
            m.put("candidates", c);
        }
        m.put("seeds", seeds(setup));
        List<Map<String, Object>> templates = new ArrayList<>();
        for (int t = 0; t < setup.file().templates().size(); t++) {
            PromptTemplate tpl = setup.file().templates().get(t);
            Map<String, Object> tm = new LinkedHashMap<>();
            tm.put("name", tpl.name());
            tm.put("path", spec.templates().get(t));
            tm.put("version", tpl.version());
            templates.add(tm);
        }
        m.put("templates", templates);
        List<Map<String, Object>> sets = paraphraseSets(setup.file().templates());
        if (!sets.isEmpty()) {
            m.put("paraphrase_sets", sets);
        }
        Map<String, Map<String, Object>> facts = setup.modelFacts();
        m.put("backends", spec.backends().stream().map(b -> {
            Map<String, Object> settings = BackendHandle.settings(b, spec.seed());
            BackendPrices.basis(b, setup.env().prices()).ifPresent(p -> settings.put("price_basis", p));
            if (facts.containsKey(b.id())) {
                settings.put("model_facts", facts.get(b.id()));
            }
            return settings;
        }).toList());
        m.put("k", spec.k());
        m.put("repeats", spec.repeats());
        if (spec.history().size() > 1) {
            m.put("history_axis", spec.history().stream().map(ExperimentSpec::historyLabel).toList());
        }
        if (setup.simulation() != null) {
            m.put("simulation", SimulationOutputs.summary(setup));
        }
        List<Map<String, Object>> variants = new ArrayList<>();
        for (VariantResult r : results) {
            Map<String, Object> vm = variant(r);
            Map<String, Object> privacy = StudyEvaluation.privacy(setup, r.variant());
            if (privacy != null) {
                vm.put("privacy", privacy);
            }
            if (spec.fairness() != null && r.variant().usesPrompt()) {
                Sensitive s = r.variant().sensitive();
                vm.put("probe", s == null ? Map.of("neutral", true) : Map.of("attribute", s.attribute(), "value", s.value()));
            }
            variants.add(vm);
        }
        m.put("variants", variants);
        m.put("status", runStatus(results));
        m.put("best", best(variants));
        m.put("local_only", setup.localOnly());
        return m;
    }

    /**
     * The run as a whole: {@code failed} when every LLM variant failed (or, without LLM variants,
     * every variant), {@code partial} when some variant failed or lost calls, else {@code ok}.
     */
    static String runStatus(List<VariantResult> results) {
        return VariantStatus.ofRun(results.stream().map(r -> Map.entry(r.variant().usesPrompt(), r.health())).toList());
    }

    /**
     * For every metric key, the best variant by the metric's direction ({@link MetricDefinitions})
     * among the variants that did not fail: its id, a list of ids on a tie, null when the metric has
     * no better direction or no variant a value.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> best(List<Map<String, Object>> variants) {
        Set<String> keys = new LinkedHashSet<>();
        variants.forEach(v -> keys.addAll(((Map<String, Object>) v.get("metrics")).keySet()));
        Map<String, Object> best = new LinkedHashMap<>();
        for (String key : keys) {
            Direction direction = MetricDefinitions.of(key).direction();
            List<String> top = new ArrayList<>();
            double topValue = Double.NaN;
            if (direction != Direction.NEUTRAL) {
                double sign = direction == Direction.HIGHER ? 1 : -1;
                for (Map<String, Object> v : variants) {
                    Object e = ((Map<String, Object>) v.get("metrics")).get(key);
                    if (VariantStatus.FAILED.equals(v.get("status")) || !(e instanceof Map<?, ?> em)
                            || !(em.get("mean") instanceof Number mean)) {
                        continue;
                    }
                    double x = sign * mean.doubleValue();
                    if (top.isEmpty() || x > topValue + 1e-9 * Math.max(1, Math.abs(topValue))) {
                        top.clear();
                        topValue = x;
                        top.add((String) v.get("id"));
                    } else if (Math.abs(x - topValue) <= 1e-9 * Math.max(1, Math.abs(topValue))) {
                        top.add((String) v.get("id"));
                    }
                }
            }
            best.put(key, top.isEmpty() ? null : top.size() == 1 ? top.get(0) : List.copyOf(top));
        }
        return best;
    }

    /**
     * The run's paraphrase sets: templates of one family (a template and those whose
     * {@code paraphrase-of} names it), two or more in the run; {@code family}, {@code templates} (names).
     */
    static List<Map<String, Object>> paraphraseSets(List<PromptTemplate> templates) {
        Map<String, List<String>> families = new LinkedHashMap<>();
        for (PromptTemplate t : templates) {
            families.computeIfAbsent(t.meta().paraphraseFamily(), f -> new ArrayList<>()).add(t.name());
        }
        List<Map<String, Object>> out = new ArrayList<>();
        families.forEach((family, names) -> {
            if (names.size() >= 2) {
                Map<String, Object> set = new LinkedHashMap<>();
                set.put("family", family);
                set.put("templates", names);
                out.add(set);
            }
        });
        return out;
    }

    private static Map<String, Object> seeds(RunSetup setup) {
        ExperimentSpec spec = setup.spec();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("experiment", spec.seed());
        if (spec.split().method().equals("random-holdout")) {
            s.put("split", spec.split().seed() == null ? spec.seed() : spec.split().seed());
        }
        s.put("users", spec.users().seed());
        if (setup.candidateProtocol()) {
            s.put("candidates", spec.candidates() == null ? spec.users().seed() : spec.candidates().seed());
            s.put("orders", spec.orders().seed());
        }
        if (spec.fewShot().stream().anyMatch(f -> f.count() > 0)) {
            Map<String, Object> fs = new LinkedHashMap<>();
            for (FewShotSpec f : spec.fewShot()) {
                if (f.count() > 0) {
                    fs.put(f.label(), f.seed());
                }
            }
            s.put("few_shot", fs);
        }
        s.put("bootstrap", spec.bootstrap().seed());
        Map<String, Object> b = new LinkedHashMap<>();
        for (var backend : spec.backends()) {
            Object seed = BackendHandle.settings(backend, spec.seed()).get("seed");
            if (seed != null) {
                b.put(backend.id(), seed);
            }
        }
        if (!b.isEmpty()) {
            s.put("backends", b);
        }
        return s;
    }

    private static Map<String, Object> variant(VariantResult r) {
        Variant v = r.variant();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", v.id());
        m.put("backend", v.backend().id());
        m.put("backend_type", v.backend().kind().id());
        m.put("template", v.usesPrompt() ? v.template().name() : null);
        if (v.usesPrompt()) {
            m.put("template_version", v.template().version());
            m.put("few_shot", v.fewShot().label());
            if (v.template().meta().explains()) {
                m.put("explanation", true);
            }
        }
        m.put("history", history(v));
        m.put("order", v.order());
        m.put("n_users", r.users());
        m.put("n_calls", r.calls());
        VariantStatus h = r.health();
        m.put("status", h.status());
        m.put("calls", h.calls());
        m.put("errors", h.errors());
        m.put("error_rate", round(h.errorRate()));
        m.put("errors_by_kind", h.errorsByKind());
        m.put("first_error", h.firstError());
        m.put("answered_users", h.answeredUsers());
        Map<String, Object> metrics = new LinkedHashMap<>();
        r.metrics().forEach((k, e) -> metrics.put(k, estimate(e)));
        r.system().forEach((k, x) -> {
            Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("mean", Double.isNaN(x) ? null : round(x));
            metrics.put(k, sm);
        });
        r.grounding().forEach((k, e) -> metrics.put(k, estimate(e)));
        m.put("metrics", metrics);
        m.put("statuses", r.statuses());
        m.put("slot_outcomes", r.slotOutcomes());
        m.put("cache_hits", r.cacheHits());
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("input_tokens", r.inputTokens());
        usage.put("output_tokens", r.outputTokens());
        usage.put("cached_input_tokens", r.cachedInputTokens());
        usage.put("cache_write_tokens", r.cacheWriteTokens());
        m.put("usage", usage);
        m.put("cost", round(r.cost()));
        m.put("mean_latency_ms", Math.round(r.meanLatency()));
        return m;
    }

    /**
     * The history a variant was asked with: a number of most recent items (0: none), "full", or
     * "template" (a prompt-based variant left to its template's own setting; a ranker without a
     * history axis sees the full history).
     */
    static Object history(Variant v) {
        Integer h = v.history();
        if (h == null) {
            return v.usesPrompt() ? "template" : "full";
        }
        return h == ExperimentSpec.FULL_HISTORY ? "full" : (Object) h;
    }

    private static Map<String, Object> estimate(Estimate e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mean", Double.isNaN(e.mean()) ? null : round(e.mean()));
        m.put("ci", Double.isNaN(e.low()) ? null : List.of(round(e.low()), round(e.high())));
        m.put("n", e.n());
        return m;
    }

    static double round(double x) {
        return Math.round(x * 1e6) / 1e6;
    }

    static String format(double x) {
        return String.format(Locale.ROOT, "%.6f", x);
    }

    static String json(Object o) {
        try {
            return PRETTY.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
    /** A predefined split's files by role: name and SHA-256, so a run says which files it was scored on. */
    private static Map<String, Object> splitFiles(java.nio.file.Path[] files) {
        Map<String, Object> out = new LinkedHashMap<>();
        String[] roles = {"train", "test", "valid"};
        for (int k = 0; k < files.length; k++) {
            if (files[k] == null) {
                continue;
            }
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("file", String.valueOf(files[k].getFileName()));
            java.security.MessageDigest digest = org.recprompt.base.Hashes.sha256();
            try (java.io.InputStream in = new java.security.DigestInputStream(java.nio.file.Files.newInputStream(files[k]), digest)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
                f.put("sha256", java.util.HexFormat.of().formatHex(digest.digest()));
            } catch (java.io.IOException e) {
                f.put("sha256", "unreadable: " + e.getMessage());
            }
            out.put(roles[k], f);
        }
        return out;
    }
}
