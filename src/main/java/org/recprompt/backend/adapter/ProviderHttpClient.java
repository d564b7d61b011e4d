package org.recprompt.backend.adapter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

import org.recprompt.backend.QuotaObservation;
import org.recprompt.backend.QuotaObserver;

import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.jdk.JdkHttpClient;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;

/**
 * langchain4j's HTTP client SPI over the JDK client, pinned to HTTP/1.1 (some local servers hang
 * on the h2c upgrade that an HTTP/2 client sends), that keeps the response headers of an error:
 * langchain4j's {@code JdkHttpClient} turns a non-2xx answer into an {@code HttpException}
 * carrying only status and body, so a 429's or 503's Retry-After would be lost. Here an error
 * answer becomes a {@link ProviderHttpException} with the parsed Retry-After. The read timeout
 * (an experiment's {@code timeout}) bounds the whole exchange, body included ({@link BoundedHttp}):
 * a server that sends its headers and then trickles the body is cut off at it. Timeouts become
 * langchain4j's {@link TimeoutException}; a server that cannot be reached an {@link UnreachableException}
 * saying so in the words of Test connection; other I/O failures an {@link UncheckedIOException}
 * (the cause says which: reset, ...). Streaming is delegated to the stock
 * JDK client on the same HTTP/1.1 settings (the adapters do not stream). Every request that reaches
 * a server is reported to the thread's {@link WireTap}, if one is open (the egress log). The
 * rate-limit headers of every answer, successes and errors alike ({@link RateLimitHeaders}), go to the
 * builder's {@link QuotaObserver} on the calling thread before the answer is returned or thrown.
 *
 * <p>A plain-HTTP endpoint (a local model server: vLLM, Ollama, llama.cpp; {@link Builder#endpoint})
 * is called on the calling thread through {@link BlockingHttp} (the JDK's {@code HttpURLConnection},
 * one kept-alive socket per caller), with the same deadline, failures and headers. The JDK's
 * {@code java.net.http} client handed every exchange to its one selector thread and back, and a
 * round of 32 answers queued on it: {@code bench backend} went from 1.043 to 1.076 x the ideal to
 * 1.035 to 1.046 (docs/PERFORMANCE.md, "Issue 22, sixth pass"). A TLS endpoint keeps the JDK
 * client with its worker pool, so that handshakes and decryption run beside each other.
 */
public final class ProviderHttpClient implements HttpClient {

    /** The JDK client for TLS endpoints; null for a plain-HTTP one, whose calls go through {@link BlockingHttp}. */
    private final java.net.http.HttpClient http;
    private final Duration readTimeout;
    private final Clock clock;
    private final QuotaObserver quota;
    private final Builder settings;
    private JdkHttpClient streaming;
    /** The last URI parsed: a backend calls one URL, so it is parsed once rather than per call. */
    private volatile URI lastUri;

    private ProviderHttpClient(Builder b) {
        if (b.plainHttp) {
            this.http = null; // not built: its classes and its selector thread would be for nothing
        } else {
            java.net.http.HttpClient.Builder jdk = java.net.http.HttpClient.newBuilder()
                    .version(java.net.http.HttpClient.Version.HTTP_1_1);
            if (b.connectTimeout != null) {
                jdk.connectTimeout(b.connectTimeout);
            }
            this.http = jdk.build();
        }
        this.readTimeout = b.readTimeout;
        this.clock = b.clock;
        this.quota = b.quota;
        this.settings = b;
    }

