package org.recprompt.metrics.concentration;

import org.recprompt.metrics.SystemMetric;
import org.recprompt.metrics.UserRecs;

/**
 * Counts how often each catalog item is recommended over all lists (the lists as given, cut to K
 * beforehand; normalisation already removed duplicates and non-catalog items, so each list adds at
 * most 1 to an item). The shared accumulator of {@link Coverage}, {@link Gini} and {@link Entropy}.
 */
public abstract class Exposure implements SystemMetric {

    private final int catalogSize;

    protected Exposure(int catalogSize) {
        if (catalogSize < 1) {
            throw new IllegalArgumentException("the catalog must have at least one item");
        }
        this.catalogSize = catalogSize;
    }

    public int catalogSize() {
        return catalogSize;
    }

    /** The metric's value from the per-item recommendation counts (length |I|). */
    public abstract double of(long[] counts);

    @Override
    public Counts accumulator() {
        return new Counts(this);
    }

    /** Per-item recommendation counts. */
    public static final class Counts implements Accumulator {
        private final Exposure metric;
        private final long[] counts;

        Counts(Exposure metric) {
            this.metric = metric;
            this.counts = new long[metric.catalogSize];
        }

        @Override
        public void add(UserRecs recs) {
            for (int r = 1; r <= recs.list().size(); r++) {
                counts[recs.list().itemAt(r)]++;
            }
        }

        @Override
        public void combine(Accumulator other) {
            long[] o = ((Counts) other).counts;
            for (int i = 0; i < counts.length; i++) {
                counts[i] += o[i];
            }
        }

        @Override
        public double evaluate() {
            return metric.of(counts);
        }

        public long[] counts() {
            return counts.clone();
        }
    }
}
