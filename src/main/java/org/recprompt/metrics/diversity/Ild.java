package org.recprompt.metrics.diversity;

import org.recprompt.metrics.ListMetric;
import org.recprompt.metrics.UserRecs;

/**
 * Intra-list diversity with any item distance 1 - sim(i, j) (Ziegler et al. 2005; Smyth and
 * McClave 2001): the mean over the unordered pairs i != j of L_u. With the cosine similarity of
 * title embeddings it is METRICS.md's "ILD by embedding"; with genre Jaccard it equals
 * {@link GenreIld}. NaN for lists of fewer than 2 items ({@link org.recprompt.metrics.Mean} skips
 * and counts them); duplicates and non-catalog items were removed by normalisation.
 */
public record Ild(ItemSimilarity similarity) implements ListMetric {

    @Override
    public double evaluate(UserRecs recs) {
        int n = recs.list().size();
        if (n < 2) {
            return Double.NaN;
        }
        double sum = 0;
        for (int a = 1; a <= n; a++) {
            for (int b = a + 1; b <= n; b++) {
                sum += 1 - similarity.between(recs.list().itemAt(a), recs.list().itemAt(b));
            }
        }
        return sum / (n * (n - 1) / 2.0);
    }
}
