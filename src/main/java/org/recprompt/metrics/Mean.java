package org.recprompt.metrics;

/**
 * The mean of a per-list metric over the evaluated users, as a system metric. Every user added
 * counts, an empty list included (accuracy metrics score it 0); only NaN values (the metric is
 * undefined for that list) are skipped, and {@link Acc#skipped()} reports how many.
 */
public record Mean(ListMetric metric) implements SystemMetric {

    @Override
    public Acc accumulator() {
        return new Acc(metric);
    }

    /** Sum, count and skipped count. */
    public static final class Acc implements Accumulator {
        private final ListMetric metric;
        private double sum;
        private long n;
        private long skipped;

        Acc(ListMetric metric) {
            this.metric = metric;
        }

        @Override
        public void add(UserRecs recs) {
            double v = metric.evaluate(recs);
            if (Double.isNaN(v)) {
                skipped++;
            } else {
                sum += v;
                n++;
            }
        }

        @Override
        public void combine(Accumulator other) {
            Acc o = (Acc) other;
            sum += o.sum;
            n += o.n;
            skipped += o.skipped;
        }

        /** The mean over the counted lists; NaN when none counted. */
        @Override
        public double evaluate() {
            return n == 0 ? Double.NaN : sum / n;
        }

        public long count() {
            return n;
        }

        public long skipped() {
            return skipped;
        }
    }
}
