package org.recprompt.experiment;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.recprompt.base.Hashes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** Small datasets, templates and a fake OpenAI-compatible server that the experiment tests write for themselves. */
public final class ExperimentFixtures {

    static final String INVENTED = "Galactic Pancake Heist (2011)";

    private ExperimentFixtures() {
    }

    /**
     * A MovieLens "latest" CSV dataset: {@code users} users who each rated 12 of 80 movies, in
     * seeded order with increasing timestamps (so leave-last-out holds out the 12th).
     */
    public static Path dataset(Path dir, int users) throws IOException {
        Path d = Files.createDirectories(dir.resolve("data"));
        StringBuilder movies = new StringBuilder("movieId,title,genres\n");
        String[] genres = {"Comedy", "Drama", "Action", "Horror", "Romance"};
        for (int m = 1; m <= 80; m++) {
            movies.append(m).append(",Film Number ").append(words(m)).append(" (").append(1950 + m).append("),")
                    .append(genres[m % 5]).append('|').append(genres[(m / 5) % 5]).append('\n');
        }
        Files.writeString(d.resolve("movies.csv"), movies.toString());
        StringBuilder ratings = new StringBuilder("userId,movieId,rating,timestamp\n");
        Random random = new Random(11);
        for (int u = 1; u <= users; u++) {
            List<Integer> pool = new ArrayList<>();
            for (int m = 1; m <= 80; m++) {
                pool.add(m);
            }
            java.util.Collections.shuffle(pool, random);
            for (int k = 0; k < 12; k++) {
                ratings.append(u).append(',').append(pool.get(k)).append(',').append(1 + random.nextInt(5)).append(".0,")
                        .append(1_000_000 + u * 100 + k).append('\n');
            }
        }
        Files.writeString(d.resolve("ratings.csv"), ratings.toString());
        return d;
    }

    /** "Alpha Bravo" style words for a number, so that titles are distinct and not near one another. */
    static String words(int n) {
        String[] w = {"Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India", "Juliet"};
        return w[n / 10 % 10] + " " + w[n % 10];
    }

    /** A candidate-ranking template (the shipped one's shape) under the given name. */
    public static Path template(Path dir, String name) throws IOException {
        Path t = dir.resolve(name + ".mustache");
        Files.writeString(t, """
                ---
                name: %s
                kind: chat
                output: numbered-titles
                candidates: 10
                k: 5
                ---
                [system]
                You are a {{domain}} recommender.

                [user]
                {{#examples}}
                Example: a user who watched {{history_titles}} watched next: {{answer}}
                {{/examples}}
                I watched, oldest first:
                {{#history}}
                {{position}}. {{title}}
                {{/history}}

                Here are {{C}} candidate {{domains}}:
                {{#candidates}}
                [{{index}}] {{title}}
                {{/candidates}}

                Rank the {{K}} best candidates, best first, as a numbered list of titles.
                """.formatted(name));
        return t;
    }

    /** The experiment YAML over a fixture: the given backends' YAML lines, 10 candidates. */
    public static Path experiment(Path dir, Path data, Path template, int users, String... backends) throws IOException {
        StringBuilder s = new StringBuilder();
        s.append("name: fixture\n");
        s.append("dataset: { path: ").append(data.toAbsolutePath()).append(" }\n");
        s.append("split: { method: leave-last-out }\n");
        s.append("users: { sample: ").append(users).append(", seed: 3 }\n");
        s.append("candidates: { size: 10, negatives: random, seed: 3 }\n");
        s.append("templates: [ ").append(template.toAbsolutePath()).append(" ]\n");
        s.append("backends:\n");
        for (String b : backends) {
            s.append("  - ").append(b).append('\n');
        }
        s.append("k: [1, 5]\n");
        Path f = dir.resolve("exp.yaml");
        Files.writeString(f, s.toString());
        return f;
    }

    /** A port on 127.0.0.1 that nothing listens on. */
    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * An OpenAI-compatible chat server on 127.0.0.1: it answers the candidates it finds in the last
     * user message ("[n] Title" lines) in reverse order, with an invented title in third place. It
     * counts requests by the SHA-256 of their messages, and can wait a random time per request
     * (seeded by the request) so that answers come back out of order.
     */
    public static final class FakeOpenAi implements AutoCloseable {

        private static final ObjectMapper JSON = new ObjectMapper();
        private static final Pattern CANDIDATE = Pattern.compile("^\\[(\\d+)\\] (.+)$", Pattern.MULTILINE);

        final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
        /** Every request body, in arrival order. */
        final List<JsonNode> bodies = java.util.Collections.synchronizedList(new ArrayList<>());
        public final AtomicInteger total = new AtomicInteger();
        /** The body size of every request seen, in arrival order. */
        final List<Long> bodyBytes = java.util.Collections.synchronizedList(new ArrayList<>());
        /** Answers this many requests (the first ones) with a 503. */
        final AtomicInteger failFirst = new AtomicInteger();
        /** Answers the requests whose messages this accepts with a 400 (a failure no retry helps). */
        volatile java.util.function.Predicate<String> failIf = messages -> false;
        /** When above 0: every answer reports this many of its prompt tokens as read from the provider's cache. */
        public volatile long cachedTokens;
        private final HttpServer http;
        private final ExecutorService workers;
        private final int maxDelayMs;

