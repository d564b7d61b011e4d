package org.recprompt.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;

import com.sun.net.httpserver.HttpServer;

/**
 * Build step (pom.xml, package phase, after the jar is final): makes the class data sharing
 * archive that {@link TunedClasspath} gives a tuned run's JVM, and adds it to the jar.
 *
 * <p>A dynamic CDS archive (JEP 350, {@code -XX:ArchiveClassesAtExit}) holds the classes a JVM
 * loaded, parsed and verified, for the same JDK build and the same class path (paths, sizes and dates
 * of its jars). So this step copies the jar's class path where a run will find it
 * ({@link TunedClasspath#prepare}), runs a call-bound experiment there against a local
 * OpenAI-compatible server it starts (a synthetic MovieLens-format dataset of 120 users, one
 * candidate-ranking template of the shipped ones, the grounding, metrics and outputs of any run), and
 * stores the archive, what it was made for and the copy's jar of the application's classes in the
 * jar ({@value TunedClasspath#ARCHIVE}, {@value TunedClasspath#ARCHIVE_INFO},
 * {@value TunedClasspath#APP_ENTRY}, uncompressed: a run copies them whole). It then deletes its copy: a run of the
 * new jar makes its own, as it would on another machine.
 *
 * <p>It never fails the build: when anything goes wrong it says so and leaves the jar without an
 * archive (runs are then slower, not different).
 *
 * <p>Arguments: the jar, a candidate-ranking template, a work directory.
 */
public final class CdsTraining {

    private CdsTraining() {
    }

