package org.recprompt.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.recprompt.backend.BackendRequest;
import org.recprompt.backend.BackendResult;
import org.recprompt.backend.ResilientBackend;
import org.recprompt.backend.RetryPolicy;
import org.recprompt.backend.Sleeper;
import org.recprompt.backend.adapter.LlmParameters;
import org.recprompt.backend.adapter.ProviderConfig;
import org.recprompt.backend.adapter.Providers;
import org.recprompt.prompt.Message;

import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code recprompt bench backend}: throughput of the real OpenAI-compatible adapter (langchain4j
 * over {@code ProviderHttpClient}, wrapped in {@link ResilientBackend}) against an in-process
 * OpenAI-compatible server on 127.0.0.1 that answers every chat completion after a fixed latency.
 * With N calls at concurrency C and latency L the ideal wall time is N x L / C; the target
 * (issue 22; issue 5 asked for 1.1) is a wall time within 1.05 x that.
 */
@Command(name = "backend", mixinStandardHelpOptions = true,
        description = {
            "Start a local OpenAI-compatible server (127.0.0.1, random port) that answers after a fixed latency,",
            "send calls to it through the real OpenAI-compatible adapter and ResilientBackend from a pool of",
            "--concurrency threads, and report wall time against the ideal N x latency / C (target: ratio <= "
                + BenchBackend.TARGET_RATIO + ")."})
final class BenchBackend implements Callable<Integer> {

    /** The wall time may be at most this multiple of the ideal time. */
    static final double TARGET_RATIO = 1.05;

    @Option(names = "--calls", paramLabel = "N", defaultValue = "2000",
            description = "Timed calls (default: ${DEFAULT-VALUE}).")
    int calls;

    @Option(names = "--concurrency", paramLabel = "C", defaultValue = "32",
            description = "Concurrent calls: ResilientBackend's limit and the caller threads (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--latency-ms", paramLabel = "MS", defaultValue = "50",
            description = "The server's delay before each answer (default: ${DEFAULT-VALUE}).")
    int latencyMs;

    /** The default warm-up: as many calls as are timed, at most this many. */
    static final int MAX_DEFAULT_WARMUP = 2000;

