package org.recprompt.backend.batch;

import java.time.Instant;

/**
 * A batch as the provider reports it: its state, how many requests it holds and how many are
 * answered, failed so far, and when it expires (null when not said).
 */
public record BatchStatus(String id, State state, int total, int succeeded, int failed, Instant expiresAt) {

    /** The provider's states folded into one vocabulary. */
    public enum State {
        /** Accepted, being checked or run (OpenAI validating, in_progress, finalizing; Anthropic in_progress). */
        RUNNING(false),
        /** Cancel asked, not yet ended (OpenAI cancelling; Anthropic canceling). */
        CANCELLING(false),
        /** Ended with every request answered or failed one by one (OpenAI completed; Anthropic ended). */
        ENDED(true),
        /** The window passed: requests not answered are lost (OpenAI expired; Anthropic counts them expired). */
        EXPIRED(true),
        /** Cancelled: answered requests keep their answers. */
        CANCELLED(true),
        /** Refused as a whole (OpenAI failed: invalid input file). */
        FAILED(true);

        private final boolean terminal;

        State(boolean terminal) {
            this.terminal = terminal;
        }

        /** Whether the batch will change no more (its results can be collected). */
        public boolean terminal() {
            return terminal;
        }
    }

    public BatchStatus {
        if (id == null || state == null || total < 0 || succeeded < 0 || failed < 0) {
            throw new IllegalArgumentException("a batch status needs an id, a state and counts of at least 0");
        }
    }
}
