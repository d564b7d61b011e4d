package org.recprompt.base;

import java.time.Duration;
import java.util.Optional;

/**
 * The rate behind an ETA, and the ETA: units done in a phase, exponentially discounted over a window
 * (recent work counts most, so the estimate follows a change of pace without jumping at every unit,
 * and grows while the work stalls). The window fits how coarse the work comes: {@code window} when
 * units arrive every second or so, up to nine times it when they come in bursts far apart (eight
 * calls in flight finishing together every 45 s), so that a burst does not read as a new pace.
 * No estimate until it is known: before
 * {@code minUnits} units are done and {@code minElapsed} has passed since the phase began. So one
 * coarse unit (a step that happened to finish at once, or the first of several calls in flight)
 * never gives an ETA. Times are the caller's milliseconds (a clock's {@code millis()}, or
 * {@code System.nanoTime() / 1e6}): no clock is read here, so tests drive it with numbers.
 * Thread-safe.
 */
public final class EtaEstimator {

    /** Units before a rate is believed, when the caller names none. */
    public static final int MIN_UNITS = 2;
    /** Time since the phase began before a rate is believed, when the caller names none. */
    public static final long MIN_ELAPSED_MS = 2_000;
    /** The time scale of the discount, when the caller names none. */
    public static final double WINDOW_MS = 20_000;

    private final int minUnits;
    private final long minElapsedMs;
    private long start = -1;
    private long last;
    private long units;
    /** The discounted units under each of {@link #windows}. */
    private final double[] discounted = new double[3];
    private final double[] windows;
    /** The smoothed time between bursts of work (arrivals more than {@link #BURST_MS} apart), 0 while none. */
    private double meanGap;

    /** Units finished within this long of each other are one burst. */
    static final long BURST_MS = 1_000;

    /** With the defaults: {@value #MIN_UNITS} units, {@value #MIN_ELAPSED_MS} ms, a {@value #WINDOW_MS} ms window. */
    public EtaEstimator() {
        this(MIN_UNITS, MIN_ELAPSED_MS, WINDOW_MS);
    }

    public EtaEstimator(int minUnits, long minElapsedMs, double windowMs) {
        if (minUnits < 1 || minElapsedMs < 0 || !(windowMs > 0)) {
            throw new IllegalArgumentException("minUnits >= 1, minElapsedMs >= 0 and windowMs > 0");
        }
        this.minUnits = minUnits;
        this.minElapsedMs = minElapsedMs;
        this.windows = new double[] {windowMs, 3 * windowMs, 9 * windowMs};
    }

    /** Starts a phase at {@code now}: what came before no longer counts. */
    public synchronized void begin(long now) {
        start = now;
        last = now;
        units = 0;
        java.util.Arrays.fill(discounted, 0);
        meanGap = 0;
    }

    /** Whether a phase has begun (explicitly, or by the first {@link #worked}). */
    public synchronized boolean begun() {
        return start >= 0;
    }

    /** Records {@code amount} units finished at {@code now} (the phase begins here if it had not). */
    public synchronized void worked(long now, long amount) {
        if (start < 0) {
            begin(now);
        }
        long t = Math.max(now, last);
        long gap = t - last;
        if (gap > BURST_MS) {
            meanGap = meanGap == 0 ? gap : 0.7 * meanGap + 0.3 * gap;
        }
        for (int w = 0; w < windows.length; w++) {
            discounted[w] = discounted[w] * Math.exp(-gap / windows[w]) + amount;
        }
        last = t;
        units += amount;
    }

    /** Units done in this phase. */
    public synchronized long units() {
        return units;
    }

    /** Whether the rate is known at {@code now}: enough units and enough time. */
    public synchronized boolean known(long now) {
        return start >= 0 && units >= minUnits && now - start >= minElapsedMs;
    }

    /** Units per second at {@code now}; 0 while not {@link #known}. */
    public synchronized double rate(long now) {
        if (!known(now)) {
            return 0;
        }
        long t = Math.max(now, last);
        double elapsed = Math.max(1, t - start);
        int w = 0; // the smallest window of at least three gaps between bursts
        while (w < windows.length - 1 && windows[w] < 3 * meanGap) {
            w++;
        }
        double window = windows[w];
        // discounted units over the discounted span of the phase (both with the same weights)
        double rate = discounted[w] * Math.exp(-(t - last) / window) / (window * (1 - Math.exp(-elapsed / window))) * 1000;
        return rate > 0 && Double.isFinite(rate) ? rate : 0;
    }

    /** The time {@code left} units take at the rate at {@code now}; empty while the rate is not known or nothing is left. */
    public Optional<Duration> eta(long now, long left) {
        if (left <= 0) {
            return Optional.empty();
        }
        double r = rate(now);
        return r > 0 ? Optional.of(Duration.ofMillis(Math.round(left / r * 1000))) : Optional.empty();
    }
}
