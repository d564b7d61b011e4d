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

        /** Time left at the current throughput; empty until there is some, or when finished. */
        public Optional<Duration> eta() {
            long left = total - done;
            if (left <= 0 || callsPerSecond <= 0) {
                return Optional.empty();
            }
            return Optional.of(Duration.ofMillis(Math.round(left / callsPerSecond * 1000)));
        }
    }
}
