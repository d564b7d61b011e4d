package org.recprompt.metrics.rerank;

import org.recprompt.metrics.diversity.Genres;

/**
 * Maximal marginal relevance (Carbonell and Goldstein 1998, The use of MMR, diversity-based reranking
 * for reordering documents and producing summaries): greedily pick the candidate maximising
 * (1 - lambda) * S(i) - lambda * max_{j in S} sim(i, j), sim = genre Jaccard similarity
 * ({@link Genres#jaccard}; two genre-less items are identical). Here lambda is the weight of diversity,
 * so that lambda = 0 is the score order like the other re-rankers; Carbonell and Goldstein's lambda is
 * 1 minus ours. The first pick has no selected item to be similar to (max over the empty set = 0), so
 * it is always the highest-scored candidate. Ties go to the earlier candidate in the backend's order.
 * The scores' scale matters against the similarity's [0, 1].
 */
public final class Mmr implements Reranker {

    private final Genres genres;
    private final double lambda;

    public Mmr(Genres genres, double lambda) {
        if (!(lambda >= 0 && lambda <= 1)) {
            throw new IllegalArgumentException("lambda must be in [0, 1], not " + lambda);
        }
        this.genres = genres;
        this.lambda = lambda;
    }

    public double lambda() {
        return lambda;
    }

    @Override
    public int[] rerank(ScoredList candidates, int[] history, int k) {
        Reranker.checkK(k);
        int n = candidates.size();
        int m = Math.min(k, n);
        boolean[] taken = new boolean[n];
        double[] maxSim = new double[n];
        int[] selected = new int[m];
        for (int step = 0; step < m; step++) {
            int best = -1;
            double bestValue = Double.NEGATIVE_INFINITY;
            for (int x = 0; x < n; x++) {
                if (!taken[x]) {
                    double value = (1 - lambda) * candidates.score(x) - lambda * maxSim[x];
                    if (value > bestValue) {
                        bestValue = value;
                        best = x;
                    }
                }
            }
            taken[best] = true;
            selected[step] = candidates.item(best);
            for (int x = 0; x < n; x++) {
                if (!taken[x]) {
                    maxSim[x] = Math.max(maxSim[x], genres.jaccard(candidates.item(x), selected[step]));
                }
            }
        }
        return selected;
    }
}
