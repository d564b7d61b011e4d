package org.recprompt.backend.adapter;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.recprompt.backend.QuotaObservation;
import org.recprompt.backend.QuotaObservation.Dimension;
import org.recprompt.backend.QuotaObservation.Quota;

/**
 * Reads the rate-limit headers of a provider answer (a success or an error) into a
 * {@link QuotaObservation}. Header names are matched without regard to case.
 *
 * <p>OpenAI (https://platform.openai.com/docs/guides/rate-limits, "Rate limits in headers"):
 * {@code x-ratelimit-limit-requests}, {@code x-ratelimit-limit-tokens},
 * {@code x-ratelimit-remaining-requests}, {@code x-ratelimit-remaining-tokens},
 * {@code x-ratelimit-reset-requests}, {@code x-ratelimit-reset-tokens}; a reset is "the time until the
 * rate limit resets to its initial state", written as a Go duration ({@code 1s}, {@code 6m0s},
 * {@code 20ms}, {@code 1h2m3.5s}). OpenAI-compatible servers (vLLM behind a gateway, LiteLLM) send the
 * same names; a bare number is read as seconds.
 *
 * <p>Anthropic (https://docs.anthropic.com/en/api/rate-limits, "Response headers"):
 * {@code anthropic-ratelimit-requests-limit}, {@code -remaining}, {@code -reset}, and the same three
 * for {@code anthropic-ratelimit-tokens-*}, {@code anthropic-ratelimit-input-tokens-*} and
 * {@code anthropic-ratelimit-output-tokens-*}; a reset is the RFC 3339 time at which the limit is
 * fully replenished. Anthropic's {@code tokens-*} headers repeat "the most restrictive" of its input
 * and output token limits, so when the input or output headers are present, {@code tokens-*} is not
 * read as a limit on input plus output tokens (it would count output tokens against an input limit).
 *
 * <p>Both: {@code retry-after} (seconds or an HTTP date, {@link RetryAfter}). An unreadable value
 * is left out (unknown), never guessed.
 */
public final class RateLimitHeaders {

    private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|\u00b5s|ms|h|m|s)");

    private RateLimitHeaders() {
    }

    /** The observation the headers make, or null when they say nothing about the quota. */
    public static QuotaObservation parse(int status, Map<String, List<String>> headers, Clock clock) {
        if (!mentionsQuota(headers)) {
            return null; // the common answer of a local server: no header below is there to read
        }
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> {
            if (name != null && values != null && !values.isEmpty()) {
                h.put(name, values.get(0));
            }
        });
        Map<Dimension, Quota> quotas = new EnumMap<>(Dimension.class);
        put(quotas, Dimension.REQUESTS, openAi(h, "requests"));
        put(quotas, Dimension.TOKENS, openAi(h, "tokens"));
        Quota input = anthropic(h, "input-tokens", clock);
        Quota output = anthropic(h, "output-tokens", clock);
        if (!quotas.containsKey(Dimension.REQUESTS)) {
            put(quotas, Dimension.REQUESTS, anthropic(h, "requests", clock));
        }
        put(quotas, Dimension.INPUT_TOKENS, input);
        put(quotas, Dimension.OUTPUT_TOKENS, output);
        if (!quotas.containsKey(Dimension.TOKENS) && input.limit() == null && output.limit() == null) {
            put(quotas, Dimension.TOKENS, anthropic(h, "tokens", clock));
        }
        Duration retryAfter = RetryAfter.parse(h.get("retry-after"), clock);
        QuotaObservation o = new QuotaObservation(status, quotas, retryAfter);
        return o.isEmpty() ? null : o;
    }

    /** Whether any header is one that {@link #parse} reads: a rate-limit header or Retry-After. */
    private static boolean mentionsQuota(Map<String, List<String>> headers) {
        for (String name : headers.keySet()) {
            if (name != null && (name.regionMatches(true, 0, "x-ratelimit-", 0, 12)
                    || name.regionMatches(true, 0, "anthropic-ratelimit-", 0, 20)
                    || name.equalsIgnoreCase("retry-after"))) {
                return true;
            }
        }
        return false;
    }

    private static void put(Map<Dimension, Quota> quotas, Dimension d, Quota q) {
        if (q.limit() != null || q.remaining() != null || q.reset() != null) {
            quotas.put(d, q);
        }
    }

    private static Quota openAi(Map<String, String> h, String what) {
        return new Quota(count(h.get("x-ratelimit-limit-" + what)), count(h.get("x-ratelimit-remaining-" + what)),
                duration(h.get("x-ratelimit-reset-" + what)));
    }

    private static Quota anthropic(Map<String, String> h, String what, Clock clock) {
        String prefix = "anthropic-ratelimit-" + what + "-";
        return new Quota(count(h.get(prefix + "limit")), count(h.get(prefix + "remaining")),
                instant(h.get(prefix + "reset"), clock));
    }

    /** A non-negative whole number (a decimal is rounded down), or null. */
    static Long count(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            double d = Double.parseDouble(value.trim());
            return d >= 0 && !Double.isInfinite(d) && !Double.isNaN(d) ? (long) Math.floor(d) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * A Go duration as OpenAI writes it ({@code 1h2m3.5s}, {@code 6m0s}, {@code 20ms}, {@code 0s}),
     * or a bare number of seconds; null when unreadable. Rounded up to the millisecond.
     */
    static Duration duration(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            double seconds = Double.parseDouble(v);
            return seconds >= 0 && !Double.isInfinite(seconds) ? Duration.ofNanos((long) Math.ceil(seconds * 1e9))
                    .plusNanos(999_999).truncatedTo(java.time.temporal.ChronoUnit.MILLIS) : null;
        } catch (NumberFormatException notANumber) {
            // a Go duration, below
        }
        Matcher m = GO_DURATION.matcher(v);
        int at = 0;
        double nanos = 0;
        while (at < v.length()) {
            if (!m.find(at) || m.start() != at) {
                return null;
            }
            double n = Double.parseDouble(m.group(1));
            nanos += n * switch (m.group(2)) {
                case "h" -> 3_600e9;
                case "m" -> 60e9;
                case "s" -> 1e9;
                case "ms" -> 1e6;
                case "us", "\u00b5s" -> 1e3;
                default -> 1;
            };
            at = m.end();
        }
        return Duration.ofNanos((long) Math.ceil(nanos)).plusNanos(999_999).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    /** The time until an RFC 3339 instant (zero when it is past), or null when unreadable. */
    static Duration instant(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            Duration d = Duration.between(clock.instant(), OffsetDateTime.parse(value.trim()).toInstant());
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
