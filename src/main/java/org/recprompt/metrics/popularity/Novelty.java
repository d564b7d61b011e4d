package org.recprompt.metrics.popularity;

import org.recprompt.metrics.ListMetric;
import org.recprompt.metrics.UserRecs;

/**
 * Novelty as mean self-information (Zhou et al. 2010, Solving the apparent diversity-accuracy
 * dilemma of recommender systems): the mean over L_u of -log2(pop(i) / |U_train|), where an item
 * with no training users counts as one user. The list is taken as given (cut to K beforehand). An
 * empty list is undefined (NaN, skipped and counted); duplicates and non-catalog items were removed
 * by normalisation.
 */
public record Novelty(Popularity popularity) implements ListMetric {

    @Override
    public double evaluate(UserRecs recs) {
        int n = recs.list().size();
        if (n == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int r = 1; r <= n; r++) {
            int pop = Math.max(1, popularity.of(recs.list().itemAt(r)));
            sum -= Math.log(pop / (double) popularity.trainUsers()) / Math.log(2);
        }
        return sum / n;
    }
}
