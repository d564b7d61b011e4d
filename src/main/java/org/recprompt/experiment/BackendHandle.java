package org.recprompt.experiment;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.recprompt.backend.Backend;
import org.recprompt.backend.BackendRequest;
import org.recprompt.backend.CacheKey;
import org.recprompt.backend.CachingBackend;
import org.recprompt.backend.CostingBackend;
import org.recprompt.backend.Egress;
import org.recprompt.backend.EgressRecordingBackend;
import org.recprompt.backend.EgressSink;
import org.recprompt.backend.FleetBackend;
import org.recprompt.backend.ImageCache;
import org.recprompt.backend.ImageResolvingBackend;
import org.recprompt.backend.LocalOnlyBackend;
import org.recprompt.backend.PriceTable;
import org.recprompt.backend.RateLimiter;
import org.recprompt.backend.ReplayBackend;
import org.recprompt.backend.ResilientBackend;
import org.recprompt.backend.RetryPolicy;
import org.recprompt.backend.Sleeper;
import org.recprompt.backend.adapter.LlmParameters;
import org.recprompt.backend.adapter.ProviderConfig;
import org.recprompt.backend.adapter.Providers;
import org.recprompt.backend.adapter.P5Ranker;
import org.recprompt.backend.adapter.SemanticRanker;
import org.recprompt.lm.Decoding;
import org.recprompt.lm.DjlRuntime;
import org.recprompt.lm.LanguageModel;
import org.recprompt.lm.ModelStore;
import org.recprompt.lm.P5Scorer;
import org.recprompt.lm.Tokenisation;
import org.recprompt.lm.TrainingCorpus;
import org.recprompt.backend.baseline.EaseRanker;
import org.recprompt.backend.baseline.ItemKnnRanker;
import org.recprompt.backend.baseline.MostPopularRanker;
import org.recprompt.backend.baseline.RandomRanker;
import org.recprompt.backend.baseline.Ranker;
import org.recprompt.dataset.split.Seeds;
import org.recprompt.dataset.split.Split;
import org.recprompt.experiment.ExperimentSpec.BackendSpec;
import org.recprompt.experiment.ExperimentSpec.Kind;

/**
 * One backend of an experiment, ready to use: a text backend (LLM adapters as
 * Costing(Caching(Resilient(adapter))), so a cached answer takes no slot, no rate-limit token and
 * costs nothing; or a replay), or a ranker built on first use (EASE and the semantic model take
 * seconds, so they are built on their own lane, not before the run). Its settings, without any
 * secret, go into summary.json.
 */
final class BackendHandle {

    static final int ITEM_KNN_NEIGHBOURS = 50;
    static final double EASE_LAMBDA = 500;
    static final int EASE_MIN_USERS = 2;
    static final int EASE_MAX_ITEMS = 2000;
    static final int PAUSE_AFTER = 10;

    /** Writes an answer for a user without a prompt (a p5 word-token model's generated titles). */
    @FunctionalInterface
    interface NativeGenerator {
        /** K titles as a numbered list, generated after {@code history} (the user's profile for the call). */
        String generate(int user, int[] history, int k);
    }

    final BackendSpec spec;
    final Backend text;
    final NativeGenerator generator;
    /** Facts about a loaded model for summary.json (p5: tokenisation, fingerprint); empty otherwise. */
    final Map<String, Object> modelFacts;
    /** What the handle holds open (a loaded p5 model's native memory); closed when the run ends. */
    private volatile AutoCloseable resource;
    private final Supplier<Ranker> rankerFactory;
    private volatile Ranker ranker;
    /** An LLM backend's rate limiter; null for others. */
    private volatile RateLimiter limits;

    private final KeyParts cacheKeyParts;
    /** The provider's batch endpoint when the backend has {@code batch: true} (null otherwise, and under local-only refusal). */
    private volatile BatchBackend batch;
    /** The fleet under a {@code baseUrls} backend (its per-endpoint record for summary.json); null otherwise. */
    private volatile FleetBackend fleet;

    private BackendHandle(BackendSpec spec, Backend text, Supplier<Ranker> rankerFactory, KeyParts cacheKeyParts) {
        this(spec, text, rankerFactory, cacheKeyParts, null, Map.of());
    }

