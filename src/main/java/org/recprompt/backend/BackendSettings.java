package org.recprompt.backend;

import java.util.function.Function;

/**
 * What a researcher configures for one backend, as values: the form of the backend editor and the
 * input of {@link BackendConfigService}. It holds no key: {@code apiKeyEnv} names an environment
 * variable (blank: the type's usual one), and a key entered in the workbench is kept encrypted in
 * the {@link SecretStore}. Text is kept as entered; {@link BackendConfigService} checks it.
 */
public record BackendSettings(String name, BackendType type, String baseUrl, String model, String apiKeyEnv,
        Sampling sampling, Limits limits, Prices prices, Local local) {

    /** Generation parameters; null means the provider's default. */
    public record Sampling(Double temperature, Double topP, Integer seed, Integer maxTokens, boolean json,
            boolean logprobs, Integer topLogprobs) {

        public static final Sampling DEFAULTS = new Sampling(0.0, null, 42, null, false, false, 20);
    }

    /** Calls in flight, requests and tokens per minute (0: unlimited), seconds per call, retries after the first attempt. */
    public record Limits(Integer concurrency, Integer requestsPerMinute, Long tokensPerMinute, Integer timeoutSeconds,
            Integer retries) {

        public static final Limits DEFAULTS = new Limits(4, 0, 0L, 60, 5);
    }

    /** US dollars per million input and output tokens; null means the price table's default for the model. */
    public record Prices(Double inputPerMillion, Double outputPerMillion) {

        public static final Prices NONE = new Prices(null, null);

        /** The price table's list price for the model, or none. */
        public static Prices listPrice(String model) {
            if (model == null || model.isBlank()) {
                return NONE;
            }
            return PriceTable.defaults().price(model.strip())
                    .map(p -> new Prices(p.inputPerMillion(), p.outputPerMillion())).orElse(NONE);
        }
    }

    /** Options of local backends: the replay file, item-kNN's neighbours, EASE's lambda and item limit. */
    public record Local(String replayFile, Integer neighbours, Double lambda, Integer maxItems) {

        public static final Local DEFAULTS = new Local("", 50, 500.0, 2000);
    }

    public BackendSettings {
        baseUrl = baseUrl == null ? "" : baseUrl;
        model = model == null ? "" : model;
        apiKeyEnv = apiKeyEnv == null ? "" : apiKeyEnv;
        sampling = sampling == null ? Sampling.DEFAULTS : sampling;
        limits = limits == null ? Limits.DEFAULTS : limits;
        prices = prices == null ? Prices.NONE : prices;
        local = local == null ? Local.DEFAULTS : local;
    }

    /**
     * A new backend of the type with its usual settings: the provider's public endpoint (for
     * Ollama {@code OLLAMA_BASE_URL} when set), its usual key variable and a common model with its
     * list price. Temperature 0 and seed 42, so that a first run is as repeatable as the provider allows.
     */
    public static BackendSettings defaults(BackendType type, String name, Function<String, String> environment) {
        String url = type.defaultBaseUrl();
        if (type == BackendType.OLLAMA) {
            String fromEnv = environment.apply("OLLAMA_BASE_URL");
            if (fromEnv != null && !fromEnv.isBlank()) {
                url = fromEnv.strip();
            }
        }
        return new BackendSettings(name, type, url, type.defaultModel(), type.keyVariable(), Sampling.DEFAULTS,
                Limits.DEFAULTS, Prices.listPrice(type.defaultModel()), Local.DEFAULTS);
    }

    public BackendSettings withName(String n) {
        return new BackendSettings(n, type, baseUrl, model, apiKeyEnv, sampling, limits, prices, local);
    }

    public BackendSettings withConnection(String url, String m, String keyEnv) {
        return new BackendSettings(name, type, url, m, keyEnv, sampling, limits, prices, local);
    }

    public BackendSettings withSampling(Sampling s) {
        return new BackendSettings(name, type, baseUrl, model, apiKeyEnv, s, limits, prices, local);
    }

    public BackendSettings withLimits(Limits l) {
        return new BackendSettings(name, type, baseUrl, model, apiKeyEnv, sampling, l, prices, local);
    }

    public BackendSettings withPrices(Prices p) {
        return new BackendSettings(name, type, baseUrl, model, apiKeyEnv, sampling, limits, p, local);
    }

    public BackendSettings withLocal(Local l) {
        return new BackendSettings(name, type, baseUrl, model, apiKeyEnv, sampling, limits, prices, l);
    }

    /**
     * The servers the base URL names: one, or an inference fleet's several (one per line in the editor;
     * spaces and commas separate them too), as typed; empty when blank.
     */
    public java.util.List<String> baseUrls() {
        return splitUrls(baseUrl);
    }

    /** Whether the base URL names several servers: calls go to the one with the fewest in flight. */
    @com.fasterxml.jackson.annotation.JsonIgnore // derived from baseUrl; not a field of backends.yaml
    public boolean isFleet() {
        return baseUrls().size() > 1;
    }

    /** The URLs a base-URL text names, in order: separated by line breaks, spaces or commas. */
    public static java.util.List<String> splitUrls(String text) {
        if (text == null || text.isBlank()) {
            return java.util.List.of();
        }
        return java.util.Arrays.stream(text.strip().split("[\\s,]+")).filter(u -> !u.isEmpty()).toList();
    }

    /** The key variable this backend reads: the one named, else the type's usual one ("" for none). */
    public String effectiveKeyVariable() {
        return apiKeyEnv.isBlank() ? type.keyVariable() : apiKeyEnv.strip();
    }
}
