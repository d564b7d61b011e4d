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

import org.junit.jupiter.api.Test;

class RateLimiterTest {

    /** A clock that the sleeper advances: waiting takes no real time. */
    static final class FakeTime extends Clock {
        long millis;
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
}
