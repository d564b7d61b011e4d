package org.recprompt.backend;

import java.util.Map;

/**
 * What a call produced: the raw text (untrusted: shown as text, never as markup), token usage,
 * latency, cost in US dollars, whether it came from the cache, how many attempts it took, the
 * requested labels' log-probabilities, and the failure when there was one (then text is empty).
 */
public record BackendResult(String text, Usage usage, long latencyMillis, double cost, boolean cached, int attempts,
        Map<String, Double> labelLogprobs, Failure failure) {

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
