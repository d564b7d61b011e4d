package org.recprompt.backend;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import org.recprompt.backend.BackendConfigService.ResolvedKey;
import org.recprompt.backend.adapter.LlmParameters;
import org.recprompt.backend.adapter.ProviderConfig;
import org.recprompt.backend.adapter.Providers;
import org.recprompt.backend.adapter.SemanticRanker;
import org.recprompt.backend.baseline.EaseRanker;
import org.recprompt.backend.baseline.ItemKnnRanker;
import org.recprompt.backend.baseline.MostPopularRanker;
import org.recprompt.backend.baseline.RandomRanker;
import org.recprompt.backend.baseline.Ranker;
import org.recprompt.dataset.split.Split;
import org.springframework.stereotype.Service;

/**
 * Turns a stored {@link BackendConfig} into what a run calls: for an LLM the adapter
 * ({@link Providers}) inside {@link ResilientBackend} (the config's concurrency, requests and tokens
 * per minute, retries) inside {@link CostingBackend} (the config's prices); for a replay a
 * {@link ReplayBackend}; for a local ranker a {@link Ranker} over the run's split. The response
 * cache is the runner's to add ({@link CachingBackend} with {@link #providerConfig}'s parameters).
 */
@Service
public class BackendFactory {

    /** Requests in a row that fail for good before a backend pauses itself. */
    public static final int PAUSE_AFTER = 10;

    private final BackendConfigService configs;
    private final Clock clock;

    public BackendFactory(BackendConfigService configs, Clock clock) {
        this.configs = configs;
        this.clock = clock;
    }

    /** The adapter's view of the config: type, URL (null for the provider's public endpoint), model, key variable, parameters. */
    public ProviderConfig providerConfig(BackendConfig c) {
        BackendSettings s = c.settings();
        return providerConfig(c.getName(), s, configs.resolveKey(s, c.getSecretName(), null));
    }

    ProviderConfig providerConfig(String id, BackendSettings s, ResolvedKey key) {
        if (!s.type().isRemote()) {
            throw new IllegalArgumentException("Backend " + id + " (" + s.type().id() + ") runs in the workbench; it has no provider.");
        }
        BackendSettings.Sampling p = s.sampling();
        Duration timeout = configs.timeout(s);
        LlmParameters parameters = new LlmParameters(p.temperature(), p.topP(), p.seed(), p.maxTokens(), p.json(), timeout,
                p.topLogprobs() == null ? 20 : p.topLogprobs());
        String variable = key.variable().isEmpty() ? null : key.variable();
        String url = s.isFleet() ? null : baseUrlForAdapter(s); // a fleet's servers are given one by one (build)
        if (url == null && s.type() == BackendType.OLLAMA && !s.isFleet()) {
            url = configs.defaults(BackendType.OLLAMA, id).baseUrl(); // OLLAMA_BASE_URL, else localhost
        }
        return new ProviderConfig(id, s.type().providerType(), url, s.model().strip(), variable, parameters,
                timeout, s.limits().concurrency() == null ? 1 : s.limits().concurrency());
    }

    /**
     * The backend a run calls, with the config's limits and prices. Throws with a message naming
     * the missing variable when a public provider has no key.
     */
    public Backend build(BackendConfig c, Sleeper sleeper, long seed) {
        BackendSettings s = c.settings();
        if (s.type() == BackendType.REPLAY) {
            return new ReplayBackend(Path.of(s.local().replayFile()));
        }
        if (!s.type().isRemote()) {
            throw new IllegalArgumentException("Backend " + c.getName() + " is a local ranker: it ranks a split's items; "
                    + "build it with ranker(config, split, ...).");
        }
        ResolvedKey key = configs.resolveKey(s, c.getSecretName(), null);
        if (key.refusal() != null) {
            throw new IllegalArgumentException("Backend " + c.getName() + ": " + key.refusal());
        }
        ProviderConfig pc = providerConfig(c.getName(), s, key);
        BackendSettings.Limits l = s.limits();
        RetryPolicy retry = new RetryPolicy(l.retries() + 1, RetryPolicy.DEFAULT.base(), RetryPolicy.DEFAULT.cap());
        RateLimiter limits = new RateLimiter(l.requestsPerMinute(), l.tokensPerMinute(), clock, sleeper);
        List<String> fleet = s.isFleet() ? s.baseUrls().stream().map(BackendFactory::stripSlashes).toList() : null;
        DatabaseQuota.attach(limits, pc, fleet, lookup(key)); // one budget with the other processes of a shared database
        Backend adapter = fleet != null
                ? Providers.createFleet(pc, fleet, lookup(key), limits, (url, one) -> one, FleetBackend.CoolDown.DEFAULT, clock)
                : Providers.create(pc, lookup(key), limits);
        int atOnce = pc.concurrency() * (fleet != null ? fleet.size() : 1);
        Backend resilient = new ResilientBackend(adapter, retry, atOnce, PAUSE_AFTER, limits, sleeper, seed);
        return new CostingBackend(resilient, priceTable(c), pc.model());
    }

