package org.recprompt.backend.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.recprompt.backend.QuotaObservation;
import org.recprompt.backend.QuotaObservation.Dimension;
import org.recprompt.backend.QuotaObservation.Quota;

class RateLimitHeadersTest {

    final Clock clock = Clock.fixed(Instant.parse("2025-10-21T07:28:00Z"), ZoneOffset.UTC);

    static Map<String, List<String>> headers(String... nameValue) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            h.put(nameValue[i], List.of(nameValue[i + 1]));
        }
        return h;
    }

    @Test
    void openai_headers_give_limit_remaining_and_reset_for_requests_and_tokens() {
        QuotaObservation o = RateLimitHeaders.parse(200, headers(
                "x-ratelimit-limit-requests", "60",
                "X-RateLimit-Limit-Tokens", "150000",
                "x-ratelimit-remaining-requests", "59",
                "x-ratelimit-remaining-tokens", "149984",
                "x-ratelimit-reset-requests", "1s",
                "x-ratelimit-reset-tokens", "6m0s"), clock);

        assertThat(o.status()).isEqualTo(200);
        assertThat(o.quotas()).containsOnlyKeys(Dimension.REQUESTS, Dimension.TOKENS);
        assertThat(o.quotas().get(Dimension.REQUESTS)).isEqualTo(new Quota(60L, 59L, Duration.ofSeconds(1)));
        assertThat(o.quotas().get(Dimension.TOKENS)).isEqualTo(new Quota(150_000L, 149_984L, Duration.ofMinutes(6)));
        assertThat(o.retryAfter()).isNull();
    }

    @Test
    void go_durations_in_every_form_and_bare_seconds() {
        assertThat(RateLimitHeaders.duration("20ms")).isEqualTo(Duration.ofMillis(20));
        assertThat(RateLimitHeaders.duration("1h2m3.5s")).isEqualTo(Duration.ofMillis(3_723_500));
        assertThat(RateLimitHeaders.duration("6m0s")).isEqualTo(Duration.ofMinutes(6));
        assertThat(RateLimitHeaders.duration("0s")).isEqualTo(Duration.ZERO);
        assertThat(RateLimitHeaders.duration("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(RateLimitHeaders.duration("250us")).isEqualTo(Duration.ofMillis(1)); // rounded up to the millisecond
        assertThat(RateLimitHeaders.duration("2")).isEqualTo(Duration.ofSeconds(2));
        assertThat(RateLimitHeaders.duration("0.25")).isEqualTo(Duration.ofMillis(250));
        assertThat(RateLimitHeaders.duration("soon")).isNull();
        assertThat(RateLimitHeaders.duration("5 s")).isNull();
        assertThat(RateLimitHeaders.duration("1x")).isNull();
        assertThat(RateLimitHeaders.duration("-1s")).isNull();
        assertThat(RateLimitHeaders.duration("")).isNull();
    }

    @Test
    void anthropic_resets_are_rfc_3339_times_and_input_and_output_tokens_are_kept_apart() {
        QuotaObservation o = RateLimitHeaders.parse(429, headers(
                "anthropic-ratelimit-requests-limit", "50",
                "anthropic-ratelimit-requests-remaining", "0",
                "anthropic-ratelimit-requests-reset", "2025-10-21T07:28:12Z",
                "anthropic-ratelimit-tokens-limit", "30000",
                "anthropic-ratelimit-tokens-remaining", "1000",
                "anthropic-ratelimit-tokens-reset", "2025-10-21T07:29:00Z",
                "anthropic-ratelimit-input-tokens-limit", "30000",
                "anthropic-ratelimit-input-tokens-remaining", "1000",
                "anthropic-ratelimit-input-tokens-reset", "2025-10-21T07:29:00+00:00",
                "anthropic-ratelimit-output-tokens-limit", "8000",
                "anthropic-ratelimit-output-tokens-remaining", "8000",
                "anthropic-ratelimit-output-tokens-reset", "2025-10-21T07:27:00Z",
                "retry-after", "12"), clock);

        assertThat(o.refused()).isTrue();
        assertThat(o.retryAfter()).isEqualTo(Duration.ofSeconds(12));
        assertThat(o.quotas().get(Dimension.REQUESTS)).isEqualTo(new Quota(50L, 0L, Duration.ofSeconds(12)));
        assertThat(o.quotas().get(Dimension.INPUT_TOKENS)).isEqualTo(new Quota(30_000L, 1_000L, Duration.ofMinutes(1)));
        assertThat(o.quotas().get(Dimension.OUTPUT_TOKENS)).isEqualTo(new Quota(8_000L, 8_000L, Duration.ZERO)); // past: now
        // tokens-* repeats the most restrictive of the two: not a limit on input plus output
        assertThat(o.quotas()).doesNotContainKey(Dimension.TOKENS);
    }

    @Test
    void anthropic_tokens_headers_alone_limit_all_tokens_and_unreadable_values_are_unknown() {
        QuotaObservation o = RateLimitHeaders.parse(200, headers(
                "anthropic-ratelimit-tokens-limit", "40000",
                "anthropic-ratelimit-tokens-remaining", "many",
                "anthropic-ratelimit-tokens-reset", "in a minute"), clock);

        assertThat(o.quotas().get(Dimension.TOKENS)).isEqualTo(new Quota(40_000L, null, null));
    }

    @Test
    void an_answer_without_rate_limit_headers_says_nothing_and_a_bare_retry_after_is_kept() {
        assertThat(RateLimitHeaders.parse(200, headers("content-type", "application/json"), clock)).isNull();
        assertThat(RateLimitHeaders.parse(200, headers("X-RateLimit-Remaining-Requests", "7"), clock).quotas()
                .get(Dimension.REQUESTS)).isEqualTo(new Quota(null, 7L, null));
        QuotaObservation o = RateLimitHeaders.parse(429, headers("Retry-After", "Tue, 21 Oct 2025 07:28:30 GMT"), clock);
        assertThat(o.quotas()).isEmpty();
        assertThat(o.retryAfter()).isEqualTo(Duration.ofSeconds(30));
    }
}
