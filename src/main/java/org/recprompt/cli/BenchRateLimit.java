package org.recprompt.cli;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.recprompt.backend.BackendRequest;
import org.recprompt.backend.BackendResult;
import org.recprompt.backend.RateLimiter;
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
 * {@code recprompt bench ratelimit}: does a run use its quota without 429 storms? A local
 * OpenAI-compatible server ({@link QuotaServer}) enforces 600 requests and 200,000 tokens a minute;
 * more callers than the quota allows send calls through the real path (the OpenAI-compatible adapter
 * over {@code ProviderHttpClient}, inside {@link ResilientBackend} with its {@link RateLimiter}, no
 * limits configured: it learns them from the headers, and retries 429s as a run does). Two scenarios,
 * each on a fresh server: short prompts (requests bound) and long ones (tokens bound).
 *
 * <p>Measured window: the first {@code --warmup-seconds} of each scenario (the limiter learns the
 * quota and the first callers use the server's full initial bucket) are left out; the window's
 * allowance is the server's bucket level when it opened plus the refill over it, so an initial bucket
 * not yet spent is counted as allowed, not as free throughput. The whole-run figures (allowance: the
 * full bucket plus the refill since the start) are shown too. Target (issue 22): at least 95% of the
 * allowed throughput of the binding limit, under 1% of requests refused (429s over the whole
 * scenario, warm-up included).
 */
@Command(name = "ratelimit", mixinStandardHelpOptions = true,
        description = {
            "Start a local OpenAI-compatible server that enforces 600 requests and 200,000 tokens per minute",
            "(continuously refilled token buckets; 429 with Retry-After and x-ratelimit-* headers beyond them),",
            "drive it through the real adapter and rate limiter with more callers than the quota allows, in a",
            "requests-bound and a tokens-bound scenario, and report the throughput achieved as a share of what",
            "was allowed and the share of requests refused (target: >= 95% and < 1%)."})
final class BenchRateLimit implements Callable<Integer> {

    static final int RPM = 600;
    static final long TPM = 200_000;
    static final double TARGET_SHARE = 0.95;
    static final double TARGET_REFUSED = 0.01;

    @Option(names = "--minutes", paramLabel = "M", defaultValue = "1",
            description = "Length of each scenario in minutes, warm-up included (default: ${DEFAULT-VALUE}; two scenarios).")
    double minutes;

    @Option(names = "--warmup-seconds", paramLabel = "S", defaultValue = "10",
            description = "Seconds at the start of each scenario left out of the measured window (default: ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Option(names = "--concurrency", paramLabel = "C", defaultValue = "32",
            description = "Caller threads and the backend's concurrency (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--latency-ms", paramLabel = "MS", defaultValue = "200",
            description = "The server's delay before each answer (default: ${DEFAULT-VALUE}).")
    int latencyMs;

    @Option(names = "--scenario", paramLabel = "NAME", defaultValue = "both",
            description = "requests, tokens or both (default: ${DEFAULT-VALUE}).")
    String scenario;

    @Option(names = "--no-pacing", description = "For comparison: no rate limiter, only retries after each 429 (Retry-After honoured).")
    boolean noPacing;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Spec
    CommandSpec spec;

    /** A scenario: prompt size in words, as the server counts about 4/3 tokens a word. */
    record Scenario(String name, String bound, int words) {
    }

    static final List<Scenario> SCENARIOS = List.of(
            new Scenario("requests", "requests", 60),
            new Scenario("tokens", "tokens", 1200));

    @Override
    public Integer call() throws Exception {
        if (minutes <= 0 || minutes > 60 || concurrency < 1 || concurrency > 1024 || latencyMs < 0 || latencyMs > 60_000) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--minutes must be in (0, 60], --concurrency between 1 and 1024, --latency-ms between 0 and 60000.");
        }
        if (warmupSeconds < 0 || warmupSeconds >= minutes * 60) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--warmup-seconds must be at least 0 and shorter than a scenario (--minutes).");
        }
        List<Scenario> chosen = switch (scenario) {
            case "both" -> SCENARIOS;
            case "requests" -> List.of(SCENARIOS.get(0));
            case "tokens" -> List.of(SCENARIOS.get(1));
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--scenario is requests, tokens or both, not '" + scenario + "'.");
        };
        List<Result> results = new ArrayList<>();
        for (Scenario s : chosen) {
            results.add(run(s));
        }
        var out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("requests_per_minute_allowed", RPM);
            m.put("tokens_per_minute_allowed", TPM);
            m.put("concurrency", concurrency);
            m.put("latency_ms", latencyMs);
            m.put("minutes_per_scenario", minutes);
            m.put("warmup_seconds", warmupSeconds);
            m.put("pacing", !noPacing);
            m.put("scenarios", results.stream().map(Result::toJson).toList());
            m.put("target_share", TARGET_SHARE);
            m.put("target_refused", TARGET_REFUSED);
            m.put("within_target", results.stream().allMatch(Result::pass));
            out.println(new ObjectMapper().writeValueAsString(m));
        } else {
            out.printf(Locale.ROOT, "Quota: %,d requests and %,d tokens per minute (token buckets refilled continuously); "
                    + "%d callers, %d ms per answer, %.2f min per scenario, first %.0f s left out%s.%n",
                    RPM, TPM, concurrency, latencyMs, minutes, warmupSeconds, noPacing ? "; NO PACING (comparison)" : "");
            for (Result r : results) {
                out.print(r.toText());
            }
            boolean pass = results.stream().allMatch(Result::pass);
            out.printf(Locale.ROOT, "target:          >= %.0f%% of the binding limit, < %.0f%% refused: %s%n",
                    TARGET_SHARE * 100, TARGET_REFUSED * 100, pass ? "PASS" : "FAIL");
        }
        out.flush();
        return ExitCode.OK;
    }

    private Result run(Scenario s) throws Exception {
        try (QuotaServer server = QuotaServer.start(RPM, TPM, latencyMs)) {
            ProviderConfig config = new ProviderConfig("bench", "openai", server.baseUrl(), "bench-model",
                    null, LlmParameters.DEFAULTS, Duration.ofSeconds(60), concurrency);
            RateLimiter pacer = noPacing ? RateLimiter.unlimited() : RateLimiter.learning(Clock.systemUTC(), Sleeper.REAL);
            ResilientBackend backend = new ResilientBackend(Providers.create(config, variable -> null, pacer),
                    RetryPolicy.DEFAULT, concurrency, Integer.MAX_VALUE, pacer, Sleeper.REAL, 42);
            ExecutorService pool = Executors.newFixedThreadPool(concurrency, r -> {
                Thread t = new Thread(r, "ratelimit-caller");
                t.setDaemon(true);
                return t;
            });
            AtomicLong next = new AtomicLong();
            AtomicInteger ok = new AtomicInteger();
            Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
            long start = System.nanoTime();
            long end = start + (long) (minutes * 60e9);
            for (int i = 0; i < concurrency; i++) {
                pool.submit(() -> {
                    while (System.nanoTime() < end && !Thread.currentThread().isInterrupted()) {
                        BackendResult r = backend.generate(request(s, next.getAndIncrement()));
                        if (r.isOk()) {
                            ok.incrementAndGet();
                        } else if (System.nanoTime() < end) {
                            failures.computeIfAbsent(r.failure().kind().name(), k -> new AtomicInteger()).incrementAndGet();
                        }
                    }
                });
            }
            sleepUntil(start + (long) (warmupSeconds * 1e9));
            server.openWindow();
            sleepUntil(end);
            QuotaServer.Window w = server.closeWindow();
            double wholeMinutes = server.minutesSinceStart();
            int accepted = server.acceptedTotal();
            int refused = server.refusedTotal();
            long tokens = server.tokensTotal();
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
            Map<String, Integer> failed = new LinkedHashMap<>();
            failures.forEach((k, v) -> failed.put(k, v.get()));
            return new Result(s, w.minutes(), w.requests, w.tokens, w.requestLevelAtStart + w.minutes() * RPM,
                    w.tokenLevelAtStart + w.minutes() * TPM, wholeMinutes, accepted, tokens, refused, ok.get(), failed);
        }
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long left;
        while ((left = nanos - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    private static final String[] WORDS = {"movie", "drama", "comedy", "watched", "rated", "liked", "thriller", "classic",
        "science", "fiction", "romance", "documentary", "animated", "family", "adventure", "war", "western", "crime"};

    /** A distinct request of about the scenario's words (plus or minus 20%) in the user message. */
    static BackendRequest request(Scenario s, long index) {
        SplittableRandom random = new SplittableRandom(index * 31 + s.words());
        int words = (int) Math.round(s.words() * (0.8 + 0.4 * random.nextDouble()));
        StringBuilder b = new StringBuilder("User ").append(index).append(" history:");
        for (int i = 0; i < words; i++) {
            b.append(' ').append(WORDS[random.nextInt(WORDS.length)]);
        }
        return BackendRequest.of(List.of(new Message("system", "You recommend movies."),
                new Message("user", b.toString())));
    }

    /** One scenario's figures. */
    record Result(Scenario scenario, double windowMinutes, long windowRequests, long windowTokens,
                  double allowedRequests, double allowedTokens, double wholeMinutes, int acceptedTotal, long tokensTotal,
                  int refusedTotal, int callsOk, Map<String, Integer> callFailures) {

        double requestShare() {
            return allowedRequests > 0 ? windowRequests / allowedRequests : 0;
        }

        double tokenShare() {
            return allowedTokens > 0 ? windowTokens / allowedTokens : 0;
        }

        /** The share of the binding limit: the higher of the two. */
        double share() {
            return Math.max(requestShare(), tokenShare());
        }

        String binding() {
            return requestShare() >= tokenShare() ? "requests" : "tokens";
        }

        double refusedShare() {
            int all = acceptedTotal + refusedTotal;
            return all == 0 ? 0 : (double) refusedTotal / all;
        }

        double wholeShare() {
            double requests = acceptedTotal / (RPM + wholeMinutes * RPM);
            double tokens = tokensTotal / (TPM + wholeMinutes * TPM);
            return Math.max(requests, tokens);
        }

        boolean pass() {
            return windowRequests > 0 && share() >= TARGET_SHARE && refusedShare() < TARGET_REFUSED;
        }

        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("scenario", scenario.name());
            m.put("prompt_words", scenario.words());
            m.put("window_minutes", BenchCommand.round(windowMinutes, 3));
            m.put("requests_per_minute", BenchCommand.round(windowRequests / windowMinutes, 1));
            m.put("tokens_per_minute", BenchCommand.round(windowTokens / windowMinutes, 0));
            m.put("requests_share_of_allowed", BenchCommand.round(requestShare(), 4));
            m.put("tokens_share_of_allowed", BenchCommand.round(tokenShare(), 4));
            m.put("binding_limit", binding());
            m.put("whole_run_share_of_allowed", BenchCommand.round(wholeShare(), 4));
            m.put("server_requests", acceptedTotal + refusedTotal);
            m.put("refused_429", refusedTotal);
            m.put("refused_share", BenchCommand.round(refusedShare(), 4));
            m.put("calls_ok", callsOk);
            m.put("calls_failed", callFailures);
            m.put("within_target", pass());
            return m;
        }

        String toText() {
            StringBuilder s = new StringBuilder();
            s.append(String.format(Locale.ROOT, "%n%s-bound scenario (%d-word prompts, +/-20%%):%n", scenario.name(), scenario.words()));
            line(s, "window", String.format(Locale.ROOT, "%.2f min (allowed: the buckets' level at its start + refill)", windowMinutes));
            line(s, "requests/min", String.format(Locale.ROOT, "%,.1f = %.1f%% of allowed (%,d of %,.0f)",
                    windowRequests / windowMinutes, requestShare() * 100, windowRequests, allowedRequests));
            line(s, "tokens/min", String.format(Locale.ROOT, "%,.0f = %.1f%% of allowed (%,d of %,.0f)",
                    windowTokens / windowMinutes, tokenShare() * 100, windowTokens, allowedTokens));
            line(s, "binding limit", binding() + String.format(Locale.ROOT, ": %.1f%% used", share() * 100));
            line(s, "whole run", String.format(Locale.ROOT, "%.1f%% of allowed over %.2f min (initial full bucket counted as allowed)",
                    wholeShare() * 100, wholeMinutes));
            line(s, "refused (429)", String.format(Locale.ROOT, "%,d of %,d requests = %.2f%%", refusedTotal,
                    acceptedTotal + refusedTotal, refusedShare() * 100));
            line(s, "calls", String.format(Locale.ROOT, "%,d answered%s", callsOk,
                    callFailures.isEmpty() ? ", none failed" : ", failed: " + callFailures));
            line(s, "verdict", pass() ? "PASS" : "FAIL");
            return s.toString();
        }

        private static void line(StringBuilder s, String label, String value) {
            s.append(String.format(Locale.ROOT, "%-16s %s%n", label + ":", value));
        }
    }
}
