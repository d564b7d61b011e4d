package org.recprompt.metrics;

/**
 * A per-list metric (RankSys's {@code RecommendationMetric}): a value for one user's list.
 * Implementations are immutable and hold no per-evaluation state. A metric that is undefined for a
 * list (ILD of a list shorter than 2) returns {@link Double#NaN}; aggregates skip NaN and report how
 * many lists they skipped.
 */
@FunctionalInterface
public interface ListMetric {

    double evaluate(UserRecs recs);
}
