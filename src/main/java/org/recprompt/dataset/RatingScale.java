package org.recprompt.dataset;

/**
 * The rating scale a dataset's finite ratings show: the lowest and highest rating observed and the
 * step between ratings (1 when every rating is a whole number, 0.5 when every rating is a multiple
 * of 0.5, 0 when finer). Prompts state it ({@code {{rating_min}}}, {@code {{rating_max}}}) instead of
 * assuming MovieLens' 0.5 to 5 stars.
 */
public record RatingScale(float min, float max, float step) {

    /** The scale of the finite ratings, or null when there is none (implicit feedback only). */
    public static RatingScale of(Interactions interactions) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        boolean whole = true;
        boolean halves = true;
        for (float r : interactions.ratings()) {
            if (!Float.isFinite(r)) {
                continue;
            }
            min = Math.min(min, r);
            max = Math.max(max, r);
            whole &= r == Math.rint(r);
            halves &= r * 2 == Math.rint(r * 2);
        }
        if (min > max) {
            return null;
        }
        return new RatingScale(min, max, whole ? 1f : halves ? 0.5f : 0f);
    }

    /** A rating as prompts write it: "4" for a whole number, "4.5" otherwise. */
    public static String text(float r) {
        return r == Math.rint(r) ? String.valueOf((int) r) : String.valueOf(r);
    }
}
