package org.recprompt.backend;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs calls with a concurrency limit and retries ({@link RetryPolicy}), and pauses a backend
 * that keeps failing: after {@code pauseAfter} requests in a row have failed for good, every
 * further request is answered at once with a PAUSED failure that says why, instead of burning
 * through every user, until {@link #resume()}. A success resets the count.
 */
public final class ResilientBackend implements Backend {

    private final Backend inner;
    private final RetryPolicy retry;
    private final Semaphore slots;
    private final int pauseAfter;
    private final Sleeper sleeper;
    private final RateLimiter limits;
    private final Random jitter;
    private final AtomicInteger failuresInARow = new AtomicInteger();
    private volatile Failure pausedBecause;

    public ResilientBackend(Backend inner, RetryPolicy retry, int concurrency, int pauseAfter, Sleeper sleeper, long seed) {
        this(inner, retry, concurrency, pauseAfter, RateLimiter.unlimited(), sleeper, seed);
    }

    /**
     * With a {@link RateLimiter}: configured requests and tokens per minute and what the provider's
     * rate-limit headers say (the adapter must have been given the same limiter as its quota observer);
     * every attempt, retries included, counts, and a 429 holds back every call until its Retry-After.
     */
    public ResilientBackend(Backend inner, RetryPolicy retry, int concurrency, int pauseAfter, RateLimiter limits,
            Sleeper sleeper, long seed) {
        if (concurrency < 1 || pauseAfter < 1) {
            throw new IllegalArgumentException("concurrency and pauseAfter must be at least 1");
        }
        this.inner = inner;
        this.retry = retry;
        this.slots = new Semaphore(concurrency, true);
        this.pauseAfter = pauseAfter;
        this.sleeper = sleeper;
        this.limits = limits;
        this.jitter = new Random(seed);
    }

    @Override
    public BackendResult generate(BackendRequest request) {
        Failure paused = pausedBecause;
        if (paused != null) {
            return BackendResult.failed(new Failure(Failure.Kind.PAUSED, "The backend is paused after "
                    + pauseAfter + " failed requests in a row; the last: " + paused.message()), 0).withAttempts(0);
        }
        long start = System.nanoTime();
        int attempts = 0;
        BackendResult result;
        try {
            long tokens = estimatedTokens(request);
            while (true) {
                RateLimiter.Ticket ticket = limits.acquire(tokens);
                result = null;
                try {
                    slots.acquire();
                    try {
                        result = inner.generate(request);
                    } finally {
                        slots.release();
                    }
                } finally {
                    limits.settle(ticket, result == null ? null : result.usage());
                }
                if (result.failure() != null && result.failure().kind() == Failure.Kind.RATE_LIMITED) {
                    limits.refused(result.failure().retryAfter());
                }
                attempts++;
                if (result.isOk() || !retry.shouldRetry(attempts, result.failure())) {
                    break;
                }
                Duration wait;
                synchronized (jitter) {
                    wait = retry.delay(attempts + 1, result.failure(), jitter);
                }
                sleeper.sleep(wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = BackendResult.failed(new Failure(Failure.Kind.CANCELLED, "cancelled while waiting to retry"), 0);
        }
        if (result.isOk()) {
            failuresInARow.set(0);
        } else if (result.failure().kind() != Failure.Kind.CANCELLED
                && failuresInARow.incrementAndGet() >= pauseAfter) {
            pausedBecause = result.failure();
        }
        return result.withAttempts(attempts).withLatency((System.nanoTime() - start) / 1_000_000);
    }

    /** About four characters a token, for the tokens-per-minute limit before the provider reports usage. */
    static long estimatedTokens(BackendRequest request) {
        return request.messages().stream().mapToLong(m -> m.text().length()).sum() / 4 + 1;
    }

    /** What calls wait for when they wait on the provider's quota, for a progress line; empty otherwise. */
    public java.util.Optional<String> waitingFor() {
        return limits.waitingFor();
    }

    public boolean isPaused() {
        return pausedBecause != null;
    }

    public void resume() {
        failuresInARow.set(0);
        pausedBecause = null;
    }
}
