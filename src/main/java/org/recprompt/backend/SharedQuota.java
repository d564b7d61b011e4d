package org.recprompt.backend;

import org.recprompt.backend.QuotaObservation.Dimension;

/**
 * One backend's per-minute quota as a budget shared by every process that calls it (workbenches and
 * workers on one database server): per dimension a token bucket that refills continuously at the
 * limit per minute, from which a {@link RateLimiter} takes grants in small batches, so that a call
 * costs a round trip to the budget only now and then.
 */
public interface SharedQuota {

    /**
     * What a {@link #take} gave: {@code granted} (0 when not even {@code need} was left), the wait
     * before that much will be there, and the bucket's level after the grant.
     */
    record Grant(double granted, long waitMillis, double levelAfter) {
    }

    /**
     * Takes up to {@code want} and at least {@code need} of {@code d}, or nothing (then says how long
     * until {@code need} is there). {@code limit} is the caller's limit per minute in force (it sets
     * the shared bucket's rate); {@code initialLevel} is where a bucket this call creates starts.
     */
    Grant take(Dimension d, double need, double want, double limit, double initialLevel);

    /** Lowers the shared level to {@code level} when above it (a provider said less was left than the budget holds). */
    void tighten(Dimension d, double limit, double level);

    /** After a 429: no process takes a grant for {@code millis}. */
    void hold(long millis);

    /** Who shares it, for a progress line ("shared with other processes through the database"). */
    String describe();
}
