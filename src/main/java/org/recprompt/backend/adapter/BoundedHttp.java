package org.recprompt.backend.adapter;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A JDK HTTP exchange bounded as a whole: the JDK's own request timeout only covers the wait for
 * the response headers, so a server that answers at once and then trickles its body would hold a
 * call for as long as it likes. Here the exchange runs asynchronously and the caller waits at most
 * the deadline for the complete response, body included; past it (or when the caller is
 * interrupted) the exchange is cancelled, which closes its connection, so no thread is left
 * reading the body.
 */
final class BoundedHttp {

    private BoundedHttp() {
    }

    /**
     * Sends the request and returns the complete response, or throws {@link HttpTimeoutException}
     * when it did not come within {@code deadline} (null: unbounded). I/O failures are thrown as the
     * JDK client's own send would throw them.
     */
    static <T> HttpResponse<T> send(HttpClient http, HttpRequest request, HttpResponse.BodyHandler<T> body, Duration deadline)
            throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<T>> exchange = http.sendAsync(request, body);
        try {
            return deadline == null ? exchange.get() : exchange.get(Math.max(1, deadline.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            HttpTimeoutException t = new HttpTimeoutException("no complete answer within " + seconds(deadline)
                    + " (the timeout covers the whole call, body included)");
            t.initCause(e);
            throw t;
        } catch (InterruptedException e) {
            exchange.cancel(true);
            throw e;
        } catch (CancellationException e) {
            throw new IOException("the request was cancelled", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IOException(cause);
        }
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
