package org.recprompt.metrics.popularity;

import org.recprompt.metrics.ListMetric;
import org.recprompt.metrics.UserRecs;

/**
 * ARP (Abdollahpouri et al. 2019, Managing popularity bias in recommender systems with
 * personalized re-ranking; Yin et al. 2012): the mean pop(i) over L_u, pop(i) = distinct training
 * users; its mean over users is ARP. Works on the list as given (cut to K beforehand; a shorter list
 * is averaged over what it has). An empty list is undefined (NaN, skipped and counted by
 * {@link org.recprompt.metrics.Mean}); duplicates and non-catalog items were removed by normalisation.
 */
public record AverageRecommendationPopularity(Popularity popularity) implements ListMetric {

    @Override
    public double evaluate(UserRecs recs) {
        int n = recs.list().size();
        if (n == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int r = 1; r <= n; r++) {
            sum += popularity.of(recs.list().itemAt(r));
        }
        return sum / n;
    }
}
