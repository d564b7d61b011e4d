package org.recprompt.backend.adapter;

import java.time.Duration;

import dev.langchain4j.exception.HttpException;

/**
 * An HTTP error answer that keeps what langchain4j's own {@link HttpException} drops: the
 * Retry-After the server asked for. Thrown by {@link ProviderHttpClient}; langchain4j's exception
 * mapper keeps it as the root cause, where {@link FailureMapper} finds it.
 */
public class ProviderHttpException extends HttpException {

    private final transient Duration retryAfter;

    public ProviderHttpException(int statusCode, String body, Duration retryAfter) {
        super(statusCode, body);
        this.retryAfter = retryAfter;
    }

    /** The server's Retry-After, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
