package org.recprompt.backend.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class RetryAfterTest {

    final Clock clock = Clock.fixed(Instant.parse("2025-10-21T07:28:00Z"), ZoneOffset.UTC);

    @Test
    void seconds_dates_and_garbage() {
        assertThat(RetryAfter.parse("2", clock)).isEqualTo(Duration.ofSeconds(2));
        assertThat(RetryAfter.parse(" 0.5 ", clock)).isEqualTo(Duration.ofMillis(500));
        assertThat(RetryAfter.parse("Tue, 21 Oct 2025 07:28:30 GMT", clock)).isEqualTo(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse("Tue, 21 Oct 2025 07:27:00 GMT", clock)).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parse("soon", clock)).isNull();
        assertThat(RetryAfter.parse("-3", clock)).isNull();
        assertThat(RetryAfter.parse(null, clock)).isNull();
    }
}
