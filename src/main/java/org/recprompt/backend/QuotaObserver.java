package org.recprompt.backend;

/**
 * Told what each provider answer said about the quota ({@link QuotaObservation}), on the thread
 * that made the call, right after the answer's headers are read and before the call returns. Given
 * to an adapter when it is built; the {@link RateLimiter} of the same backend is one.
 */
@FunctionalInterface
public interface QuotaObserver {

    QuotaObserver NONE = observation -> { };

    void observe(QuotaObservation observation);
}
