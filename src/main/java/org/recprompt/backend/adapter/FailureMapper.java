package org.recprompt.backend.adapter;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;

import org.recprompt.backend.Failure;
import org.recprompt.backend.Failure.Kind;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.TimeoutException;

/**
 * Turns anything a langchain4j call throws into a {@link Failure}: the HTTP status (found anywhere
 * in the cause chain) decides first, then a refusal (ContentFilteredException), timeouts, unreadable JSON and network errors. Every
 * message passes through {@link #redact} so that an API key never appears in a failure.
 */
public final class FailureMapper {

    private static final int MAX_BODY = 300;

    private FailureMapper() {
    }

    static Failure map(Throwable error, String secret, String keyHint) {
        HttpException http = find(error, HttpException.class);
        if (http != null) {
            int status = http.statusCode();
            Duration retryAfter = http instanceof ProviderHttpException p ? p.retryAfter() : null;
            String body = http.getMessage() == null ? "" : http.getMessage();
            if (body.length() > MAX_BODY) {
                body = body.substring(0, MAX_BODY) + "...";
            }
            String msg = "HTTP " + status + ": " + body;
            Kind kind = kindOf(status);
            if (kind == Kind.AUTHENTICATION && keyHint != null) {
                msg = msg + " (" + keyHint + ")";
            }
            return new Failure(kind, redact(msg, secret),
                    kind == Kind.RATE_LIMITED || kind == Kind.UNAVAILABLE ? retryAfter : null);
        }
        if (find(error, ContentFilteredException.class) != null) { // langchain4j's mapping of OpenAI's "refusal"
            return new Failure(Kind.REFUSED, redact("the model refused: " + error.getMessage(), secret));
        }
        if (find(error, TimeoutException.class) != null || find(error, HttpTimeoutException.class) != null
                || find(error, SocketTimeoutException.class) != null
                || find(error, java.util.concurrent.TimeoutException.class) != null) {
            return new Failure(Kind.TIMEOUT, redact("timed out: " + describe(error), secret));
        }
        if (endedEarly(error)) { // an empty or cut body: the connection ended (a server stopping), not a bad answer
            return new Failure(Kind.NETWORK, redact("the connection ended before the whole answer: " + describe(error), secret));
        }
        if (find(error, JsonProcessingException.class) != null) {
            return new Failure(Kind.MALFORMED_RESPONSE, redact("unreadable response: " + describe(error), secret));
        }
        UnreachableException unreachable = find(error, UnreachableException.class);
        if (unreachable != null) { // one sentence, the same Test connection says
            return new Failure(Kind.NETWORK, redact(unreachable.getMessage(), secret));
        }
        if (find(error, ConnectException.class) != null || find(error, UnknownHostException.class) != null
                || find(error, NoRouteToHostException.class) != null
                || find(error, UnresolvedAddressException.class) != null || find(error, IOException.class) != null) {
            return new Failure(Kind.NETWORK, redact("network error: " + describe(error), secret));
        }
        return new Failure(Kind.OTHER, redact(describe(error), secret));
    }

    /**
     * Whether the answer's JSON ended before it began or in its middle: Jackson's end-of-input
     * errors. A server that stops while answering leaves such a body; it is a network failure, retried
     * (on another endpoint of a fleet), where a complete body that is not the provider's JSON stays a
     * malformed response.
     */
    static boolean endedEarly(Throwable error) {
        if (find(error, com.fasterxml.jackson.core.io.JsonEOFException.class) != null) {
            return true;
        }
        com.fasterxml.jackson.databind.exc.MismatchedInputException empty = find(error,
                com.fasterxml.jackson.databind.exc.MismatchedInputException.class);
        return empty != null && empty.getOriginalMessage() != null && empty.getOriginalMessage().startsWith("No content to map due to end-of-input");
    }

    static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String describe(Throwable error) {
        StringBuilder s = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (s.length() > 0) {
                s.append(" <- ");
            }
            s.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                String m = t.getMessage();
                s.append(": ").append(m.length() > MAX_BODY ? m.substring(0, MAX_BODY) + "..." : m);
            }
            if (s.length() > 1000) {
                break;
            }
        }
        return s.toString();
    }

    /**
     * The kind of failure an HTTP status means, for live calls and batch requests alike: 429 rate
     * limited; 503 and 529 (Anthropic's "overloaded") unavailable; other 5xx server error; 401 and
     * 403 authentication; 408 timeout; other 4xx bad request.
     */
    public static Kind kindOf(int status) {
        if (status == 429) {
            return Kind.RATE_LIMITED;
        } else if (status == 503 || status == 529) {
            return Kind.UNAVAILABLE;
        } else if (status >= 500) {
            return Kind.SERVER_ERROR;
        } else if (status == 401 || status == 403) {
            return Kind.AUTHENTICATION;
        } else if (status == 408) {
            return Kind.TIMEOUT;
        } else if (status >= 400) {
            return Kind.BAD_REQUEST;
        }
        return Kind.OTHER;
    }

    /**
     * The text with every occurrence of the secret replaced. A secret shorter than 8 characters (a
     * test key such as "x") is replaced where it stands as a token of its own, so that it does not
     * turn "ConnectException" into "ConnectE[redacted]ception".
     */
    public static String redact(String text, String secret) {
        if (text == null || secret == null || secret.isEmpty()) {
            return text;
        }
        if (secret.length() >= 8) {
            return text.replace(secret, "[redacted]");
        }
        return text.replaceAll("(?<![A-Za-z0-9])" + java.util.regex.Pattern.quote(secret) + "(?![A-Za-z0-9])",
                java.util.regex.Matcher.quoteReplacement("[redacted]"));
    }
}
