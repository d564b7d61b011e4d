package org.recprompt.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A minimal OpenAI-compatible server on 127.0.0.1 (random port) for the benchmarks: POST
 * {@code .../chat/completions} is answered with a small chat completion with usage exactly
 * {@code latency} after its request has been read (HTTP/1.1, keep-alive, {@code Content-Length});
 * anything else is a 404 at once. It counts requests, connections and the peak of requests in flight.
 *
 * <p>It costs the benchmark as little as it can, so that the benchmark measures the client: one
 * thread reads every connection (non-blocking sockets on one selector) and builds each answer as soon
 * as its request is read; a thread per pending answer (pooled) sleeps until it is due (to within the
 * system timer's precision, not the millisecond of a selector's timeout) and writes it. The latency
 * runs from the moment the request was read, as a model server's would: the server's own work is
 * inside it, not added to it. (The JDK's HttpServer, used before, handed every request from its
 * dispatcher to a worker thread, slept the latency after its own parsing, and wrote from the worker:
 * about 0.9 ms per request more than this server, for a client sending one request at a time.)
 * TCP_NODELAY is set, as real model servers (uvicorn, llama.cpp, vLLM) set it.
 */
final class FakeChatServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REQUEST_BYTES = 64 << 20;
    private static final byte[] HEADERS_END = {'\r', '\n', '\r', '\n'};
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] COLON = {':'};
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final ServerSocketChannel listener;
    private final Selector selector;
    private final long latencyNanos;
    private final Thread io;
    private final ExecutorService answering = Executors.newCachedThreadPool(r -> daemon(r, "bench-server-answer"));
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong ids = new AtomicLong();
    private final Set<String> peers = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private long dateSecond = -1;
    private String date;

    /** One answer, written to its connection at {@code dueNanos}. */
    private record Answer(long dueNanos, Connection to, ByteBuffer bytes, boolean counted) {
    }

    /** A client connection: its channel, what has been read of its next request, and its address for the count. */
    private static final class Connection {
        final SocketChannel channel;
        final String peer;
        ByteBuffer in = ByteBuffer.allocate(16 * 1024);

        Connection(SocketChannel channel, String peer) {
            this.channel = channel;
            this.peer = peer;
        }
    }

    private FakeChatServer(int latencyMs) throws IOException {
        this.latencyNanos = TimeUnit.MILLISECONDS.toNanos(latencyMs);
        this.selector = Selector.open();
        this.listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        listener.configureBlocking(false);
        listener.register(selector, SelectionKey.OP_ACCEPT);
        this.io = daemon(this::serve, "bench-server-io");
    }

    static FakeChatServer start(int latencyMs) throws IOException {
        FakeChatServer s = new FakeChatServer(latencyMs);
        s.io.start();
        return s;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + listener.socket().getLocalPort() + "/v1";
    }

    int peakInFlight() {
        return peak.get();
    }

    long requests() {
        return requests.get();
    }

    /** Distinct client ports seen: the TCP connections the client opened. */
    int connections() {
        return peers.size();
    }

    void resetCounters() {
        peak.set(inFlight.get());
        requests.set(0);
        peers.clear();
    }

    /** The reading thread: accepts connections and reads requests; an answer is queued as soon as its request is complete. */
    private void serve() {
        try {
            while (!closed) {
                selector.select();
                var keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        accept();
                    } else if (key.isReadable()) {
                        read(key);
                    }
                }
            }
        } catch (IOException | ClosedSelectorException stopped) {
            // closed: the benchmark is over
        } finally {
            for (SelectionKey key : selector.keys()) {
                if (key.attachment() instanceof Connection c) {
                    closeQuietly(c.channel);
                }
            }
            try {
                selector.close();
                listener.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private void accept() throws IOException {
        SocketChannel c;
        while ((c = listener.accept()) != null) {
            c.configureBlocking(false);
            c.setOption(StandardSocketOptions.TCP_NODELAY, true);
            c.register(selector, SelectionKey.OP_READ, new Connection(c, String.valueOf(c.getRemoteAddress())));
        }
    }

    private void read(SelectionKey key) {
        Connection conn = (Connection) key.attachment();
        try {
            if (!conn.in.hasRemaining()) {
                if (conn.in.capacity() >= MAX_REQUEST_BYTES) {
                    throw new IOException("request too large");
                }
                ByteBuffer bigger = ByteBuffer.allocate(conn.in.capacity() * 2);
                conn.in.flip();
                bigger.put(conn.in);
                conn.in = bigger;
            }
            if (conn.channel.read(conn.in) < 0) {
                close(key, conn);
                return;
            }
            while (request(conn)) {
                // every complete request in the buffer is answered in turn
            }
        } catch (IOException e) {
            close(key, conn);
        }
    }

    /** Takes one complete request off the connection's buffer and queues its answer; false when none is complete yet. */
    private boolean request(Connection conn) throws IOException {
        long read = System.nanoTime();
        ByteBuffer in = conn.in;
        int end = indexOf(in.array(), 0, in.position(), HEADERS_END);
        if (end < 0) {
            return false;
        }
        byte[] data = in.array();
        int lineEnd = indexOf(data, 0, end, CRLF);
        String requestLine = new String(data, 0, lineEnd < 0 ? end : lineEnd, StandardCharsets.ISO_8859_1);
        long length = 0;
        boolean chunked = false;
        for (int at = lineEnd < 0 ? end : lineEnd + 2; at < end; ) {
            int next = indexOf(data, at, end, CRLF);
            int stop = next < 0 ? end : next;
            int colon = indexOf(data, at, stop, COLON);
            if (colon >= 0) {
                if (names(data, at, colon, "content-length")) {
                    length = Long.parseLong(new String(data, colon + 1, stop - colon - 1, StandardCharsets.ISO_8859_1).trim());
                } else if (names(data, at, colon, "transfer-encoding")) {
                    chunked = true;
                }
            }
            at = stop + 2;
        }
        int bodyStart = end + HEADERS_END.length;
        if (length > MAX_REQUEST_BYTES) {
            throw new IOException("request too large");
        }
        if (in.position() < bodyStart + length) {
            return false;
        }
        int total = bodyStart + (int) length;
        in.flip();
        in.position(total);
        in.compact();

        requests.incrementAndGet();
        peers.add(conn.peer);
        int space = requestLine.indexOf(' ');
        String method = space < 0 ? requestLine : requestLine.substring(0, space);
        int pathEnd = space < 0 ? -1 : requestLine.indexOf(' ', space + 1);
        String path = space < 0 ? "" : requestLine.substring(space + 1, pathEnd < 0 ? requestLine.length() : pathEnd);
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        if (chunked) {
            queue(conn, read, 411, "{\"error\":{\"message\":\"a Content-Length is required\",\"type\":\"invalid_request_error\"}}",
                    false);
        } else if (!"POST".equals(method) || !path.endsWith("/chat/completions")) {
            queue(conn, read, 404, "{\"error\":{\"message\":\"not found\",\"type\":\"invalid_request_error\"}}", false);
        } else {
            int now = inFlight.incrementAndGet();
            peak.accumulateAndGet(now, Math::max);
            queue(conn, read + latencyNanos, 200, completion((int) length), true);
        }
        return true;
    }

    private void queue(Connection conn, long dueNanos, int status, String json, boolean counted) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String headers = "HTTP/1.1 " + status + (status == 200 ? " OK" : status == 404 ? " Not Found" : " Length Required")
                + "\r\nDate: " + date() + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
        byte[] h = headers.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer bytes = ByteBuffer.allocate(h.length + body.length).put(h).put(body).flip();
        Answer a = new Answer(dueNanos, conn, bytes, counted);
        try {
            answering.execute(() -> answer(a));
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // the server is closing: no answer
        }
    }

    private String date() {
        long second = System.currentTimeMillis() / 1000;
        if (second != dateSecond) {
            dateSecond = second;
            date = HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC));
        }
        return date;
    }

    /** On a thread of its own (as many as there are answers pending): waits until the answer is due and writes it. */
    private void answer(Answer a) {
        long wait;
        while ((wait = a.dueNanos() - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
            if (closed) {
                return;
            }
        }
        // No longer in flight once answered: the client may send its next request as soon as it has
        // read this answer.
        if (a.counted()) {
            inFlight.decrementAndGet();
        }
        write(a);
    }

    /** Writes the whole answer; an answer is a few hundred bytes, so the socket takes it at once in practice. */
    private void write(Answer a) {
        try {
            while (a.bytes().hasRemaining()) {
                if (a.to().channel.write(a.bytes()) == 0) {
                    LockSupport.parkNanos(50_000);
                }
                if (closed) {
                    return;
                }
            }
        } catch (IOException gone) {
            closeQuietly(a.to().channel);
        }
    }

    /** The answer's text: three films. */
    private static final String CONTENT = "1. Toy Story (1995)\n2. Heat (1995)\n3. Casino (1995)";
    /** The answer's one choice as JSON, the same for every answer. */
    private static final String CHOICES = choices();

    private static String choices() {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", "assistant");
        message.put("content", CONTENT);
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("message", message);
        choice.put("logprobs", null);
        choice.put("finish_reason", "stop");
        try {
            return JSON.writeValueAsString(List.of(choice));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A chat completion with usage (about four request bytes a prompt token), written around the fixed choice. */
    private String completion(int requestBytes) {
        int prompt = Math.max(1, requestBytes / 4);
        int completion = CONTENT.length() / 4;
        return "{\"id\":\"chatcmpl-bench-" + ids.incrementAndGet() + "\",\"object\":\"chat.completion\",\"created\":"
                + System.currentTimeMillis() / 1000 + ",\"model\":\"bench-model\",\"choices\":" + CHOICES
                + ",\"usage\":{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + completion
                + ",\"total_tokens\":" + (prompt + completion) + "}}";
    }

    /** Whether the header name in {@code data[from, colon)}, spaces aside, is {@code name} (lower case), case ignored. */
    private static boolean names(byte[] data, int from, int colon, String name) {
        while (from < colon && data[from] == ' ') {
            from++;
        }
        while (colon > from && data[colon - 1] == ' ') {
            colon--;
        }
        if (colon - from != name.length()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            int c = data[from + i];
            if ((c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c) != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] data, int from, int limit, byte[] pattern) {
        outer:
        for (int i = from; i + pattern.length <= limit; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static void close(SelectionKey key, Connection conn) {
        key.cancel();
        closeQuietly(conn.channel);
    }

    private static void closeQuietly(SocketChannel c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() {
        closed = true;
        answering.shutdownNow();
        selector.wakeup(); // the reading thread closes the connections, the selector and the listener
        try {
            io.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
