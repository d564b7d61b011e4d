package org.recprompt.backend.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.backend.Backend;
import org.recprompt.backend.BackendRequest;
import org.recprompt.backend.BackendResult;
import org.recprompt.backend.FakeProviderServer;
import org.recprompt.backend.Failure;
import org.recprompt.backend.ImageCache;
import org.recprompt.backend.ImageResolvingBackend;
import org.recprompt.backend.ImageResolvingBackend.Delivery;
import org.recprompt.prompt.Message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/**
 * Item images from a dataset's URLs reach each provider in the form its API documents: an
 * {@code image_url} part with the URL (OpenAI chat completions), an image block with a URL source
 * (Anthropic Messages), and bytes fetched once from the image's server for Gemini
 * ({@code inline_data}) and Ollama ({@code images}, base64). The image server is a local test server;
 * loopback is allowed only through the explicit setting.
 */
class ItemImageDeliveryTest {

    static final ObjectMapper JSON = new ObjectMapper();
    /** A 1x1 PNG. */
    static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    @TempDir
    Path dir;

    HttpServer images;
    final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    FakeProviderServer provider;

    @BeforeEach
    void start() throws IOException {
        images = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        images.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            switch (path) {
                case "/poster.png" -> {
                    ex.getResponseHeaders().add("Content-Type", "image/png");
                    ex.sendResponseHeaders(200, PNG.length);
                    ex.getResponseBody().write(PNG);
                }
                case "/huge.jpg" -> { // no Content-Length: the limit is found while reading
                    ex.getResponseHeaders().add("Content-Type", "image/jpeg");
                    ex.sendResponseHeaders(200, 0);
                    byte[] chunk = new byte[64 * 1024];
                    chunk[0] = (byte) 0xff;
                    chunk[1] = (byte) 0xd8;
                    chunk[2] = (byte) 0xff;
                    try {
                        for (int i = 0; i < 6 * 16 + 1; i++) { // a little over 6 MB
                            ex.getResponseBody().write(chunk);
                        }
                    } catch (IOException closed) {
                        // the client stopped reading at the limit
                    }
                }
                case "/page" -> {
                    byte[] html = "<html>not found</html>".getBytes();
                    ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
                    ex.sendResponseHeaders(200, html.length);
                    ex.getResponseBody().write(html);
                }
                case "/moved" -> {
                    ex.getResponseHeaders().add("Location", "/poster.png");
                    ex.sendResponseHeaders(302, -1);
                }
                case "/to-file" -> {
                    ex.getResponseHeaders().add("Location", "file:///etc/passwd");
                    ex.sendResponseHeaders(302, -1);
                }
                default -> ex.sendResponseHeaders(404, -1);
            }
            ex.close();
        });
        images.start();
        provider = new FakeProviderServer();
    }

    @AfterEach
    void stop() {
        images.stop(0);
        provider.close();
    }

    String url(String path) {
        return "http://127.0.0.1:" + images.getAddress().getPort() + path;
    }

    int hits(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    static BackendRequest vision(String... images) {
        return BackendRequest.of(List.of(new Message("system", "You recommend movies."),
                new Message("user", "Rank the candidates.", List.of(images), null)));
    }

    ImageCache cache(boolean fetch) {
        return new ImageCache(dir.resolve("cache/images"), true, fetch);
    }

    JsonNode sent(int i) throws IOException {
        return JSON.readTree(provider.seen().get(i).body());
    }

    static final String OLLAMA_ANSWER = "{\"model\":\"llava\",\"created_at\":\"2025-01-01T00:00:00Z\",\"message\":{\"role\":"
            + "\"assistant\",\"content\":\"1. Heat\"},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":3,\"eval_count\":2}";
    static final String GEMINI_ANSWER = "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"1. Heat\"}]},"
            + "\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":3,\"candidatesTokenCount\":2,"
            + "\"totalTokenCount\":5}}";
    static final String ANTHROPIC_ANSWER = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-test\","
            + "\"content\":[{\"type\":\"text\",\"text\":\"1. Heat\"}],\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":3,"
            + "\"output_tokens\":2}}";

    LlmParameters params() {
        return new LlmParameters(0.0, null, null, 50, false, Duration.ofSeconds(10), 20);
    }

    Backend ollama(ImageCache cache) {
        provider.on("/api/chat", 200, OLLAMA_ANSWER);
        return new ImageResolvingBackend(new OllamaBackend(provider.root(), "llava", params()), cache, Delivery.of("ollama", false));
    }

    @Test
    void an_https_url_goes_to_a_remote_openai_compatible_server_as_an_image_url_part_and_is_not_fetched() throws Exception {
        provider.on("/v1/chat/completions", 200, FakeProviderServer.openAiAnswer("1. Heat"));
        Backend openai = new ImageResolvingBackend(new OpenAiCompatibleBackend(provider.root() + "/v1", "gpt-test", "sk-x",
                params(), null), cache(true), Delivery.of("openai", true));

        BackendResult r = openai.generate(vision("https://images.example.org/covers/heat.jpg"));

        assertThat(r.isOk()).isTrue();
        JsonNode parts = sent(0).path("messages").path(1).path("content");
        assertThat(parts.path(0).path("type").asText()).isEqualTo("text");
        assertThat(parts.path(1).path("type").asText()).isEqualTo("image_url");
        assertThat(parts.path(1).path("image_url").path("url").asText()).isEqualTo("https://images.example.org/covers/heat.jpg");
        assertThat(hits).isEmpty();
    }

    @Test
    void anthropic_gets_an_image_block_with_a_url_source() throws Exception {
        provider.on("/v1/messages", 200, ANTHROPIC_ANSWER);
        Backend claude = new ImageResolvingBackend(new AnthropicBackend(provider.root() + "/v1/", "claude-test", "sk-ant",
                params(), null), cache(true), Delivery.of("anthropic", true));

        assertThat(claude.generate(vision("https://images.example.org/p.png")).isOk()).isTrue();

        JsonNode image = sent(0).path("messages").path(0).path("content").path(1);
        assertThat(image.path("type").asText()).isEqualTo("image");
        assertThat(image.path("source").path("type").asText()).isEqualTo("url");
        assertThat(image.path("source").path("url").asText()).isEqualTo("https://images.example.org/p.png");
    }

    @Test
    void ollama_gets_the_fetched_bytes_in_base64_and_the_cache_serves_later_calls_and_runs() throws Exception {
        Backend ollama = ollama(cache(true));

        assertThat(ollama.generate(vision(url("/poster.png"))).isOk()).isTrue();
        assertThat(ollama.generate(vision(url("/poster.png"))).isOk()).isTrue();
        // a later run: a new cache over the same workspace folder
        assertThat(ollama(cache(true)).generate(vision(url("/poster.png"))).isOk()).isTrue();

        assertThat(hits("/poster.png")).isEqualTo(1);
        for (int i = 0; i < 3; i++) {
            JsonNode user = sent(i).path("messages").path(1);
            assertThat(user.path("images")).hasSize(1);
            assertThat(Base64.getDecoder().decode(user.path("images").path(0).asText())).isEqualTo(PNG);
        }
        Path stored;
        try (var files = Files.list(dir.resolve("cache/images"))) {
            stored = files.filter(f -> !f.getFileName().toString().endsWith(".part")).findFirst().orElseThrow();
        }
        assertThat(Files.readAllBytes(stored)).isEqualTo(PNG);
        assertThat(Files.getPosixFilePermissions(stored)).isEqualTo(org.recprompt.base.OwnerOnly.FILE);
    }

    @Test
    void gemini_gets_the_fetched_bytes_as_inline_data_after_a_redirect() throws Exception {
        provider.on("/v1beta/models/gemini-test:generateContent", 200, GEMINI_ANSWER);
        Backend gemini = new ImageResolvingBackend(new GeminiBackend(provider.root() + "/v1beta", "gemini-test", "g-key",
                params(), null), cache(true), Delivery.of("gemini", true));

        assertThat(gemini.generate(vision(url("/moved"))).isOk()).isTrue();

        JsonNode parts = sent(0).path("contents").path(0).path("parts");
        JsonNode inline = parts.path(1).has("inline_data") ? parts.path(1).path("inline_data") : parts.path(1).path("inlineData");
        assertThat(inline.path(inline.has("mime_type") ? "mime_type" : "mimeType").asText()).isEqualTo("image/png");
        assertThat(Base64.getDecoder().decode(inline.path("data").asText())).isEqualTo(PNG);
        assertThat(hits("/moved")).isEqualTo(1);
        assertThat(hits("/poster.png")).isEqualTo(1);
    }

    @Test
    void a_local_openai_compatible_server_gets_bytes_as_a_data_url() throws Exception {
        provider.on("/v1/chat/completions", 200, FakeProviderServer.openAiAnswer("1. Heat"));
        Backend local = new ImageResolvingBackend(new OpenAiCompatibleBackend(provider.root() + "/v1", "llava", null,
                params(), null), cache(true), Delivery.of("openai", false));

        assertThat(local.generate(vision(url("/poster.png"))).isOk()).isTrue();

        String sentUrl = sent(0).path("messages").path(1).path("content").path(1).path("image_url").path("url").asText();
        assertThat(sentUrl).isEqualTo("data:image/png;base64," + Base64.getEncoder().encodeToString(PNG));
    }

    @Test
    void an_image_over_five_megabytes_fails_the_call_clearly_and_nothing_is_sent() {
        BackendResult r = ollama(cache(true)).generate(vision(url("/huge.jpg")));

        assertThat(r.isOk()).isFalse();
        assertThat(r.failure().kind()).isEqualTo(Failure.Kind.IMAGE);
        assertThat(r.failure().message()).isEqualTo("item image " + url("/huge.jpg") + ": larger than 5 MB (the limit for one image)");
        assertThat(provider.seen()).isEmpty();
    }

    @Test
    void a_page_that_is_not_an_image_fails_clearly_and_is_not_fetched_again_in_the_same_run() {
        Backend ollama = ollama(cache(true));

        BackendResult r = ollama.generate(vision(url("/page")));
        BackendResult again = ollama.generate(vision(url("/page")));

        assertThat(r.failure().kind()).isEqualTo(Failure.Kind.IMAGE);
        assertThat(r.failure().message()).isEqualTo("item image " + url("/page")
                + ": not an image (content type text/html; charset=utf-8)");
        assertThat(again.failure().message()).isEqualTo(r.failure().message());
        assertThat(hits("/page")).isEqualTo(1);
        assertThat(provider.seen()).isEmpty();
    }

    @Test
    void a_redirect_to_a_file_url_and_a_missing_image_are_refused() {
        Backend ollama = ollama(cache(true));

        assertThat(ollama.generate(vision(url("/to-file"))).failure().message())
                .isEqualTo("item image " + url("/to-file") + " (redirected to a file: URL): only http and https URLs are fetched");
        assertThat(ollama.generate(vision("file:///etc/passwd")).failure().message())
                .isEqualTo("item image file:///etc/passwd: only http and https URLs and local files are used");
        assertThat(ollama.generate(vision(url("/gone.jpg"))).failure().message())
                .isEqualTo("item image " + url("/gone.jpg") + ": the server answered 404");
        assertThat(provider.seen()).isEmpty();
    }

    @Test
    void loopback_and_private_hosts_are_refused_without_the_explicit_setting() {
        Backend ollama = ollama(ImageCache.forRun(dir.resolve("cache/embeddings"), name -> null, false));

        BackendResult r = ollama.generate(vision(url("/poster.png")));

        assertThat(r.failure().kind()).isEqualTo(Failure.Kind.IMAGE);
        assertThat(r.failure().message()).contains("is a loopback, private or link-local address (127.0.0.1)")
                .contains(ImageCache.ALLOW_PRIVATE + "=true");
        assertThat(hits).isEmpty();
        Backend allowed = ollama(ImageCache.forRun(dir.resolve("cache/embeddings"),
                name -> name.equals(ImageCache.ALLOW_PRIVATE) ? "true" : null, false));
        assertThat(allowed.generate(vision(url("/poster.png"))).isOk()).isTrue();
        assertThat(Files.isDirectory(dir.resolve("cache/images"))).isTrue();
    }

    @Test
    void local_only_never_fetches_but_serves_what_the_cache_already_holds() {
        BackendResult refused = ollama(cache(false)).generate(vision(url("/poster.png")));

        assertThat(refused.failure().kind()).isEqualTo(Failure.Kind.LOCAL_ONLY);
        assertThat(refused.failure().message()).startsWith("local only: item image " + url("/poster.png")
                + " is not in the workspace's image cache");
        assertThat(hits).isEmpty();
        assertThat(provider.seen()).isEmpty();

        assertThat(ollama(cache(true)).generate(vision(url("/poster.png"))).isOk()).isTrue(); // fetched once, local-only off
        assertThat(ollama(cache(false)).generate(vision(url("/poster.png"))).isOk()).isTrue(); // then served from the cache
        assertThat(hits("/poster.png")).isEqualTo(1);
    }

    @Test
    void a_local_image_file_is_sent_as_bytes_even_to_a_provider_that_takes_urls() throws Exception {
        provider.on("/v1/chat/completions", 200, FakeProviderServer.openAiAnswer("1. Heat"));
        Path poster = Files.write(dir.resolve("1.png"), PNG);
        Path text = Files.writeString(dir.resolve("2.jpg"), "not an image");
        Backend openai = new ImageResolvingBackend(new OpenAiCompatibleBackend(provider.root() + "/v1", "gpt-test", "sk-x",
                params(), null), cache(true), Delivery.URLS);

        assertThat(openai.generate(vision(poster.toString())).isOk()).isTrue();
        assertThat(openai.generate(vision(text.toString())).failure().message())
                .isEqualTo("item image file " + text + ": not a JPEG, PNG, GIF or WebP image");

        assertThat(sent(0).path("messages").path(1).path("content").path(1).path("image_url").path("url").asText())
                .startsWith("data:image/png;base64,");
        assertThat(provider.seen()).hasSize(1);
    }
}
