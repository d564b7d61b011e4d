package org.recprompt.backend.adapter;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.NoRouteToHostException;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * One exchange with a plain-HTTP endpoint (a local model server: vLLM, Ollama, llama.cpp, LM Studio)
 * on the calling thread, through the JDK's {@code HttpURLConnection}: the caller writes its request
 * and reads its answer on its own kept-alive socket, and the kernel wakes it when the answer comes.
 * The JDK's {@code java.net.http} client passes every exchange through its one selector thread, even
 * with its tasks inline: the caller asks the selector to write, the selector reads the answer and
 * wakes the caller, so with 32 calls at once every answer of a round queued behind the others on that
 * one thread (docs/PERFORMANCE.md, "Issue 22, sixth pass").
 *
 * <p>Behaviour kept from the JDK client's path ({@link BoundedHttp}):
 * <ul>
 *   <li>the read timeout bounds the whole call, body included: a watch on {@link BoundedHttp.Timer}
 *       closes the connection at the deadline (a server that trickles its body is cut off), and the
 *       call fails with the same message;</li>
 *   <li>an interrupted caller stops waiting: the same watch looks at the caller every
 *       {@value #WATCH_MILLIS} ms and closes the connection, and the call ends with
 *       {@link InterruptedException} (a blocking socket read does not notice an interrupt);</li>
 *   <li>redirects are not followed and no proxy is used, as the JDK client is built;</li>
 *   <li>a failure to connect (refused, unknown host, no route, the connect timeout) is thrown as
 *       {@link NotSent}: nothing left the machine.</li>
 * </ul>
 *
 * <p>Two JDK settings are read once per process, from system properties that this class sets only
 * when nobody else has: {@code http.maxConnections}, the idle connections kept per server (the JDK's
 * default of 5 would close every other connection of a 32-call run after each answer), is raised to
 * {@value #MAX_IDLE_CONNECTIONS}. The request body is handed over whole (not streamed), so the
 * JDK checks no kept-alive connection before using it; when the server has closed a kept-alive
 * connection before sending any of its answer, the JDK sends the request once more on a new
 * connection ({@code sun.net.http.retryPost}, left at its default): the server never read the first.
 */
final class BlockingHttp {

    /** How often the watch of a call in flight looks at its caller for an interrupt. */
    static final long WATCH_MILLIS = 200;

    /** Idle kept-alive connections per server; at least the largest concurrency a backend is given. */
    static final int MAX_IDLE_CONNECTIONS = 1024;

    static {
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", String.valueOf(MAX_IDLE_CONNECTIONS));
        }
        if (System.getProperty("http.KeepAlive.remainingData") == null) {
            System.setProperty("http.KeepAlive.remainingData", "0");
        }
    }

    /** A complete answer: status, headers (names in any case) and body as UTF-8 text; the JDK client's path gives the same. */
    record Response(int status, Map<String, List<String>> headers, String body) {

        String firstHeader(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /** No connection was made, so no byte of the request was sent; the cause says why (also for the JDK client's path). */
    static final class NotSent extends IOException {
        NotSent(IOException cause) {
            super(cause.getMessage(), cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    private BlockingHttp() {
    }

    /**
     * Sends the request and returns the whole answer, or throws {@link SocketTimeoutException} when
     * it was not complete within {@code deadline} (null: unbounded) of the call's start.
     */
    static Response send(URI uri, String method, Map<String, List<String>> headers, byte[] body,
                         Duration connectTimeout, Duration deadline) throws IOException, InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        long start = System.nanoTime();
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
        c.setInstanceFollowRedirects(false);
        c.setUseCaches(false);
        c.setRequestMethod(method);
        if (connectTimeout != null) {
            c.setConnectTimeout(millis(connectTimeout));
        }
        if (deadline != null) {
            c.setReadTimeout(millis(deadline)); // the watch below ends the call at the deadline; this bounds each read too
        }
        headers.forEach((name, values) -> values.forEach(v -> c.addRequestProperty(name, v)));
        if (c.getRequestProperty("Accept") == null) {
            c.setRequestProperty("Accept", "*/*"); // not the JDK's default list of image types
        }
        if (body != null && body.length > 0) {
            c.setDoOutput(true);
        }
        Watch watch = new Watch(c, Thread.currentThread(),
                deadline == null ? Watch.UNBOUNDED : start + Math.max(1, deadline.toNanos()));
        watch.arm(start);
        try {
            try {
                c.connect();
            } catch (ConnectException | UnknownHostException | NoRouteToHostException | SocketTimeoutException e) {
                throw new NotSent(e);
            }
            if (body != null && body.length > 0) {
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body);
                }
            }
            int status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            String text = "";
            if (in != null) {
                try (InputStream stream = in) {
                    text = new String(stream.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            c.getHeaderFields().forEach((name, values) -> {
                if (name != null) { // the status line
                    h.put(name, values);
                }
            });
            watch.finish();
            if (watch.expired || watch.interrupted) {
                // the watch closed the stream under the reader, which then saw an early end: what was read is not the answer
                throw new SocketTimeoutException("the connection was closed by the call's watch");
            }
            return new Response(status, h, text);
        } catch (IOException | RuntimeException e) {
            watch.finish();
            if (watch.interrupted) {
                c.disconnect();
                throw new InterruptedException();
            }
            if (e instanceof NotSent) {
                throw e;
            }
            c.disconnect(); // a connection that failed mid-way is not kept for the next call
            if (watch.expired || (e instanceof SocketTimeoutException && deadline != null)) {
                // the watch closed the connection at the deadline, or a read waited the whole timeout
                SocketTimeoutException t = new SocketTimeoutException("no complete answer within "
                        + BoundedHttp.seconds(deadline) + " (the timeout covers the whole call, body included)");
                t.initCause(e);
                throw t;
            }
            throw e;
        }
    }

    private static int millis(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
    }

    /**
     * Ends a call in flight from the deadline thread: at the deadline, or when its caller has been
     * interrupted, it closes the connection, which fails the caller's blocked read. Armed for the
     * earlier of the deadline and the next look at the caller, and removed when the call ends (a
     * 50 ms call arms one entry and removes it, as the JDK client's path did).
     */
    private static final class Watch implements Runnable {
        private final HttpURLConnection connection;
        private final Thread caller;
        /** No deadline: the watch only looks for an interrupt. */
        static final long UNBOUNDED = Long.MAX_VALUE;
        private final long due;
        private volatile boolean done;
        private volatile BoundedHttp.Timer.Entry entry;
        volatile boolean expired;
        volatile boolean interrupted;

        Watch(HttpURLConnection connection, Thread caller, long due) {
            this.connection = connection;
            this.caller = caller;
            this.due = due;
        }

        private boolean bounded() {
            return due != UNBOUNDED;
        }

        void arm(long now) {
            long look = now + TimeUnit.MILLISECONDS.toNanos(WATCH_MILLIS);
            entry = BoundedHttp.Timer.INSTANCE.schedule(bounded() && due - look < 0 ? due : look, this);
        }

        @Override
        public void run() {
            if (done) {
                return;
            }
            long now = System.nanoTime();
            if (bounded() && now - due >= 0) {
                expired = true;
                connection.disconnect();
            } else if (caller.isInterrupted()) {
                interrupted = true;
                connection.disconnect();
            } else {
                arm(now);
                if (done) {
                    finish();
                }
            }
        }

        void finish() {
            done = true;
            BoundedHttp.Timer.Entry e = entry;
            if (e != null) {
                BoundedHttp.Timer.INSTANCE.cancel(e);
            }
        }
    }
}
