package org.recprompt.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.recprompt.backend.QuotaObservation.Dimension;
import org.recprompt.backend.QuotaObservation.Quota;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

    /** A clock that the sleeper advances: waiting takes no real time. */
    static final class FakeTime extends Clock {
        volatile long millis;
        final List<Duration> waits = new ArrayList<>();
        final Sleeper sleeper = d -> {
            waits.add(d);
            millis += d.toMillis();
        };

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    @Test
    void requests_beyond_the_per_minute_limit_wait_for_the_bucket_to_refill() throws Exception {
        FakeTime t = new FakeTime();
        RateLimiter limiter = new RateLimiter(60, 0, t, t.sleeper);
        for (int k = 0; k < 60; k++) {
            limiter.acquire(10);
        }
        assertThat(t.waits).isEmpty();
        limiter.acquire(10); // the 61st waits one second (60 per minute refill one a second)
        assertThat(t.waits).containsExactly(Duration.ofSeconds(1));
        for (int k = 0; k < 59; k++) {
            limiter.acquire(10);
        }
        assertThat(t.millis).isEqualTo(60_000);
    }

    @Test
    void tokens_per_minute_hold_back_large_prompts() throws Exception {
        FakeTime t = new FakeTime();
        RateLimiter limiter = new RateLimiter(0, 1000, t, t.sleeper);
        limiter.acquire(800);
        limiter.acquire(400); // needs 200 more tokens: 200/1000 of a minute = 12 s
        assertThat(t.waits).hasSize(1);
        assertThat(t.waits.get(0)).isEqualTo(Duration.ofSeconds(12));
        limiter.acquire(5000); // larger than the bucket: waits for a full bucket, never forever
        assertThat(t.millis).isLessThanOrEqualTo(12_000 + 60_000);
    }

    @Test
    void zero_means_unlimited_and_negative_limits_are_refused() throws Exception {
        FakeTime t = new FakeTime();
        RateLimiter none = new RateLimiter(0, 0, t, t.sleeper);
        for (int k = 0; k < 10_000; k++) {
            none.acquire(1_000_000);
        }
        assertThat(t.waits).isEmpty();
        assertThatThrownBy(() -> new RateLimiter(-1, 0, t, t.sleeper)).hasMessageContaining("cannot be negative");
    }

    static QuotaObservation said(int status, Dimension d, Long limit, Long remaining, Duration reset) {
        return new QuotaObservation(status, Map.of(d, new Quota(limit, remaining, reset)), null);
    }

    @Test
    void with_no_limits_configured_the_first_answer_teaches_the_limit_and_paces_from_what_remains() throws Exception {
        FakeTime t = new FakeTime();
        RateLimiter limiter = RateLimiter.learning(t, t.sleeper);
        RateLimiter.Ticket first = limiter.acquire(10); // nothing known yet: goes at once
        limiter.acquire(10);
        limiter.acquire(10); // three let through before any answer
        assertThat(t.waits).isEmpty();

        // the first call's answer: 60 a minute, 10 left after counting it. The two let through after it
        // may already have been counted, so 8 are left for sure.
        limiter.settle(first, Usage.NONE);
        limiter.observe(said(200, Dimension.REQUESTS, 60L, 10L, Duration.ofSeconds(50)));
        assertThat(limiter.limit(Dimension.REQUESTS)).isEqualTo(60);
        assertThat(limiter.level(Dimension.REQUESTS)).isEqualTo(8);

        for (int k = 0; k < 8; k++) {
            limiter.acquire(10);
        }
        assertThat(t.waits).isEmpty();
        limiter.acquire(10); // the ninth waits for the refill: 60 a minute, one a second
        assertThat(t.waits).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void headers_see_the_whole_observation_on_the_thread_that_made_the_call() throws Exception {
        FakeTime t = new FakeTime();
        RateLimiter limiter = new RateLimiter(60, 0, t, t.sleeper);
        RateLimiter.Ticket ticket = limiter.acquire(10);
        t.millis += 2_000; // the answer comes 2 s later: the provider refilled at most 2 since
        limiter.observe(said(200, Dimension.REQUESTS, 60L, 5L, null)); // someone else shares the key
        assertThat(limiter.level(Dimension.REQUESTS)).isEqualTo(7);
        limiter.settle(ticket, Usage.NONE);
    }

    @Test
    void a_header_can_lower_a_configured_limit_but_never_raise_it() throws Exception {
        FakeTime t = new FakeTime();
        RateLimiter generous = new RateLimiter(60, 0, t, t.sleeper);
        RateLimiter.Ticket call = generous.acquire(10);
        generous.observe(said(200, Dimension.REQUESTS, 1000L, 999L, null));
        generous.settle(call, Usage.NONE);
        assertThat(generous.limit(Dimension.REQUESTS)).isEqualTo(60);
        assertThat(generous.level(Dimension.REQUESTS)).isEqualTo(59);

        RateLimiter strict = new RateLimiter(600, 0, t, t.sleeper);
        RateLimiter.Ticket other = strict.acquire(10);
        strict.observe(said(200, Dimension.REQUESTS, 30L, 29L, null));
        strict.settle(other, Usage.NONE);
        assertThat(strict.limit(Dimension.REQUESTS)).isEqualTo(30);
        assertThat(strict.level(Dimension.REQUESTS)).isEqualTo(29);
    }

    @Test
    void tokens_are_corrected_by_the_usage_reported_and_the_estimate_learns_its_scale() throws Exception {
        FakeTime t = new FakeTime();
        RateLimiter limiter = new RateLimiter(0, 10_000, t, t.sleeper);
        RateLimiter.Ticket ticket = limiter.acquire(100); // estimated 100
        assertThat(limiter.level(Dimension.TOKENS)).isEqualTo(9_900);
        limiter.settle(ticket, new Usage(300, 50)); // the provider counted 300 in and 50 out
        assertThat(limiter.level(Dimension.TOKENS)).isEqualTo(9_650);

        // the next estimate of 100 is read as 3 x 100 input tokens plus the 50 output tokens calls use
        limiter.acquire(100);
        assertThat(limiter.level(Dimension.TOKENS)).isEqualTo(9_300);
    }

    @Test
    void a_429_holds_every_other_call_until_its_retry_after_and_slows_the_rate_down() throws Exception {
        FakeTime t = new FakeTime();
        RateLimiter limiter = new RateLimiter(60, 0, t, t.sleeper);
        for (int k = 0; k < 60; k++) {
            limiter.acquire(1);
        }
        Thread other = new Thread(() -> limiter.refused(Duration.ofSeconds(5))); // another caller's 429
        other.start();
        other.join();
        limiter.acquire(1); // after 5 s the bucket holds about 5 again: goes then
        assertThat(t.waits).containsExactly(Duration.ofSeconds(5));
        for (int k = 0; k < 3; k++) {
            limiter.acquire(1);
        }
        t.waits.clear();
        limiter.acquire(1); // a request a second, slowed by 10% (recovering): more than a second
        limiter.acquire(1);
        assertThat(t.waits).hasSize(2);
        assertThat(t.waits.get(1)).isGreaterThan(Duration.ofSeconds(1)).isLessThan(Duration.ofMillis(1_120));
    }

    @Test
    void nothing_left_and_no_limit_to_pace_by_waits_for_the_reset_and_says_so_meanwhile() throws Exception {
        FakeTime t = new FakeTime();
        RateLimiter[] limiter = new RateLimiter[1];
        List<String> shown = new ArrayList<>();
        Sleeper sleeper = d -> {
            shown.add(limiter[0].waitingFor().orElse("nothing")); // what a progress line shows while waiting
            t.sleeper.sleep(d);
        };
        limiter[0] = RateLimiter.learning(t, sleeper);
        limiter[0].settle(limiter[0].acquire(10), Usage.NONE);
        limiter[0].observe(said(200, Dimension.REQUESTS, null, 0L, Duration.ofSeconds(12)));
        assertThat(limiter[0].waitingFor()).isEmpty();

        limiter[0].acquire(10);

        assertThat(t.waits).containsExactly(Duration.ofSeconds(12));
        assertThat(shown).containsExactly("waiting for the provider's quota: 0 requests left, resets in 12 s");
        assertThat(limiter[0].waitingFor()).isEmpty();
    }

    @Test
    void the_refused_call_itself_waits_by_its_retry_policy_not_twice() throws Exception {
        FakeTime t = new FakeTime();
        RateLimiter limiter = new RateLimiter(60, 0, t, t.sleeper);
        limiter.settle(limiter.acquire(1), Usage.NONE);
        limiter.refused(Duration.ofSeconds(5)); // this thread's call: its retry policy waits the 5 s
        limiter.acquire(1); // the retry, after that wait (which the recording sleeper did not pass on the clock)
        assertThat(t.waits).isEmpty();
    }
}
