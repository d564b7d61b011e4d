package org.recprompt.backend;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.recprompt.backend.QuotaObservation.Dimension;
import org.recprompt.backend.QuotaObservation.Quota;

/**
 * Paces a backend's calls to its quota: requests, tokens and (Anthropic) input and output tokens
 * per minute, each a token bucket that refills continuously (a bucket of capacity L refills L per
 * minute), the algorithm the providers document (Anthropic: "the token bucket algorithm ... your
 * capacity is continuously replenished up to your maximum limit"; OpenAI's reset is "the time until
 * the rate limit resets to its initial state"). {@link #acquire(long)} waits until one request and
 * its estimated tokens fit every known bucket, then takes them; thread-safe.
 *
 * <p><b>Where the limits come from.</b> Configured limits ({@code rpm}, {@code tpm}; 0 means none)
 * hold from the start with a full bucket. Otherwise a bucket is learned from the provider's
 * rate-limit headers ({@link #observe}, told by the adapter on the calling thread): its limit, then
 * its level from what remains. A configured limit is never raised by a header, nor is its bucket
 * (it starts full and only the calls and a lower remaining in a header take from it); a lower limit
 * in a header lowers it. With neither, a dimension is not limited.
 *
 * <p><b>Keeping the local bucket true to the provider's.</b> An answer's "remaining R" is the
 * provider's bucket just after it counted that request. Since then the provider has refilled at most
 * the rate times the time since the request was let through, so the local level is lowered to that
 * when above it (another client sharing the key, a count that differs from ours). The provider has
 * counted since then at most the requests that were in flight when this one was let through plus
 * those let through after it, so a learned bucket's level is raised to R minus those when below it
 * (this is also how a learned bucket starts: not full, but at what the provider said was left). Between the two,
 * the local bucket stays at or below the provider's, so in steady state no request is refused.
 *
 * <p><b>Tokens.</b> Before a call its tokens are estimated (about four characters a token, from
 * the caller), scaled by the ratio of the provider's reported input tokens to that estimate, plus the
 * output tokens calls have been using, each with three mean absolute deviations of margin (a margin
 * costs nothing in steady state: {@link #settle} gives back what the call did not use). After the
 * call the bucket is corrected by the actual usage.
 *
 * <p><b>Refusals.</b> After a 429 ({@link #refused}) no other call goes until its Retry-After (1 s
 * when it has none; the refused call itself waits by its retry policy, never sooner than a
 * Retry-After), and every learned and configured rate is slowed by 10% (at most once a second, to at
 * most half), recovering 10% every 20 s without refusals.
 *
 * <p><b>One budget across processes.</b> With a {@link SharedQuota} ({@link #share}: several
 * processes on one database server call the same backend) a call must also be covered by grants
 * from the shared budget, taken in batches of about half a second's worth of the limit, so that the
 * processes together stay within one quota while a call costs a round trip only now and then. A
 * provider's headers that say less is left than the shared budget holds lower it for everyone, and
 * a 429 holds every process's grants for its Retry-After. Should the shared budget fail (the
 * database unreachable), the limiter says so in the log and paces this process alone.
 */
public final class RateLimiter implements QuotaObserver {