    private BackendHandle(BackendSpec spec, Backend text, Supplier<Ranker> rankerFactory, KeyParts cacheKeyParts,
            NativeGenerator generator, Map<String, Object> modelFacts) {
        this.spec = spec;
        this.text = text;
        this.generator = generator;
        this.modelFacts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(modelFacts));
        this.rankerFactory = rankerFactory;
        this.cacheKeyParts = cacheKeyParts;
    }

    private BackendHandle(BackendSpec spec, Backend text, Supplier<Ranker> rankerFactory) {
        this(spec, text, rankerFactory, null);
    }

    private BackendHandle holding(AutoCloseable r) {
        this.resource = r;
        return this;
    }

    /** Releases what the handle holds (a p5 model's native memory); a later call is refused by the model itself. */
    void close() {
        AutoCloseable r = resource;
        resource = null;
        if (r != null) {
            try {
                r.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not release backend " + spec.id() + ": " + e.getMessage(), e);
            }
        }
    }

    /** The batch side of a {@code batch: true} backend; null for a backend whose calls go one by one. */
    BatchBackend batch() {
        return batch;
    }

    /**
     * A {@code batch: true} backend: its calls are submitted to the provider's batch endpoint by the
     * run ({@link BatchLane}), and each answer then goes through Costing(Caching(batch answer)), the
     * cost at the batch price ({@link #prices}).
     */
    static BackendHandle batch(BackendSpec b, RunEnvironment env, RunCache cache, EgressSink egress, ImageCache images) {
        String provider = provider(b);
        Map<String, Object> keyed = keyed(b, parameters(b));
        Keys keys = keys(b, env);
        ProviderConfig config = new ProviderConfig(b.id(), provider, b.baseUrl(), b.model(), keys.variable, parameters(b), null,
                b.effectiveConcurrency());
        BatchBackend.Tagging tagging = new BatchBackend.Tagging(egress, b.isRemote());
        BatchBackend side = new BatchBackend(org.recprompt.backend.batch.BatchApis.create(config, keys.lookup, tagging), b.batch(),
                images, ImageResolvingBackend.Delivery.of(provider, b.isRemote()), tagging);
        Backend text = side.answers;
        if (cache != null) {
            text = new CachingBackend(text, cache, provider, b.model(), keyed);
        }
        text = new CostingBackend(text, prices(b, env.prices()), b.model());
        BackendHandle h = new BackendHandle(b, text, null, cache == null ? null : new KeyParts(provider, keyed));
        h.batch = side;
        return h;
    }

    /** The key variable a backend names and how its value is read (a saved backend: its own key only). */
    private record Keys(String variable, java.util.function.Function<String, String> lookup) {
    }

    private static Keys keys(BackendSpec b, RunEnvironment env) {
        if (b.saved() != null) {
            org.recprompt.backend.BackendConfigService.ResolvedKey key = b.saved().resolveKey(b.id());
            return new Keys(key.variable().isEmpty() ? null : key.variable(), SavedBackends.Reference.lookup(key));
        }
        return new Keys(b.apiKeyEnv(), env.env());
    }

    boolean isRanker() {
        return text == null && generator == null;
    }

    Ranker ranker() {
        Ranker r = ranker;
        if (r == null) {
            synchronized (this) {
                if (ranker == null) {
                    ranker = rankerFactory.get();
                }
                r = ranker;
            }
        }
        return r;
    }

    /** The seed a random ranker draws with: the backend's seed mixed with a fixed label, so its stream never equals the candidate sampler's. */
    static long rankerSeed(long seed) {
        return Seeds.mix(seed, "random-ranker");
    }

    static BackendHandle create(BackendSpec b, Split split, long experimentSeed, ExperimentFile file, RunEnvironment env,
            RunCache cache) {
        return create(b, split, experimentSeed, file, env, cache, false, EgressSink.NONE);
    }

    /**
     * With privacy: when {@code localOnly} and the backend is remote ({@link BackendSpec#isRemote}),
     * its calls are {@link LocalOnlyBackend} failures (cached answers are still served) and no
     * adapter is built; otherwise every request an LLM adapter sends is reported to {@code egress}.
     */
    static BackendHandle create(BackendSpec b, Split split, long experimentSeed, ExperimentFile file, RunEnvironment env,
            RunCache cache, boolean localOnly, EgressSink egress) {
        return create(b, split, experimentSeed, file, env, cache, localOnly, egress, images(env, localOnly));
    }

    /** The run's item-image cache: the workspace's {@code cache/images} (memory without a workspace); no fetch when local only. */
    static ImageCache images(RunEnvironment env, boolean localOnly) {
        return ImageCache.forRun(env.embeddingCache(), env.env(), localOnly);
    }

    /** As above, with the run's one item-image cache (shared by its backends). */
    static BackendHandle create(BackendSpec b, Split split, long experimentSeed, ExperimentFile file, RunEnvironment env,
            RunCache cache, boolean localOnly, EgressSink egress, ImageCache images) {
        Kind kind = b.kind();
        long seed = b.seed() == null ? experimentSeed : b.seed();
        return switch (kind) {
            case RANDOM -> new BackendHandle(b, null, () -> new RandomRanker(split, rankerSeed(seed)));
            case MOST_POPULAR -> new BackendHandle(b, null, () -> new MostPopularRanker(split));
            case ITEM_KNN -> new BackendHandle(b, null, () -> new ItemKnnRanker(split,
                    b.neighbours() == null ? ITEM_KNN_NEIGHBOURS : b.neighbours()));
            case EASE -> new BackendHandle(b, null, () -> new EaseRanker(split, b.lambda() == null ? EASE_LAMBDA : b.lambda(),
                    b.minUsers() == null ? EASE_MIN_USERS : b.minUsers(), b.maxItems() == null ? EASE_MAX_ITEMS : b.maxItems()));
            case SEMANTIC -> new BackendHandle(b, null, () -> new SemanticRanker(split, env.embeddingCache() == null ? null
                    : env.embeddingCache().resolve(safe(split.dataset().name()) + "-" + split.dataset().items().size() + ".emb")));
            case P5 -> p5(b, split, seed, file.replayFiles().get(b.id()), env);
            case REPLAY -> new BackendHandle(b, replay(file.replayFiles().get(b.id()), split), null);
            default -> {
                KeyParts parts = cache == null ? null : new KeyParts(provider(b), keyed(b, parameters(b)));
                if (localOnly && b.isRemote()) {
                    yield new BackendHandle(b, refused(b, env, cache), null, parts);
                }
                if (b.isBatch()) {
                    yield batch(b, env, cache, egress, images);
                }
                RateLimiter limits = limiter(b, env);
                FleetBackend[] built = new FleetBackend[1];
                BackendHandle h = new BackendHandle(b, llm(b, seed, env, cache, egress, images, limits, f -> built[0] = f), null,
                        parts);
                h.limits = limits;
                h.fleet = built[0];
                yield h;
            }
        };
    }

    /**
     * What this backend's calls wait for when they wait on the provider's quota ("waiting for the
     * provider's quota: 0 requests left, resets in 12 s"), for the progress line; empty otherwise.
     */
    java.util.Optional<String> quotaWait() {
        RateLimiter l = limits;
        return l == null ? java.util.Optional.empty() : l.waitingFor();
    }

    /** The backend's requests and tokens per minute as configured; the provider's headers may lower them or, unset, set them. */
    static RateLimiter limiter(BackendSpec b, RunEnvironment env) {
        return new RateLimiter(b.rpm() == null ? 0 : b.rpm(), b.tpm() == null ? 0 : b.tpm(), env.clock(), Sleeper.REAL);
    }

    /** The fleet's record per endpoint so far (answered, faults, set aside, probes, recoveries); null when not a fleet. */
    Map<String, Object> fleetStats() {
        FleetBackend f = fleet;
        return f == null ? null : f.statsJson();
    }

    /** A replay backend whose recorded relevant items and candidates are checked against the run's dataset. */
    static ReplayBackend replay(Path file, Split split) {
        ReplayBackend replay = new ReplayBackend(file);
        var items = split.dataset().items();
        replay.checkItems(id -> items.indexOf(id) >= 0, "the dataset " + split.dataset().name());
        return replay;
    }

    /** How many replay lines record their own relevant items or candidates (0 for any other backend). */
    long recordedTruths() {
        return text instanceof ReplayBackend replay ? replay.truths() : 0;
    }

    /** The truth a replay line recorded for this call, or null (no such line, none recorded, or not a replay). */
    ReplayBackend.Truth recordedTruth(String user, int repeat, String variant) {
        return text instanceof ReplayBackend replay ? replay.truth(user, repeat, variant).orElse(null) : null;
    }

    /**
     * A p5 backend: the saved model loaded over the run's catalog, refused when it was trained on
     * other data than this run's training split (it could have seen the held-out items). With a
     * decoding it generates titles for grounding; without, it ranks.
     */
    static BackendHandle p5(BackendSpec b, Split split, long seed, Path folder, RunEnvironment env) {
        DjlRuntime.prepare(env.embeddingCache() == null ? null : env.embeddingCache().resolveSibling("djl"));
        LanguageModel model;
        ModelStore.Manifest manifest;
        try {
            manifest = ModelStore.manifest(folder);
            model = ModelStore.load(folder, split.dataset().items());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot load the model " + b.model() + ": " + e.getMessage());
        }
        String fingerprint = TrainingCorpus.of(split, model.vocabulary()).fingerprint();
        if (!fingerprint.equals(manifest.fingerprint())) {
            model.close();
            throw new IllegalArgumentException("the model " + b.model() + " was trained on other data than this run's training split"
                    + " (fingerprint " + manifest.fingerprint() + ", this split " + fingerprint + "; trained on "
                    + manifest.dataset() + ", " + manifest.split() + "): it may have seen this run's held-out items."
                    + " Train a model on this dataset and split.");
        }
        Tokenisation tokens = model.vocabulary().tokenisation();
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("tokenisation", tokens.id());
        facts.put("fingerprint", fingerprint);
        facts.put("parameters", model.parameterCount());
        P5Scorer scorer = new P5Scorer(model, split);
        if (b.decoding() == null) {
            boolean normalise = b.lengthNormalise() == null || b.lengthNormalise();
            return new BackendHandle(b, null, () -> new P5Ranker(scorer, normalise), null, null, facts).holding(model);
        }
        if (tokens != Tokenisation.WORD) {
            model.close();
            throw new IllegalArgumentException("the model " + b.model() + " has item tokens: it ranks items (leave decoding out);"
                    + " decoding applies to word-token models");
        }
        Decoding decoding = Decoding.byId(b.decoding());
        double temperature = b.temperature() != null ? b.temperature() : decoding == Decoding.FREE ? 1.0 : 0.0;
        return new BackendHandle(b, null, null, null,
                (user, history, k) -> P5Scorer.numberedList(scorer.generate(user, history, k, decoding, temperature, seed)), facts)
                .holding(model);
    }

    /** Whether this handle is a word-token p5 model that ranks (it needs candidates: it cannot rank the whole catalog). */
    boolean ranksOnlyCandidates() {
        return spec.kind() == Kind.P5 && generator == null && "word".equals(modelFacts.get("tokenisation"));
    }

    static String provider(BackendSpec b) {
        return b.kind() == Kind.OPENAI_COMPATIBLE ? "openai" : b.kind().id();
    }

    static LlmParameters parameters(BackendSpec b) {
        Integer modelSeed = b.seed() == null ? null : (int) (long) b.seed();
        return new LlmParameters(b.temperature(), b.topP(), modelSeed, b.maxTokens(),
                Boolean.TRUE.equals(b.json()), b.timeout() == null ? null : Duration.ofMillis(Math.round(b.timeout() * 1000)),
                20);
    }

    /** A remote backend under local-only: refuses every call, serves what the cache already holds. */
    static Backend refused(BackendSpec b, RunEnvironment env, RunCache cache) {
        String url = b.isFleet() ? b.baseUrls().stream().filter(u -> Egress.isRemote(b.kind().id(), u)).findFirst()
                .orElse(b.baseUrls().get(0)) : b.baseUrl() == null ? Egress.defaultBaseUrl(b.kind().id()) : b.baseUrl();
        Backend backend = new LocalOnlyBackend(b.id(), Egress.endpoint(url));
        if (cache != null) {
            backend = new CachingBackend(backend, cache, provider(b), b.model(), keyed(b, parameters(b)));
        }
        return new CostingBackend(backend, prices(b, env.prices()), b.model());
    }

    static Backend llm(BackendSpec b, long seed, RunEnvironment env, RunCache cache) {
        return llm(b, seed, env, cache, EgressSink.NONE);
    }

    static Backend llm(BackendSpec b, long seed, RunEnvironment env, RunCache cache, EgressSink egress) {
        return llm(b, seed, env, cache, egress, images(env, env.localOnly()));
    }

    /**
     * Costing(Caching(ImageResolving(Resilient(EgressRecording(adapter))))): item images are made what
     * the provider takes after the cache lookup (a cached answer needs no fetch) and before retries
     * (a retry does not fetch again; a failed image is the call's outcome, not retried).
     */
    static Backend llm(BackendSpec b, long seed, RunEnvironment env, RunCache cache, EgressSink egress, ImageCache images) {
        return llm(b, seed, env, cache, egress, images, limiter(b, env), f -> { });
    }

    /**
     * As above, paced by {@code limits}, which the adapter tells every answer's rate-limit headers. A
     * fleet ({@code baseUrls}) is Resilient(Fleet(EgressRecording(adapter) per endpoint)): the retries
     * and limits cover the fleet, whose concurrency is the per-endpoint value times the endpoints, and
     * each endpoint's requests are recorded with the URL actually called. {@code fleetOut} receives the fleet.
     */
    static Backend llm(BackendSpec b, long seed, RunEnvironment env, RunCache cache, EgressSink egress, ImageCache images,
            RateLimiter limits, java.util.function.Consumer<FleetBackend> fleetOut) {
        String provider = provider(b);
        Map<String, Object> keyed = keyed(b, parameters(b));
        LlmParameters params = parameters(b);
        int concurrency = b.effectiveConcurrency();
        String keyVariable = b.apiKeyEnv();
        java.util.function.Function<String, String> keys = env.env();
        if (b.saved() != null) {
            // a saved backend sends only its own key: the stored one (bound to its URL) or its variable's
            org.recprompt.backend.BackendConfigService.ResolvedKey key = b.saved().resolveKey(b.id());
            keyVariable = key.variable().isEmpty() ? null : key.variable();
            keys = SavedBackends.Reference.lookup(key);
        }
        ProviderConfig config = new ProviderConfig(b.id(), provider, b.baseUrl(), b.model(), keyVariable, params, null,
                concurrency);
        // several processes on one database server calling this backend share one per-minute budget
        org.recprompt.backend.DatabaseQuota.attach(limits, config, b.isFleet() ? b.baseUrls() : null, keys);
        RetryPolicy retry = b.retries() == null ? RetryPolicy.DEFAULT
                : new RetryPolicy(b.retries(), RetryPolicy.DEFAULT.base(), RetryPolicy.DEFAULT.cap());
        Backend adapter;
        if (b.isFleet()) {
            FleetBackend fleet = Providers.createFleet(config, b.baseUrls(), keys, limits, (url, one) -> new EgressRecordingBackend(one,
                    egress, b.id(), provider, b.model(), Boolean.TRUE.equals(b.remote()) || Egress.isRemote(b.kind().id(), url),
                    env.clock()), FleetBackend.CoolDown.DEFAULT, env.clock());
            fleetOut.accept(fleet);
            adapter = fleet;
            concurrency = fleet.totalConcurrency();
        } else {
            adapter = new EgressRecordingBackend(Providers.create(config, keys, limits), egress, b.id(), provider, b.model(),
                    b.isRemote(), env.clock());
        }
        Backend backend = new ResilientBackend(adapter, retry, concurrency,
                b.pauseAfter() == null ? PAUSE_AFTER : b.pauseAfter(), limits, Sleeper.REAL, seed);
        backend = new ImageResolvingBackend(backend, images, ImageResolvingBackend.Delivery.of(provider, b.isRemote()));
        if (cache != null) {
            backend = new CachingBackend(backend, cache, provider, b.model(), keyed);
        }
        return new CostingBackend(backend, prices(b, env.prices()), b.model());
    }

    /**
     * What the cache key covers besides the messages: the generation parameters and the server's URL;
     * for a fleet, its URLs sorted (the same model behind each: which endpoint answered does not split
     * the cache, and the order they are written in does not either; a fleet of one keys as its baseUrl).
     */
    static Map<String, Object> keyed(BackendSpec b, LlmParameters params) {
        Map<String, Object> keyed = new LinkedHashMap<>(params.asCacheParameters());
        if (b.isFleet() && b.baseUrls().size() == 1) {
            keyed.put("baseUrl", b.baseUrls().get(0));
        } else if (b.isFleet()) {
            keyed.put("baseUrls", String.join(" ", b.baseUrls().stream().sorted().toList()));
        } else if (b.baseUrl() != null) {
            keyed.put("baseUrl", b.baseUrl());
        }
        return keyed;
    }

    /** Whether this backend's answers go through the response cache. */
    boolean cachesAnswers() {
        return cacheKeyParts != null;
    }

    /** The response-cache key of a request to this backend; null when its answers are not cached. */
    String cacheKey(BackendRequest request) {
        return cacheKeyParts == null ? null : CacheKey.of(cacheKeyParts.provider, spec.model(), cacheKeyParts.keyed, request);
    }

    /** The provider name the response cache stores this backend's answers under; null when they are not cached. */
    String cacheProvider() {
        return cacheKeyParts == null ? null : cacheKeyParts.provider;
    }

    private record KeyParts(String provider, Map<String, Object> keyed) {
    }

    /** The table with this backend's own price, when it names one; for a batch backend, at its batch price. */
    static PriceTable prices(BackendSpec b, PriceTable table) {
        return b.isBatch() ? discounted(listPrices(b, table), b.batch().discount()) : listPrices(b, table);
    }

    /** The table with this backend's own price, when it names one, at the list price (batch or not). */
    static PriceTable listPrices(BackendSpec b, PriceTable table) {
        return BackendPrices.table(b, table);
    }

    /** Every price of the table times {@code share} (a batch endpoint's discount: 0.5 is half the list price). */
    static PriceTable discounted(PriceTable table, double share) {
        PriceTable t = new PriceTable();
        table.all().forEach((m, p) -> t.put(m, p.inputPerMillion() * share, p.outputPerMillion() * share,
                p.cachedInputPerMillion() * share, p.cacheWritePerMillion() * share));
        return t;
    }

    /** The backend's settings as summary.json records them: what was configured, never a key. */
    static Map<String, Object> settings(BackendSpec b, long experimentSeed) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", b.id());
        m.put("type", b.kind().id());
        put(m, "model", b.model());
        put(m, "baseUrl", b.baseUrl());
        put(m, "baseUrls", b.baseUrls());
        put(m, "apiKeyEnv", b.apiKeyEnv());
        if (b.kind().isLlm()) {
            m.put("remote", b.isRemote());
            m.put("concurrency", b.effectiveConcurrency());
            if (b.isFleet()) {
                m.put("concurrency_per", "endpoint");
                m.put("calls_at_once", b.callsAtOnce());
            }
            put(m, "rpm", b.rpm());
            put(m, "tpm", b.tpm());
            put(m, "temperature", b.temperature());
            put(m, "topP", b.topP());
            put(m, "maxTokens", b.maxTokens());
            put(m, "json", b.json());
            put(m, "logprobs", b.logprobs());
            m.put("timeout_seconds", b.timeout() == null ? LlmParameters.DEFAULT_TIMEOUT.toSeconds() : b.timeout());
            m.put("retries", b.retries() == null ? RetryPolicy.DEFAULT.maxAttempts() : b.retries());
            m.put("pauseAfter", b.pauseAfter() == null ? PAUSE_AFTER : b.pauseAfter());
            put(m, "seed", b.seed());
        }
        switch (b.kind()) {
            case RANDOM -> {
                long seed = b.seed() == null ? experimentSeed : b.seed();
                m.put("seed", seed);
                m.put("stream_seed", rankerSeed(seed));
            }
            case ITEM_KNN -> m.put("neighbours", b.neighbours() == null ? ITEM_KNN_NEIGHBOURS : b.neighbours());
            case EASE -> {
                m.put("lambda", b.lambda() == null ? EASE_LAMBDA : b.lambda());
                m.put("minUsers", b.minUsers() == null ? EASE_MIN_USERS : b.minUsers());
                m.put("maxItems", b.maxItems() == null ? EASE_MAX_ITEMS : b.maxItems());
            }
            case SEMANTIC -> m.put("model", SemanticRanker.MODEL_NAME);
            case P5 -> {
                m.put("decoding", b.decoding() == null ? "none (ranks)" : b.decoding());
                if (b.decoding() == null) {
                    m.put("lengthNormalise", b.lengthNormalise() == null || b.lengthNormalise());
                } else {
                    m.put("temperature", b.temperature() != null ? b.temperature() : b.decoding().equals("free") ? 1.0 : 0.0);
                }
                m.put("seed", b.seed() == null ? experimentSeed : b.seed());
            }
            case REPLAY -> m.put("file", b.file());
            default -> {
            }
        }
        if (b.priceInput() != null || b.priceOutput() != null || b.priceCachedInput() != null || b.priceCacheWrite() != null) {
            Map<String, Object> price = new LinkedHashMap<>();
            price.put("input", b.priceInput() == null ? 0 : b.priceInput());
            price.put("output", b.priceOutput() == null ? 0 : b.priceOutput());
            put(price, "cachedInput", b.priceCachedInput());
            put(price, "cacheWrite", b.priceCacheWrite());
            m.put("price", price);
        }
        if (b.isBatch()) { // the cost view reads exactly these two keys
            m.put("batch", true);
            m.put("batchDiscount", b.batch().discount());
            put(m, "batchSize", b.batch().size());
        }
        if (b.saved() != null) {
            m.put("saved_backend", b.saved().describe()); // which saved backend, as it was when the run began
        }
        return m;
    }

    private static void put(Map<String, Object> m, String k, Object v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
