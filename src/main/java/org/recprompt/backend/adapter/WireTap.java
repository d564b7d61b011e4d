package org.recprompt.backend.adapter;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@link ProviderHttpClient} actually sent on the current thread while a tap was open: one
 * entry per HTTP request that reached a server (the URL, the body's bytes, the status, 0 when no
 * answer came back). A request refused before a connection was made (connection refused, unknown
 * host) sent nothing and is not listed. The egress log is built from it, so it lists exactly the
 * requests a server saw, retries included. Headers (and so keys) are never kept.
 */
public final class WireTap implements AutoCloseable {

    /** One request that left: URL as sent (the log keeps only its endpoint), body bytes, HTTP status or 0. */
    public record Sent(String url, long bytes, int status) {
    }

    private static final ThreadLocal<WireTap> CURRENT = new ThreadLocal<>();

    private final List<Sent> sent = new ArrayList<>();
    private final WireTap outer;
    private final java.util.function.Consumer<Sent> onSending;

    private WireTap(WireTap outer, java.util.function.Consumer<Sent> onSending) {
        this.outer = outer;
        this.onSending = onSending;
    }

    /** Opens a tap on this thread; close it in the same thread (try-with-resources). */
    public static WireTap open() {
        return open(null);
    }

    /**
     * A tap that is also told of each request just before it goes out (status 0: no answer yet), so
     * that a request in flight when the process is killed can still be accounted for.
     */
    public static WireTap open(java.util.function.Consumer<Sent> onSending) {
        WireTap t = new WireTap(CURRENT.get(), onSending);
        CURRENT.set(t);
        return t;
    }

    /** A request is about to be sent: the innermost tap that listens is told. */
    static void sending(String url, long bytes) {
        for (WireTap t = CURRENT.get(); t != null; t = t.outer) {
            if (t.onSending != null) {
                t.onSending.accept(new Sent(url, bytes, 0));
                return;
            }
        }
    }

    static void record(String url, long bytes, int status) {
        WireTap t = CURRENT.get();
        if (t != null) {
            t.sent.add(new Sent(url, bytes, status));
        }
    }

    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    @Override
    public void close() {
        if (outer == null) {
            CURRENT.remove();
        } else {
            outer.sent.addAll(sent);
            CURRENT.set(outer);
        }
    }
}
