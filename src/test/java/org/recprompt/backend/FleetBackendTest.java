package org.recprompt.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.recprompt.backend.RateLimiterTest.FakeTime;
import org.recprompt.backend.adapter.LlmParameters;
import org.recprompt.backend.adapter.ProviderConfig;
import org.recprompt.backend.adapter.Providers;
import org.recprompt.prompt.Message;

/**
 * The fleet: fewest calls in flight first (ties in turn), a failed endpoint set aside and the call
 * sent on at once, probes after a growing cool-down (a fake clock), the call's own failures (4xx)
 * left as they are, a fleet with nothing left asking the retry policy to wait, and real servers of
 * which one is stopped mid-run losing no call.
 */
class FleetBackendTest {

    private static final BackendRequest ASK = BackendRequest.of(List.of(new Message("user", "Recommend a film.")));

    /** An endpoint answering its own name, or failing with the kind it is told to. */
    static final class Scripted implements Backend {
        final String name;
        volatile Failure.Kind failing;
        final AtomicInteger calls = new AtomicInteger();

        Scripted(String name) {
            this.name = name;
        }

        @Override
        public BackendResult generate(BackendRequest request) {
            calls.incrementAndGet();
            Failure.Kind k = failing;
            return k == null ? BackendResult.ok(name, Usage.NONE, 1) : BackendResult.failed(new Failure(k, name + " failed"), 1);
        }
    }

    private static FleetBackend fleet(FakeTime time, int perEndpoint, Backend... backends) {
        List<FleetBackend.Endpoint> e = new ArrayList<>();
        for (int i = 0; i < backends.length; i++) {
            e.add(new FleetBackend.Endpoint("http://e" + i, backends[i]));
        }
        return new FleetBackend(e, perEndpoint, FleetBackend.CoolDown.DEFAULT, time);
    }

