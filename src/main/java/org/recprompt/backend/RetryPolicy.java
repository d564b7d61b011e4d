package org.recprompt.backend;

import java.time.Duration;
import java.util.Random;

/**
 * When to try a failed call again: up to {@code maxAttempts} in all, for retryable failures only,
 * waiting an exponentially growing, fully jittered delay (AWS's "full jitter": uniform in
 * [0, min(cap, base x 2^(attempt-1))]), but never less than a provider's Retry-After.
 */
public record RetryPolicy(int maxAttempts, Duration base, Duration cap) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(6, Duration.ofMillis(500), Duration.ofSeconds(30));
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("at least one attempt, not " + maxAttempts);
        }
    }

    /** The wait before attempt {@code next} (2, 3, ...) after the given failure. */
    public Duration delay(int next, Failure failure, Random random) {
        long ceiling = Math.min(cap.toMillis(), base.toMillis() << Math.min(30, next - 2));
        long jittered = ceiling <= 0 ? 0 : (long) (random.nextDouble() * ceiling);
        long asked = failure.retryAfter() == null ? 0 : failure.retryAfter().toMillis();
        return Duration.ofMillis(Math.max(jittered, asked));
    }

    public boolean shouldRetry(int attemptsSoFar, Failure failure) {
        return failure.kind().retryable() && attemptsSoFar < maxAttempts;
    }
}
