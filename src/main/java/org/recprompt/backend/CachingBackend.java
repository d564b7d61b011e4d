package org.recprompt.backend;

import java.util.Map;

/**
 * Serves an answer from the {@link ResponseCache} (or another {@link ResponseStore}) when the same provider, model, parameters,
 * messages, labels and repeat index were answered before; otherwise calls the inner backend and
 * stores a successful answer. Failures are never cached, so a later run asks again.
 */
public final class CachingBackend implements Backend {

    private final Backend inner;
    private final ResponseStore cache;
    private final String provider;
    private final String model;
    private final Map<String, ?> parameters;

    public CachingBackend(Backend inner, ResponseStore cache, String provider, String model, Map<String, ?> parameters) {
        this.inner = inner;
        this.cache = cache;
        this.provider = provider;
        this.model = model;
        this.parameters = Map.copyOf(parameters);
    }

    @Override
    public BackendResult generate(BackendRequest request) {
        String key = CacheKey.of(provider, model, parameters, request);
        return cache.get(key).orElseGet(() -> {
            BackendResult result = inner.generate(request);
            if (result.isOk()) {
                cache.put(key, provider, model, request.sampleIndex(), result);
            }
            return result;
        });
    }
}
