package org.recprompt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.io.DatasetLoader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The dataset-load benchmark at a small size; it checks what it generates and reports, never speed. */
class BenchCommandTest {

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        return RecPromptCli.run(args, new PrintWriter(out), new PrintWriter(err));
    }

    @Test
    void dataset_load_reports_rows_throughput_and_heap_as_json() throws Exception {
        int code = run("bench", "dataset-load", "--rows", "20000", "--users", "300", "--items", "500", "--json");

        assertThat(code).as(err.toString()).isZero();
        assertThat(err.toString()).isEmpty();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("rows").asLong()).isEqualTo(20000);
        assertThat(json.get("rows_per_second").asDouble()).isPositive();
        assertThat(json.get("peak_heap_mb").asDouble()).isPositive();
        assertThat(json.get("max_heap_mb").asDouble()).isPositive();
        assertThat(json.get("target_heap_mb").asLong()).isEqualTo(2048);
        assertThat(json.has("generate_seconds")).isTrue();
        assertThat(json.has("load_seconds")).isTrue();
        assertThat(json.has("heap_bytes_per_row")).isTrue();
        assertThat(json.get("within_target").isBoolean()).isTrue();
    }

    @Test
    void the_generated_files_are_a_movielens_csv_dataset_of_the_requested_size(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("generated");
        int code = run("bench", "dataset-load", "--rows", "20000", "--users", "300", "--items", "500", "--seed", "7",
                "--dir", dir.toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("rows/second:", "peak heap:", "target:");
        assertThat(Files.readAllLines(dir.resolve("movies.csv")).get(0)).isEqualTo("movieId,title,genres");
        List<String> ratings = Files.readAllLines(dir.resolve("ratings.csv"));
        assertThat(ratings.get(0)).isEqualTo("userId,movieId,rating,timestamp");
        assertThat(ratings).hasSize(20001);

        Dataset d = DatasetLoader.load(dir);
        assertThat(d.format()).isEqualTo("movielens-csv");
        assertThat(d.interactions().size()).isEqualTo(20000);
        assertThat(d.users().size()).isBetween(1, 300);
        assertThat(d.items().size()).isEqualTo(500);
        assertThat(d.items().title(0)).matches("Movie \\d+ \\(\\d{4}\\)");
        assertThat(d.items().genreNamesOf(0)).isNotEmpty();

        // users ascending, each user's movies distinct and timestamps increasing, ratings in half stars
        long previousUser = 0;
        long previousTime = 0;
        java.util.Set<String> pairs = new java.util.HashSet<>();
        for (String line : ratings.subList(1, ratings.size())) {
            String[] f = line.split(",");
            long user = Long.parseLong(f[0]);
            long time = Long.parseLong(f[3]);
            assertThat(user).isGreaterThanOrEqualTo(previousUser).isBetween(1L, 300L);
            if (user == previousUser) {
                assertThat(time).isGreaterThan(previousTime);
            }
            assertThat(Integer.parseInt(f[1])).isBetween(1, 500);
            float rating = Float.parseFloat(f[2]);
            assertThat(rating * 2).isBetween(1f, 10f).isEqualTo(Math.round(rating * 2));
            assertThat(pairs.add(f[0] + ":" + f[1])).as("duplicate rating " + line).isTrue();
            previousUser = user;
            previousTime = time;
        }
    }

    @Test
    void with_format_amazon_2023_it_generates_and_loads_the_published_jsonl_layout(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("amazon");
        int code = run("bench", "dataset-load", "--format", "amazon-2023", "--rows", "3000", "--users", "400", "--items", "300",
                "--dir", dir.toString(), "--json");

        assertThat(code).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("format").asText()).isEqualTo("amazon-2023");
        assertThat(json.get("rows").asLong()).isEqualTo(3000);
        assertThat(json.get("rows_per_second").asDouble()).isPositive();
        List<String> lines;
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(dir.resolve("Bench.jsonl.gz")))) {
            lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        }
        assertThat(lines).hasSize(3000);
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        assertThat(first.get("text").asText().length()).as("a review text to skip").isGreaterThan(150);
        assertThat(first.get("timestamp").asLong()).as("milliseconds").isGreaterThan(1_000_000_000_000L);
        assertThat(first.get("user_id").asText()).hasSize(28);

        Dataset d = DatasetLoader.load(dir);
        assertThat(d.format()).isEqualTo("amazon-2023");
        assertThat(d.interactions().size()).isEqualTo(3000);
        assertThat(d.items().size()).isEqualTo(json.get("items").asInt()).isLessThanOrEqualTo(300);
        assertThat(d.items().title(0)).isNotEqualTo(d.items().id(0));
        assertThat(d.items().genreNamesOf(0)).hasSize(1);
        assertThat(d.items().image(0)).startsWith("https://m.media-amazon.com/images/I/").endsWith("0.jpg");
        assertThat(d.interactions().timestamp(0)).isEqualTo(first.get("timestamp").asLong() / 1000);
        assertThat(run("bench", "dataset-load", "--format", "yelp", "--rows", "10")).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void the_same_seed_generates_the_same_files(@TempDir Path tmp) throws Exception {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        assertThat(run("bench", "dataset-load", "--rows", "2000", "--users", "50", "--items", "100", "--dir", a.toString())).isZero();
        assertThat(run("bench", "dataset-load", "--rows", "2000", "--users", "50", "--items", "100", "--dir", b.toString())).isZero();
        assertThat(Files.mismatch(a.resolve("ratings.csv"), b.resolve("ratings.csv"))).isEqualTo(-1);
        assertThat(Files.mismatch(a.resolve("movies.csv"), b.resolve("movies.csv"))).isEqualTo(-1);
    }

    @Test
    void impossible_sizes_are_usage_errors() {
        assertThat(run("bench", "dataset-load", "--rows", "101", "--users", "10", "--items", "10")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("--rows cannot exceed");
        assertThat(run("bench")).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void metrics_benchmark_times_every_cli_metric_and_reports_against_the_target() throws Exception {
        int code = run("bench", "metrics", "--users", "300", "--items", "200", "--runs", "2", "--json");

        assertThat(code).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("users").asInt()).isEqualTo(300);
        assertThat(json.get("items").asInt()).isEqualTo(200);
        assertThat(json.get("seconds").asDouble()).isGreaterThanOrEqualTo(0);
        assertThat(json.get("lists_per_second").asLong()).isNotNegative();
        assertThat(json.get("runs")).hasSize(2);
        assertThat(json.get("target_seconds").asDouble()).isEqualTo(3.0);
        assertThat(json.get("within_target").isBoolean()).isTrue();
        List<String> metrics = new java.util.ArrayList<>();
        json.get("metrics").forEach(m -> metrics.add(m.asText()));
        assertThat(metrics).contains("ndcg@10", "hr@10", "mrr@10", "precision@10", "recall@10", "coverage", "gini",
                "entropy", "arp", "aplt", "novelty", "ild_genre", "calibration_kl");
    }

    @Test
    void metrics_benchmark_prints_a_verdict_and_is_deterministic_in_its_lists() {
        assertThat(run("bench", "metrics", "--users", "100", "--items", "100", "--runs", "1")).isZero();
        assertThat(out.toString()).contains("lists/second:", "target:", "first run under 3 s:");
        var a = BenchCommand.Metrics.generate(50, 100, 10, 5, 9);
        var b = BenchCommand.Metrics.generate(50, 100, 10, 5, 9);
        assertThat(a.recs()).hasSize(50);
        assertThat(a.recs().get(7).list()).isEqualTo(b.recs().get(7).list());
        assertThat(a.recs().get(7).list().size()).isEqualTo(10);
        assertThat(run("bench", "metrics", "--items", "10")).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void backend_benchmark_calls_a_local_openai_compatible_server_through_the_adapter() throws Exception {
        int code = run("bench", "backend", "--calls", "40", "--concurrency", "4", "--latency-ms", "5", "--json");

        assertThat(code).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("calls").asInt()).isEqualTo(40);
        assertThat(json.get("concurrency").asInt()).isEqualTo(4);
        assertThat(json.get("failures").asInt()).isZero();
        assertThat(json.get("server_requests").asLong()).isEqualTo(40);
        assertThat(json.get("ideal_seconds").asDouble()).isEqualTo(0.05);
        assertThat(json.get("ratio").asDouble()).isPositive();
        assertThat(json.get("peak_in_flight").asInt()).isBetween(1, 4);
        assertThat(json.get("within_target").isBoolean()).isTrue();
    }

    @Test
    void rerank_benchmark_prepares_the_control_on_a_generated_run_and_times_each_move() throws Exception {
        int code = run("bench", "rerank", "--users", "30", "--candidates", "8", "--variants", "2", "--k", "5", "--json");

        assertThat(code).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("users").asInt()).isEqualTo(30);
        for (String key : new String[] {"prepare_seconds", "beta_curve_seconds", "lambda_curve_seconds", "beta_move_seconds",
            "lambda_move_seconds"}) {
            assertThat(json.get(key).asDouble()).as(key).isPositive();
        }
        assertThat(json.get("within_target").isBoolean()).isTrue();
        assertThat(run("bench", "rerank", "--candidates", "1")).isEqualTo(ExitCode.USAGE);
    }
}