    /** The bare adapter for one call, with no retries or limits (a connection test). */
    Backend adapter(String id, BackendSettings s, ResolvedKey key) {
        if (key.refusal() != null) {
            throw new IllegalArgumentException(key.refusal());
        }
        return Providers.create(providerConfig(id, s, key), lookup(key));
    }

    /** A local ranker over the split; {@code semanticCache} is the embedding cache file of the semantic ranker (may be null). */
    public Ranker ranker(BackendConfig c, Split split, Path semanticCache, long seed) {
        BackendSettings s = c.settings();
        BackendSettings.Local local = s.local();
        return switch (s.type()) {
            case RANDOM -> new RandomRanker(split, s.sampling().seed() == null ? seed : s.sampling().seed());
            case MOST_POPULAR -> new MostPopularRanker(split);
            case ITEM_KNN -> new ItemKnnRanker(split, local.neighbours());
            case EASE -> new EaseRanker(split, local.lambda(), 1, local.maxItems());
            case SEMANTIC -> new SemanticRanker(split, semanticCache);
            default -> throw new IllegalArgumentException("Backend " + c.getName() + " (" + s.type().id()
                    + ") is not a local ranker; build it with build(config, ...).");
        };
    }

    /** The default price table with the config's own prices for its model, where it sets them. */
    public PriceTable priceTable(BackendConfig c) {
        BackendSettings s = c.settings();
        PriceTable table = PriceTable.defaults();
        String model = s.model().strip();
        if (!model.isEmpty() && (s.prices().inputPerMillion() != null || s.prices().outputPerMillion() != null)) {
            BackendSettings.Prices list = BackendSettings.Prices.listPrice(model);
            double in = s.prices().inputPerMillion() != null ? s.prices().inputPerMillion()
                    : list.inputPerMillion() == null ? 0 : list.inputPerMillion();
            double out = s.prices().outputPerMillion() != null ? s.prices().outputPerMillion()
                    : list.outputPerMillion() == null ? 0 : list.outputPerMillion();
            // the saved backend holds input and output rates; its cached and write rates keep the list's ratio to input
            double cachedRatio = table.price(model).filter(p -> p.inputPerMillion() > 0)
                    .map(p -> p.cachedInputPerMillion() / p.inputPerMillion()).orElse(1.0);
            double writeRatio = table.price(model).filter(p -> p.inputPerMillion() > 0)
                    .map(p -> p.cacheWritePerMillion() / p.inputPerMillion()).orElse(1.0);
            table.put(model, in, out, in * cachedRatio, in * writeRatio);
        }
        return table;
    }

    /**
     * The base URL as the adapter wants it: null for the provider's public endpoint, so that a
     * missing key is refused up front ({@link Providers}), else the URL without trailing slashes.
     */
    public static String baseUrlForAdapter(BackendSettings s) {
        String url = stripSlashes(s.baseUrl());
        if (url.isEmpty() || s.type().requiresKey() && url.equals(stripSlashes(s.type().defaultBaseUrl()))) {
            return null;
        }
        return url;
    }

    private static String stripSlashes(String url) {
        String u = url == null ? "" : url.strip();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }

    private static Function<String, String> lookup(ResolvedKey key) {
        return name -> name.equals(key.variable()) ? key.value() : null;
    }
}
