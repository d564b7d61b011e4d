package org.recprompt.experiment;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.recprompt.dataset.DuplicatePolicy;
import org.recprompt.experiment.ExperimentSpec.BackendSpec;
import org.recprompt.experiment.ExperimentSpec.BootstrapSpec;
import org.recprompt.experiment.ExperimentSpec.CandidatesSpec;
import org.recprompt.experiment.ExperimentSpec.DatasetSpec;
import org.recprompt.experiment.ExperimentSpec.FairnessSpec;
import org.recprompt.experiment.ExperimentSpec.PrivacySpec;
import org.recprompt.experiment.ExperimentSpec.EvaluationSpec;
import org.recprompt.experiment.ExperimentSpec.FewShotSpec;
import org.recprompt.experiment.ExperimentSpec.GroundingSpec;
import org.recprompt.experiment.ExperimentSpec.Kind;
import org.recprompt.experiment.ExperimentSpec.OrdersSpec;
import org.recprompt.experiment.ExperimentSpec.SimulationSpec;
import org.recprompt.experiment.ExperimentSpec.SplitSpec;
import org.recprompt.experiment.ExperimentSpec.StoreSpec;
import org.recprompt.experiment.ExperimentSpec.UsersSpec;
import org.recprompt.experiment.YamlTree.Node;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads and writes the experiment YAML format (docs/EXPERIMENTS.md). Reading validates every key
 * and value; an error names the file, the line and the key's path. Unknown keys are errors (a typo
 * such as {@code concurency} would otherwise be silently ignored). Writing gives the canonical form,
 * which reads back to an equal spec.
 */
public final class ExperimentYaml {

    /** A spec and the line of every key path, for later checks that need to point at a line. */
    public record Parsed(ExperimentSpec spec, Map<String, Integer> lines) {

        public int line(String path) {
            return lines.getOrDefault(path, 0);
        }
    }

    private static final Set<String> TOP = ExperimentSchema.TOP;

    private ExperimentYaml() {
    }

    /**
     * The largest experiment file read, in bytes (1 MiB). An experiment is a few kilobytes; larger
     * text is refused before any parsing (YAML parsing time grows fast with the size of a scalar).
     */
    public static final long MAX_BYTES = 1L << 20;

    /** Parses and validates an experiment; {@code origin} names the file in messages. A {@code backend: NAME} entry is an error. */
    public static Parsed parse(String text, String origin) {
        return parse(text, origin, SavedBackends.NONE);
    }

    /** As {@link #parse(String, String)}, a {@code backend: NAME} entry standing for the saved backend of that name. */
    public static Parsed parse(String text, String origin, SavedBackends saved) {
        checkSize(text, origin);
        Node root = YamlTree.parse(text, origin);
        Reader r = new Reader(origin, saved);
        return new Parsed(r.experiment(root), Map.copyOf(r.lines));
    }