    private static final double MINUTE = 60_000;
    private static final long DEFAULT_HOLD_MILLIS = 1_000;
    private static final double SLOWDOWN_STEP = 0.9;
    private static final double SLOWDOWN_FLOOR = 0.5;
    private static final double RECOVERY_PER_MILLI = 0.1 / 20_000;
    private static final double MARGIN_DEVIATIONS = 3;
    /** A grant from a shared budget is about this many seconds of the limit (at least what the call needs). */
    private static final double BATCH_SECONDS = 0.5;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RateLimiter.class);

    private final Clock clock;
    private final Sleeper sleeper;
    private final boolean learns;
    private final Map<Dimension, Bucket> buckets = new EnumMap<>(Dimension.class);
    private final ThreadLocal<Ticket> current = new ThreadLocal<>();
    /** The hold this thread's own refusal set: it waits that out by its retry policy, not here. */
    private final ThreadLocal<Long> ownHold = new ThreadLocal<>();
    private final Ewma inputRatio = new Ewma();
    private final Ewma outputTokens = new Ewma();
    private long last;
    private long holdUntil;
    private double slowdown = 1;
    private long lastSlowdown = Long.MIN_VALUE;
    private int waiting;
    private String waitingFor;
    private SharedQuota shared;
    /** Granted by the shared budget and not yet used, per dimension (below zero after a call used more than its charge). */
    private final double[] pool = new double[Dimension.values().length];
    private final double[] sharedLevel = new double[Dimension.values().length];
    private final long[] sharedAt = new long[Dimension.values().length];

    /** Configured limits (0: none) that the provider's headers may lower and, where none is configured, set. */
    public RateLimiter(int requestsPerMinute, long tokensPerMinute, Clock clock, Sleeper sleeper) {
        this(requestsPerMinute, tokensPerMinute, clock, sleeper, true);
    }

    private RateLimiter(int requestsPerMinute, long tokensPerMinute, Clock clock, Sleeper sleeper, boolean learns) {
        if (requestsPerMinute < 0 || tokensPerMinute < 0) {
            throw new IllegalArgumentException("rate limits cannot be negative");
        }
        this.clock = clock;
        this.sleeper = sleeper;
        this.learns = learns;
        for (Dimension d : Dimension.values()) {
            buckets.put(d, new Bucket());
        }
        buckets.get(Dimension.REQUESTS).configure(requestsPerMinute);
        buckets.get(Dimension.TOKENS).configure(tokensPerMinute);
        this.last = clock.millis();
    }

    /**
     * From now on this limiter's calls also take from {@code quota}, a budget shared with other
     * processes calling the same backend (an unlimited limiter ignores it).
     */
    public synchronized void share(SharedQuota quota) {
        if (learns) {
            this.shared = quota;
            java.util.Arrays.fill(pool, 0);
            java.util.Arrays.fill(sharedAt, Long.MIN_VALUE);
        }
    }

    /** Whether the calls take from a budget shared with other processes. */
    public synchronized boolean isShared() {
        return shared != null;
    }

    /** No limits and nothing learned: calls go as fast as the concurrency lets them. */
    public static RateLimiter unlimited() {
        return new RateLimiter(0, 0, Clock.systemUTC(), Sleeper.REAL, false);
    }

    /** No configured limits: only what the provider's headers say. */
    public static RateLimiter learning(Clock clock, Sleeper sleeper) {
        return new RateLimiter(0, 0, clock, sleeper, true);
    }

    /**
     * Waits until a request of about {@code tokens} input tokens (the caller's rough estimate) may go,
     * then takes it from the buckets. The ticket is {@link #settle}d after the call; until then the
     * provider's headers seen on this thread are taken as the answer to it.
     */
    public Ticket acquire(long tokens) throws InterruptedException {
        boolean counted = false;
        try {
            while (true) {
                Duration wait;
                synchronized (this) {
                    long now = clock.millis();
                    refill(now);
                    double[] charge = charges(tokens);
                    Wait w = waitFor(charge, now);
                    if (w == null) {
                        return admit(tokens, charge, now);
                    }
                    wait = Duration.ofMillis(w.millis);
                    waitingFor = w.reason;
                    if (!counted) {
                        waiting++;
                        counted = true;
                    }
                }
                sleeper.sleep(wait);
            }
        } finally {
            if (counted) {
                synchronized (this) {
                    waiting--;
                    if (waiting == 0) {
                        waitingFor = null;
                    }
                }
            }
        }
    }

    /**
     * What the waiting calls wait for, for a progress line ("waiting for the provider's quota: 0
     * requests left, resets in 12 s"); empty when no call waits.
     */
    public synchronized Optional<String> waitingFor() {
        return waiting > 0 && waitingFor != null ? Optional.of(waitingFor) : Optional.empty();
    }

    /** The headers of one answer: learn limits, and keep the local buckets at or below the provider's. */
    @Override
    public void observe(QuotaObservation o) {
        if (!learns || o == null) {
            return;
        }
        synchronized (this) {
            long now = clock.millis();
            refill(now);
            Ticket t = current.get();
            if (t != null && t.settled) {
                t = null;
            }
            for (Map.Entry<Dimension, Quota> e : o.quotas().entrySet()) {
                Bucket b = buckets.get(e.getKey());
                Quota q = e.getValue();
                int d = e.getKey().ordinal();
                b.lastRemaining = q.remaining();
                b.lastReset = q.reset();
                b.observedAt = now;
                boolean learnedNow = false;
                if (q.limit() != null && q.limit() > 0) {
                    double limit = b.configured > 0 ? Math.min(b.configured, q.limit()) : q.limit();
                    learnedNow = b.limit == 0;
                    if (learnedNow) {
                        b.limit = limit;
                        b.level = 0;
                    } else if (limit != b.limit) {
                        b.limit = limit;
                        b.level = Math.min(b.level, limit);
                    }
                }
                if (b.limit > 0) {
                    double remaining = q.remaining() != null ? q.remaining() : learnedNow ? b.limit : Double.NaN;
                    if (!Double.isNaN(remaining)) {
                        long since = t == null ? 0 : Math.max(0, now - t.admittedAt);
                        double upper = Math.min(b.limit, remaining + since * rate(b));
                        double countedSince = t == null ? b.inflight : t.inflightBefore[d] + (b.admitted - t.admittedAfter[d]);
                        double lower = Math.min(b.limit, remaining - countedSince);
                        if (learnedNow) {
                            b.level = Math.min(lower, upper);
                        } else if (b.configured > 0) {
                            b.level = Math.min(b.level, upper); // a configured bucket is the user's: only lowered
                        } else {
                            b.level = Math.max(Math.min(b.level, upper), Math.min(lower, upper));
                        }
                        if (shared != null) {
                            tightenShared(e.getKey(), b, upper, now);
                        }
                    }
                } else if (q.remaining() != null && q.remaining() == 0 && q.reset() != null) {
                    b.hold = Math.max(b.hold, now + q.reset().toMillis()); // nothing left and no limit to pace by
                }
            }
        }
    }

    /** A 429: no call before its Retry-After (1 s without one), and every rate slowed down for a while. */
    public synchronized void refused(Duration retryAfter) {
        if (!learns) {
            return;
        }
        long now = clock.millis();
        refill(now);
        long holdMillis = retryAfter == null ? DEFAULT_HOLD_MILLIS : retryAfter.toMillis();
        holdUntil = Math.max(holdUntil, now + holdMillis);
        ownHold.set(holdUntil);
        if (shared != null) {
            java.util.Arrays.fill(pool, 0); // grants taken before the refusal are given up
            try {
                shared.hold(holdMillis);
            } catch (RuntimeException e) {
                sharedFailed(e);
            }
        }
        if (lastSlowdown == Long.MIN_VALUE || now - lastSlowdown >= 1_000) {
            slowdown = Math.max(SLOWDOWN_FLOOR, slowdown * SLOWDOWN_STEP);
            lastSlowdown = now;
        }
    }

    /**
     * After the call: corrects the buckets by the tokens the provider reported it used (a call that
     * reports none keeps its estimate), and learns the estimate's scale from them.
     */
    public synchronized void settle(Ticket t, Usage usage) {
        if (t == null || t.settled) {
            return;
        }
        t.settled = true;
        if (current.get() == t) {
            current.remove();
        }
        long now = clock.millis();
        refill(now);
        for (Dimension dim : Dimension.values()) {
            buckets.get(dim).inflight -= t.charge[dim.ordinal()];
        }
        if (usage == null || usage.inputTokens() == 0 && usage.outputTokens() == 0) {
            return;
        }
        double[] actual = new double[Dimension.values().length];
        actual[Dimension.REQUESTS.ordinal()] = 1;
        actual[Dimension.TOKENS.ordinal()] = usage.inputTokens() + usage.outputTokens();
        actual[Dimension.INPUT_TOKENS.ordinal()] = usage.inputTokens();
        actual[Dimension.OUTPUT_TOKENS.ordinal()] = usage.outputTokens();
        for (Dimension dim : Dimension.values()) {
            Bucket b = buckets.get(dim);
            if (b.limit > 0) {
                b.level = Math.min(b.limit, b.level - (actual[dim.ordinal()] - t.charge[dim.ordinal()]));
                if (shared != null) {
                    pool[dim.ordinal()] -= actual[dim.ordinal()] - t.charge[dim.ordinal()];
                }
            }
        }
        if (t.tokens > 0 && usage.inputTokens() > 0) {
            inputRatio.add((double) usage.inputTokens() / t.tokens);
        }
        outputTokens.add(usage.outputTokens());
    }

    /** The limit per minute now in force for a dimension (configured or learned), 0 when none. */
    public synchronized double limit(Dimension d) {
        return buckets.get(d).limit;
    }

    /** What the local bucket holds now (may be below zero after a correction). */
    public synchronized double level(Dimension d) {
        refill(clock.millis());
        return buckets.get(d).level;
    }

    /** One admitted call: what it was charged, and what the buckets looked like when it was let through. */
    public static final class Ticket {
        private final long tokens;
        private final long admittedAt;
        private final double[] charge;
        private final double[] inflightBefore;
        private final double[] admittedAfter;
        private boolean settled;

        private Ticket(long tokens, long admittedAt, double[] charge, double[] inflightBefore, double[] admittedAfter) {
            this.tokens = tokens;
            this.admittedAt = admittedAt;
            this.charge = charge;
            this.inflightBefore = inflightBefore;
            this.admittedAfter = admittedAfter;
        }
    }

    private Ticket admit(long tokens, double[] charge, long now) {
        int n = Dimension.values().length;
        double[] before = new double[n];
        double[] after = new double[n];
        for (Dimension dim : Dimension.values()) {
            Bucket b = buckets.get(dim);
            int d = dim.ordinal();
            if (b.limit > 0) {
                charge[d] = Math.min(charge[d], b.limit);
                b.level -= charge[d];
            }
            if (shared != null && b.limit > 0) {
                pool[d] -= charge[d];
            }
            before[d] = b.inflight;
            b.inflight += charge[d];
            b.admitted += charge[d];
            after[d] = b.admitted;
        }
        Ticket t = new Ticket(tokens, now, charge, before, after);
        current.set(t);
        ownHold.remove();
        return t;
    }

    private record Wait(long millis, String reason) {
    }

    private Wait waitFor(double[] charge, long now) {
        Long own = ownHold.get();
        if (holdUntil > now && (own == null || own != holdUntil)) {
            long ms = holdUntil - now;
            return new Wait(ms, "waiting for the provider's quota: refused with HTTP 429, trying again in " + seconds(ms));
        }
        Wait longest = null;
        for (Dimension dim : Dimension.values()) {
            Bucket b = buckets.get(dim);
            long ms = 0;
            if (b.hold > now) {
                ms = b.hold - now;
            } else if (b.limit > 0) {
                double need = Math.min(charge[dim.ordinal()], b.limit);
                if (b.level < need) {
                    ms = (long) Math.ceil((need - b.level) / rate(b));
                }
            }
            if (ms > 0 && (longest == null || ms > longest.millis)) {
                longest = new Wait(Math.max(1, ms), describe(dim, b, now, ms));
            }
        }
        return longest != null || shared == null ? longest : waitForShared(charge, now);
    }

    /** The shared budget's part: grants to cover the charge, taken in batches; a wait when the budget is short. */
    private Wait waitForShared(double[] charge, long now) {
        for (Dimension dim : Dimension.values()) {
            Bucket b = buckets.get(dim);
            int d = dim.ordinal();
            if (b.limit <= 0) {
                continue;
            }
            double need = Math.min(charge[d], b.limit) - pool[d];
            if (need <= 0) {
                continue;
            }
            double want = Math.min(b.limit, Math.max(need, b.limit * BATCH_SECONDS / 60));
            SharedQuota.Grant g;
            try {
                g = shared.take(dim, need, want, b.limit, b.configured > 0 ? b.limit : b.level);
            } catch (RuntimeException e) {
                sharedFailed(e);
                return null;
            }
            sharedLevel[d] = g.levelAfter();
            sharedAt[d] = now;
            pool[d] += g.granted();
            if (g.granted() <= 0) {
                long ms = Math.max(1, g.waitMillis());
                return new Wait(ms, String.format(Locale.ROOT, "waiting for the provider's quota (%s): %,d %s left, next in %s",
                        shared.describe(), (long) Math.max(0, Math.floor(g.levelAfter())), dim.words(), seconds(ms)));
            }
        }
        return null;
    }

    /**
     * A provider's "remaining" bounds its bucket, so the shared budget (what every process may still
     * take, less what this one holds unused) goes down to it when above it; told only when below what
     * the budget was last seen to hold, so that steady state costs no round trip.
     */
    private void tightenShared(Dimension dim, Bucket b, double upper, long now) {
        int d = dim.ordinal();
        double target = upper - Math.max(0, pool[d]);
        double estimate = sharedAt[d] == Long.MIN_VALUE ? Double.POSITIVE_INFINITY
                : Math.min(b.limit, sharedLevel[d] + (now - sharedAt[d]) * b.limit / MINUTE);
        if (target < estimate - Math.max(1, b.limit * 0.005)) {
            try {
                shared.tighten(dim, b.limit, target);
                sharedLevel[d] = target;
                sharedAt[d] = now;
            } catch (RuntimeException e) {
                sharedFailed(e);
            }
        }
    }

    private void sharedFailed(RuntimeException e) {
        LOG.warn("The per-minute quota shared with other processes is out of reach ({}); this process now paces its calls alone",
                e.getMessage());
        shared = null;
    }

    private String describe(Dimension dim, Bucket b, long now, long waitMillis) {
        long left = b.limit > 0 ? (long) Math.max(0, Math.floor(b.level)) : b.lastRemaining == null ? 0 : b.lastRemaining;
        long resetsIn = waitMillis;
        if (b.lastReset != null) {
            resetsIn = Math.max(waitMillis, b.lastReset.toMillis() - (now - b.observedAt));
        }
        return String.format(Locale.ROOT, "waiting for the provider's quota: %,d %s left, resets in %s", left, dim.words(),
                seconds(resetsIn));
    }

    private static String seconds(long millis) {
        return millis < 10_000 ? String.format(Locale.ROOT, "%.1f s", millis / 1000.0) : Math.round(millis / 1000.0) + " s";
    }

    private double[] charges(long tokens) {
        double input = tokens * (inputRatio.count == 0 ? 1 : inputRatio.mean + MARGIN_DEVIATIONS * inputRatio.deviation);
        double output = outputTokens.count == 0 ? 0 : outputTokens.mean + MARGIN_DEVIATIONS * outputTokens.deviation;
        double[] c = new double[Dimension.values().length];
        c[Dimension.REQUESTS.ordinal()] = 1;
        c[Dimension.TOKENS.ordinal()] = input + output;
        c[Dimension.INPUT_TOKENS.ordinal()] = input;
        c[Dimension.OUTPUT_TOKENS.ordinal()] = output;
        return c;
    }

    private double rate(Bucket b) {
        return b.limit / MINUTE * slowdown;
    }

    private void refill(long now) {
        long elapsed = Math.max(0, now - last);
        last = Math.max(last, now);
        if (elapsed == 0) {
            return;
        }
        for (Bucket b : buckets.values()) {
            if (b.limit > 0) {
                b.level = Math.min(b.limit, b.level + elapsed * rate(b));
            }
        }
        if (slowdown < 1) {
            slowdown = Math.min(1, slowdown + elapsed * RECOVERY_PER_MILLI);
        }
    }

    /** One dimension: configured limit, limit in force (0: none), level, and what is in flight. */
    private static final class Bucket {
        double configured;
        double limit;
        double level;
        long hold;
        double inflight;
        double admitted;
        Long lastRemaining;
        Duration lastReset;
        long observedAt;

        void configure(double perMinute) {
            configured = perMinute;
            limit = perMinute;
            level = perMinute;
        }
    }

    /** An exponentially weighted mean and mean absolute deviation (weight 0.1 for each new value). */
    private static final class Ewma {
        private static final double ALPHA = 0.1;
        double mean;
        double deviation;
        long count;

        void add(double x) {
            if (count++ == 0) {
                mean = x;
                return;
            }
            deviation += ALPHA * (Math.abs(x - mean) - deviation);
            mean += ALPHA * (x - mean);
        }
    }
}
