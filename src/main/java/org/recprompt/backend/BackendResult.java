package org.recprompt.backend;

import java.util.Map;

/**
 * What a call produced: the raw text (untrusted: shown as text, never as markup), token usage,
 * latency, cost in US dollars, whether it came from the cache, how many attempts it took, the
 * requested labels' log-probabilities, and the failure when there was one (then text is empty).
 * Beside the labels, {@code labelLogprobs} may hold {@link #OTHER_TOKENS} and {@link #LOWEST_TOKEN}.
 * {@code endpoint}: the base URL of the fleet endpoint that answered ({@link FleetBackend}), or the one
 * whose failure is the outcome; null for a single-URL backend and for an answer from the cache.
 */
public record BackendResult(String text, Usage usage, long latencyMillis, double cost, boolean cached, int attempts,
        Map<String, Double> labelLogprobs, Failure failure, String endpoint) {

    /**
     * Key in {@code labelLogprobs} (never a label): the log of the summed probability of the returned
     * alternatives that are no label (such as "N" of "N/A"), mass no missing label can have.
     */
    public static final String OTHER_TOKENS = "(other)";

    /**
     * Key in {@code labelLogprobs} (never a label): the smallest log-probability among all returned
     * alternatives; a token not returned is at most this likely.
     */
    public static final String LOWEST_TOKEN = "(lowest)";

    /** A result without an endpoint (every backend but a fleet). */
    public BackendResult(String text, Usage usage, long latencyMillis, double cost, boolean cached, int attempts,
            Map<String, Double> labelLogprobs, Failure failure) {
        this(text, usage, latencyMillis, cost, cached, attempts, labelLogprobs, failure, null);
    }

    public BackendResult {
        text = text == null ? "" : text;
        usage = usage == null ? Usage.NONE : usage;
        labelLogprobs = labelLogprobs == null ? Map.of() : Map.copyOf(labelLogprobs);
        if (attempts < 0 || latencyMillis < 0 || cost < 0) {
            throw new IllegalArgumentException("attempts, latency and cost cannot be negative");
        }
    }

    public static BackendResult ok(String text, Usage usage, long latencyMillis) {
        return new BackendResult(text, usage, latencyMillis, 0, false, 1, Map.of(), null);
    }

    public static BackendResult failed(Failure failure, long latencyMillis) {
        return new BackendResult("", Usage.NONE, latencyMillis, 0, false, 1, Map.of(), failure);
    }

    public boolean isOk() {
        return failure == null;
    }

    public BackendResult withAttempts(int n) {
        return new BackendResult(text, usage, latencyMillis, cost, cached, n, labelLogprobs, failure, endpoint);
    }

    public BackendResult withCost(double dollars) {
        return new BackendResult(text, usage, latencyMillis, dollars, cached, attempts, labelLogprobs, failure, endpoint);
    }

    /** The same result, answered by (or failed at) the fleet endpoint with this base URL. */
    public BackendResult withEndpoint(String url) {
        return new BackendResult(text, usage, latencyMillis, cost, cached, attempts, labelLogprobs, failure, url);
    }

    /** The same answer as served by the cache: no latency, cost, attempt or endpoint (no server answered). */
    public BackendResult asCached() {
        return new BackendResult(text, usage, 0, 0, true, 0, labelLogprobs, failure);
    }

    public BackendResult withLatency(long millis) {
        return new BackendResult(text, usage, millis, cost, cached, attempts, labelLogprobs, failure, endpoint);
    }
}
