package org.recprompt.backend;

import java.util.Optional;

/**
 * Where {@link CachingBackend} keeps answers: {@link ResponseCache} (the workspace database), or a
 * run's batching layer over it. Failures are never stored.
 */
public interface ResponseStore {

    /** The answer stored under the key, marked as cached. */
    Optional<BackendResult> get(String key);

    /** Stores a successful answer. */
    void put(String key, String provider, String model, int sampleIndex, BackendResult result);
}
