package org.recprompt.backend.batch;

import org.recprompt.backend.Failure;

/** A batch operation that failed as a whole; {@link #failure()} says how (retryable or not) in the live calls' terms. */
public final class BatchException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Failure failure;

    public BatchException(Failure failure) {
        super(failure.message());
        this.failure = failure;
    }

    public BatchException(Failure failure, Throwable cause) {
        super(failure.message(), cause);
        this.failure = failure;
    }

    public Failure failure() {
        return failure;
    }
}
