package org.recprompt.experiment;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A snapshot of a run for a progress view: its state and, per variant, calls done out of total
 * (calls already in the journal when a run resumed count as done, and are counted apart), errors,
 * cache hits, the smoothed rate of this session ({@link RunRates}: 0 until known) and the estimated
 * time left; {@code laneRates}: each backend's smoothed rate (0 until known).
 */
public record RunProgress(State state, String message, List<VariantProgress> variants, Duration elapsed,
        Map<String, Double> laneRates) {

    /** A snapshot whose backends' rates are the sums of their variants' rates. */
    public RunProgress(State state, String message, List<VariantProgress> variants, Duration elapsed) {
        this(state, message, variants, elapsed, summed(variants));
    }

    private static Map<String, Double> summed(List<VariantProgress> variants) {
        Map<String, Double> out = new LinkedHashMap<>();
        variants.forEach(v -> out.merge(v.backend(), v.callsPerSecond(), Double::sum));
        return out;
    }

    /** Where a run is. */
    public enum State { PREPARING, RUNNING, PAUSED, FINISHING, COMPLETE, CANCELLED, FAILED;

        public boolean isFinished() {
            return this == COMPLETE || this == CANCELLED || this == FAILED;
        }
    }

    public RunProgress {
        variants = List.copyOf(variants);
        laneRates = Map.copyOf(laneRates);
    }

    public long total() {
        return variants.stream().mapToLong(VariantProgress::total).sum();
    }

    public long done() {
        return variants.stream().mapToLong(VariantProgress::done).sum();
    }

    public long errors() {
        return variants.stream().mapToLong(VariantProgress::errors).sum();
    }

    /**
     * Time left for the whole run: backends run side by side, each working through its variants'
     * calls at its own smoothed rate, so the run ends with its slowest backend. Empty while a backend
     * with calls left has no known rate (too few calls of this session finished): before that there
     * is nothing to go by, and the view says it is estimating.
     */
    public Optional<Duration> eta() {
        Map<String, Double> left = new LinkedHashMap<>();
        for (VariantProgress v : variants) {
            left.merge(v.backend(), (double) Math.max(0, v.total() - v.done()), Double::sum);
        }
        double longest = -1;
        for (Map.Entry<String, Double> lane : left.entrySet()) {
            if (lane.getValue() <= 0) {
                continue;
            }
            double rate = laneRates.getOrDefault(lane.getKey(), 0.0);
            if (!(rate > 0)) {
                return Optional.empty();
            }
            longest = Math.max(longest, lane.getValue() / rate);
        }
        return longest < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(Math.round(longest * 1000)));
    }

    /**
     * One variant's progress.
     *
     * @param resumed calls found done in the journal (included in done)
     * @param callsPerSecond calls finished per second in this session, smoothed; 0 until known
     */
    public record VariantProgress(String id, String backend, long total, long done, long resumed, long errors,
            long cacheHits, double callsPerSecond) {

        public double fraction() {
            return total == 0 ? 1 : (double) done / total;
        }

        /**
         * Time left at this session's smoothed rate; empty until the rate is known (more calls
         * finished than the backend has in flight), or when finished.
         */
        public Optional<Duration> eta() {
            long left = total - done;
            if (left <= 0 || callsPerSecond <= 0) {
                return Optional.empty();
            }
            return Optional.of(Duration.ofMillis(Math.round(left / callsPerSecond * 1000)));
        }
    }
}
