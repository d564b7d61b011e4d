package org.recprompt.metrics.diversity;

import org.recprompt.metrics.ListMetric;
import org.recprompt.metrics.UserRecs;

/**
 * Serendipity as relevant unexpectedness (METRICS.md; Ge et al. 2010, Beyond accuracy; unexpectedness
 * as distance to the profile, Kaminskas and Bridge 2016, Diversity, serendipity, novelty, and coverage,
 * ACM TiiS): mean over i in L_u of rel(i) * (1 - max_{h in history} sim(i, h)), rel(i) = 1 when i is
 * held out (in R_u), else 0; sim is given (METRICS.md: cosine similarity of title embeddings, as a
 * precomputed matrix through {@link ItemSimilarity#of}). The list is taken as given (cut to K
 * beforehand) and averaged over its own length; an empty list is undefined (NaN, skipped by
 * {@link org.recprompt.metrics.Mean}); an empty history makes every relevant item fully unexpected
 * (max over the empty set taken as 0). A similarity above 1 or below 0 is used as given.
 */
public record Serendipity(ItemSimilarity similarity) implements ListMetric {

    @Override
    public double evaluate(UserRecs recs) {
        int n = recs.list().size();
        if (n == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int r = 1; r <= n; r++) {
            int item = recs.list().itemAt(r);
            if (!recs.isRelevant(item)) {
                continue;
            }
            double max = 0;
            for (int h : recs.history()) {
                max = Math.max(max, similarity.between(item, h));
            }
            sum += 1 - max;
        }
        return sum / n;
    }
}