        public FakeOpenAi(int maxDelayMs) throws IOException {
            this.maxDelayMs = maxDelayMs;
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            workers = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "fake-openai");
                t.setDaemon(true);
                return t;
            });
            http.createContext("/", this::handle);
            http.setExecutor(workers);
            http.start();
        }

        public String baseUrl() {
            return "http://127.0.0.1:" + http.getAddress().getPort() + "/v1";
        }

        /** Requests that arrived more than once (by their messages). */
        long repeated() {
            return requests.values().stream().filter(n -> n.get() > 1).count();
        }

        private void handle(HttpExchange ex) throws IOException {
            try (ex) {
                byte[] body;
                try (InputStream in = ex.getRequestBody()) {
                    body = in.readAllBytes();
                }
                if (!ex.getRequestURI().getPath().endsWith("/chat/completions")) {
                    ex.sendResponseHeaders(404, -1);
                    return;
                }
                bodyBytes.add((long) body.length);
                if (failFirst.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    total.incrementAndGet();
                    ex.sendResponseHeaders(503, -1);
                    return;
                }
                JsonNode req = JSON.readTree(body);
                bodies.add(req);
                String messages = req.path("messages").toString();
                if (failIf.test(messages)) {
                    total.incrementAndGet();
                    byte[] bad = "{\"error\":{\"message\":\"this request is refused by the test\"}}".getBytes(StandardCharsets.UTF_8);
                    ex.sendResponseHeaders(400, bad.length);
                    ex.getResponseBody().write(bad);
                    return;
                }
                String digest = java.util.HexFormat.of().formatHex(Hashes.sha256(messages.getBytes(StandardCharsets.UTF_8)));
                requests.computeIfAbsent(digest, k -> new AtomicInteger()).incrementAndGet();
                total.incrementAndGet();
                if (maxDelayMs > 0) {
                    Thread.sleep(new Random(digest.hashCode()).nextInt(maxDelayMs + 1));
                }
                String user = "";
                for (JsonNode m : req.path("messages")) {
                    if (m.path("role").asText().equals("user")) {
                        user = m.path("content").asText();
                    }
                }
                List<String> titles = new ArrayList<>();
                Matcher m = CANDIDATE.matcher(user);
                while (m.find()) {
                    titles.add(m.group(2).strip());
                }
                java.util.Collections.reverse(titles);
                List<String> answer = new ArrayList<>(titles.subList(0, Math.min(4, titles.size())));
                answer.add(Math.min(2, answer.size()), INVENTED);
                StringBuilder text = new StringBuilder();
                for (int i = 0; i < answer.size(); i++) {
                    text.append(i + 1).append(". ").append(answer.get(i)).append('\n');
                }
                Map<String, Object> message = new LinkedHashMap<>();
                message.put("role", "assistant");
                message.put("content", text.toString().strip());
                Map<String, Object> choice = new LinkedHashMap<>();
                choice.put("index", 0);
                choice.put("message", message);
                choice.put("finish_reason", "stop");
                if (req.path("logprobs").asBoolean()) {
                    // a choice scored by letters: C first, then A, then B (as " B"); the rest are not among the alternatives
                    message.put("content", "C");
                    List<Map<String, Object>> top = List.of(Map.of("token", "C", "logprob", -0.1), Map.of("token", "A", "logprob", -1.0),
                            Map.of("token", " B", "logprob", -2.5), Map.of("token", "Z", "logprob", -4.0));
                    choice.put("logprobs", Map.of("content", List.of(Map.of("token", "C", "logprob", -0.1, "top_logprobs", top))));
                }
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("id", "chatcmpl-" + digest.substring(0, 12));
                out.put("object", "chat.completion");
                out.put("created", 0);
                out.put("model", req.path("model").asText());
                out.put("choices", List.of(choice));
                Map<String, Object> usage = new LinkedHashMap<>(Map.of("prompt_tokens", body.length / 4, "completion_tokens", 20,
                        "total_tokens", body.length / 4 + 20));
                if (cachedTokens > 0) {
                    usage.put("prompt_tokens_details", Map.of("cached_tokens", Math.min(cachedTokens, body.length / 4)));
                }
                out.put("usage", usage);
                byte[] bytes = JSON.writeValueAsBytes(out);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(200, bytes.length);
                ex.getResponseBody().write(bytes);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            http.stop(0);
            workers.shutdownNow();
        }
    }

    /** A MovieLens-latest-shaped folder (movies.csv, ratings.csv): 12 users with 6 ratings each over 40 movies. */
    static Path tinyMovies(Path folder) throws IOException {
        Path d = Files.createDirectories(folder);
        List<String> movies = new ArrayList<>(List.of("movieId,title,genres"));
        for (int i = 1; i <= 40; i++) {
            movies.add(i + ",Movie " + i + " (2000)," + (i % 2 == 0 ? "Drama" : "Comedy"));
        }
        List<String> ratings = new ArrayList<>(List.of("userId,movieId,rating,timestamp"));
        for (int u = 1; u <= 12; u++) {
            for (int j = 0; j < 6; j++) {
                ratings.add(u + "," + (1 + (u * 3 + j * 5) % 40) + ",4.0," + (100 * (j + 1)));
            }
        }
        Files.write(d.resolve("movies.csv"), movies, StandardCharsets.UTF_8);
        Files.write(d.resolve("ratings.csv"), ratings, StandardCharsets.UTF_8);
        return d;
    }
}