    /**
     * The JDK's platform logger: this step runs with the application's classes alone on its class
     * path (pom.xml), before any logging library, and Maven shows what it writes.
     */
    private static final System.Logger LOG = System.getLogger(CdsTraining.class.getName());

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            LOG.log(System.Logger.Level.ERROR, "usage: CdsTraining JAR TEMPLATE WORK_DIR");
            System.exit(2);
        }
        Path jar = Path.of(args[0]).toAbsolutePath();
        try {
            String made = train(jar, Path.of(args[1]).toAbsolutePath(), Path.of(args[2]).toAbsolutePath());
            LOG.log(System.Logger.Level.INFO, made);
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "No CDS archive for tuned runs (they start slower, with the same results): " + e, e);
        }
    }

    /** Makes the archive, adds it to the jar and says what it did. */
    static String train(Path jar, Path template, Path work) throws IOException, InterruptedException {
        TunedClasspath.Layout layout = TunedClasspath.read(jar).orElseThrow(() -> new IOException(jar + " is not a Spring Boot jar"));
        Path base = TunedClasspath.base();
        Path copy = base.resolve("cp-" + layout.key());
        if (Files.exists(copy)) {
            TunedClasspath.deleteTree(copy); // made by an earlier build of these same classes: made again, exactly as a run will
        }
        TunedClasspath.Prepared prepared = TunedClasspath.prepare(layout, base)
                .orElseThrow(() -> new IOException("could not copy the class path to " + base));
        try {
            if (Files.exists(work)) {
                TunedClasspath.deleteTree(work);
            }
            Files.createDirectories(work);
            Path dataset = writeDataset(work.resolve("dataset"));
            Path archive = work.resolve("run.jsa");
            HttpServer server = fakeOpenAi();
            try {
                Path experiment = work.resolve("training.yaml");
                Files.writeString(experiment, """
                        name: cds-training
                        dataset: { path: %s }
                        split: { method: leave-last-out }
                        users: { sample: 120, seed: 1 }
                        candidates: { size: 20, negatives: random, seed: 1 }
                        templates: [ %s ]
                        repeats: 2
                        backends:
                          - { id: llm, type: openai, baseUrl: "http://127.0.0.1:%d/v1", model: training, apiKeyEnv: TRAINING_KEY, concurrency: 8 }
                        k: [10]
                        """.formatted(dataset, template, server.getAddress().getPort()));
                List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
                command.addAll(TunedJvm.FLAGS);
                command.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                        "-D" + HeadStart.PROPERTY + "=" + HeadStart.DATABASE, "-D" + TunedJvm.STARTED + "=true",
                        "-cp", prepared.classpathValue(), TunedJvm.MAIN, "run", experiment.toString(), "--out", work.resolve("out").toString()));
                ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(work.resolve("run.log").toFile());
                pb.environment().put("TRAINING_KEY", "x");
                pb.environment().put("HOME", work.resolve("home").toString());
                pb.environment().put("RECPROMPT_WORKSPACE", work.resolve("home/ws").toString());
                Process run = pb.start();
                if (!run.waitFor(5, TimeUnit.MINUTES)) {
                    run.destroyForcibly();
                    throw new IOException("the training run took over 5 minutes (" + work.resolve("run.log") + ")");
                }
                if (run.exitValue() != 0 || !Files.isRegularFile(archive)) {
                    throw new IOException("the training run ended with " + run.exitValue() + " (" + work.resolve("run.log") + ")");
                }
            } finally {
                server.stop(0);
            }
            Path staging = work.resolve("staging");
            Path entry = staging.resolve(TunedClasspath.ARCHIVE);
            Files.createDirectories(entry.getParent());
            Files.move(archive, entry, StandardCopyOption.REPLACE_EXISTING);
            Properties info = new Properties();
            info.setProperty("key", layout.key());
            info.setProperty("directory", copy.toString());
            info.setProperty("java.vm.version", System.getProperty("java.vm.version"));
            info.setProperty("java.home", System.getProperty("java.home"));
            StringWriter text = new StringWriter();
            info.store(text, "the CDS archive of a tuned run (org.recprompt.cli.TunedClasspath)");
            Files.writeString(staging.resolve(TunedClasspath.ARCHIVE_INFO), text.toString());
            long size = Files.size(entry);
            Files.copy(copy.resolve(TunedClasspath.APP_JAR), staging.resolve(TunedClasspath.APP_ENTRY), StandardCopyOption.REPLACE_EXISTING);
            addToJar(jar, staging, TunedClasspath.ARCHIVE, TunedClasspath.ARCHIVE_INFO, TunedClasspath.APP_ENTRY);
            String after = TunedClasspath.read(jar).map(TunedClasspath.Layout::key).orElse("none");
            if (!after.equals(layout.key())) {
                throw new IOException("adding the archive changed the class path's key (" + layout.key() + " -> " + after + ")");
            }
            return String.format(Locale.ROOT, "CDS archive of a tuned run: %.1f MB for %s", size / 1e6, copy);
        } finally {
            prepared.lock().close();
            TunedClasspath.deleteTree(copy);
        }
    }

    private static void addToJar(Path jar, Path staging, String... entries) throws IOException {
        ToolProvider tool = ToolProvider.findFirst("jar").orElseThrow(() -> new IOException("no jar tool in this JDK"));
        List<String> args = new ArrayList<>(List.of("--update", "--no-compress", "--file", jar.toString()));
        for (String e : entries) {
            args.addAll(List.of("-C", staging.toString(), e));
        }
        StringWriter out = new StringWriter();
        int code = tool.run(new PrintWriter(out), new PrintWriter(out), args.toArray(String[]::new));
        if (code != 0) {
            throw new IOException("jar --update ended with " + code + ": " + out);
        }
    }

    /** A MovieLens-format dataset: 300 movies, 120 users with 15 to 40 ratings each, links and tags. */
    static Path writeDataset(Path dir) throws IOException {
        Files.createDirectories(dir);
        Random random = new Random(7);
        String[] genres = {"Action", "Comedy", "Drama", "Romance", "Thriller", "Animation", "Children", "Sci-Fi"};
        StringBuilder movies = new StringBuilder("movieId,title,genres\n");
        StringBuilder links = new StringBuilder("movieId,imdbId,tmdbId\n");
        for (int m = 1; m <= 300; m++) {
            String title = "Training Movie " + m + (m % 7 == 0 ? ", The" : "") + " (" + (1950 + m % 70) + ")";
            movies.append(m).append(',').append(m % 7 == 0 ? "\"" + title + "\"" : title).append(',')
                    .append(genres[m % genres.length]).append('|').append(genres[(m * 3) % genres.length]).append('\n');
            links.append(m).append(',').append(String.format(Locale.ROOT, "%07d", 100_000 + m)).append(',').append(5_000 + m).append('\n');
        }
        StringBuilder ratings = new StringBuilder("userId,movieId,rating,timestamp\n");
        StringBuilder tags = new StringBuilder("userId,movieId,tag,timestamp\n");
        for (int u = 1; u <= 120; u++) {
            int n = 15 + random.nextInt(26);
            java.util.Set<Integer> seen = new java.util.HashSet<>();
            for (int i = 0; i < n; i++) {
                int m = 1 + (int) Math.min(299, Math.abs(random.nextGaussian()) * 80);
                if (seen.add(m)) {
                    ratings.append(u).append(',').append(m).append(',').append(1 + random.nextInt(9) / 2.0).append(',')
                            .append(1_000_000_000L + u * 10_000L + i).append('\n');
                }
            }
            if (u % 10 == 0) {
                tags.append(u).append(',').append(1 + u % 300).append(",training tag,").append(1_100_000_000L + u).append('\n');
            }
        }
        Files.writeString(dir.resolve("movies.csv"), movies);
        Files.writeString(dir.resolve("links.csv"), links);
        Files.writeString(dir.resolve("ratings.csv"), ratings);
        Files.writeString(dir.resolve("tags.csv"), tags);
        return dir;
    }

    /**
     * A local server answering OpenAI's chat completions (POST {@code /v1/chat/completions}) with a
     * ranked list of catalog titles and the usage block, as the provider's documented response.
     */
    static HttpServer fakeOpenAi() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        byte[] body = """
                {"id":"chatcmpl-training","object":"chat.completion","created":0,"model":"training",\
                "choices":[{"index":0,"message":{"role":"assistant","content":"1. Training Movie 3 (1953)\\n2. Training Movie 14 (1964)\\n\
                3. Training Movie, The (2000)\\n4. Not In The Catalog (1999)"},"finish_reason":"stop"}],\
                "usage":{"prompt_tokens":120,"completion_tokens":30,"total_tokens":150}}""".getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                if (!"POST".equals(exchange.getRequestMethod()) || !exchange.getRequestURI().getPath().endsWith("/chat/completions")) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "cds-training-server");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return server;
    }
}