    /** Refuses text over {@link #MAX_BYTES} (UTF-8) before it is parsed. */
    public static void checkSize(String text, String origin) {
        // A char is at least one UTF-8 byte: only text near the limit needs counting.
        if (text.length() > MAX_BYTES || text.length() * 3L > MAX_BYTES
                && text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw tooLarge(origin, text.length() > MAX_BYTES ? text.length()
                    : text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        }
    }

    /** The refusal of an experiment of {@code bytes} bytes (over {@link #MAX_BYTES}). */
    static ExperimentException tooLarge(String origin, long bytes) {
        return new ExperimentException(origin, 0, null, String.format(java.util.Locale.ROOT,
                "is %s, above the %s limit for an experiment file; it was not parsed (an experiment is a few kilobytes:"
                        + " long text belongs in a template, few-shot or dataset file)", size(bytes), size(MAX_BYTES)));
    }

    private static String size(long bytes) {
        return bytes >= 10L << 20 ? String.format(java.util.Locale.ROOT, "%d MB", bytes >> 20)
                : bytes == MAX_BYTES ? (MAX_BYTES >> 20) + " MB" : String.format(java.util.Locale.ROOT, "%,d bytes", bytes);
    }

    public static ExperimentSpec read(String text, String origin) {
        return parse(text, origin).spec();
    }

    /** The canonical YAML of a spec (defaults written out), which {@link #read} turns back into an equal spec. */
    public static String write(ExperimentSpec s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        if (s.description() != null) {
            m.put("description", s.description());
        }
        m.put("seed", s.seed());
        Map<String, Object> dataset = new LinkedHashMap<>();
        dataset.put("path", s.dataset().path());
        putIf(dataset, "format", s.dataset().format());
        putIf(dataset, "duplicates", s.dataset().duplicates());
        putIf(dataset, "domain", s.dataset().domain());
        org.recprompt.dataset.io.ColumnMapping cm = s.dataset().columns();
        if (cm != null) {
            Map<String, Object> cols = new LinkedHashMap<>();
            putIf(cols, "user", cm.user());
            putIf(cols, "item", cm.item());
            putIf(cols, "rating", cm.rating());
            putIf(cols, "timestamp", cm.timestamp());
            putIf(cols, "delimiter", cm.delimiter() == null ? null : cm.delimiter() == '\t' ? "tab" : cm.delimiter().toString());
            if (!cm.header()) {
                cols.put("header", false);
            }
            if (!cols.isEmpty()) {
                dataset.put("columns", cols);
            }
            if (cm.items() != null) {
                Map<String, Object> items = new LinkedHashMap<>();
                items.put("file", cm.items().file());
                putIf(items, "id", cm.items().id());
                putIf(items, "title", cm.items().title());
                putIf(items, "genres", cm.items().genres());
                putIf(items, "genresSeparator", cm.items().genresSeparator());
                putIf(items, "image", cm.items().image());
                putIf(items, "author", cm.items().authors());
                dataset.put("items", items);
            }
        }
        m.put("dataset", dataset);
        Map<String, Object> split = new LinkedHashMap<>();
        split.put("method", s.split().method());
        putIf(split, "n", s.split().n());
        putIf(split, "fraction", s.split().fraction());
        putIf(split, "seed", s.split().seed());
        putIf(split, "cut", s.split().cut());
        putIf(split, "order", s.split().order());
        putIf(split, "train", s.split().train());
        putIf(split, "test", s.split().test());
        putIf(split, "valid", s.split().valid());
        m.put("split", split);
        Map<String, Object> users = new LinkedHashMap<>();
        users.put("sample", s.users().sample() == null ? "all" : s.users().sample());
        users.put("seed", s.users().seed());
        users.put("stratified", s.users().stratified());
        m.put("users", users);
        if (s.candidates() != null) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("size", s.candidates().size());
            c.put("negatives", s.candidates().negatives());
            c.put("seed", s.candidates().seed());
            putIf(c, "retriever", s.candidates().retriever());
            m.put("candidates", c);
        }
        m.put("templates", s.templates());
        List<Object> fewShot = new ArrayList<>();
        for (FewShotSpec f : s.fewShot()) {
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("count", f.count());
            fm.put("strategy", f.strategy());
            fm.put("seed", f.seed());
            fewShot.add(fm);
        }
        m.put("fewShot", fewShot);
        m.put("history", s.history().stream().map(h -> h == ExperimentSpec.FULL_HISTORY ? (Object) "full" : h).toList());
        m.put("orders", ordered("permutations", s.orders().permutations(), "seed", s.orders().seed()));
        m.put("repeats", s.repeats());
        List<Object> backends = new ArrayList<>();
        for (BackendSpec b : s.backends()) {
            Map<String, Object> bm = new LinkedHashMap<>();
            bm.put("id", b.id());
            bm.put("type", b.type());
            putIf(bm, "model", b.model());
            putIf(bm, "baseUrl", b.baseUrl());
            putIf(bm, "baseUrls", b.baseUrls());
            putIf(bm, "apiKeyEnv", b.apiKeyEnv());
            putIf(bm, "concurrency", b.concurrency());
            putIf(bm, "rpm", b.rpm());
            putIf(bm, "tpm", b.tpm());
            putIf(bm, "seed", b.seed());
            putIf(bm, "temperature", b.temperature());
            putIf(bm, "topP", b.topP());
            putIf(bm, "maxTokens", b.maxTokens());
            putIf(bm, "json", b.json());
            putIf(bm, "timeout", b.timeout());
            putIf(bm, "retries", b.retries());
            putIf(bm, "pauseAfter", b.pauseAfter());
            if (b.priceInput() != null || b.priceOutput() != null || b.priceCachedInput() != null || b.priceCacheWrite() != null) {
                Map<String, Object> price = new LinkedHashMap<>();
                putIf(price, "input", b.priceInput());
                putIf(price, "output", b.priceOutput());
                putIf(price, "cachedInput", b.priceCachedInput());
                putIf(price, "cacheWrite", b.priceCacheWrite());
                bm.put("price", price);
            }
            putIf(bm, "neighbours", b.neighbours());
            putIf(bm, "lambda", b.lambda());
            putIf(bm, "minUsers", b.minUsers());
            putIf(bm, "maxItems", b.maxItems());
            putIf(bm, "file", b.file());
            putIf(bm, "decoding", b.decoding());
            putIf(bm, "lengthNormalise", b.lengthNormalise());
            putIf(bm, "remote", b.remote());
            putIf(bm, "logprobs", b.logprobs());
            if (b.batch() != null) {
                bm.put("batch", true);
                bm.put("batchDiscount", b.batch().discount());
                putIf(bm, "batchSize", b.batch().size());
                bm.put("batchPoll", b.batch().poll());
                bm.put("batchPollMax", b.batch().pollMax());
            }
            backends.add(bm);
        }
        m.put("backends", backends);
        m.put("k", s.k());
        m.put("metrics", s.metrics());
        m.put("bootstrap", ordered("resamples", s.bootstrap().resamples(), "seed", s.bootstrap().seed()));
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("fuzzy", s.grounding().fuzzy());
        g.put("candidateFuzzy", s.grounding().candidateFuzzy());
        putIf(g, "expect", s.grounding().expect());
        m.put("grounding", g);
        m.put("store", ordered("prompts", s.store().prompts()));
        if (s.localOnly()) {
            m.put("localOnly", true);
        }
        if (s.privacy().size() > 1 || !s.privacy().get(0).isNone()) {
            List<Object> privacy = new ArrayList<>();
            for (PrivacySpec p : s.privacy()) {
                if (p.isNone()) {
                    privacy.add("none");
                    continue;
                }
                Map<String, Object> pm = new LinkedHashMap<>();
                putIf(pm, "history", p.history());
                if (p.genresOnly()) {
                    pm.put("genresOnly", true);
                }
                if (p.replace() != null && p.replace() > 0) {
                    pm.put("replace", p.replace());
                    pm.put("seed", p.seed());
                }
                if (p.realIds()) {
                    pm.put("realIds", true);
                }
                privacy.add(pm);
            }
            m.put("privacy", privacy);
        }
        if (s.fairness() != null) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("attributes", s.fairness().attributes());
            f.put("k", s.fairness().k());
            m.put("fairness", f);
        }
        if (s.groupGaps() != null) {
            m.put("groupGaps", s.groupGaps());
        }
        if (!s.evaluation().protocol().equals(EvaluationSpec.DEFAULT.protocol())) {
            m.put("protocol", s.evaluation().protocol());
        }
        if (s.evaluation().relevanceThreshold() != null) {
            m.put("relevance", ordered("threshold", s.evaluation().relevanceThreshold()));
        }
        if (s.simulation() != null) {
            Map<String, Object> sim = new LinkedHashMap<>();
            sim.put("rounds", s.simulation().rounds());
            sim.put("accept", s.simulation().accept());
            sim.put("seed", s.simulation().seed());
            sim.put("likedThreshold", s.simulation().likedThreshold());
            sim.put("candidates", s.simulation().candidates());
            m.put("simulation", sim);
        }
        try {
            return YAMLMapper.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                    .build().writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void putIf(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    /** Walks the tree, checking keys and types, recording each key's line. */
    private static final class Reader {

        final String origin;
        final SavedBackends saved;
        final Map<String, Integer> lines = new LinkedHashMap<>();

        Reader(String origin, SavedBackends saved) {
            this.origin = origin;
            this.saved = saved;
        }

        ExperimentException error(Node n, String problem) {
            return new ExperimentException(origin, n.line(), n.path().isEmpty() ? null : n.path(), problem);
        }

        ExperimentSpec experiment(Node root) {
            if (!root.isMap()) {
                throw error(root, "an experiment is a mapping of keys (name, dataset, backends, ...), not " + root.kind());
            }
            keys(root, TOP);
            root.fields().values().forEach(this::record);
            String name = string(required(root, "name"));
            String description = optString(root.fields().get("description"));
            long seed = optLong(root.fields().get("seed"), ExperimentSpec.DEFAULT_SEED);
            DatasetSpec dataset = dataset(required(root, "dataset"));
            SplitSpec split = split(root.fields().get("split"), seed);
            UsersSpec users = users(root.fields().get("users"), seed);
            CandidatesSpec candidates = candidates(root.fields().get("candidates"), seed);
            Node tpl = first(root, "templates", "template");
            List<String> templates = tpl == null ? List.of() : stringList(tpl);
            Node fs = first(root, "fewShot", "few-shot", "few_shot");
            List<FewShotSpec> fewShot = fs == null ? List.of(new FewShotSpec(0, "random", seed)) : fewShot(fs, seed);
            Node h = root.fields().get("history");
            List<Integer> history = h == null ? List.of() : history(h);
            OrdersSpec orders = orders(root.fields().get("orders"), seed);
            int repeats = optInt(root.fields().get("repeats"), 1, 1, 1000);
            Node b = required(root, "backends");
            List<BackendSpec> backends = backends(b, seed);
            Node kn = root.fields().get("k");
            List<Integer> k = kn == null ? List.of(10) : intList(kn, 1, "a cutoff of at least 1");
            if (k.isEmpty()) {
                throw error(kn, "name at least one cutoff, e.g. [1, 5, 10]");
            }
            Node mn = root.fields().get("metrics");
            List<String> metrics = mn == null ? List.of() : stringList(mn);
            BootstrapSpec bootstrap = bootstrap(root.fields().get("bootstrap"), seed);
            GroundingSpec grounding = grounding(root.fields().get("grounding"));
            StoreSpec store = store(root.fields().get("store"));
            SimulationSpec simulation = simulation(root.fields().get("simulation"), seed);
            if (simulation != null && repeats > 1) {
                throw error(root.fields().get("simulation"), "the simulation follows one answer per user and round: set repeats"
                        + " to 1 (it is " + repeats + ")");
            }
            boolean localOnly = optBool(root.fields().get("localOnly"), false);
            Node pn = root.fields().get("privacy");
            List<PrivacySpec> privacy = pn == null ? List.of(PrivacySpec.NONE) : privacy(pn, seed);
            Node fn = root.fields().get("fairness");
            FairnessSpec fairness = fn == null || fn.isNull() ? null : fairness(fn, k);
            Node gn = root.fields().get("groupGaps");
            List<String> groupGaps = gn == null || gn.isNull() ? null : groupGaps(gn);
            EvaluationSpec evaluation = evaluation(root.fields().get("protocol"), root.fields().get("relevance"));
            ExperimentSpec spec = new ExperimentSpec(name, description, seed, dataset, split, users, candidates, templates,
                    fewShot, history, orders, repeats, backends, k, metrics, bootstrap, grounding, store, simulation, localOnly,
                    privacy, fairness, groupGaps, evaluation);
            if (spec.usesPrompts() && templates.isEmpty()) {
                throw new ExperimentException(origin, b.line(), "templates",
                        "backend '" + backends.stream().filter(x -> x.kind().usesPrompt()).findFirst().orElseThrow().id()
                                + "' answers prompts: name at least one template, e.g. templates: [ prompt-templates/candidate-ranking.mustache ]");
            }
            return spec;
        }

        void record(Node n) {
            if (!n.path().isEmpty()) {
                lines.putIfAbsent(n.path(), n.line());
            }
            if (n.isMap()) {
                n.fields().values().forEach(this::record);
            } else if (n.isList()) {
                n.items().forEach(this::record);
            }
        }

        DatasetSpec dataset(Node n) {
            if (n.isScalar()) {
                return new DatasetSpec(string(n), null);
            }
            map(n);
            keys(n, ExperimentSchema.DATASET);
            Node duplicates = n.fields().get("duplicates");
            String policy = optString(duplicates);
            if (policy != null) {
                try {
                    DuplicatePolicy.byId(policy);
                } catch (IllegalArgumentException e) {
                    throw error(duplicates, e.getMessage());
                }
            }
            Node domainNode = n.fields().get("domain");
            String domain = optString(domainNode);
            if (domain != null) {
                try {
                    domain = org.recprompt.dataset.Domain.byName(domain).noun();
                } catch (IllegalArgumentException e) {
                    throw error(domainNode, e.getMessage());
                }
            }
            String format = optString(n.fields().get("format"));
            org.recprompt.dataset.io.ColumnMapping columns = columns(n.fields().get("columns"), n.fields().get("items"));
            if (columns != null && format != null && !format.equalsIgnoreCase("csv")) {
                Node at = n.fields().containsKey("items") ? n.fields().get("items") : n.fields().get("columns");
                throw error(at, "columns and items describe a generic CSV (format: csv), not format " + format);
            }
            return new DatasetSpec(string(required(n, "path")), format, policy, domain, columns);
        }

        /** dataset.columns and dataset.items: a generic CSV's column mapping (null when neither is given). */
        org.recprompt.dataset.io.ColumnMapping columns(Node cols, Node items) {
            if (cols == null && items == null) {
                return null;
            }
            String user = null;
            String item = null;
            String rating = null;
            String time = null;
            Character delimiter = null;
            boolean header = true;
            if (cols != null) {
                map(cols);
                keys(cols, ExperimentSchema.COLUMNS);
                user = optString(cols.fields().get("user"));
                item = optString(cols.fields().get("item"));
                rating = optString(cols.fields().get("rating"));
                time = optString(cols.fields().get("timestamp"));
                delimiter = delimiter(cols.fields().get("delimiter"));
                header = optBool(cols.fields().get("header"), true);
            }
            org.recprompt.dataset.io.ColumnMapping.ItemFile itemFile = null;
            if (items != null) {
                map(items);
                keys(items, ExperimentSchema.ITEMS);
                Node sep = items.fields().get("genresSeparator");
                if (sep != null && (!sep.isScalar() || sep.isNull() || sep.scalar().isEmpty())) {
                    throw error(sep, "the genres separator is the text between two genres, e.g. \"|\"");
                }
                itemFile = new org.recprompt.dataset.io.ColumnMapping.ItemFile(string(required(items, "file")),
                        optString(items.fields().get("id")), optString(items.fields().get("title")),
                        optString(items.fields().get("genres")), sep == null ? null : sep.scalar(),
                        optString(items.fields().get("image")), optString(items.fields().get("author")));
            }
            var mapping = new org.recprompt.dataset.io.ColumnMapping(user, item, rating, time, delimiter, header, itemFile);
            return mapping.equals(org.recprompt.dataset.io.ColumnMapping.guess()) ? null : mapping;
        }

        /** One character, or tab (written tab or "\t"). */
        Character delimiter(Node n) {
            if (n == null || n.isNull()) {
                return null;
            }
            String raw = n.isScalar() ? n.scalar() : "";
            if (raw.equals("\t") || raw.strip().equalsIgnoreCase("tab")) {
                return '\t';
            }
            if (raw.length() != 1) {
                throw error(n, "the delimiter is one character (\",\", \";\", \"|\") or tab, not '" + raw + "'");
            }
            return raw.charAt(0);
        }

        SplitSpec split(Node n, long seed) {
            if (n == null) {
                return SplitSpec.leaveLastOut();
            }
            if (n.isScalar()) {
                return checkSplit(n, new SplitSpec(string(n), null, null, null, null));
            }
            map(n);
            keys(n, ExperimentSchema.SPLIT);
            String method = optString(n.fields().get("method"));
            if (SplitSpec.PREDEFINED.equals(method)) {
                return predefined(n);
            }
            for (String fileKey : List.of("train", "test", "valid")) {
                if (n.fields().containsKey(fileKey)) {
                    throw error(n.fields().get(fileKey), fileKey + " names a file of a predefined split (method: predefined), "
                            + "not of " + (method == null ? "leave-last-out" : method));
                }
            }
            Node orderNode = n.fields().get("order");
            String order = optString(orderNode);
            if (order != null && !SplitSpec.ORDERS.contains(order)) {
                throw error(orderNode, "unknown order '" + order + "' (time: by timestamp; file: the file's row order)");
            }
            SplitSpec s = new SplitSpec(method == null ? "leave-last-out" : method, optIntOrNull(n.fields().get("n"), 1),
                    optDoubleOrNull(n.fields().get("fraction")), optLongOrNull(n.fields().get("seed")),
                    optString(n.fields().get("cut")), order);
            if (s.fileOrder() && !s.method().startsWith("leave-last")) {
                throw error(orderNode, "order: file applies to leave-last-out and leave-last-n, not " + s.method());
            }
            return checkSplit(n, s);
        }

        /** split: { method: predefined, train: FILE, test: FILE, valid: FILE }: train and test required. */
        SplitSpec predefined(Node n) {
            for (String other : List.of("n", "fraction", "seed", "cut", "order")) {
                if (n.fields().containsKey(other)) {
                    throw error(n.fields().get(other), other + " does not apply to a predefined split (its files decide "
                            + "what is held out and the order)");
                }
            }
            String train = string(required(n, "train"));
            String test = string(required(n, "test"));
            String valid = optString(n.fields().get("valid"));
            return SplitSpec.predefined(train, test, valid);
        }

        SplitSpec checkSplit(Node n, SplitSpec s) {
            Node at = n.isMap() && n.fields().containsKey("method") ? n.fields().get("method") : n;
            if (!SplitSpec.METHODS.contains(s.method())) {
                throw error(at, "unknown split method '" + s.method() + "' (" + String.join(", ", SplitSpec.METHODS) + ")");
            }
            if (s.method().equals("random-holdout") && (s.fraction() == null || !(s.fraction() > 0 && s.fraction() < 1))) {
                throw error(at, "random-holdout needs a fraction between 0 and 1, e.g. { method: random-holdout, fraction: 0.2 }");
            }
            if (s.isPredefined() && (s.train() == null || s.test() == null)) {
                throw error(at, "predefined needs its files: { method: predefined, train: FILE, test: FILE, valid: FILE }"
                        + " (valid optional)");
            }
            if (s.method().equals("time-cut") && s.cut() == null) {
                throw error(at, "time-cut needs cut: an ISO date (2015-01-01) or epoch seconds");
            }
            return s;
        }

        UsersSpec users(Node n, long seed) {
            if (n == null) {
                return new UsersSpec(null, seed, false);
            }
            map(n);
            keys(n, ExperimentSchema.USERS);
            Node s = n.fields().get("sample");
            Integer sample = null;
            if (s != null && !(s.isScalar() && !s.isNull() && s.scalar().equalsIgnoreCase("all"))) {
                sample = optIntOrNull(s, 1);
            }
            return new UsersSpec(sample, optLong(n.fields().get("seed"), seed), optBool(n.fields().get("stratified"), false));
        }

        CandidatesSpec candidates(Node n, long seed) {
            if (n == null || n.isNull()) {
                return null;
            }
            map(n);
            keys(n, ExperimentSchema.CANDIDATES);
            int size = optInt(n.fields().get("size"), 20, 2, 100_000);
            Node neg = n.fields().get("negatives");
            String negatives = neg == null ? "random" : string(neg).toLowerCase(Locale.ROOT);
            if (!CandidatesSpec.NEGATIVES.contains(negatives)) {
                throw error(neg, "unknown negatives '" + negatives + "' (" + String.join(", ", CandidatesSpec.NEGATIVES) + ")");
            }
            String retriever = optString(n.fields().get("retriever"));
            if (negatives.equals("retrieved")) {
                retriever = retriever == null ? "item-knn" : retriever;
                Kind k = Kind.byId(retriever);
                if (k == null || k.usesPrompt() || k == Kind.SEMANTIC || k == Kind.P5) {
                    throw error(n.fields().getOrDefault("retriever", n), "the retriever is a baseline: random, most-popular, item-knn or ease");
                }
            }
            return new CandidatesSpec(size, negatives, optLong(n.fields().get("seed"), seed), retriever);
        }

        List<FewShotSpec> fewShot(Node n, long seed) {
            List<Node> items = n.isList() ? n.items() : List.of(n);
            List<FewShotSpec> out = new ArrayList<>();
            for (Node f : items) {
                if (f.isScalar()) {
                    out.add(new FewShotSpec(integer(f, 0, 100), "random", seed));
                    continue;
                }
                map(f);
                keys(f, ExperimentSchema.FEW_SHOT);
                Node st = f.fields().get("strategy");
                String strategy = st == null ? "random" : string(st).toLowerCase(Locale.ROOT);
                if (!FewShotSpec.STRATEGIES.contains(strategy)) {
                    throw error(st, "unknown few-shot strategy '" + strategy + "' (" + String.join(", ", FewShotSpec.STRATEGIES) + ")");
                }
                out.add(new FewShotSpec(optInt(f.fields().get("count"), 0, 0, 100), strategy, optLong(f.fields().get("seed"), seed)));
            }
            if (out.isEmpty()) {
                throw error(n, "name at least one few-shot setting, e.g. [0, 3]");
            }
            distinct(n, out, FewShotSpec::label, "few-shot setting");
            return out;
        }

        OrdersSpec orders(Node n, long seed) {
            if (n == null) {
                return new OrdersSpec(1, seed);
            }
            if (n.isScalar()) {
                return new OrdersSpec(integer(n, 1, 1000), seed);
            }
            map(n);
            keys(n, ExperimentSchema.ORDERS);
            return new OrdersSpec(optInt(n.fields().get("permutations"), 1, 1, 1000), optLong(n.fields().get("seed"), seed));
        }

        List<BackendSpec> backends(Node n, long seed) {
            if (!n.isList() || n.items().isEmpty()) {
                throw error(n, "a list of at least one backend, e.g. - { id: pop, type: most-popular }");
            }
            List<BackendSpec> out = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            for (Node b : n.items()) {
                BackendSpec spec = backend(b, seed);
                if (!ids.add(spec.id())) {
                    throw error(b.fields().getOrDefault("id", b), "a second backend with id '" + spec.id() + "': ids must be unique");
                }
                out.add(spec);
            }
            return out;
        }

        BackendSpec backend(Node b, long seed) {
            map(b);
            if (b.fields().containsKey("backend")) {
                return savedBackend(b);
            }
            keys(b, ExperimentSchema.BACKEND);
            if (b.fields().containsKey("apiKey")) {
                throw error(b.fields().get("apiKey"), "never write a key into an experiment: name the environment variable"
                        + " that holds it with apiKeyEnv");
            }
            Node typeNode = required(b, "type");
            String type = string(typeNode);
            Kind kind = Kind.byId(type);
            if (kind == null) {
                throw error(typeNode, "unknown backend type '" + type + "' (" + Kind.ids() + ")");
            }
            Node idNode = b.fields().get("id");
            String id = idNode == null ? kind.id() : string(idNode);
            if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
                throw error(idNode == null ? b : idNode, "a backend id is letters, digits, '.', '_' and '-' (it names files and variants), not '" + id + "'");
            }
            String model = optString(b.fields().get("model"));
            if (kind.isLlm() && model == null) {
                throw error(b, "backend '" + id + "' (" + kind.id() + ") needs a model");
            }
            if (kind == Kind.P5 && model == null) {
                throw error(b, "backend '" + id + "' (p5) needs model: a saved model's name (projects/<project>/models/<name>) or folder");
            }
            String decoding = optString(b.fields().get("decoding"));
            if (decoding != null) {
                decoding = decoding.toLowerCase(Locale.ROOT);
                if (kind != Kind.P5) {
                    throw error(b.fields().get("decoding"), "decoding applies to p5 backends only");
                }
                if (!List.of("free", "greedy", "constrained").contains(decoding)) {
                    throw error(b.fields().get("decoding"), "unknown decoding '" + decoding + "' (free, greedy, constrained)");
                }
            }
            String file = optString(b.fields().get("file"));
            if (kind == Kind.REPLAY && file == null) {
                throw error(b, "backend '" + id + "' (replay) needs file: the JSONL of recorded answers");
            }
            String baseUrl = optString(b.fields().get("baseUrl"));
            if (baseUrl != null && !baseUrl.matches("(?i)https?://.+")) {
                throw error(b.fields().get("baseUrl"), "baseUrl must be an http(s) URL, not '" + org.recprompt.backend.UrlSecrets.redact(baseUrl) + "'");
            }
            if (org.recprompt.backend.UrlSecrets.mayCarryKey(baseUrl)) {
                throw error(b.fields().get("baseUrl"), "baseUrl must not carry a query (?...), fragment (#...) or user name:"
                        + " a key in a URL would be written to summary.json, logs and copies of the experiment; name the"
                        + " variable that holds the key with apiKeyEnv");
            }
            List<String> baseUrls = fleet(b, kind, baseUrl);
            String apiKeyEnv = optString(b.fields().get("apiKeyEnv"));
            if (apiKeyEnv != null && !org.recprompt.backend.KeyVariables.allowed(apiKeyEnv)) {
                throw error(b.fields().get("apiKeyEnv"), "apiKeyEnv: " + org.recprompt.backend.KeyVariables.rule());
            }
            Double[] prices = prices(b.fields().get("price"), new Double[4]);
            Double priceIn = prices[0];
            Double priceOut = prices[1];
            Double priceCached = prices[2];
            Double priceWrite = prices[3];
            Integer concurrency = optIntOrNull(b.fields().get("concurrency"), 1);
            if (concurrency != null && concurrency > 1024) {
                throw error(b.fields().get("concurrency"), "at most 1024 calls at once");
            }
            Double timeout = optDoubleOrNull(b.fields().get("timeout"));
            if (timeout != null && timeout <= 0) {
                throw error(b.fields().get("timeout"), "the timeout is a positive number of seconds");
            }
            Double temperature = optDoubleOrNull(b.fields().get("temperature"));
            Double topP = optDoubleOrNull(b.fields().get("topP"));
            Double lambda = optDoubleOrNull(b.fields().get("lambda"));
            if (lambda != null && lambda <= 0) {
                throw error(b.fields().get("lambda"), "EASE needs lambda > 0");
            }
            return new BackendSpec(id, kind.id(), model, baseUrl, apiKeyEnv, concurrency,
                    optIntOrNull(b.fields().get("rpm"), 0), optLongOrNull(b.fields().get("tpm")),
                    optLongOrNull(b.fields().get("seed")), temperature, topP,
                    optIntOrNull(b.fields().get("maxTokens"), 1), optBoolOrNull(b.fields().get("json")), timeout,
                    optIntOrNull(b.fields().get("retries"), 1), optIntOrNull(b.fields().get("pauseAfter"), 1), priceIn, priceOut,
                    priceCached, priceWrite,
                    optIntOrNull(b.fields().get("neighbours"), 1), lambda, optIntOrNull(b.fields().get("minUsers"), 1),
                    optIntOrNull(b.fields().get("maxItems"), 1), file, decoding, optBoolOrNull(b.fields().get("lengthNormalise")),
                    remote(b, kind, baseUrls == null ? java.util.Collections.singletonList(baseUrl) : baseUrls),
                    logprobs(b, kind), null, batch(b.fields(), kind, null), baseUrls);
        }

        /**
         * {@code baseUrls: [URL, ...]}: an inference fleet (openai, openai-compatible, ollama), each URL
         * checked as baseUrl is, none twice (trailing slashes and letter case aside); null when absent.
         */
        List<String> fleet(Node b, Kind kind, String baseUrl) {
            Node n = b.fields().get("baseUrls");
            if (n == null || n.isNull()) {
                return null;
            }
            if (kind != Kind.OPENAI && kind != Kind.OPENAI_COMPATIBLE && kind != Kind.OLLAMA) {
                throw error(n, "baseUrls (an inference fleet) applies to openai, openai-compatible and ollama backends, not "
                        + kind.id());
            }
            if (baseUrl != null) {
                throw error(n, "give either baseUrl (one server) or baseUrls (a fleet), not both: put every server in baseUrls");
            }
            if (!n.isList() || n.items().isEmpty()) {
                throw error(n, "baseUrls is a list of the fleet's server URLs, e.g. [\"http://gpu1:8000/v1\", \"http://gpu2:8000/v1\"]");
            }
            List<String> urls = new ArrayList<>();
            Map<String, Node> seen = new HashMap<>();
            for (Node x : n.items()) {
                String url = string(x);
                if (!url.matches("(?i)https?://.+")) {
                    throw error(x, "each of baseUrls must be an http(s) URL, not '" + org.recprompt.backend.UrlSecrets.redact(url) + "'");
                }
                if (org.recprompt.backend.UrlSecrets.mayCarryKey(url)) {
                    throw error(x, "baseUrls must not carry a query (?...), fragment (#...) or user name: a key in a URL would be"
                            + " written to summary.json, logs and copies of the experiment; name the variable that holds the key"
                            + " with apiKeyEnv");
                }
                String same = url.replaceAll("/+$", "").toLowerCase(Locale.ROOT);
                Node first = seen.putIfAbsent(same, x);
                if (first != null) {
                    throw error(x, "baseUrls names " + url + " twice (first on line " + first.line() + "): each server once");
                }
                urls.add(url);
            }
            return urls;
        }

        /** Keys an entry naming a saved backend may set over the saved values. */
        static final Set<String> SAVED_OVERRIDES = Set.of("model", "temperature", "topP", "seed", "maxTokens", "json",
                "logprobs", "timeout", "retries", "pauseAfter", "concurrency", "rpm", "tpm", "price", "remote", "batch",
                "batchDiscount", "batchSize", "batchPoll", "batchPollMax");

        /**
         * {@code - { id: gpt, backend: local-vllm, temperature: 0.7 }}: the project's saved backend of
         * that name (type, URL, model, key, parameters, limits, prices), with the entry's own generation
         * parameters and limits over the saved ones. Where the calls go and which key they send are the
         * saved backend's only: type, baseUrl (baseUrls: a saved backend names a fleet by several base URLs) and
         * apiKeyEnv are refused here.
         */
        BackendSpec savedBackend(Node b) {
            Node nameNode = b.fields().get("backend");
            for (String fixed : List.of("type", "baseUrl", "baseUrls", "apiKeyEnv", "apiKey", "file")) {
                if (b.fields().containsKey(fixed)) {
                    throw error(b.fields().get(fixed), fixed + " comes from the saved backend " + optString(nameNode)
                            + "; change it in the backend's tab, or write the entry out in full without backend:");
                }
            }
            Set<String> allowed = new HashSet<>(SAVED_OVERRIDES);
            allowed.add("id");
            allowed.add("backend");
            keys(b, allowed);
            String name = string(nameNode);
            SavedBackends.Saved found = saved.find(name).orElseThrow(() -> error(nameNode, "no saved backend named '" + name
                    + "' in " + saved.where() + (saved.names().isEmpty() ? " (it has none: add one in the Backends folder)"
                    : " (its backends: " + String.join(", ", saved.names()) + ")")));
            Node idNode = b.fields().get("id");
            String id = idNode == null ? SavedBackends.idFor(found.name()) : string(idNode);
            if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
                throw error(idNode == null ? nameNode : idNode, "a backend id is letters, digits, '.', '_' and '-' (it names"
                        + " files and variants), not '" + id + "'" + (idNode == null ? ": give the entry an id" : ""));
            }
            BackendSpec base;
            try {
                base = saved.spec(id, found);
            } catch (IllegalArgumentException e) {
                throw error(nameNode, e.getMessage());
            }
            Kind kind = base.kind();
            Map<String, Node> f = b.fields();
            String model = f.containsKey("model") ? string(f.get("model")) : base.model();
            // the saved prices are the saved model's; another model without a price takes the price table's
            Double[] prices = prices(f.get("price"), f.containsKey("model") ? new Double[4]
                    : new Double[] {base.priceInput(), base.priceOutput(), base.priceCachedInput(), base.priceCacheWrite()});
            Double priceIn = prices[0];
            Double priceOut = prices[1];
            Double priceCached = prices[2];
            Double priceWrite = prices[3];
            Integer concurrency = f.containsKey("concurrency") ? optIntOrNull(f.get("concurrency"), 1) : base.concurrency();
            if (concurrency != null && concurrency > 1024) {
                throw error(f.get("concurrency"), "at most 1024 calls at once");
            }
            Double timeout = f.containsKey("timeout") ? optDoubleOrNull(f.get("timeout")) : base.timeout();
            if (timeout != null && timeout <= 0) {
                throw error(f.get("timeout"), "the timeout is a positive number of seconds");
            }
            return new BackendSpec(id, base.type(), model, base.baseUrl(), base.apiKeyEnv(), concurrency,
                    f.containsKey("rpm") ? optIntOrNull(f.get("rpm"), 0) : base.rpm(),
                    f.containsKey("tpm") ? optLongOrNull(f.get("tpm")) : base.tpm(),
                    f.containsKey("seed") ? optLongOrNull(f.get("seed")) : base.seed(),
                    f.containsKey("temperature") ? optDoubleOrNull(f.get("temperature")) : base.temperature(),
                    f.containsKey("topP") ? optDoubleOrNull(f.get("topP")) : base.topP(),
                    f.containsKey("maxTokens") ? optIntOrNull(f.get("maxTokens"), 1) : base.maxTokens(),
                    f.containsKey("json") ? optBoolOrNull(f.get("json")) : base.json(), timeout,
                    f.containsKey("retries") ? optIntOrNull(f.get("retries"), 1) : base.retries(),
                    f.containsKey("pauseAfter") ? optIntOrNull(f.get("pauseAfter"), 1) : base.pauseAfter(), priceIn, priceOut,
                    priceCached, priceWrite,
                    base.neighbours(), base.lambda(), base.minUsers(), base.maxItems(), base.file(), null, null,
                    f.containsKey("remote") ? remote(b, kind, base.endpoints()) : null,
                    f.containsKey("logprobs") ? logprobs(b, kind) : base.logprobs(), base.saved(), batch(f, kind, base.batch()),
                    base.baseUrls());
        }

        /**
         * An entry's {@code price: { input, output, cachedInput, cacheWrite }} in dollars per million
         * tokens, in that order; {@code otherwise} when the entry names no price.
         */
        Double[] prices(Node price, Double[] otherwise) {
            if (price == null) {
                return otherwise;
            }
            map(price);
            keys(price, ExperimentSchema.PRICE);
            return new Double[] {optNonNegative(price.fields().get("input")), optNonNegative(price.fields().get("output")),
                optNonNegative(price.fields().get("cachedInput")), optNonNegative(price.fields().get("cacheWrite"))};
        }

        /**
         * {@code batch: true} with {@code batchDiscount} (the share of the list price a batch answer
         * costs, in (0, 1], default 0.5), {@code batchSize}, {@code batchPoll} and {@code batchPollMax}
         * (seconds): only openai and anthropic have a batch endpoint. The batch keys without
         * {@code batch: true} are refused (they would do nothing); null when batch mode is off.
         */
        ExperimentSpec.BatchSpec batch(Map<String, Node> f, Kind kind, ExperimentSpec.BatchSpec base) {
            Node on = f.get("batch");
            boolean batch = on == null ? base != null : Boolean.TRUE.equals(optBoolOrNull(on));
            if (!batch) {
                for (String k : List.of("batchDiscount", "batchSize", "batchPoll", "batchPollMax")) {
                    if (f.containsKey(k)) {
                        throw error(f.get(k), k + " applies with batch: true");
                    }
                }
                return null;
            }
            if (kind != Kind.OPENAI && kind != Kind.ANTHROPIC) {
                throw error(on == null ? f.get("batchDiscount") : on, "batch applies to openai and anthropic backends (the"
                        + " providers with a batch endpoint), not " + kind.id());
            }
            ExperimentSpec.BatchSpec d = base != null ? base : new ExperimentSpec.BatchSpec(ExperimentSpec.BatchSpec.DEFAULT_DISCOUNT,
                    null, ExperimentSpec.BatchSpec.DEFAULT_POLL, ExperimentSpec.BatchSpec.DEFAULT_POLL_MAX);
            Double discount = f.containsKey("batchDiscount") ? optDoubleOrNull(f.get("batchDiscount")) : Double.valueOf(d.discount());
            if (discount == null || !(discount > 0 && discount <= 1)) {
                throw error(f.get("batchDiscount"), "batchDiscount is the share of the list price a batch answer costs:"
                        + " a number above 0 and at most 1 (0.5: half price)");
            }
            Integer size = f.containsKey("batchSize") ? optIntOrNull(f.get("batchSize"), 1) : d.size();
            Double poll = f.containsKey("batchPoll") ? optDoubleOrNull(f.get("batchPoll")) : Double.valueOf(d.poll());
            if (poll == null || !(poll > 0)) {
                throw error(f.get("batchPoll"), "batchPoll is the first wait between polls, a positive number of seconds");
            }
            Double pollMax = f.containsKey("batchPollMax") ? optDoubleOrNull(f.get("batchPollMax"))
                    : Double.valueOf(Math.max(poll, d.pollMax()));
            if (pollMax == null || pollMax < poll) {
                throw error(f.get("batchPollMax"), "batchPollMax is the longest wait between polls, in seconds, at least batchPoll");
            }
            return new ExperimentSpec.BatchSpec(discount, size, poll, pollMax);
        }

        /** {@code logprobs: true}: only the OpenAI types return the first token's log-probabilities. */
        Boolean logprobs(Node b, Kind kind) {
            Boolean on = optBoolOrNull(b.fields().get("logprobs"));
            if (Boolean.TRUE.equals(on) && kind != Kind.OPENAI && kind != Kind.OPENAI_COMPATIBLE) {
                throw error(b.fields().get("logprobs"), "logprobs applies to openai and openai-compatible backends"
                        + " (they return the first answer token's log-probabilities), not " + kind.id());
            }
            return on;
        }

        List<PrivacySpec> privacy(Node n, long seed) {
            List<Node> items = n.isList() ? n.items() : List.of(n);
            List<PrivacySpec> out = new ArrayList<>();
            for (Node p : items) {
                if (p.isScalar() && !p.isNull() && p.scalar().strip().equalsIgnoreCase("none")) {
                    out.add(PrivacySpec.NONE);
                    continue;
                }
                if (!p.isMap()) {
                    throw error(p, "a privacy transform is none or a mapping such as { history: 5 }, { genresOnly: true },"
                            + " { replace: 0.2, seed: 7 }, { realIds: true }; not " + p.kind());
                }
                keys(p, ExperimentSchema.PRIVACY);
                Integer h = optIntOrNull(p.fields().get("history"), 1);
                Double replace = optDoubleOrNull(p.fields().get("replace"));
                if (replace != null && !(replace >= 0 && replace <= 1)) {
                    throw error(p.fields().get("replace"), "the share of history items to replace is from 0 to 1, not " + replace);
                }
                out.add(new PrivacySpec(h, optBool(p.fields().get("genresOnly"), false), replace,
                        optLong(p.fields().get("seed"), seed), optBool(p.fields().get("realIds"), false)));
            }
            if (out.isEmpty()) {
                throw error(n, "name at least one privacy transform, e.g. [none, { history: 5 }]");
            }
            distinct(n, out, PrivacySpec::label, "privacy transform");
            return out;
        }

        FairnessSpec fairness(Node n, List<Integer> k) {
            map(n);
            keys(n, ExperimentSchema.FAIRNESS);
            Node a = required(n, "attributes");
            map(a);
            if (a.fields().isEmpty()) {
                throw error(a, "name at least one sensitive attribute and its values, e.g. { gender: [female, male] }");
            }
            Map<String, List<String>> attributes = new LinkedHashMap<>();
            for (Map.Entry<String, Node> e : a.fields().entrySet()) {
                List<String> values = stringList(e.getValue());
                if (values.isEmpty()) {
                    throw error(e.getValue(), "name at least one value of '" + e.getKey() + "'");
                }
                attributes.put(e.getKey(), values);
            }
            int maxK = k.stream().mapToInt(Integer::intValue).max().orElse(10);
            return new FairnessSpec(attributes, optInt(n.fields().get("k"), maxK, 1, 10_000));
        }

        /** groupGaps: [activity, gender, age]: at least one name, each once (whether the dataset has it is checked at plan time). */
        List<String> groupGaps(Node n) {
            List<String> out = stringList(n);
            if (out.isEmpty() || out.stream().anyMatch(String::isBlank)) {
                throw error(n, "name the groupings of users to compare, e.g. [activity, gender, age]: activity or a user"
                        + " attribute of the dataset");
            }
            return out.stream().map(String::strip).toList();
        }

        /** remote: true marks a loopback endpoint that forwards elsewhere; remote: false cannot make a remote one local. */
        Boolean remote(Node b, Kind kind, List<String> baseUrls) {
            Node r = b.fields().get("remote");
            Boolean remote = optBoolOrNull(r);
            if (Boolean.FALSE.equals(remote) && kind.isLlm()
                    && baseUrls.stream().anyMatch(u -> org.recprompt.backend.Egress.isRemote(kind.id(), u))) {
                throw error(r, "this backend's endpoint is not on this machine, so it cannot be marked remote: false"
                        + " (only a loopback base URL is local)");
            }
            return remote;
        }

        BootstrapSpec bootstrap(Node n, long seed) {
            if (n == null) {
                return new BootstrapSpec(1000, seed);
            }
            map(n);
            keys(n, ExperimentSchema.BOOTSTRAP);
            return new BootstrapSpec(optInt(n.fields().get("resamples"), 1000, 1000, 1_000_000), optLong(n.fields().get("seed"), seed));
        }

        GroundingSpec grounding(Node n) {
            if (n == null) {
                return GroundingSpec.DEFAULT;
            }
            map(n);
            keys(n, ExperimentSchema.GROUNDING);
            double fuzzy = unit(n.fields().get("fuzzy"), GroundingSpec.DEFAULT.fuzzy());
            double candidateFuzzy = unit(n.fields().get("candidateFuzzy"), GroundingSpec.DEFAULT.candidateFuzzy());
            return new GroundingSpec(fuzzy, candidateFuzzy, optIntOrNull(n.fields().get("expect"), 0));
        }

        /**
         * The history axis: whole numbers of history items (0: none, the zero-shot prompt) and
         * {@code full} (or {@code all}) for the whole history.
         */
        List<Integer> history(Node n) {
            List<Node> items = n.isScalar() ? List.of(n) : n.isList() ? n.items() : null;
            if (items == null) {
                throw error(n, "expected a list of history lengths (0, 1, 3, ..., full), not " + n.kind());
            }
            List<Integer> out = new ArrayList<>();
            for (Node x : items) {
                String v = x.isScalar() && !x.isNull() ? x.scalar().strip().toLowerCase(Locale.ROOT) : "";
                if (v.equals("full") || v.equals("all")) {
                    out.add(ExperimentSpec.FULL_HISTORY);
                } else if (v.matches("\\d+") && !x.quoted()) {
                    out.add(integer(x, 0, Integer.MAX_VALUE));
                } else {
                    throw error(x, "a history length is a whole number of items (0: no history) or full, not '"
                            + (x.isScalar() && !x.isNull() ? x.scalar() : x.kind()) + "'");
                }
            }
            distinct(n, out, ExperimentSpec::historyLabel, "history length");
            return out;
        }

        SimulationSpec simulation(Node n, long seed) {
            if (n == null || n.isNull()) {
                return null;
            }
            map(n);
            keys(n, ExperimentSchema.SIMULATION);
            int rounds = integer(required(n, "rounds"), 1, SimulationSpec.MAX_ROUNDS);
            Node a = n.fields().get("accept");
            String accept = a == null ? "top-1" : string(a).toLowerCase(Locale.ROOT);
            if (accept.equals("top1")) {
                accept = "top-1";
            }
            if (!SimulationSpec.ACCEPT.contains(accept)) {
                throw error(a, "unknown choice model '" + accept + "' (" + String.join(", ", SimulationSpec.ACCEPT) + ")");
            }
            Double threshold = optDoubleOrNull(n.fields().get("likedThreshold"));
            Node c = n.fields().get("candidates");
            String candidates = c == null ? "fresh" : string(c).toLowerCase(Locale.ROOT);
            if (!SimulationSpec.CANDIDATES.contains(candidates)) {
                throw error(c, "candidates is fresh (new candidates each round, the default) or fixed (round 0's without the"
                        + " accepted items), not '" + candidates + "'");
            }
            return new SimulationSpec(rounds, accept, optLong(n.fields().get("seed"), seed),
                    threshold == null ? SimulationSpec.DEFAULT_LIKED_THRESHOLD : threshold, candidates);
        }

        /** {@code protocol: NAME} (a registered convention) and {@code relevance: { threshold: R }} (a finite number). */
        EvaluationSpec evaluation(Node protocolNode, Node relevanceNode) {
            String protocol = EvaluationSpec.DEFAULT.protocol();
            if (protocolNode != null && !protocolNode.isNull()) {
                try {
                    protocol = org.recprompt.metrics.protocol.Protocols.of(string(protocolNode)).id();
                } catch (IllegalArgumentException e) {
                    throw error(protocolNode, e.getMessage());
                }
            }
            Double threshold = null;
            if (relevanceNode != null && !relevanceNode.isNull()) {
                map(relevanceNode);
                keys(relevanceNode, ExperimentSchema.RELEVANCE);
                Node t = relevanceNode.fields().get("threshold");
                threshold = optDoubleOrNull(t);
                if (threshold != null && (threshold.isNaN() || threshold.isInfinite())) {
                    throw error(t, "a relevance threshold is a finite rating, not " + threshold);
                }
            }
            return new EvaluationSpec(protocol, threshold);
        }

        StoreSpec store(Node n) {
            if (n == null) {
                return new StoreSpec(true);
            }
            map(n);
            keys(n, ExperimentSchema.STORE);
            return new StoreSpec(optBool(n.fields().get("prompts"), true));
        }

        // ---- typed accessors -------------------------------------------------------------

        void map(Node n) {
            if (!n.isMap()) {
                throw error(n, "expected a mapping of keys, not " + n.kind());
            }
        }

        void keys(Node n, Set<String> allowed) {
            for (Map.Entry<String, Node> e : n.fields().entrySet()) {
                if (!allowed.contains(e.getKey())) {
                    String hint = closest(e.getKey(), allowed);
                    throw error(e.getValue(), "unknown key" + (hint == null ? "" : " (did you mean '" + hint + "'?)")
                            + "; allowed here: " + String.join(", ", allowed.stream().sorted().toList()));
                }
            }
        }

        Node required(Node n, String key) {
            Node v = n.fields().get(key);
            if (v == null || v.isNull()) {
                throw new ExperimentException(origin, v == null ? n.line() : v.line(),
                        n.path().isEmpty() ? key : n.path() + "." + key, "required, but " + (v == null ? "missing" : "empty"));
            }
            return v;
        }

        static Node first(Node n, String... keys) {
            for (String k : keys) {
                Node v = n.fields().get(k);
                if (v != null) {
                    return v;
                }
            }
            return null;
        }

        String string(Node n) {
            if (!n.isScalar() || n.isNull() || n.scalar().isBlank()) {
                throw error(n, "expected a text value, not " + n.kind());
            }
            return n.scalar().strip();
        }

        String optString(Node n) {
            return n == null || n.isNull() ? null : string(n);
        }

        List<String> stringList(Node n) {
            if (n.isScalar()) {
                return List.of(string(n));
            }
            if (!n.isList()) {
                throw error(n, "expected a list, not " + n.kind());
            }
            List<String> out = new ArrayList<>();
            for (Node x : n.items()) {
                out.add(string(x));
            }
            distinct(n, out, Function.identity(), "entry");
            return out;
        }

        List<Integer> intList(Node n, int min, String what) {
            List<Node> items = n.isScalar() ? List.of(n) : n.isList() ? n.items() : null;
            if (items == null) {
                throw error(n, "expected a list of whole numbers, not " + n.kind());
            }
            List<Integer> out = new ArrayList<>();
            for (Node x : items) {
                int v = integer(x, min, Integer.MAX_VALUE);
                out.add(v);
            }
            distinct(n, out, String::valueOf, "value");
            return out;
        }

        <T> void distinct(Node n, Collection<T> values, Function<T, String> label, String what) {
            Set<String> seen = new HashSet<>();
            for (T v : values) {
                if (!seen.add(label.apply(v))) {
                    throw error(n, "the " + what + " '" + label.apply(v) + "' appears twice");
                }
            }
        }

        long longValue(Node n) {
            if (!n.isScalar() || n.isNull() || n.quoted()) {
                throw error(n, "expected a whole number, not " + n.kind());
            }
            try {
                return Long.parseLong(n.scalar().strip());
            } catch (NumberFormatException e) {
                throw error(n, "expected a whole number, not " + n.kind());
            }
        }

        int integer(Node n, int min, int max) {
            long v = longValue(n);
            if (v < min || v > max) {
                throw error(n, "must be a whole number " + (max == Integer.MAX_VALUE ? "of at least " + min
                        : "from " + min + " to " + max) + ", not " + v);
            }
            return (int) v;
        }

        int optInt(Node n, int fallback, int min, int max) {
            return n == null || n.isNull() ? fallback : integer(n, min, max);
        }

        Integer optIntOrNull(Node n, int min) {
            return n == null || n.isNull() ? null : integer(n, min, Integer.MAX_VALUE);
        }

        long optLong(Node n, long fallback) {
            return n == null || n.isNull() ? fallback : longValue(n);
        }

        Long optLongOrNull(Node n) {
            if (n == null || n.isNull()) {
                return null;
            }
            long v = longValue(n);
            if (v < 0) {
                throw error(n, "cannot be negative");
            }
            return v;
        }

        double number(Node n) {
            if (!n.isScalar() || n.isNull() || n.quoted()) {
                throw error(n, "expected a number, not " + n.kind());
            }
            try {
                return Double.parseDouble(n.scalar().strip());
            } catch (NumberFormatException e) {
                throw error(n, "expected a number, not " + n.kind());
            }
        }

        Double optDoubleOrNull(Node n) {
            return n == null || n.isNull() ? null : number(n);
        }

        Double optNonNegative(Node n) {
            Double v = optDoubleOrNull(n);
            if (v != null && v < 0) {
                throw error(n, "a price cannot be negative");
            }
            return v;
        }

        double unit(Node n, double fallback) {
            if (n == null || n.isNull()) {
                return fallback;
            }
            double v = number(n);
            if (!(v > 0 && v <= 1)) {
                throw error(n, "a threshold in (0, 1], not " + v);
            }
            return v;
        }

        boolean optBool(Node n, boolean fallback) {
            Boolean b = optBoolOrNull(n);
            return b == null ? fallback : b;
        }

        Boolean optBoolOrNull(Node n) {
            if (n == null || n.isNull()) {
                return null;
            }
            String s = n.isScalar() ? n.scalar().strip().toLowerCase(Locale.ROOT) : "";
            if (s.equals("true") || s.equals("yes") || s.equals("on")) {
                return true;
            }
            if (s.equals("false") || s.equals("no") || s.equals("off")) {
                return false;
            }
            throw error(n, "expected true or false, not " + n.kind());
        }

        /** The allowed key nearest to a misspelt one (edit distance at most 3), or null. */
        static String closest(String key, Set<String> allowed) {
            String best = null;
            int bestD = 4;
            for (String a : allowed) {
                int d = distance(key.toLowerCase(Locale.ROOT), a.toLowerCase(Locale.ROOT));
                if (d < bestD) {
                    bestD = d;
                    best = a;
                }
            }
            return best;
        }

        static int distance(String a, String b) {
            int[] prev = new int[b.length() + 1];
            int[] cur = new int[b.length() + 1];
            for (int j = 0; j <= b.length(); j++) {
                prev[j] = j;
            }
            for (int i = 1; i <= a.length(); i++) {
                cur[0] = i;
                for (int j = 1; j <= b.length(); j++) {
                    cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
                }
                int[] t = prev;
                prev = cur;
                cur = t;
            }
            return prev[b.length()];
        }
    }

    /**
     * A map that keeps the order its keys are given in. Canonical YAML feeds the run fingerprint,
     * so its key order must be the same in every JVM ({@code Map.of} iterates in a per-JVM random order).
     */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
