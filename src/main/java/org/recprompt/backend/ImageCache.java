package org.recprompt.backend;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.recprompt.base.Hashes;
import org.recprompt.base.ImageBytes;
import org.recprompt.base.OwnerOnly;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Item images from http(s) URLs for providers that take image bytes, fetched once and kept under
 * the workspace ({@code cache/images/<SHA-256 of the URL>}, written to a temporary file then moved,
 * owner-only), so later calls and later runs read the file. A fetch is bounded: http and https
 * only (a redirect is followed at most {@value #MAX_REDIRECTS} times, each hop http(s) again and
 * checked again), {@link ImageBytes#MAX_BYTES} at most, {@value #TIMEOUT_SECONDS} s for the whole
 * exchange, an {@code image/*} content type and bytes that are a JPEG, PNG, GIF or WebP image. A
 * host that resolves to a loopback, private, link-local or otherwise non-public address is refused
 * unless {@value #ALLOW_PRIVATE}=true (the workbench may be served to a group: a dataset's URL must
 * not make it read this network's servers). With fetching off (local only) only what the cache
 * already holds is served. A failed URL is remembered for the cache's life (one run), so it is not
 * fetched again for every call; the next run tries again.
 */
public final class ImageCache {

    /** The setting (environment variable) that lets fetches reach loopback and private-network hosts. */
    public static final String ALLOW_PRIVATE = "RECPROMPT_IMAGES_ALLOW_PRIVATE";
    static final int MAX_REDIRECTS = 3;
    static final int TIMEOUT_SECONDS = 20;

    private static final Logger LOG = LoggerFactory.getLogger(ImageCache.class);

    /** Why an image cannot be used: a failure kind and one sentence naming the image. */
    public static final class ImageException extends Exception {
        private static final long serialVersionUID = 1L;
        private final Failure.Kind kind;

        public ImageException(Failure.Kind kind, String message) {
            super(message);
            this.kind = kind;
        }

        public Failure.Kind kind() {
            return kind;
        }
    }

    private final Path folder;
    private final boolean allowPrivate;
    private final boolean fetch;
    private final Map<String, ImageBytes> memory = new ConcurrentHashMap<>();
    private final Map<String, String> failed = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private volatile HttpClient http;

    /**
     * @param folder where fetched images are kept (null: in memory, for this cache's life)
     * @param allowPrivate whether loopback and private-network hosts may be fetched from
     * @param fetch false when local only: nothing is fetched, the cache still serves what it holds
     */
    public ImageCache(Path folder, boolean allowPrivate, boolean fetch) {
        this.folder = folder;
        this.allowPrivate = allowPrivate;
        this.fetch = fetch;
    }

    /** A run's cache: {@code <workspace>/cache/images} beside the embedding cache (or memory), the setting read from {@code env}. */
    public static ImageCache forRun(Path workspaceCacheSibling, Function<String, String> env, boolean localOnly) {
        String allow = env == null ? null : env.apply(ALLOW_PRIVATE);
        return new ImageCache(workspaceCacheSibling == null ? null : workspaceCacheSibling.resolveSibling("images"),
                "true".equalsIgnoreCase(allow == null ? "" : allow.strip()), !localOnly);
    }

    public boolean fetches() {
        return fetch;
    }

    /** The image behind an http(s) URL: from the cache, else fetched (once) and kept. */
    public ImageBytes get(String url) throws ImageException {
        String key = key(url);
        ImageBytes cached = cached(key);
        if (cached != null) {
            return cached;
        }
        if (!fetch) {
            throw new ImageException(Failure.Kind.LOCAL_ONLY, "local only: item image " + shown(url)
                    + " is not in the workspace's image cache and would be fetched from the network; the call was not made"
                    + " (a run with local-only off fetches it once into the cache)");
        }
        synchronized (locks.computeIfAbsent(key, k -> new Object())) {
            cached = cached(key);
            if (cached != null) {
                return cached;
            }
            String earlier = failed.get(key);
            if (earlier != null) {
                throw new ImageException(Failure.Kind.IMAGE, earlier);
            }
            try {
                ImageBytes image = download(url);
                store(key, image);
                return image;
            } catch (ImageException e) {
                failed.put(key, e.getMessage());
                throw e;
            }
        }
    }

    /** The cache file's name for a URL: the SHA-256 of its text, in hex. */
    static String key(String url) {
        return HexFormat.of().formatHex(Hashes.sha256(url.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** A URL as messages show it: scheme, host, port and path (never a query or user information). */
    static String shown(String url) {
        return Egress.endpoint(url);
    }

    private ImageBytes cached(String key) {
        if (folder == null) {
            return memory.get(key);
        }
        Path file = folder.resolve(key);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return ImageBytes.read(file);
        } catch (IOException e) { // damaged or replaced: fetch again
            LOG.warn("Image cache file {} is unusable ({}); fetching again", file, e.getMessage());
            return null;
        }
    }

    private void store(String key, ImageBytes image) {
        if (folder == null) {
            memory.put(key, image);
            return;
        }
        try {
            OwnerOnly.createFolders(folder);
            Path part = Files.createTempFile(folder, key, ".part", OwnerOnly.fileAttributes());
            try {
                Files.write(part, image.bytes(), StandardOpenOption.TRUNCATE_EXISTING);
                Files.move(part, folder.resolve(key), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(part);
            }
        } catch (IOException e) { // the image is still used for this call; only the cache misses it
            LOG.warn("Could not keep the image {} in {}: {}", key, folder, e.getMessage());
            memory.put(key, image);
        }
    }

    private ImageBytes download(String url) throws ImageException {
        URI uri = httpUri(url, url);
        for (int hop = 0; ; hop++) {
            checkHost(url, uri);
            HttpResponse<byte[]> response = exchange(url, uri);
            int status = response.statusCode();
            if (status >= 300 && status < 400 && response.headers().firstValue("location").isPresent()) {
                if (hop == MAX_REDIRECTS) {
                    throw new ImageException(Failure.Kind.IMAGE, "item image " + shown(url) + ": more than " + MAX_REDIRECTS
                            + " redirects");
                }
                String location = response.headers().firstValue("location").get().strip();
                try {
                    uri = httpUri(url, uri.resolve(location).toString());
                } catch (IllegalArgumentException e) {
                    throw new ImageException(Failure.Kind.IMAGE, "item image " + shown(url) + ": redirected to an unreadable URL");
                }
                continue;
            }
            if (status != 200) {
                throw new ImageException(Failure.Kind.IMAGE, "item image " + shown(url) + ": the server answered " + status);
            }
            String type = response.headers().firstValue("content-type").orElse("");
            if (!type.strip().toLowerCase(Locale.ROOT).startsWith("image/")) {
                throw new ImageException(Failure.Kind.IMAGE, "item image " + shown(url) + ": not an image (content type "
                        + (type.isBlank() ? "missing" : type.strip()) + ")");
            }
            ImageBytes image = ImageBytes.of(response.body());
            if (image == null) {
                throw new ImageException(Failure.Kind.IMAGE, "item image " + shown(url) + ": the answer is not a JPEG, PNG, GIF or"
                        + " WebP image (content type " + type.strip() + ")");
            }
            return image;
        }
    }

    /** An http or https URI with a host; anything else (file:, ftp:, data:, a redirect to them) is refused. */
    private static URI httpUri(String original, String text) throws ImageException {
        URI uri;
        try {
            uri = URI.create(text.strip());
        } catch (IllegalArgumentException e) {
            throw new ImageException(Failure.Kind.IMAGE, "item image " + shown(original) + ": not a readable URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ImageException(Failure.Kind.IMAGE, "item image " + shown(original) + (text.equals(original) ? ""
                    : " (redirected to a " + (scheme.isEmpty() ? "relative" : scheme + ":") + " URL)")
                    + ": only http and https URLs are fetched");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new ImageException(Failure.Kind.IMAGE, "item image " + shown(original) + ": the URL names no host");
        }
        return uri;
    }

    private void checkHost(String url, URI uri) throws ImageException {
        if (allowPrivate) {
            return;
        }
        String host = Egress.host(uri.toString());
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new ImageException(Failure.Kind.IMAGE, "item image " + shown(url) + ": the host " + host + " is unknown");
        }
        for (InetAddress a : addresses) {
            if (!isPublic(a)) {
                throw new ImageException(Failure.Kind.IMAGE, "item image " + shown(url) + ": the host " + host
                        + " is a loopback, private or link-local address (" + a.getHostAddress() + "); item images are fetched"
                        + " from public hosts only (set " + ALLOW_PRIVATE + "=true to allow this network's hosts)");
            }
        }
    }

    /** Whether an address is on the public internet: not loopback, private, link-local, shared, multicast or reserved. */
    static boolean isPublic(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (b.length == 4) {
            int b0 = b[0] & 0xff;
            int b1 = b[1] & 0xff;
            return b0 != 0 && !(b0 == 100 && (b1 & 0xc0) == 64) // 0/8, 100.64/10 (shared address space)
                    && !(b0 == 192 && b1 == 0 && (b[2] & 0xff) == 0) && !(b0 == 198 && (b1 == 18 || b1 == 19)) && b0 < 240;
        }
        return (b[0] & 0xfe) != 0xfc; // fc00::/7, unique local
    }

    private HttpResponse<byte[]> exchange(String url, URI uri) throws ImageException {
        HttpRequest request = HttpRequest.newBuilder(uri).GET().timeout(Duration.ofSeconds(TIMEOUT_SECONDS))
                .header("Accept", "image/jpeg, image/png, image/gif, image/webp").header("User-Agent", "RecPrompt-Workbench")
                .build();
        CompletableFuture<HttpResponse<byte[]>> exchange = client().sendAsync(request, ImageCache::body);
        try {
            return exchange.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new ImageException(Failure.Kind.IMAGE, "item image " + shown(url) + ": no complete answer within "
                    + TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new ImageException(Failure.Kind.CANCELLED, "item image " + shown(url) + ": the fetch was interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause != null && cause.getCause() != null && !(cause instanceof TooLarge)) {
                cause = cause.getCause();
            }
            if (cause instanceof TooLarge) {
                throw new ImageException(Failure.Kind.IMAGE, "item image " + shown(url) + ": larger than "
                        + ImageBytes.megabytes(ImageBytes.MAX_BYTES) + " (the limit for one image)");
            }
            String why = cause == null || cause.getMessage() == null ? String.valueOf(cause) : cause.getMessage();
            throw new ImageException(Failure.Kind.IMAGE, "item image " + shown(url) + " could not be fetched: " + why);
        }
    }

    private HttpClient client() {
        HttpClient c = http;
        if (c == null) {
            synchronized (this) {
                if (http == null) {
                    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                            .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
                }
                c = http;
            }
        }
        return c;
    }

    /** Reads a 200 image answer up to the limit; any other answer's body is not read at all. */
    private static HttpResponse.BodySubscriber<byte[]> body(HttpResponse.ResponseInfo info) {
        String type = info.headers().firstValue("content-type").orElse("").strip().toLowerCase(Locale.ROOT);
        if (info.statusCode() != 200 || !type.startsWith("image/")) {
            return new Bounded(0, false);
        }
        long length = info.headers().firstValueAsLong("content-length").orElse(-1);
        return new Bounded(ImageBytes.MAX_BYTES, true, length > ImageBytes.MAX_BYTES);
    }

    /** The body past the limit. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super("the image is larger than the limit");
        }
    }

    /** A body subscriber that keeps at most {@code max} bytes: past it, it cancels (and fails, or ends with what it has). */
    static final class Bounded implements HttpResponse.BodySubscriber<byte[]> {
        private final long max;
        private final boolean failWhenOver;
        private final boolean overAlready;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        Bounded(long max, boolean failWhenOver) {
            this(max, failWhenOver, false);
        }

        Bounded(long max, boolean failWhenOver, boolean overAlready) {
            this.max = max;
            this.failWhenOver = failWhenOver;
            this.overAlready = overAlready;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (overAlready) { // Content-Length says it is too large: no byte is read
                s.cancel();
                result.completeExceptionally(new TooLarge());
            } else if (max == 0) {
                s.cancel();
                result.complete(new byte[0]);
            } else {
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer b : items) {
                int n = b.remaining();
                if (out.size() + (long) n > max) {
                    subscription.cancel();
                    if (failWhenOver) {
                        result.completeExceptionally(new TooLarge());
                    } else {
                        result.complete(out.toByteArray());
                    }
                    return;
                }
                byte[] chunk = new byte[n];
                b.get(chunk);
                out.write(chunk, 0, n);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(out.toByteArray());
        }
    }
}
