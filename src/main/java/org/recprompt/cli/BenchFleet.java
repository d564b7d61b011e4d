package org.recprompt.cli;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.recprompt.backend.BackendRequest;
import org.recprompt.backend.BackendResult;
import org.recprompt.backend.EgressRecordingBackend;
import org.recprompt.backend.EgressSink;
import org.recprompt.backend.FleetBackend;
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
 * {@code recprompt bench fleet}: an inference fleet losing a server. Local OpenAI-compatible servers
 * (in process, each answering after a fixed latency) behind the real fleet path: one adapter per
 * endpoint through {@link Providers#createFleet}, each under its egress recording, the
 * {@link FleetBackend} under {@link ResilientBackend} with the default retry policy. When half the
 * calls have been answered one server is stopped (its port closed, its calls in flight cut off).
 * It reports the calls each endpoint answered, the set-aside events, lost calls and ERRORs (both must
 * be 0), and throughput before and after the loss against the ideal for all servers and for one fewer.
 */
@Command(name = "fleet", mixinStandardHelpOptions = true,
        description = {
            "Start --servers local OpenAI-compatible servers (127.0.0.1) that answer after a fixed latency, send",
            "--calls calls through the fleet backend (--concurrency per server), stop one server when half the",
            "calls are answered, and report calls per endpoint, set-aside events, lost calls and ERRORs (both must",
            "be 0: the pass/fail line) and throughput before and after against the ideal for N and N-1 servers."})
final class BenchFleet implements Callable<Integer> {

    @Option(names = "--calls", paramLabel = "N", defaultValue = "2000", description = "Timed calls (default: ${DEFAULT-VALUE}).")
    int calls;

    @Option(names = "--servers", paramLabel = "N", defaultValue = "4",
            description = "Servers in the fleet, at least 2 (default: ${DEFAULT-VALUE}).")
    int servers;

    @Option(names = "--concurrency", paramLabel = "C", defaultValue = "8",
            description = "Calls at once per server; the callers are C x servers threads (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--latency-ms", paramLabel = "MS", defaultValue = "50",
            description = "Each server's delay before an answer (default: ${DEFAULT-VALUE}).")
    int latencyMs;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "400",
            description = "Untimed warm-up calls first, all servers up (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Spec
    CommandSpec spec;

    /** The server stopped half-way (its index). */
    static final int KILLED = 1;

    @Override
    public Integer call() throws Exception {
        if (calls < 2 || servers < 2 || servers > 32 || concurrency < 1 || concurrency > 256 || warmup < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--calls must be at least 2, --servers from 2 to 32,"
                    + " --concurrency from 1 to 256 and --warmup not negative.");
        }
        if (latencyMs < 1 || latencyMs > 60_000) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--latency-ms must be between 1 and 60000.");
        }
        List<FakeChatServer> fleetServers = new ArrayList<>();
        ExecutorService callers = Executors.newFixedThreadPool(concurrency * servers, r -> {
            Thread t = new Thread(r, "bench-fleet-caller");
            t.setDaemon(true);
            return t;
        });
        try {
            List<String> urls = new ArrayList<>();
            for (int i = 0; i < servers; i++) {
                FakeChatServer s = FakeChatServer.start(latencyMs);
                fleetServers.add(s);
                urls.add(s.baseUrl());
            }
            ProviderConfig config = new ProviderConfig("fleet", "openai", urls.get(0), "bench-model", null, LlmParameters.DEFAULTS,
                    Duration.ofSeconds(30), concurrency);
            FleetBackend fleet = Providers.createFleet(config, urls, variable -> null,
                    org.recprompt.backend.QuotaObserver.NONE, (url, adapter) -> new EgressRecordingBackend(
                    adapter, EgressSink.NONE, "fleet", "openai", "bench-model", false, Clock.systemUTC()),
                    FleetBackend.CoolDown.DEFAULT, Clock.systemUTC());
            ResilientBackend backend = new ResilientBackend(fleet, RetryPolicy.DEFAULT, fleet.totalConcurrency(), Integer.MAX_VALUE,
                    Sleeper.REAL, 42);

            List<Future<BackendResult>> warm = submit(callers, backend, "warm-up", warmup, null);
            for (Future<BackendResult> f : warm) {
                if (!f.get().isOk()) {
                    throw new IllegalStateException("a warm-up call failed: " + f.get().failure().message());
                }
            }

            AtomicInteger answered = new AtomicInteger();
            AtomicLong halfNanos = new AtomicLong();
            int half = calls / 2;
            long t0 = System.nanoTime();
            List<Future<BackendResult>> timed = submit(callers, backend, "call", calls, () -> {
                if (answered.incrementAndGet() == half) {
                    halfNanos.set(System.nanoTime());
                    fleetServers.get(KILLED).close(); // the port closes, calls in flight there are cut off
                }
            });
            int lost = 0;
            int errors = 0;
            String firstError = null;
            Map<String, Integer> perEndpoint = new LinkedHashMap<>();
            urls.forEach(u -> perEndpoint.put(u, 0));
            for (Future<BackendResult> f : timed) {
                BackendResult r;
                try {
                    r = f.get();
                } catch (ExecutionException e) {
                    lost++;
                    continue;
                }
                if (r == null) {
                    lost++;
                } else if (!r.isOk()) {
                    errors++;
                    if (firstError == null) {
                        firstError = r.failure().kind() + ": " + r.failure().message();
                    }
                } else {
                    perEndpoint.merge(r.endpoint(), 1, Integer::sum);
                }
            }
            long t1 = System.nanoTime();
            Report report = new Report(calls, servers, concurrency, latencyMs, warmup, urls.get(KILLED), perEndpoint,
                    fleet.stats(), lost, errors, firstError, (halfNanos.get() - t0) / 1e9, (t1 - halfNanos.get()) / 1e9);
            var out = spec.commandLine().getOut();
            if (json) {
                out.println(new ObjectMapper().writeValueAsString(report.toJson()));
            } else {
                out.print(report.toText());
            }
            out.flush();
            return ExitCode.OK;
        } finally {
            callers.shutdownNow();
            fleetServers.forEach(FakeChatServer::close);
        }
    }

    private static List<Future<BackendResult>> submit(ExecutorService pool, ResilientBackend backend, String label, int n,
            Runnable afterEach) {
        List<Future<BackendResult>> futures = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            BackendRequest request = BackendRequest.of(List.of(new Message("system", "You are a benchmark target."),
                    new Message("user", "Recommend ten movies (" + label + " " + i + ").")));
            futures.add(pool.submit(() -> {
                BackendResult r = backend.generate(request);
                if (afterEach != null) {
                    afterEach.run();
                }
                return r;
            }));
        }
        return futures;
    }

    /** What the fleet benchmark measured; the phases split at the answer that stopped a server. */
    record Report(int calls, int servers, int concurrency, int latencyMs, int warmup, String killed, Map<String, Integer> perEndpoint,
            List<FleetBackend.EndpointStats> stats, int lost, int errors, String firstError, double beforeSeconds,
            double afterSeconds) {

        int half() {
            return calls / 2;
        }

        /** Calls per second with all servers up, and the ideal: servers x C / latency. */
        double before() {
            return beforeSeconds > 0 ? half() / beforeSeconds : 0;
        }

        double idealBefore() {
            return servers * concurrency * 1000.0 / latencyMs;
        }

        double after() {
            return afterSeconds > 0 ? (calls - half()) / afterSeconds : 0;
        }

        double idealAfter() {
            return (servers - 1) * concurrency * 1000.0 / latencyMs;
        }

        int setAside() {
            return stats.stream().mapToInt(FleetBackend.EndpointStats::setAside).sum();
        }

        long resent() {
            return stats.stream().mapToLong(FleetBackend.EndpointStats::faults).sum();
        }

        int answered() {
            return perEndpoint.values().stream().mapToInt(Integer::intValue).sum();
        }

        boolean killedSetAside() {
            return stats.stream().anyMatch(s -> s.url().equals(killed) && s.setAside() > 0);
        }

        boolean pass() {
            return lost == 0 && errors == 0 && answered() == calls && killedSetAside();
        }

        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("calls", calls);
            m.put("servers", servers);
            m.put("concurrency_per_server", concurrency);
            m.put("latency_ms", latencyMs);
            m.put("warmup_calls", warmup);
            m.put("stopped", killed);
            List<Map<String, Object>> endpoints = new ArrayList<>();
            for (FleetBackend.EndpointStats s : stats) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("url", s.url());
                e.put("answered", perEndpoint.getOrDefault(s.url(), 0));
                e.put("set_aside", s.setAside());
                e.put("faults", s.faults());
                e.put("probes", s.probes());
                e.put("healthy", s.healthy());
                endpoints.add(e);
            }
            m.put("endpoints", endpoints);
            m.put("set_aside_events", setAside());
            m.put("resent", resent());
            m.put("lost", lost);
            m.put("errors", errors);
            if (firstError != null) {
                m.put("first_error", firstError);
            }
            m.put("before_calls_per_second", BenchCommand.round(before(), 1));
            m.put("before_ideal", BenchCommand.round(idealBefore(), 1));
            m.put("before_ratio", BenchCommand.round(before() / idealBefore(), 3));
            m.put("after_calls_per_second", BenchCommand.round(after(), 1));
            m.put("after_ideal", BenchCommand.round(idealAfter(), 1));
            m.put("after_ratio", BenchCommand.round(after() / idealAfter(), 3));
            m.put("pass", pass());
            return m;
        }

        String toText() {
            StringBuilder s = new StringBuilder();
            line(s, "calls", String.format(Locale.ROOT, "%,d (after %,d warm-up calls, excluded)", calls, warmup));
            line(s, "fleet", String.format(Locale.ROOT, "%d local servers, %d ms per answer, %d calls at once per server",
                    servers, latencyMs, concurrency));
            line(s, "stopped", killed + " when " + String.format(Locale.ROOT, "%,d", half()) + " calls were answered");
            for (FleetBackend.EndpointStats e : stats) {
                line(s, "  endpoint", String.format(Locale.ROOT, "%s: %,d answered, set aside %d, %d faults, %d probes%s", e.url(),
                        perEndpoint.getOrDefault(e.url(), 0), e.setAside(), e.faults(), e.probes(), e.healthy() ? "" : " (set aside now)"));
            }
            line(s, "set aside", setAside() + " events; " + resent() + " requests failed at an endpoint and were sent on");
            line(s, "lost", String.valueOf(lost));
            line(s, "errors", firstError == null ? String.valueOf(errors) : errors + " (first: " + firstError + ")");
            line(s, "before", String.format(Locale.ROOT, "%,.1f calls/s, ideal %,.1f for %d servers (%.3f of it)", before(),
                    idealBefore(), servers, before() / idealBefore()));
            line(s, "after", String.format(Locale.ROOT, "%,.1f calls/s, ideal %,.1f for %d servers (%.3f of it)", after(),
                    idealAfter(), servers - 1, after() / idealAfter()));
            line(s, "result", "no lost call, no ERROR, every call answered, the stopped server set aside: "
                    + (pass() ? "PASS" : "FAIL"));
            return s.toString();
        }

        private static void line(StringBuilder s, String label, String value) {
            s.append(String.format(Locale.ROOT, "%-12s %s%n", label + ":", value));
        }
    }
}
