package org.recprompt.backend;

import java.time.Clock;
import java.time.Duration;

/**
 * Requests-per-minute and tokens-per-minute limits as two token buckets that refill continuously
 * (a bucket of capacity L refills L per minute). {@link #acquire(long)} waits until one request
 * and the estimated tokens fit; a limit of 0 means unlimited. Thread-safe.
 */
public final class RateLimiter {

    private final double requestsPerMinute;
    private final double tokensPerMinute;
    private final Clock clock;
    private final Sleeper sleeper;
    private double requestBucket;
    private double tokenBucket;
    private long last;

    public RateLimiter(int requestsPerMinute, long tokensPerMinute, Clock clock, Sleeper sleeper) {
        if (requestsPerMinute < 0 || tokensPerMinute < 0) {
            throw new IllegalArgumentException("rate limits cannot be negative");
        }
        this.requestsPerMinute = requestsPerMinute;
        this.tokensPerMinute = tokensPerMinute;
        this.clock = clock;
        this.sleeper = sleeper;
        this.requestBucket = requestsPerMinute;
        this.tokenBucket = tokensPerMinute;
        this.last = clock.millis();
    }

    public static RateLimiter unlimited() {
        return new RateLimiter(0, 0, Clock.systemUTC(), Sleeper.REAL);
    }

    /** Waits until a request with about {@code tokens} tokens may go, then takes them from the buckets. */
    public void acquire(long tokens) throws InterruptedException {
        while (true) {
            Duration wait;
            synchronized (this) {
                refill();
                boolean requestFits = requestsPerMinute == 0 || requestBucket >= 1;
                double tokenNeed = tokensPerMinute == 0 ? 0 : Math.min(tokens, tokensPerMinute);
                boolean tokensFit = tokensPerMinute == 0 || tokenBucket >= tokenNeed;
                if (requestFits && tokensFit) {
                    if (requestsPerMinute > 0) {
                        requestBucket -= 1;
                    }
                    if (tokensPerMinute > 0) {
                        tokenBucket -= tokenNeed;
                    }
                    return;
                }
                double waitRequests = requestFits ? 0 : (1 - requestBucket) / requestsPerMinute * 60_000;
                double waitTokens = tokensFit ? 0 : (tokenNeed - tokenBucket) / tokensPerMinute * 60_000;
                wait = Duration.ofMillis((long) Math.ceil(Math.max(waitRequests, waitTokens)));
            }
            sleeper.sleep(wait);
        }
    }

    private void refill() {
        long now = clock.millis();
        double minutes = (now - last) / 60_000.0;
        last = now;
        if (requestsPerMinute > 0) {
            requestBucket = Math.min(requestsPerMinute, requestBucket + minutes * requestsPerMinute);
        }
        if (tokensPerMinute > 0) {
            tokenBucket = Math.min(tokensPerMinute, tokenBucket + minutes * tokensPerMinute);
        }
    }
}