    /** The stock client for streaming, built on first use: the adapters do not stream, and a JDK client costs a thread and a start-up. */
    private synchronized JdkHttpClient streaming() {
        if (streaming == null) {
            java.net.http.HttpClient.Builder forStreaming = java.net.http.HttpClient.newBuilder()
                    .version(java.net.http.HttpClient.Version.HTTP_1_1);
            streaming = JdkHttpClient.builder().httpClientBuilder(forStreaming)
                    .connectTimeout(settings.connectTimeout).readTimeout(settings.readTimeout).build();
        }
        return streaming;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        URI uri = uri(request.url());
        String body = request.body();
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        WireTap.sending(request.url(), bytes.length);
        BlockingHttp.Response response;
        try {
            response = http == null
                    ? BlockingHttp.send(uri, request.method().name(), request.headers(), body == null ? null : bytes,
                            settings.connectTimeout, readTimeout)
                    : jdk(request, uri, body == null ? null : bytes);
            WireTap.record(request.url(), bytes.length, response.status());
        } catch (BlockingHttp.NotSent e) { // no connection: nothing was sent
            IOException cause = e.getCause();
            if (cause instanceof java.net.SocketTimeoutException || cause instanceof java.net.http.HttpTimeoutException) {
                throw new TimeoutException(cause);
            }
            throw new UnreachableException(ConnectionWording.unreachable(cause, uri), cause);
        } catch (java.net.SocketTimeoutException | java.net.http.HttpTimeoutException e) {
            WireTap.record(request.url(), bytes.length, 0);
            throw new TimeoutException(e);
        } catch (IOException e) {
            WireTap.record(request.url(), bytes.length, 0); // reset or closed mid-way: the bytes may have left
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        int status = response.status();
        observe(status, response.headers());
        if (status < 200 || status >= 300) {
            throw new ProviderHttpException(status, response.body(), RetryAfter.parse(response.firstHeader("Retry-After"), clock));
        }
        return SuccessfulHttpResponse.builder().statusCode(status).headers(response.headers()).body(response.body()).build();
    }

    /** The exchange through the JDK client (a TLS endpoint), its answer and its failures in {@link BlockingHttp}'s terms. */
    private BlockingHttp.Response jdk(HttpRequest request, URI uri, byte[] body) throws IOException, InterruptedException {
        java.net.http.HttpRequest.Builder r = java.net.http.HttpRequest.newBuilder(uri);
        request.headers().forEach((name, values) -> values.forEach(v -> r.header(name, v)));
        if (readTimeout != null) {
            r.timeout(readTimeout);
        }
        r.method(request.method().name(), body == null
                ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofByteArray(body));
        java.net.http.HttpResponse<String> response;
        try {
            response = BoundedHttp.send(http, r.build(), BodyHandlers.ofString(StandardCharsets.UTF_8), readTimeout);
        } catch (java.net.http.HttpConnectTimeoutException | java.net.ConnectException e) {
            throw new BlockingHttp.NotSent(e);
        }
        return new BlockingHttp.Response(response.statusCode(), response.headers().map(), response.body());
    }

    private URI uri(String url) {
        URI last = lastUri;
        if (last != null && last.toString().equals(url)) {
            return last;
        }
        URI parsed = URI.create(url);
        lastUri = parsed;
        return parsed;
    }

    private void observe(int status, java.util.Map<String, java.util.List<String>> headers) {
        if (quota == QuotaObserver.NONE) {
            return;
        }
        QuotaObservation o = RateLimitHeaders.parse(status, headers, clock);
        if (o != null) {
            quota.observe(o);
        }
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        streaming().execute(request, parser, listener);
    }

    /** The builder the langchain4j models are given ({@code httpClientBuilder(...)}). */
    public static final class Builder implements HttpClientBuilder {

        private Duration connectTimeout;
        private Duration readTimeout;
        private Clock clock = Clock.systemUTC();
        private QuotaObserver quota = QuotaObserver.NONE;
        private boolean plainHttp;

        @Override
        public Duration connectTimeout() {
            return connectTimeout;
        }

        @Override
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        @Override
        public Duration readTimeout() {
            return readTimeout;
        }

        @Override
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = timeout;
            return this;
        }

        public Builder clock(Clock c) {
            this.clock = c;
            return this;
        }

        /** Who is told every answer's rate-limit headers (the backend's {@code RateLimiter}); none by default. */
        public Builder quotaObserver(QuotaObserver observer) {
            this.quota = observer == null ? QuotaObserver.NONE : observer;
            return this;
        }

        /**
         * The base URL the client is built for: a plain {@code http://} endpoint is called through
         * {@link BlockingHttp} on the calling thread (see the class comment); any other through the JDK client.
         */
        public Builder endpoint(String baseUrl) {
            this.plainHttp = baseUrl != null && baseUrl.trim().regionMatches(true, 0, "http://", 0, 7);
            return this;
        }

        @Override
        public ProviderHttpClient build() {
            return new ProviderHttpClient(this);
        }
    }
}
