package org.recprompt.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.backend.EgressEvent;
import org.recprompt.backend.FakeProviderServer;
import org.recprompt.backend.ImageCache;
import org.recprompt.experiment.RunProgress.State;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/**
 * A vision run over a dataset whose items carry publisher image URLs (an {@code image_url} item
 * attribute, as the readers of goodbooks, Amazon and Book-Crossing fill it), against a fake Ollama:
 * every candidate's image reaches the request as bytes, each URL is fetched once for the whole run;
 * under local only nothing is fetched and every call says why.
 */
class VisionRunTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int USERS = 6;
    static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
    static final String OLLAMA_ANSWER = "{\"model\":\"llava\",\"created_at\":\"2025-01-01T00:00:00Z\",\"message\":{\"role\":"
            + "\"assistant\",\"content\":\"1. Book 3\"},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":3,\"eval_count\":2}";

    @TempDir
    Path dir;

    HttpServer images;
    final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws IOException {
        images = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        images.createContext("/", ex -> {
            hits.computeIfAbsent(ex.getRequestURI().getPath(), p -> new AtomicInteger()).incrementAndGet();
            ex.getResponseHeaders().add("Content-Type", "image/png");
            ex.sendResponseHeaders(200, PNG.length);
            ex.getResponseBody().write(PNG);
            ex.close();
        });
        images.start();
    }

    @AfterEach
    void stop() {
        images.stop(0);
    }

    /** RecBole atomic files: 40 books with an image_url each, USERS users with 12 interactions. */
    Path dataset() throws IOException {
        Path d = Files.createDirectories(dir.resolve("data"));
        StringBuilder items = new StringBuilder("item_id:token\ttitle:token_seq\timage_url:token\n");
        for (int i = 1; i <= 40; i++) {
            items.append(i).append("\tBook ").append(i).append("\thttp://127.0.0.1:").append(images.getAddress().getPort())
                    .append("/covers/").append(i).append(".png\n");
        }
        Files.writeString(d.resolve("books.item"), items.toString());
        StringBuilder inter = new StringBuilder("user_id:token\titem_id:token\trating:float\ttimestamp:float\n");
        Random r = new Random(5);
        for (int u = 1; u <= USERS; u++) {
            List<Integer> pool = new ArrayList<>();
            for (int i = 1; i <= 40; i++) {
                pool.add(i);
            }
            Collections.shuffle(pool, r);
            for (int k = 0; k < 12; k++) {
                inter.append(u).append('\t').append(pool.get(k)).append("\t4\t").append(1000 + k).append('\n');
            }
        }
        Files.writeString(d.resolve("books.inter"), inter.toString());
        return d;
    }

    Path template() throws IOException {
        return Files.writeString(dir.resolve("vision.mustache"), """
                ---
                name: vision-test
                kind: vision
                output: numbered-titles
                candidates: 10
                k: 5
                ---
                [user]
                I liked: {{history_titles}}.
                {{#candidates}}
                [{{index}}] {{title}}{{^has_image}} (no image){{/has_image}}
                {{/candidates}}
                Rank them.
                """);
    }

    ExperimentRun.Result run(FakeProviderServer ollama, boolean localOnly, String out) throws Exception {
        ollama.on("/api/chat", 200, OLLAMA_ANSWER);
        Path exp = ExperimentFixtures.experiment(dir, dataset(), template(), USERS,
                "{ id: llava, type: ollama, baseUrl: \"" + ollama.root() + "\", model: llava }");
        List<EgressEvent> log = Collections.synchronizedList(new ArrayList<>());
        RunEnvironment env = RunEnvironment.offline().withEnv(v -> v.equals(ImageCache.ALLOW_PRIVATE) ? "true" : null)
                .withPrivacy(localOnly, log::add, "p");
        RunSetup setup = RunSetup.prepare(ExperimentFile.load(exp, dir), env);
        return ExperimentRun.start(setup, dir.resolve(out), false, null).await();
    }

    @Test
    void every_candidates_image_reaches_ollama_as_bytes_and_each_url_is_fetched_once() throws Exception {
        try (FakeProviderServer ollama = new FakeProviderServer()) {
            ExperimentRun.Result r = run(ollama, false, "out");

            assertThat(r.state()).isEqualTo(State.COMPLETE);
            assertThat(ollama.seen()).hasSize(USERS);
            for (FakeProviderServer.Seen s : ollama.seen()) {
                JsonNode user = JSON.readTree(s.body()).path("messages").path(0);
                assertThat(user.path("images")).hasSize(10);
                assertThat(Base64.getDecoder().decode(user.path("images").path(0).asText())).isEqualTo(PNG);
            }
            assertThat(hits).isNotEmpty();
            assertThat(hits.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
            // what the run recorded as sent names the URLs, never the bytes
            assertThat(Files.readString(dir.resolve("out/prompts.jsonl"))).contains("/covers/").doesNotContain("base64");
        }
    }

    @Test
    void local_only_fetches_nothing_and_every_call_says_why() throws Exception {
        try (FakeProviderServer ollama = new FakeProviderServer()) {
            ExperimentRun.Result r = run(ollama, true, "out");

            assertThat(r.state()).isEqualTo(State.COMPLETE);
            assertThat(hits).isEmpty();
            assertThat(ollama.seen()).isEmpty();
            List<JsonNode> responses = ExperimentRunTest.lines(dir.resolve("out/responses.jsonl"));
            assertThat(responses).hasSize(USERS).allSatisfy(n -> assertThat(n.path("error").asText())
                    .startsWith("LOCAL_ONLY: local only: item image http://127.0.0.1:")
                    .contains("is not in the workspace's image cache and would be fetched from the network"));
        }
    }
}
