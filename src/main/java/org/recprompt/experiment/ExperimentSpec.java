package org.recprompt.experiment;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An experiment as written in its YAML file (docs/EXPERIMENTS.md): the data and protocol (dataset,
 * split, user sample, candidate protocol) and the axes whose product makes the variants (templates,
 * few-shot settings, history truncations, candidate orders, backends), plus repeats, cutoffs and
 * metrics. Paths are kept as written; {@link ExperimentFile} resolves them. Values only: no I/O.
 * {@code groupGaps}: the groupings of users whose accuracy gaps groups.json gives, in order ("activity"
 * or a user attribute of the dataset); null: every attribute with 2 to 30 values, then activity.
 * {@code evaluation}: the evaluation convention of the run's protocol table and its relevance rule
 * (keys {@code protocol:} and {@code relevance:}).
 */
public record ExperimentSpec(String name, String description, long seed, DatasetSpec dataset, SplitSpec split,
        UsersSpec users, CandidatesSpec candidates, List<String> templates, List<FewShotSpec> fewShot,
        List<Integer> history, OrdersSpec orders, int repeats, List<BackendSpec> backends, List<Integer> k,
        List<String> metrics, BootstrapSpec bootstrap, GroundingSpec grounding, StoreSpec store, SimulationSpec simulation,
        boolean localOnly, List<PrivacySpec> privacy, FairnessSpec fairness, List<String> groupGaps,
        EvaluationSpec evaluation) {

    /** An experiment under the default convention (recprompt, every test interaction relevant). */
    public ExperimentSpec(String name, String description, long seed, DatasetSpec dataset, SplitSpec split,
            UsersSpec users, CandidatesSpec candidates, List<String> templates, List<FewShotSpec> fewShot,
            List<Integer> history, OrdersSpec orders, int repeats, List<BackendSpec> backends, List<Integer> k,
            List<String> metrics, BootstrapSpec bootstrap, GroundingSpec grounding, StoreSpec store, SimulationSpec simulation,
            boolean localOnly, List<PrivacySpec> privacy, FairnessSpec fairness, List<String> groupGaps) {
        this(name, description, seed, dataset, split, users, candidates, templates, fewShot, history, orders, repeats, backends,
                k, metrics, bootstrap, grounding, store, simulation, localOnly, privacy, fairness, groupGaps, EvaluationSpec.DEFAULT);
    }

    /** The default seed of every random choice that names none. */
    public static final long DEFAULT_SEED = 7;

    /**
     * The history-axis value "full" (also written "all"): the whole training history. On the axis,
     * 0 means no history at all (the zero-shot prompt) and n the n most recent items.
     */
    public static final int FULL_HISTORY = -1;

    /** How a history-axis value is written: "full", a number, or "template" (null: the template's own setting). */
    public static String historyLabel(Integer history) {
        return history == null ? "template" : history == FULL_HISTORY ? "full" : String.valueOf(history);
    }

    public ExperimentSpec {
        templates = List.copyOf(templates);
        fewShot = List.copyOf(fewShot);
        history = List.copyOf(history);
        backends = List.copyOf(backends);
        k = List.copyOf(k);
        metrics = List.copyOf(metrics);
        privacy = privacy == null || privacy.isEmpty() ? List.of(PrivacySpec.NONE) : List.copyOf(privacy);
        groupGaps = groupGaps == null ? null : List.copyOf(groupGaps);
        evaluation = evaluation == null ? EvaluationSpec.DEFAULT : evaluation;
    }

    /** The same experiment under another name (the name decides no call). */
    public ExperimentSpec withName(String newName) {
        return new ExperimentSpec(newName, description, seed, dataset, split, users, candidates, templates, fewShot, history,
                orders, repeats, backends, k, metrics, bootstrap, grounding, store, simulation, localOnly, privacy, fairness,
                groupGaps, evaluation);
    }

    /** The same experiment with local-only on or off (the command's --local-only, a project's switch). */
    public ExperimentSpec withLocalOnly(boolean on) {
        return new ExperimentSpec(name, description, seed, dataset, split, users, candidates, templates, fewShot, history,
                orders, repeats, backends, k, metrics, bootstrap, grounding, store, simulation, on, privacy, fairness,
                groupGaps, evaluation);
    }

    /** The largest cutoff: lists are kept to this length and beyond-accuracy metrics use it. */
    public int maxK() {
        return k.stream().mapToInt(Integer::intValue).max().orElse(10);
    }

    /** Whether any backend answers from a rendered prompt (so templates are needed). */
    public boolean usesPrompts() {
        return backends.stream().anyMatch(b -> b.kind().usesPrompt());
    }

    /**
     * {@code path}; {@code format} null means detect it; {@code duplicates}: what to keep of a
     * (user, item) pair the file repeats (keep-last, keep-first, max-rating, error; null: keep-last);
     * {@code domain}: what the items are (movie, book, ...; null: the descriptor's, else the format's);
     * {@code columns}: a generic CSV's columns and item file ({@code columns:} and {@code items:};
     * the item file as written, relative to the experiment's folder; null: the usual column names,
     * no item file).
     */
    public record DatasetSpec(String path, String format, String duplicates, String domain,
            org.recprompt.dataset.io.ColumnMapping columns) {

        public DatasetSpec(String path, String format, String duplicates, String domain) {
            this(path, format, duplicates, domain, null);
        }

        public DatasetSpec(String path, String format, String duplicates) {
            this(path, format, duplicates, null);
        }

        public DatasetSpec(String path, String format) {
            this(path, format, null, null);
        }
    }

    /**
     * {@code method}: leave-last-out, leave-last-n (with {@code n}), random-holdout (with
     * {@code fraction} and {@code seed}) or time-cut (with {@code cut}, an ISO date or epoch seconds);
     * {@code order}: each user's interactions by time ({@code time}, null) or in the file's row order
     * ({@code file}, for chronological files without timestamps); or predefined (with {@code train},
     * {@code test} and optionally {@code valid}: files relative to the experiment file's folder, or
     * absolute; see {@code dataset.split.PredefinedSplits}).
     */
    public record SplitSpec(String method, Integer n, Double fraction, Long seed, String cut, String order, String train,
            String test, String valid) {

        public static final String PREDEFINED = "predefined";
        public static final List<String> METHODS = List.of("leave-last-out", "leave-last-n", "random-holdout", "time-cut",
                PREDEFINED);
        public static final List<String> ORDERS = List.of("time", "file");

        public SplitSpec(String method, Integer n, Double fraction, Long seed, String cut) {
            this(method, n, fraction, seed, cut, null);
        }

        public SplitSpec(String method, Integer n, Double fraction, Long seed, String cut, String order) {
            this(method, n, fraction, seed, cut, order, null, null, null);
        }

        /** A predefined split: the train and test files (and a validation file, or null) as written. */
        public static SplitSpec predefined(String train, String test, String valid) {
            return new SplitSpec(PREDEFINED, null, null, null, null, null, train, test, valid);
        }

        /** True for a split read from files. */
        public boolean isPredefined() {
            return PREDEFINED.equals(method);
        }

        public static SplitSpec leaveLastOut() {
            return new SplitSpec("leave-last-out", null, null, null, null);
        }

        /** True when each user's interactions are taken in the file's row order. */
        public boolean fileOrder() {
            return "file".equals(order);
        }
    }

    /**
     * The evaluation convention of the run's protocol table ({@code protocol:}, a name
     * {@link org.recprompt.metrics.protocol.Protocols} knows) and the relevance rule
     * ({@code relevance: { threshold: R }}; null: every test interaction is relevant).
     */
    public record EvaluationSpec(String protocol, Double relevanceThreshold) {

        public static final EvaluationSpec DEFAULT = new EvaluationSpec(org.recprompt.metrics.protocol.Protocols.DEFAULT, null);

        public boolean isDefault() {
            return equals(DEFAULT);
        }

        /** The relevance rule as the metrics take it. */
        public org.recprompt.metrics.protocol.Relevance relevance() {
            return relevanceThreshold == null ? org.recprompt.metrics.protocol.Relevance.ALL
                    : org.recprompt.metrics.protocol.Relevance.atLeast(relevanceThreshold);
        }
    }

    /** {@code sample} users (null: every evaluable user), drawn with {@code seed}, optionally stratified by history length. */
    public record UsersSpec(Integer sample, long seed, boolean stratified) {
    }

    /** C candidates per user: the held-out item plus negatives (random, popular, or retrieved by a baseline). */
    public record CandidatesSpec(int size, String negatives, long seed, String retriever) {

        public static final List<String> NEGATIVES = List.of("random", "popular", "retrieved");
    }

    /** Few-shot examples per prompt: {@code count} (0: none) chosen by {@code strategy}. */
    public record FewShotSpec(int count, String strategy, long seed) {

        public static final List<String> STRATEGIES = List.of("random", "similar-genres", "balanced");

        /** A short label for variant ids: fs0, fs3, fs3-similar-genres. */
        public String label() {
            return count == 0 ? "fs0" : strategy.equals("random") ? "fs" + count : "fs" + count + "-" + strategy;
        }
    }

    /**
     * The candidate-order axis: {@code permutations} orders per user (1: only the sampled order;
     * order 0 is always the sampled one, the others are seeded re-shuffles).
     */
    public record OrdersSpec(int permutations, long seed) {
    }

    /** Bootstrap intervals: {@code resamples} (at least 1,000) drawn with {@code seed}. */
    public record BootstrapSpec(int resamples, long seed) {
    }

    /** Grounding thresholds, and the answer length counted as compliant (null: from the template). */
    public record GroundingSpec(double fuzzy, double candidateFuzzy, Integer expect) {

        public static final GroundingSpec DEFAULT = new GroundingSpec(0.85, 0.75, null);
    }

    /**
     * The echo-chamber simulation (docs/EXPERIMENTS.md): {@code rounds} rounds per user and variant
     * (round 0 is the ordinary evaluation); after each round the user accepts items from the list by
     * {@code accept} (top-1, liked: listed items rated at least {@code likedThreshold} in the held-out
     * data, by-rank: one listed item drawn with probability proportional to 1/log2(rank + 1), seeded by
     * {@code seed}), and the accepted items join the history the next round is asked with.
     */
    /**
     * An echo-chamber simulation: {@code candidates} says how a later round's candidates are drawn
     * under the candidate protocol: {@code fresh} (the default: new negatives each round, or retrieval
     * over the catalog minus what was accepted, from the grown profile) or {@code fixed} (round 0's set
     * without the accepted items).
     */
    public record SimulationSpec(int rounds, String accept, long seed, double likedThreshold, String candidates) {

        public static final List<String> ACCEPT = List.of("top-1", "liked", "by-rank");
        public static final List<String> CANDIDATES = List.of("fresh", "fixed");

        /** Whether each round draws its own candidates. */
        public boolean freshCandidates() {
            return !"fixed".equals(candidates);
        }
        public static final double DEFAULT_LIKED_THRESHOLD = 4.0;
        public static final int MAX_ROUNDS = 100;
    }

    /** What a run folder keeps besides the required files: the rendered prompts (prompts.jsonl). */
    public record StoreSpec(boolean prompts) {
    }

    /**
     * A privacy transform of what a prompt shows about the user (the {@code privacy} axis): only the
     * {@code history} most recent items (null: no cut; separate from the {@code history} axis, the
     * smaller of the two wins), genres instead of titles ({@code genresOnly}), a share
     * {@code replace} of the shown items swapped for random catalog items the user never rated
     * (drawn with {@code seed}), and the dataset's user id instead of a pseudonym ({@code realIds};
     * pseudonyms are the default).
     */
    public record PrivacySpec(Integer history, boolean genresOnly, Double replace, long seed, boolean realIds) {

        public static final PrivacySpec NONE = new PrivacySpec(null, false, null, DEFAULT_SEED, false);

        public boolean isNone() {
            return history == null && !genresOnly && (replace == null || replace == 0) && !realIds;
        }

        /** A short label for variant ids: none, last5, genres, replace0.2, realids, joined by '+'. */
        public String label() {
            if (isNone()) {
                return "none";
            }
            List<String> parts = new java.util.ArrayList<>();
            if (history != null) {
                parts.add("last" + history);
            }
            if (genresOnly) {
                parts.add("genres");
            }
            if (replace != null && replace > 0) {
                parts.add("replace" + java.math.BigDecimal.valueOf(replace).stripTrailingZeros().toPlainString());
            }
            if (realIds) {
                parts.add("realids");
            }
            return String.join("+", parts);
        }
    }

    /**
     * A FaiRLLM-style probe study: besides the neutral request, one request per value of each
     * sensitive attribute ({@code attributes}: name to values, in order), through the template's
     * {@code {{#sensitive}}} section; lists are compared with the neutral one at cutoff {@code k}.
     */
    public record FairnessSpec(java.util.Map<String, List<String>> attributes, int k) {

        public FairnessSpec {
            java.util.Map<String, List<String>> copy = new java.util.LinkedHashMap<>();
            attributes.forEach((a, v) -> copy.put(a, List.copyOf(v)));
            attributes = java.util.Collections.unmodifiableMap(copy);
        }

        /** Every probe in plan order: the neutral one (null), then each attribute's values. */
        public List<Sensitive> probes() {
            List<Sensitive> out = new java.util.ArrayList<>();
            out.add(null);
            attributes.forEach((a, values) -> values.forEach(v -> out.add(new Sensitive(a, v))));
            return java.util.Collections.unmodifiableList(out);
        }
    }

    /** One value of a sensitive attribute, e.g. gender = female. */
    public record Sensitive(String attribute, String value) {

        /** The variant-id part: gender=female (characters a file name cannot hold become '_'). */
        public String label() {
            return (attribute + "=" + value).replaceAll("[^A-Za-z0-9._=-]", "_");
        }
    }

    /**
     * A backend's batch mode ({@code batch: true}): calls are sent through the provider's batch
     * endpoint at {@code discount} x the list price (default {@value #DEFAULT_DISCOUNT}), at most
     * {@code size} requests a batch (null: the provider's limit), polled first after {@code poll}
     * seconds and then at growing intervals up to {@code pollMax} seconds.
     */
    public record BatchSpec(double discount, Integer size, double poll, double pollMax) {

        public static final double DEFAULT_DISCOUNT = 0.5;
        public static final double DEFAULT_POLL = 30;
        public static final double DEFAULT_POLL_MAX = 600;

        public BatchSpec {
            if (!(discount > 0 && discount <= 1)) {
                throw new IllegalArgumentException("batchDiscount is a number above 0 and at most 1, not " + discount);
            }
            if (size != null && size < 1) {
                throw new IllegalArgumentException("batchSize must be at least 1");
            }
            if (!(poll > 0) || !(pollMax >= poll)) {
                throw new IllegalArgumentException("batchPoll must be above 0 and batchPollMax at least batchPoll");
            }
        }
    }

    /** The kinds of backend an experiment can name. */
    public enum Kind {
        RANDOM("random", false), MOST_POPULAR("most-popular", false), ITEM_KNN("item-knn", false), EASE("ease", false),
        SEMANTIC("semantic", false), P5("p5", false), REPLAY("replay", true), OPENAI("openai", true),
        OPENAI_COMPATIBLE("openai-compatible", true), OLLAMA("ollama", true), ANTHROPIC("anthropic", true),
        GEMINI("gemini", true);

        private final String id;
        private final boolean prompt;

        Kind(String id, boolean prompt) {
            this.id = id;
            this.prompt = prompt;
        }

        public String id() {
            return id;
        }

        /** Whether it answers a rendered prompt with text (else it ranks items itself). */
        public boolean usesPrompt() {
            return prompt;
        }

        /** Whether it calls a language model over HTTP (cacheable, priced, rate-limited). */
        public boolean isLlm() {
            return prompt && this != REPLAY;
        }

        public static Kind byId(String id) {
            String s = id.strip().toLowerCase(Locale.ROOT);
            for (Kind k : values()) {
                if (k.id.equals(s)) {
                    return k;
                }
            }
            if (Set.of("popular", "mostpopular", "most_popular", "pop").contains(s)) {
                return MOST_POPULAR;
            }
            if (Set.of("itemknn", "item_knn", "knn").contains(s)) {
                return ITEM_KNN;
            }
            return null;
        }

        public static String ids() {
            return String.join(", ", java.util.Arrays.stream(values()).map(Kind::id).toList());
        }
    }

    /**
     * One backend. Which fields apply depends on the type (docs/EXPERIMENTS.md); null means the
     * default. LLM types: model, baseUrl, apiKeyEnv (the variable's name; a key is never written here),
     * concurrency, rpm, tpm, temperature, topP, maxTokens, json, timeout (seconds), retries (attempts
     * in all), pauseAfter, price (dollars per million input and output tokens, overriding the table;
     * {@code cachedInput} and {@code cacheWrite}: the prompt-cache read and write rates, by default the
     * table's ratio to the input rate for the model, else the input rate).
     * Rankers: seed (random), neighbours (item-knn), lambda, minUsers and maxItems (ease). Replay: file.
     * P5 (the in-app language model): model (a saved model's name or folder), decoding (free, greedy,
     * constrained: generate titles; absent: rank), temperature, seed, lengthNormalise.
     * {@code saved}: the project's saved backend the entry named ({@code backend: NAME}), whose settings
     * filled the other fields; null for an entry written out in full.
     * {@code batch}: batch mode ({@code batch: true} and its keys; openai and anthropic only), null when off.
     * {@code baseUrls}: an inference fleet's endpoints (openai, openai-compatible and ollama; never with
     * baseUrl); null for one server. A fleet's {@code concurrency} is per endpoint.
     */
    public record BackendSpec(String id, String type, String model, String baseUrl, String apiKeyEnv,
            Integer concurrency, Integer rpm, Long tpm, Long seed, Double temperature, Double topP, Integer maxTokens,
            Boolean json, Double timeout, Integer retries, Integer pauseAfter, Double priceInput, Double priceOutput,
            Double priceCachedInput, Double priceCacheWrite, Integer neighbours, Double lambda, Integer minUsers,
            Integer maxItems, String file, String decoding, Boolean lengthNormalise, Boolean remote, Boolean logprobs,
            SavedBackends.Reference saved, BatchSpec batch, List<String> baseUrls) {

        /** An entry without batch mode, on one server. */
        public BackendSpec(String id, String type, String model, String baseUrl, String apiKeyEnv,
                Integer concurrency, Integer rpm, Long tpm, Long seed, Double temperature, Double topP, Integer maxTokens,
                Boolean json, Double timeout, Integer retries, Integer pauseAfter, Double priceInput, Double priceOutput,
                Double priceCachedInput, Double priceCacheWrite, Integer neighbours, Double lambda, Integer minUsers,
                Integer maxItems, String file, String decoding, Boolean lengthNormalise, Boolean remote, Boolean logprobs,
                SavedBackends.Reference saved) {
            this(id, type, model, baseUrl, apiKeyEnv, concurrency, rpm, tpm, seed, temperature, topP, maxTokens, json, timeout,
                    retries, pauseAfter, priceInput, priceOutput, priceCachedInput, priceCacheWrite, neighbours, lambda, minUsers,
                    maxItems, file, decoding, lengthNormalise, remote, logprobs, saved, null, null);
        }

        /** An entry on one server (no fleet). */
        public BackendSpec(String id, String type, String model, String baseUrl, String apiKeyEnv,
                Integer concurrency, Integer rpm, Long tpm, Long seed, Double temperature, Double topP, Integer maxTokens,
                Boolean json, Double timeout, Integer retries, Integer pauseAfter, Double priceInput, Double priceOutput,
                Double priceCachedInput, Double priceCacheWrite, Integer neighbours, Double lambda, Integer minUsers,
                Integer maxItems, String file, String decoding, Boolean lengthNormalise, Boolean remote, Boolean logprobs,
                SavedBackends.Reference saved, BatchSpec batch) {
            this(id, type, model, baseUrl, apiKeyEnv, concurrency, rpm, tpm, seed, temperature, topP, maxTokens, json, timeout,
                    retries, pauseAfter, priceInput, priceOutput, priceCachedInput, priceCacheWrite, neighbours, lambda, minUsers,
                    maxItems, file, decoding, lengthNormalise, remote, logprobs, saved, batch, null);
        }

        public BackendSpec {
            baseUrls = baseUrls == null || baseUrls.isEmpty() ? null : List.copyOf(baseUrls);
        }

        /** Whether calls go through the provider's batch endpoint ({@code batch: true}). */
        public boolean isBatch() {
            return batch != null;
        }

        /** Whether the calls go to a fleet of servers ({@code baseUrls}). */
        public boolean isFleet() {
            return baseUrls != null;
        }

        /** The fleet's URLs, or the one base URL (null: the provider's default), as a list. */
        public List<String> endpoints() {
            return baseUrls != null ? baseUrls : java.util.Collections.singletonList(baseUrl);
        }

        /**
         * Whether this backend's requests leave the machine: its endpoint is not loopback
         * ({@link org.recprompt.backend.Egress#isRemote}), or it is marked {@code remote: true} (a
         * proxy or tunnel on localhost). Rankers and replays send nothing.
         */
        public boolean isRemote() {
            Kind k = kind();
            if (k == null || !k.isLlm()) {
                return false;
            }
            return Boolean.TRUE.equals(remote) || endpoints().stream().anyMatch(u -> org.recprompt.backend.Egress.isRemote(k.id(), u));
        }

        public Kind kind() {
            return Kind.byId(type);
        }

        /** Calls at once (per endpoint for a fleet): the configured value, 8 for LLMs, 1 for in-process rankers. */
        public int effectiveConcurrency() {
            if (concurrency != null) {
                return concurrency;
            }
            return kind().isLlm() ? 8 : 1;
        }

        /** Calls at once over the whole backend: the concurrency, times the servers of a fleet. */
        public int callsAtOnce() {
            return effectiveConcurrency() * (baseUrls == null ? 1 : baseUrls.size());
        }

        public static BackendSpec ranker(String id, String type) {
            return new BackendSpec(id, type, null, null, null, null, null, null, null, null, null, null, null, null, null,
                    null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        }

        /** Whether choice answers are read from the first token's log-probabilities (OpenAI types, {@code logprobs: true}). */
        public boolean scoresLabels() {
            return Boolean.TRUE.equals(logprobs);
        }
    }
}
