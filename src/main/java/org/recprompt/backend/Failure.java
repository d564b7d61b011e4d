package org.recprompt.backend;

import java.time.Duration;

/**
 * Why a call failed. {@code retryAfter} is what the provider asked for (a 429's or 503's
 * Retry-After), or null. A failure is an outcome to record, never an exception out of a run.
 */
public record Failure(Kind kind, String message, Duration retryAfter) {

    /**
     * The kinds of failure, and whether trying again can help. IMAGE: an item image could not be
     * used (not fetched, too large, not an image, a refused address), so the call was not made.
     */
    public enum Kind {
        RATE_LIMITED(true), UNAVAILABLE(true), SERVER_ERROR(true), TIMEOUT(true), NETWORK(true),
        MALFORMED_RESPONSE(false), EMPTY_RESPONSE(false), REFUSED(false), AUTHENTICATION(false), BAD_REQUEST(false),
        LOCAL_ONLY(false), IMAGE(false), PAUSED(false), CANCELLED(false), OTHER(false);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    public Failure {
        if (kind == null || message == null) {
            throw new IllegalArgumentException("a failure needs a kind and a message");
        }
    }

    public Failure(Kind kind, String message) {
        this(kind, message, null);
    }
}
