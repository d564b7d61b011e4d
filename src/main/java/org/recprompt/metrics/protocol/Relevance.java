package org.recprompt.metrics.protocol;

/**
 * Which test interactions are relevant: every one (no threshold, the default), or those whose
 * rating is at or above {@code threshold}. A test interaction without a rating (implicit feedback)
 * is relevant only when there is no threshold: a threshold asks for ratings, and an unrated
 * interaction cannot meet it. Graded metrics take their gains from the same ratings.
 *
 * @param threshold the smallest relevant rating, or NaN for "every test interaction"
 */
public record Relevance(double threshold) {

    /** Every test interaction is relevant. */
    public static final Relevance ALL = new Relevance(Double.NaN);

    public static Relevance atLeast(double threshold) {
        if (Double.isNaN(threshold) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException("a relevance threshold must be a finite number, not " + threshold);
        }
        return new Relevance(threshold);
    }

    public boolean hasThreshold() {
        return !Double.isNaN(threshold);
    }

    public boolean isRelevant(double rating) {
        return !hasThreshold() || (!Double.isNaN(rating) && rating >= threshold);
    }

    /** As reports print it: "all test interactions" or "rating >= 4.0". */
    public String describe() {
        return hasThreshold() ? "rating >= " + threshold : "all test interactions";
    }
}
