package org.recprompt.metrics.diversity;

import org.recprompt.metrics.ListMetric;
import org.recprompt.metrics.UserRecs;

/**
 * Intra-list diversity with genre Jaccard distance (Ziegler et al. 2005, Improving recommendation
 * lists through topic diversification; Smyth and McClave 2001): the mean of 1 - Jaccard(genres(i),
 * genres(j)) over the unordered pairs i != j of L_u. Undefined (NaN) for lists of fewer than 2 items;
 * {@link org.recprompt.metrics.Mean} skips those and reports their count as "too short". The list is
 * taken as given (cut to K beforehand); duplicates and non-catalog items were removed by normalisation.
 * Two items without genres are at distance 0 (see {@link Genres#jaccard}).
 */
public record GenreIld(Genres genres) implements ListMetric {

    @Override
    public double evaluate(UserRecs recs) {
        return new Ild(ItemSimilarity.genres(genres)).evaluate(recs);
    }
}
