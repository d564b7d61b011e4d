package org.recprompt.backend;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What one provider answer said about the caller's quota: per {@link Dimension} the limit, what
 * remains and how long until it is full again (each may be unknown), and the Retry-After it asked
 * for. Built from the response headers by the adapter ({@code backend.adapter.RateLimitHeaders});
 * read by the {@link RateLimiter}. {@code status} is the HTTP status of the answer (200, 429, ...).
 */
public record QuotaObservation(int status, Map<Dimension, Quota> quotas, Duration retryAfter) {

    /** What is limited: requests, all tokens, or (Anthropic) input and output tokens apart. */
    public enum Dimension {
        REQUESTS("requests"), TOKENS("tokens"), INPUT_TOKENS("input tokens"), OUTPUT_TOKENS("output tokens");

        private final String words;

        Dimension(String words) {
            this.words = words;
        }

        /** How a progress message names it ("0 requests left"). */
        public String words() {
            return words;
        }
    }

    /**
     * One dimension's state: {@code limit} and {@code remaining} are null when not sent; {@code reset}
     * is the time until the quota is back to its initial (full) state, null when not sent.
     */
    public record Quota(Long limit, Long remaining, Duration reset) {

        public Quota {
            if (limit != null && limit < 0 || remaining != null && remaining < 0) {
                throw new IllegalArgumentException("a quota cannot be negative");
            }
            if (reset != null && reset.isNegative()) {
                reset = Duration.ZERO;
            }
        }

        boolean isEmpty() {
            return limit == null && remaining == null && reset == null;
        }
    }

    public QuotaObservation {
        EnumMap<Dimension, Quota> copy = new EnumMap<>(Dimension.class);
        if (quotas != null) {
            quotas.forEach((d, q) -> {
                if (q != null && !q.isEmpty()) {
                    copy.put(d, q);
                }
            });
        }
        quotas = Collections.unmodifiableMap(copy);
    }

    /** Whether the answer said anything about the quota at all. */
    public boolean isEmpty() {
        return quotas.isEmpty() && retryAfter == null;
    }

    public boolean refused() {
        return status == 429;
    }
}
