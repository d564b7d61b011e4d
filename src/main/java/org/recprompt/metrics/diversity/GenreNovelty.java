package org.recprompt.metrics.diversity;

import org.recprompt.metrics.ListMetric;
import org.recprompt.metrics.UserRecs;

/**
 * Genre novelty (METRICS.md "Filter bubble"): the fraction of L_u with at least one genre absent
 * from every item of the user's training history. An item without genres is not novel. Undefined
 * (NaN) for an empty list; an empty history makes every item with a genre novel. The list is taken
 * as given (cut to K beforehand).
 */
public record GenreNovelty(Genres genres) implements ListMetric {

    @Override
    public double evaluate(UserRecs recs) {
        int n = recs.list().size();
        if (n == 0) {
            return Double.NaN;
        }
        boolean[] seen = new boolean[genres.genreCount()];
        for (int item : recs.history()) {
            for (int g : genres.of(item)) {
                seen[g] = true;
            }
        }
        int novel = 0;
        for (int r = 1; r <= n; r++) {
            for (int g : genres.of(recs.list().itemAt(r))) {
                if (!seen[g]) {
                    novel++;
                    break;
                }
            }
        }
        return novel / (double) n;
    }
}