    @Test
    void idle_endpoints_take_calls_in_turn_and_the_result_names_the_endpoint() {
        Scripted a = new Scripted("a");
        Scripted b = new Scripted("b");
        Scripted c = new Scripted("c");
        FleetBackend f = fleet(new FakeTime(), 4, a, b, c);

        List<String> answeredBy = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            BackendResult r = f.generate(ASK);
            assertThat(r.isOk()).isTrue();
            assertThat(r.endpoint()).isEqualTo("http://e" + "abc".indexOf(r.text()));
            answeredBy.add(r.text());
        }
        assertThat(answeredBy).containsExactly("a", "b", "c", "a", "b", "c");
        assertThat(f.stats()).extracting(FleetBackend.EndpointStats::answered).containsExactly(2L, 2L, 2L);
    }

    /** An endpoint that holds each call until released, and says when one arrived. */
    static final class Held implements Backend {
        final String name;
        final java.util.concurrent.BlockingQueue<CountDownLatch> arrived = new java.util.concurrent.LinkedBlockingQueue<>();

        Held(String name) {
            this.name = name;
        }

        @Override
        public BackendResult generate(BackendRequest request) {
            CountDownLatch release = new CountDownLatch(1);
            arrived.add(release);
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return BackendResult.ok(name, Usage.NONE, 1);
        }

        CountDownLatch next() throws InterruptedException {
            return arrived.poll(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void a_call_goes_to_the_endpoint_with_the_fewest_in_flight_and_waits_when_all_are_full() throws Exception {
        Held a = new Held("a");
        Held b = new Held("b");
        FleetBackend f = fleet(new FakeTime(), 2, a, b);
        ExecutorService pool = Executors.newCachedThreadPool();
        try {
            Future<BackendResult> c1 = pool.submit(() -> f.generate(ASK));
            CountDownLatch a1 = a.next(); // a: 1, b: 0
            Future<BackendResult> c2 = pool.submit(() -> f.generate(ASK));
            CountDownLatch b1 = b.next(); // a: 1, b: 1
            Future<BackendResult> c3 = pool.submit(() -> f.generate(ASK));
            CountDownLatch a2 = a.next(); // the tie goes on in turn: a: 2, b: 1
            b1.countDown();
            assertThat(c2.get(30, TimeUnit.SECONDS).text()).isEqualTo("b");
            Future<BackendResult> c4 = pool.submit(() -> f.generate(ASK));
            CountDownLatch b2 = b.next(); // a has 2 in flight, b none: b
            Future<BackendResult> c5 = pool.submit(() -> f.generate(ASK));
            CountDownLatch b3 = b.next(); // a: 2, b: 1: b again
            Future<BackendResult> c6 = pool.submit(() -> f.generate(ASK)); // both full (2 each): it waits
            assertThat(a.arrived).isEmpty();
            assertThat(b.arrived).isEmpty();
            a1.countDown();
            CountDownLatch a3 = a.next(); // the freed slot on a takes the waiting call
            for (CountDownLatch l : List.of(a2, b2, b3, a3)) {
                l.countDown();
            }
            assertThat(List.of(c1, c3, c6)).allSatisfy(c -> assertThat(c.get(30, TimeUnit.SECONDS).text()).isEqualTo("a"));
            assertThat(List.of(c4, c5)).allSatisfy(c -> assertThat(c.get(30, TimeUnit.SECONDS).text()).isEqualTo("b"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_failed_endpoint_is_set_aside_the_call_goes_elsewhere_and_a_probe_after_the_cool_down_brings_it_back() {
        FakeTime time = new FakeTime();
        Scripted a = new Scripted("a");
        Scripted b = new Scripted("b");
        a.failing = Failure.Kind.NETWORK;
        FleetBackend f = fleet(time, 4, a, b);

        BackendResult first = f.generate(ASK);
        assertThat(first.isOk()).as("re-sent to b at once").isTrue();
        assertThat(first.endpoint()).isEqualTo("http://e1");
        assertThat(a.calls.get()).isEqualTo(1);
        for (int i = 0; i < 3; i++) {
            assertThat(f.generate(ASK).text()).as("a is set aside").isEqualTo("b");
        }
        assertThat(a.calls.get()).isEqualTo(1);

        time.millis += 2_000; // the first cool-down: a gets one probe, which fails again
        assertThat(f.generate(ASK).text()).isEqualTo("b");
        assertThat(a.calls.get()).isEqualTo(2);
        time.millis += 2_000; // the second cool-down is twice as long: no probe yet
        assertThat(f.generate(ASK).text()).isEqualTo("b");
        assertThat(a.calls.get()).isEqualTo(2);

        a.failing = null;
        time.millis += 2_000;
        assertThat(f.generate(ASK).text()).as("the probe succeeds").isEqualTo("a");
        assertThat(List.of(f.generate(ASK).text(), f.generate(ASK).text())).containsExactlyInAnyOrder("a", "b");

        FleetBackend.EndpointStats sa = f.stats().get(0);
        assertThat(sa.setAside()).isEqualTo(1);
        assertThat(sa.faults()).isEqualTo(2);
        assertThat(sa.probes()).isEqualTo(2);
        assertThat(sa.recoveries()).isEqualTo(1);
        assertThat(sa.healthy()).isTrue();
    }

    @Test
    void server_errors_and_timeouts_are_the_endpoints_fault_a_bad_request_or_429_is_the_calls_outcome() {
        assertThat(List.of(Failure.Kind.NETWORK, Failure.Kind.TIMEOUT, Failure.Kind.SERVER_ERROR, Failure.Kind.UNAVAILABLE))
                .allMatch(k -> FleetBackend.isEndpointFault(new Failure(k, "x")));
        assertThat(List.of(Failure.Kind.BAD_REQUEST, Failure.Kind.AUTHENTICATION, Failure.Kind.RATE_LIMITED,
                Failure.Kind.MALFORMED_RESPONSE, Failure.Kind.REFUSED)).noneMatch(k -> FleetBackend.isEndpointFault(new Failure(k, "x")));

        Scripted a = new Scripted("a");
        Scripted b = new Scripted("b");
        a.failing = Failure.Kind.BAD_REQUEST;
        FleetBackend f = fleet(new FakeTime(), 4, a, b);
        BackendResult r = f.generate(ASK);
        assertThat(r.failure().kind()).isEqualTo(Failure.Kind.BAD_REQUEST);
        assertThat(r.endpoint()).isEqualTo("http://e0");
        assertThat(b.calls.get()).as("not sent again").isZero();
        assertThat(f.stats().get(0).healthy()).isTrue();
        assertThat(f.stats().get(0).otherFailures()).isEqualTo(1);
    }

    @Test
    void with_every_endpoint_set_aside_the_call_waits_for_the_earliest_cool_down_under_the_retry_policy() {
        FakeTime time = new FakeTime();
        Scripted a = new Scripted("a");
        Scripted b = new Scripted("b");
        a.failing = Failure.Kind.SERVER_ERROR;
        b.failing = Failure.Kind.NETWORK;
        FleetBackend f = fleet(time, 4, a, b);

        BackendResult alone = f.generate(ASK);
        assertThat(alone.failure().kind()).isEqualTo(Failure.Kind.UNAVAILABLE);
        assertThat(alone.failure().retryAfter()).isEqualTo(Duration.ofSeconds(2));
        assertThat(alone.failure().message()).contains("2 of 2 set aside", "b failed");

        // under the retries: the wait ends the cool-down, b's probe succeeds, the call is answered
        Sleeper recover = d -> {
            time.sleeper.sleep(d);
            b.failing = null;
        };
        ResilientBackend resilient = new ResilientBackend(f, RetryPolicy.DEFAULT, 8, 10, recover, 1);
        BackendResult r = resilient.generate(ASK);
        assertThat(r.isOk()).isTrue();
        assertThat(r.endpoint()).isEqualTo("http://e1");
        assertThat(r.attempts()).isEqualTo(2);
        assertThat(time.waits).hasSize(1);
        assertThat(time.waits.get(0)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));

        // nothing ever comes back: an ERROR outcome once the policy gives up, never a dropped call
        b.failing = Failure.Kind.NETWORK;
        time.millis += 120_000;
        ResilientBackend giveUp = new ResilientBackend(f, new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(10)), 8, 10,
                time.sleeper, 1);
        BackendResult failed = giveUp.generate(ASK);
        assertThat(failed.isOk()).isFalse();
        assertThat(failed.failure().kind()).isEqualTo(Failure.Kind.UNAVAILABLE);
        assertThat(failed.attempts()).isEqualTo(3);
    }

    @Test
    void a_server_stopped_mid_run_loses_no_call() throws Exception {
        List<FakeProviderServer> servers = new ArrayList<>();
        List<FleetBackend.Endpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            FakeProviderServer s = new FakeProviderServer().on("/v1/chat/completions",
                    new FakeProviderServer.Reply(200, FakeProviderServer.openAiAnswer("1. Heat (1995)"), 5));
            servers.add(s);
            String url = s.root() + "/v1";
            endpoints.add(new FleetBackend.Endpoint(url, Providers.create(new ProviderConfig("fleet", "openai", url, "m", null,
                    LlmParameters.DEFAULTS, Duration.ofSeconds(10), 2), v -> null)));
        }
        FleetBackend fleet = new FleetBackend(endpoints, 2, FleetBackend.CoolDown.DEFAULT, java.time.Clock.systemUTC());
        ResilientBackend backend = new ResilientBackend(fleet, RetryPolicy.DEFAULT, fleet.totalConcurrency(), 10, Sleeper.REAL, 1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            int calls = 60;
            CountDownLatch halfWay = new CountDownLatch(calls / 2);
            List<Future<BackendResult>> results = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                results.add(pool.submit(() -> {
                    BackendResult r = backend.generate(ASK);
                    halfWay.countDown();
                    return r;
                }));
            }
            assertThat(halfWay.await(60, TimeUnit.SECONDS)).isTrue();
            servers.get(1).close();
            List<BackendResult> done = new ArrayList<>();
            for (Future<BackendResult> f : results) {
                done.add(f.get(60, TimeUnit.SECONDS));
            }
            for (int i = 0; i < 4; i++) { // idle, in turn: the stopped server's turn comes, and it is set aside
                done.add(backend.generate(ASK));
            }
            assertThat(done).hasSize(calls + 4).allSatisfy(r -> {
                assertThat(r.isOk()).as(r.isOk() ? "" : r.failure().toString()).isTrue();
                assertThat(r.text()).isEqualTo("1. Heat (1995)");
                assertThat(endpoints.stream().map(FleetBackend.Endpoint::url)).contains(r.endpoint());
            });
            assertThat(fleet.stats().stream().mapToLong(FleetBackend.EndpointStats::answered).sum()).isEqualTo(calls + 4);
            assertThat(fleet.stats().get(1).setAside()).isEqualTo(1);
            assertThat(fleet.stats().get(1).healthy()).isFalse();
            assertThat(fleet.stats()).filteredOn(s -> !s.url().equals(endpoints.get(1).url()))
                    .allSatisfy(s -> assertThat(s.setAside()).isZero());
        } finally {
            pool.shutdownNow();
            servers.forEach(FakeProviderServer::close);
        }
    }
}
