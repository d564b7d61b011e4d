package org.recprompt.backend.adapter;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A JDK HTTP exchange bounded as a whole: the JDK's own request timeout only covers the wait for
 * the response headers, so a server that answers at once and then trickles its body would hold a
 * call for as long as it likes. Here the request's timeout bounds the wait for the headers, and the
 * body must then be complete by the same deadline, counted from the start of the call; past it the
 * body's subscription is cancelled, which closes the connection, so no thread is left reading the
 * body.
 *
 * <p>The exchange is the JDK client's synchronous {@code send}: its answer is handed from the
 * client's worker thread straight to the caller. ({@code sendAsync} completes its future on the
 * common fork-join pool instead, one more thread hand-off per call: about 0.5 ms of every call's
 * latency on a loaded 2-core machine.) A failure is thrown as the exception the exchange ended with,
 * not as the JDK's synchronous wrapper of it, so a failure reads the same as it always did.
 */
final class BoundedHttp {

    private BoundedHttp() {
    }

    /**
     * One daemon thread for every deadline. A call's deadline is armed when its headers are in and
     * removed when its body is complete, usually a moment later, so the thread is woken only when a
     * deadline earlier than the one it waits for is armed: a removed deadline is not looked for, and
     * the thread finds it gone when it wakes (a JDK scheduled executor woke its thread for nearly
     * every call, each new deadline being the only one).
     */
    static final class Timer {
        static final Timer INSTANCE = new Timer();

        /** A deadline: its time ({@link System#nanoTime}) and what to do then. */
        static final class Entry {
            final long dueNanos;
            final Runnable action;

            Entry(long dueNanos, Runnable action) {
                this.dueNanos = dueNanos;
                this.action = action;
            }
        }

        private final ReentrantLock lock = new ReentrantLock();
        private final Condition earlier = lock.newCondition();
        private final PriorityQueue<Entry> queue = new PriorityQueue<>((a, b) -> Long.compare(a.dueNanos - b.dueNanos, 0));
        private boolean idle = true; // the thread waits for a signal only (guarded by lock)
        private long wakeNanos;      // otherwise it looks again at this time (guarded by lock)

        private Timer() {
            Thread thread = new Thread(this::run, "http-deadline");
            thread.setDaemon(true);
            thread.start();
        }

        Entry schedule(long dueNanos, Runnable action) {
            Entry e = new Entry(dueNanos, action);
            lock.lock();
            try {
                queue.add(e);
                if (idle || dueNanos - wakeNanos < 0) {
                    idle = false;
                    wakeNanos = dueNanos;
                    earlier.signal();
                }
            } finally {
                lock.unlock();
            }
            return e;
        }

        void cancel(Entry e) {
            lock.lock();
            try {
                queue.remove(e);
            } finally {
                lock.unlock();
            }
        }

