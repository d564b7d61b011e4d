package org.recprompt.base;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The ETA's rate, driven by numbers (milliseconds), not by a clock: nothing here waits. */
class EtaEstimatorTest {

    static long seconds(Duration d) {
        return d.toSeconds();
    }

    @Test
    void no_estimate_before_enough_units_and_enough_time() {
        EtaEstimator e = new EtaEstimator(2, 2_000, 20_000);
        e.begin(0);
        assertThat(e.eta(10_000, 100)).as("nothing done").isEmpty();
        e.worked(10_000, 1);
        assertThat(e.eta(12_000, 99)).as("one unit").isEmpty();
        assertThat(e.rate(12_000)).isZero();

        EtaEstimator burst = new EtaEstimator(2, 2_000, 20_000);
        burst.begin(0);
        burst.worked(5, 3); // cached answers, all at once
        assertThat(burst.eta(500, 97)).as("half a second in: no rate yet, not '0 s'").isEmpty();
        assertThat(burst.known(2_000)).isTrue();
    }

    @Test
    void a_steady_pace_gives_the_plain_estimate() {
        EtaEstimator e = new EtaEstimator();
        e.begin(0);
        for (long t = 1_000; t <= 60_000; t += 1_000) {
            e.worked(t, 2); // 2 units a second
        }
        assertThat(e.rate(60_000)).isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.1));
        assertThat(seconds(e.eta(60_000, 100).orElseThrow())).isBetween(48L, 52L);
    }

    @Test
    void calls_in_flight_finishing_together_do_not_make_the_estimate_jump() {
        // 8 calls in flight, each 45 s: nothing for 45 s, then 8 at once, and so on (the "2h 59m" then "18m 31s")
        EtaEstimator e = new EtaEstimator(9, 2_000, 20_000);
        e.begin(0);
        long total = 400;
        long done = 0;
        Duration previous = null;
        for (long round = 1; round <= 10; round++) {
            long t = round * 45_000;
            assertThat(e.eta(t - 1, total - done).isPresent()).as("before round " + round).isEqualTo(done >= 9);
            e.worked(t, 1); // the first of the round
            if (round == 1) {
                assertThat(e.eta(t, total - 1)).as("one of eight in flight: no rate").isEmpty();
            }
            e.worked(t + 200, 7);
            done += 8;
            Duration now = e.eta(t + 1_000, total - done).orElse(null);
            if (round >= 2) {
                // the true pace: 8 calls every 45 s, so (400 - done) / 8 * 45 s
                double truth = (total - done) / 8.0 * 45;
                assertThat((double) seconds(now)).as("round " + round).isBetween(truth * 0.5, truth * 2.0);
            }
            if (previous != null && now != null) {
                assertThat((double) seconds(now)).as("no tenfold jump between rounds")
                        .isBetween(seconds(previous) / 3.0, seconds(previous) * 1.5);
            }
            previous = now;
        }
    }

    @Test
    void a_stall_lengthens_the_estimate_and_a_new_phase_starts_from_nothing() {
        EtaEstimator e = new EtaEstimator();
        e.begin(0);
        for (long t = 1_000; t <= 10_000; t += 1_000) {
            e.worked(t, 1);
        }
        Duration steady = e.eta(10_000, 50).orElseThrow();
        Duration stalled = e.eta(40_000, 50).orElseThrow();
        assertThat(stalled).isGreaterThan(steady.multipliedBy(2));

        e.begin(40_000);
        assertThat(e.units()).isZero();
        assertThat(e.eta(41_000, 50)).isEmpty();
    }

    @Test
    void a_change_of_pace_is_followed_within_the_window_without_jumping() {
        EtaEstimator e = new EtaEstimator();
        e.begin(0);
        for (long t = 1_000; t <= 30_000; t += 1_000) {
            e.worked(t, 10); // fast: cache hits
        }
        double before = e.rate(30_000);
        double last = before;
        for (long t = 31_000; t <= 120_000; t += 1_000) {
            e.worked(t, 1); // slow: real calls
            double r = e.rate(t);
            assertThat(r).as("second %d: the rate moves gradually", t / 1000).isGreaterThan(last * 0.85);
            last = r;
        }
        assertThat(before).isGreaterThan(9);
        assertThat(last).as("a minute and a half later it is the new pace").isBetween(0.9, 1.6);
    }
}
