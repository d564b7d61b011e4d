package org.recprompt.experiment;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A snapshot of a run for a progress view: its state and, per variant, calls done out of total
 * (calls already in the journal when a run resumed count as done, and are counted apart), errors,
 * cache hits, throughput since this session started and the estimated time left.
 */
public record RunProgress(State state, String message, List<VariantProgress> variants, Duration elapsed) {

    /** Where a run is. */
    public enum State { PREPARING, RUNNING, PAUSED, FINISHING, COMPLETE, CANCELLED, FAILED;

        public boolean isFinished() {
            return this == COMPLETE || this == CANCELLED || this == FAILED;
        }
    }

    public RunProgress {
        variants = List.copyOf(variants);
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
     * calls at its own rate (calls finished in this session over the time since its first call
     * started), so the run ends with its slowest backend. Empty while a backend with calls left has
     * not finished one in this session: before that there is no rate to go by.
     */
    public Optional<Duration> eta() {
        java.util.Map<String, double[]> lanes = new java.util.LinkedHashMap<>(); // left, done now, seconds
        for (VariantProgress v : variants) {
            double[] lane = lanes.computeIfAbsent(v.backend(), b -> new double[3]);
            long doneNow = v.done() - v.resumed();
            lane[0] += Math.max(0, v.total() - v.done());
            lane[1] += doneNow;
            if (doneNow > 0 && v.callsPerSecond() > 0) {
                lane[2] = Math.max(lane[2], doneNow / v.callsPerSecond());
            }
        }
        double longest = -1;
        for (double[] lane : lanes.values()) {
            if (lane[0] <= 0) {
                continue;
            }
            if (lane[1] <= 0 || lane[2] <= 0) {
                return Optional.empty();
            }
            longest = Math.max(longest, lane[0] / (lane[1] / lane[2]));
        }
        return longest < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(Math.round(longest * 1000)));
    }

    /**
     * One variant's progress.
     *
     * @param resumed calls found done in the journal (included in done)
     * @param callsPerSecond calls finished per second in this session
     */
    public record VariantProgress(String id, String backend, long total, long done, long resumed, long errors,
            long cacheHits, double callsPerSecond) {

        public double fraction() {
            return total == 0 ? 1 : (double) done / total;
        }

        /**
         * Time left at this session's throughput (calls finished over the time since the first call
         * started: an average that does not jump); empty until a call of this session has finished,
         * or when finished.
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