    @Option(names = "--warmup", paramLabel = "N",
            description = "Untimed warm-up calls first, for the JIT and the connection pool"
                + " (default: as many as --calls, at most " + MAX_DEFAULT_WARMUP + ").")
    Integer warmupOption;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (calls < 1 || concurrency < 1 || concurrency > 1024) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--calls must be at least 1 and --concurrency between 1 and 1024.");
        }
        int warmup = warmupOption == null ? Math.min(calls, MAX_DEFAULT_WARMUP) : warmupOption;
        if (warmup < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--warmup cannot be negative.");
        }
        if (latencyMs < 0 || latencyMs > 60_000) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--latency-ms must be between 0 and 60000.");
        }
        try (FakeChatServer server = FakeChatServer.start(latencyMs);
             Callers callers = new Callers(concurrency)) {
            ProviderConfig config = new ProviderConfig("bench", "openai", server.baseUrl(), "bench-model",
                    null, LlmParameters.DEFAULTS, Duration.ofSeconds(30), concurrency);
            // No key variable is named and none is looked up (env always answers null): a custom base URL needs none. No retries
            // and no pause, so every failure is counted as it happened.
            ResilientBackend backend = Providers.createResilient(config, variable -> null, RetryPolicy.NONE,
                    Integer.MAX_VALUE, Sleeper.REAL, 42);

            // Warm-up, excluded: the JIT and one keep-alive connection per caller. A cold JVM spends
            // its first thousand or so calls compiling langchain4j, Jackson and the HTTP stacks: on
            // 2 cores, 128 warm-up calls gave ratios of 1.4 for 2,000 calls where 8,000 gave 1.07.
            Run w = callers.run(backend, "warm-up", warmup);
            if (warmup > 0 && w.failures() > 0) {
                throw new IllegalStateException("the warm-up calls failed: " + w.firstFailure());
            }
            server.resetCounters();

            Run r = callers.run(backend, "call", calls);
            Report report = new Report(calls, concurrency, latencyMs, warmup, r.seconds(), r.failures(),
                    r.firstFailure(), server.peakInFlight(), server.requests(), server.connections());
            var out = spec.commandLine().getOut();
            if (json) {
                out.println(new ObjectMapper().writeValueAsString(report.toJson()));
            } else {
                out.print(report.toText());
            }
            out.flush();
            return ExitCode.OK;
        }
    }

    /** One batch of calls: wall seconds, failures and the first failure's message. */
    record Run(double seconds, int failures, String firstFailure) {
    }

    /** A fixed pool of C caller threads submitting distinct requests. */
    static final class Callers implements AutoCloseable {

        private final ExecutorService pool;

        Callers(int threads) {
            this.pool = Executors.newFixedThreadPool(threads, daemon("bench-caller-"));
        }

        Run run(ResilientBackend backend, String label, int n) throws Exception {
            List<Future<BackendResult>> futures = new ArrayList<>(n);
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                BackendRequest request = BackendRequest.of(List.of(
                        new Message("system", "You are a benchmark target."),
                        new Message("user", "Recommend ten movies (" + label + " " + i + ").")));
                futures.add(pool.submit(() -> backend.generate(request)));
            }
            int failures = 0;
            String first = null;
            for (Future<BackendResult> f : futures) {
                BackendResult result = f.get();
                if (!result.isOk()) {
                    failures++;
                    if (first == null) {
                        first = result.failure().kind() + ": " + result.failure().message();
                    }
                }
            }
            return new Run((System.nanoTime() - t0) / 1e9, failures, first);
        }

        @Override
        public void close() {
            pool.shutdownNow();
        }
    }

    /** What the backend benchmark measured. */
    record Report(int calls, int concurrency, int latencyMs, int warmupCalls, double wallSeconds, int failures,
                  String firstFailure, int peakInFlight, long serverRequests, int connections) {

        double idealSeconds() {
            return calls * (latencyMs / 1000.0) / concurrency;
        }

        /** wall / ideal; with a latency of 0 there is no ideal time and the ratio is reported as 0. */
        double ratio() {
            return idealSeconds() > 0 ? wallSeconds / idealSeconds() : 0;
        }

        double callsPerSecond() {
            return wallSeconds > 0 ? calls / wallSeconds : 0;
        }

        boolean pass() {
            return failures == 0 && idealSeconds() > 0 && ratio() <= TARGET_RATIO;
        }

        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("calls", calls);
            m.put("concurrency", concurrency);
            m.put("latency_ms", latencyMs);
            m.put("warmup_calls", warmupCalls);
            m.put("wall_seconds", BenchCommand.round(wallSeconds, 3));
            m.put("ideal_seconds", BenchCommand.round(idealSeconds(), 3));
            m.put("ratio", BenchCommand.round(ratio(), 3));
            m.put("calls_per_second", BenchCommand.round(callsPerSecond(), 1));
            m.put("failures", failures);
            if (firstFailure != null) {
                m.put("first_failure", firstFailure);
            }
            m.put("peak_in_flight", peakInFlight);
            m.put("server_requests", serverRequests);
            m.put("connections", connections);
            m.put("target_ratio", TARGET_RATIO);
            m.put("within_target", pass());
            return m;
        }

        String toText() {
            StringBuilder s = new StringBuilder();
            line(s, "calls", String.format(Locale.ROOT, "%,d (after %,d warm-up calls, excluded)", calls, warmupCalls));
            line(s, "concurrency", String.valueOf(concurrency));
            line(s, "latency", latencyMs + " ms per answer (local OpenAI-compatible server)");
            line(s, "wall", String.format(Locale.ROOT, "%.3f s", wallSeconds));
            line(s, "ideal", String.format(Locale.ROOT, "%.3f s (%,d x %d ms / %d)", idealSeconds(), calls, latencyMs,
                    concurrency));
            line(s, "ratio", String.format(Locale.ROOT, "%.3f (wall / ideal)", ratio()));
            line(s, "calls/second", String.format(Locale.ROOT, "%,.1f", callsPerSecond()));
            line(s, "failures", firstFailure == null ? String.valueOf(failures) : failures + " (first: " + firstFailure + ")");
            line(s, "peak in flight", peakInFlight + " (seen by the server)");
            line(s, "connections", connections + " (TCP connections the server saw)");
            line(s, "target", String.format(Locale.ROOT, "ratio <= %.2f with no failures: %s", TARGET_RATIO,
                    pass() ? "PASS" : "FAIL"));
            return s.toString();
        }

        private static void line(StringBuilder s, String label, String value) {
            s.append(String.format(Locale.ROOT, "%-15s %s%n", label + ":", value));
        }
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
