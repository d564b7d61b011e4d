package org.recprompt.metrics;

/**
 * A metric of the whole set of lists (RankSys's {@code SystemMetric}, LensKit's accumulators). The
 * metric itself is immutable; each evaluation takes a fresh {@link Accumulator}, so parts of the
 * users can be accumulated in parallel and combined.
 */
public interface SystemMetric {

    Accumulator accumulator();

    /** The state of one evaluation. */
    interface Accumulator {

        void add(UserRecs recs);

        /** Merges another accumulator of the same metric into this one. */
        void combine(Accumulator other);

        double evaluate();
    }
}