        private void run() {
            lock.lock();
            try {
                while (true) {
                    Entry head = queue.peek();
                    long now = System.nanoTime();
                    if (head != null && head.dueNanos - now <= 0) {
                        queue.poll();
                        lock.unlock();
                        try {
                            head.action.run();
                        } catch (RuntimeException ignored) {
                            // an action fails its own call; the timer goes on
                        } finally {
                            lock.lock();
                        }
                        continue;
                    }
                    try {
                        if (head == null) {
                            idle = true;
                            earlier.await();
                        } else {
                            idle = false;
                            wakeNanos = head.dueNanos;
                            earlier.awaitNanos(head.dueNanos - now);
                        }
                    } catch (InterruptedException ignored) {
                        // a daemon thread that outlives every call: keep serving deadlines
                    }
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Sends the request and returns the complete response, or throws {@link HttpTimeoutException}
     * when it did not come within {@code deadline} (null: unbounded). I/O failures are thrown as the
     * JDK client's asynchronous exchange ends with them.
     */
    static <T> HttpResponse<T> send(HttpClient http, HttpRequest request, HttpResponse.BodyHandler<T> body, Duration deadline)
            throws IOException, InterruptedException {
        if (deadline == null) {
            return unwrapped(http, request, body, null);
        }
        long due = System.nanoTime() + Math.max(1, deadline.toNanos());
        HttpRequest timed = request.timeout().filter(t -> t.compareTo(deadline) <= 0).isPresent() ? request
                : HttpRequest.newBuilder(request, (name, value) -> true).timeout(deadline).build();
        Deadline<T> bounded = new Deadline<>(body, due, deadline);
        return unwrapped(http, timed, bounded, bounded);
    }

    private static <T> HttpResponse<T> unwrapped(HttpClient http, HttpRequest request, HttpResponse.BodyHandler<T> body,
            Deadline<T> deadline) throws IOException, InterruptedException {
        try {
            return http.send(request, body);
        } catch (IOException | RuntimeException e) {
            if (deadline != null && deadline.expired != null) {
                throw deadline.expired;
            }
            Throwable original = e.getCause();
            if (original != null && original != e && wrappedBySend(e)) {
                if (original instanceof IOException io) {
                    throw io;
                }
                if (original instanceof RuntimeException r) {
                    throw r;
                }
                if (original instanceof Error err) {
                    throw err;
                }
            }
            throw e;
        }
    }

    /** True for the copy that the JDK's synchronous send throws of the exception its exchange ended with. */
    private static boolean wrappedBySend(Throwable e) {
        StackTraceElement[] trace = e.getStackTrace();
        return trace.length > 0 && "send".equals(trace[0].getMethodName())
                && trace[0].getClassName().startsWith("jdk.internal.net.http.HttpClient");
    }

    /** The body handler that arms the deadline once the headers are in, for the time left of the call. */
    private static final class Deadline<T> implements HttpResponse.BodyHandler<T> {

        private final HttpResponse.BodyHandler<T> inner;
        private final long dueNanos;
        private final Duration deadline;
        volatile HttpTimeoutException expired;

        Deadline(HttpResponse.BodyHandler<T> inner, long dueNanos, Duration deadline) {
            this.inner = inner;
            this.dueNanos = dueNanos;
            this.deadline = deadline;
        }

        @Override
        public HttpResponse.BodySubscriber<T> apply(HttpResponse.ResponseInfo info) {
            return new Bounded<>(inner.apply(info), this);
        }

        HttpTimeoutException expire() {
            HttpTimeoutException t = new HttpTimeoutException("no complete answer within " + seconds(deadline)
                    + " (the timeout covers the whole call, body included)");
            t.initCause(new TimeoutException());
            expired = t;
            return t;
        }
    }

    /** A body subscriber that gives up at the deadline: cancels its subscription (the connection closes) and fails the body. */
    private static final class Bounded<T> implements HttpResponse.BodySubscriber<T> {

        private final HttpResponse.BodySubscriber<T> inner;
        private final Deadline<T> deadline;
        private final CompletableFuture<T> body = new CompletableFuture<>();
        private volatile Flow.Subscription subscription;
        private volatile Timer.Entry timer;

        Bounded(HttpResponse.BodySubscriber<T> inner, Deadline<T> deadline) {
            this.inner = inner;
            this.deadline = deadline;
            inner.getBody().whenComplete((value, error) -> {
                Timer.Entry t = timer;
                if (t != null) {
                    Timer.INSTANCE.cancel(t);
                }
                if (error != null) {
                    body.completeExceptionally(error);
                } else {
                    body.complete(value);
                }
            });
        }

        @Override
        public CompletionStage<T> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            long left = deadline.dueNanos - System.nanoTime();
            if (left <= 0) {
                expire();
            } else if (!body.isDone()) {
                Timer.Entry t = Timer.INSTANCE.schedule(deadline.dueNanos, this::expire);
                timer = t;
                if (body.isDone()) {
                    Timer.INSTANCE.cancel(t);
                }
            }
            inner.onSubscribe(s);
        }

        private void expire() {
            if (body.isDone()) {
                return;
            }
            HttpTimeoutException t = deadline.expire();
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
            body.completeExceptionally(t);
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
            inner.onNext(item);
        }

        @Override
        public void onError(Throwable throwable) {
            inner.onError(throwable);
        }

        @Override
        public void onComplete() {
            inner.onComplete();
        }
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
