package org.recprompt.backend;

import java.util.Map;

/**
 * What a call produced: the raw text (untrusted: shown as text, never as markup), token usage,
 * latency, cost in US dollars, whether it came from the cache, how many attempts it took, the
 * requested labels' log-probabilities, and the failure when there was one (then text is empty).
 * Beside the labels, {@code labelLogprobs} may hold {@link #OTHER_TOKENS} and {@link #LOWEST_TOKEN}.
 */
public record BackendResult(String text, Usage usage, long latencyMillis, double cost, boolean cached, int attempts,
        Map<String, Double> labelLogprobs, Failure failure) {

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
        return new BackendResult(text, usage, latencyMillis, cost, cached, n, labelLogprobs, failure);
    }

    public BackendResult withCost(double dollars) {
        return new BackendResult(text, usage, latencyMillis, dollars, cached, attempts, labelLogprobs, failure);
    }

    public BackendResult asCached() {
        return new BackendResult(text, usage, 0, 0, true, 0, labelLogprobs, failure);
    }

    public BackendResult withLatency(long millis) {
        return new BackendResult(text, usage, millis, cost, cached, attempts, labelLogprobs, failure);
    }
}
