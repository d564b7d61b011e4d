package org.recprompt.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.recprompt.backend.QuotaObservation.Dimension;
import org.recprompt.backend.QuotaObservation.Quota;
import org.recprompt.backend.RateLimiterTest.FakeTime;

/** Limiters of several processes taking from one shared budget (here in memory, on a fake clock). */
class RateLimiterSharedTest {

    /** The shared bucket as the database keeps it: refilled at the limit per minute, grants taken from it. */
    static class MemoryQuota implements SharedQuota {
        final FakeTime time;
        final Map<Dimension, double[]> rows = new EnumMap<>(Dimension.class); // level, updated
        long holdUntil;
        int takes;
        double tightenedTo = Double.NaN;

        MemoryQuota(FakeTime time) {
            this.time = time;
        }

        @Override
        public synchronized Grant take(Dimension d, double need, double want, double limit, double initialLevel) {
            takes++;
            double[] row = rows.computeIfAbsent(d, k -> new double[] {Math.min(limit, initialLevel), time.millis});
            long now = time.millis;
            row[0] = Math.min(limit, row[0] + (now - row[1]) * limit / 60_000);
            row[1] = now;
            if (holdUntil > now) {
                return new Grant(0, holdUntil - now, row[0]);
            }
            if (row[0] >= need) {
                double g = Math.min(want, row[0]);
                row[0] -= g;
                return new Grant(g, 0, row[0]);
            }
            return new Grant(0, (long) Math.ceil((need - row[0]) / (limit / 60_000)), row[0]);
        }

        @Override
        public synchronized void tighten(Dimension d, double limit, double level) {
            double[] row = rows.get(d);
            if (row != null) {
                row[0] = Math.min(row[0] + (time.millis - row[1]) * limit / 60_000, Math.min(limit, level));
                row[1] = time.millis;
                tightenedTo = level;
            }
        }

        @Override
        public synchronized void hold(long millis) {
            holdUntil = Math.max(holdUntil, time.millis + millis);
        }

        @Override
        public String describe() {
            return "shared in memory";
        }
    }

    @Test
    void twoLimitersTogetherAdmitOneMinutesQuotaAndTakeGrantsInBatches() throws Exception {
        FakeTime t = new FakeTime();
        MemoryQuota quota = new MemoryQuota(t);
        RateLimiter a = new RateLimiter(600, 0, t, t.sleeper);
        RateLimiter b = new RateLimiter(600, 0, t, t.sleeper);
        a.share(quota);
        b.share(quota);
        int admitted = 0;
        while (t.waits.isEmpty()) {
            (admitted % 2 == 0 ? a : b).acquire(10);
            admitted++;
        }
        // alone, each would let its own full minute (600) through at once; together they let one through
        assertThat(admitted - 1).isBetween(595, 600);
        assertThat(quota.takes).as("grants of about half a second's worth (5 requests)").isLessThanOrEqualTo(admitted / 4);
        // then both are paced to the one rate: 10 a second between them
        long before = t.millis;
        for (int k = 0; k < 100; k++) {
            (k % 2 == 0 ? a : b).acquire(10);
        }
        assertThat(t.millis - before).isBetween(9_000L, 10_500L);
    }

    @Test
    void aProvidersLowRemainingTightensEveryonesBudgetAndA429HoldsEveryone() throws Exception {
        FakeTime t = new FakeTime();
        MemoryQuota quota = new MemoryQuota(t);
        RateLimiter a = new RateLimiter(600, 0, t, t.sleeper);
        RateLimiter b = new RateLimiter(600, 0, t, t.sleeper);
        a.share(quota);
        b.share(quota);
        RateLimiter.Ticket first = a.acquire(10);
        // another client of the same key spent most of the quota: the provider says 20 are left
        a.observe(new QuotaObservation(200, Map.of(Dimension.REQUESTS, new Quota(600L, 20L, Duration.ofSeconds(58))), null));
        a.settle(first, null);
        assertThat(quota.tightenedTo).isLessThanOrEqualTo(20);
        int admitted = 0;
        while (t.waits.isEmpty()) {
            b.acquire(10);
            admitted++;
        }
        assertThat(admitted - 1).as("b, which saw no header, stops at what a was told").isLessThanOrEqualTo(20);

        t.waits.clear();
        a.refused(Duration.ofSeconds(5));
        RateLimiter c = new RateLimiter(600, 0, t, t.sleeper);
        c.share(quota);
        c.acquire(10);
        assertThat(t.waits.stream().mapToLong(Duration::toMillis).sum()).as("a third process waits out a's Retry-After")
                .isGreaterThanOrEqualTo(5_000);
    }

    @Test
    void aFailingSharedBudgetLeavesTheProcessPacingAlone() throws Exception {
        FakeTime t = new FakeTime();
        RateLimiter a = new RateLimiter(60, 0, t, t.sleeper);
        a.share(new MemoryQuota(t) {
            @Override
            public synchronized Grant take(Dimension d, double need, double want, double limit, double initialLevel) {
                throw new IllegalStateException("connection refused");
            }
        });
        for (int k = 0; k < 60; k++) {
            a.acquire(10);
        }
        assertThat(a.isShared()).isFalse();
        assertThat(t.waits).isEmpty();
        a.acquire(10);
        assertThat(t.waits).containsExactly(Duration.ofSeconds(1));
    }
}
