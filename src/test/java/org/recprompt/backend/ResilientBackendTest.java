package org.recprompt.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.recprompt.prompt.Message;

class ResilientBackendTest {

    static final BackendRequest REQUEST = BackendRequest.of(List.of(new Message("user", "Rank these movies")));

    /** Answers from a script, one result per call. */
    static Backend scripted(BackendResult... results) {
        Deque<BackendResult> queue = new ArrayDeque<>(List.of(results));
        return r -> queue.isEmpty() ? BackendResult.ok("extra", Usage.NONE, 1) : queue.poll();
    }

    final List<Duration> waits = new ArrayList<>();
    final Sleeper recording = waits::add;

    static BackendResult fail(Failure.Kind kind, Duration retryAfter) {
        return BackendResult.failed(new Failure(kind, kind.name().toLowerCase(), retryAfter), 1);
    }

    @Test
    void a_429_is_retried_after_at_least_its_retry_after_and_a_500_then_success_succeeds() {
        Backend b = new ResilientBackend(scripted(fail(Failure.Kind.RATE_LIMITED, Duration.ofSeconds(3)),
                fail(Failure.Kind.SERVER_ERROR, null), BackendResult.ok("1. Heat (1995)", new Usage(10, 5), 2)),
                RetryPolicy.DEFAULT, 4, 3, recording, 7);

        BackendResult r = b.generate(REQUEST);

        assertThat(r.isOk()).isTrue();
        assertThat(r.text()).isEqualTo("1. Heat (1995)");
        assertThat(r.attempts()).isEqualTo(3);
        assertThat(waits).hasSize(2);
        assertThat(waits.get(0)).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        // second wait: full jitter below min(cap, 500 ms x 2) = 1 s
        assertThat(waits.get(1)).isLessThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void failures_that_cannot_improve_are_not_retried_and_retries_stop_at_the_limit() {
        Backend refused = new ResilientBackend(scripted(fail(Failure.Kind.AUTHENTICATION, null)),
                RetryPolicy.DEFAULT, 1, 10, recording, 7);
        assertThat(refused.generate(REQUEST).attempts()).isEqualTo(1);
        assertThat(waits).isEmpty();

        AtomicInteger calls = new AtomicInteger();
        Backend alwaysBusy = new ResilientBackend(r -> {
            calls.incrementAndGet();
            return fail(Failure.Kind.UNAVAILABLE, null);
        }, new RetryPolicy(4, Duration.ofMillis(100), Duration.ofMillis(250)), 1, 10, recording, 7);
        BackendResult r = alwaysBusy.generate(REQUEST);
        assertThat(r.failure().kind()).isEqualTo(Failure.Kind.UNAVAILABLE);
        assertThat(r.attempts()).isEqualTo(4);
        assertThat(calls).hasValue(4);
        assertThat(waits).hasSize(3).allSatisfy(w -> assertThat(w).isLessThanOrEqualTo(Duration.ofMillis(250)));
    }

    @Test
    void a_backend_that_keeps_failing_is_paused_with_a_clear_message_until_resumed() {
        AtomicInteger calls = new AtomicInteger();
        ResilientBackend b = new ResilientBackend(r -> {
            calls.incrementAndGet();
            return fail(Failure.Kind.AUTHENTICATION, null);
        }, RetryPolicy.DEFAULT, 2, 3, recording, 7);

        for (int k = 0; k < 3; k++) {
            b.generate(REQUEST);
        }
        BackendResult paused = b.generate(REQUEST);

        assertThat(b.isPaused()).isTrue();
        assertThat(calls).hasValue(3);
        assertThat(paused.failure().kind()).isEqualTo(Failure.Kind.PAUSED);
        assertThat(paused.failure().message()).contains("paused after 3 failed requests in a row").contains("authentication");
        b.resume();
        b.generate(REQUEST);
        assertThat(calls).hasValue(4);
    }

    @Test
    void no_more_calls_than_the_concurrency_limit_are_in_flight() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        Backend slow = r -> {
            int now = inFlight.incrementAndGet();
            peak.accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            return BackendResult.ok("ok", Usage.NONE, 5);
        };
        Backend limited = new ResilientBackend(slow, RetryPolicy.NONE, 3, 5, Sleeper.REAL, 7);
        ExecutorService pool = Executors.newFixedThreadPool(12);
        for (int k = 0; k < 60; k++) {
            pool.submit(() -> limited.generate(REQUEST));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(peak.get()).isBetween(1, 3);
    }

    @Test
    void backoff_grows_exponentially_up_to_the_cap_and_is_jittered_below_it() {
        RetryPolicy p = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(700));
        Failure f = new Failure(Failure.Kind.SERVER_ERROR, "boom");
        java.util.Random random = new java.util.Random(1);
        long[] ceilings = {100, 200, 400, 700, 700};
        for (int next = 2; next <= 6; next++) {
            long max = 0;
            for (int k = 0; k < 200; k++) {
                max = Math.max(max, p.delay(next, f, random).toMillis());
            }
            assertThat(max).isLessThanOrEqualTo(ceilings[next - 2]).isGreaterThan(ceilings[next - 2] / 2);
        }
    }
}
