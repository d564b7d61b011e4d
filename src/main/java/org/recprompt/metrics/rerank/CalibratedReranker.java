package org.recprompt.metrics.rerank;

import org.recprompt.metrics.diversity.CalibrationKl;
import org.recprompt.metrics.diversity.Genres;

/**
 * Calibrated re-ranking (Steck 2018, Calibrated recommendations, RecSys, section 4): the greedy
 * maximisation of (1 - lambda) * sum_{i in S} S(i) - lambda * C_KL(p, q(S)) over the selected set S,
 * adding one item at a time (Steck's greedy algorithm, within a factor (1 - 1/e) of the optimum).
 * p is the genre distribution of the user's history and q(S) that of S, both as in
 * {@link CalibrationKl} (each item spreads 1/|genres(i)|; q~ = (1 - a) q + a p, a = 0.01 by default),
 * so the re-ranked list's C_KL is exactly what {@link CalibrationKl} reports. lambda = 0 keeps the
 * score order; lambda = 1 ignores the scores. Ties between candidates go to the earlier one in the
 * backend's order. A history without genres makes the KL term 0 (score order). An item without genres
 * leaves q unchanged. The rank of an item is the step at which it was picked.
 */
public final class CalibratedReranker implements Reranker {

    private final Genres genres;
    private final double lambda;
    private final double alpha;

    public CalibratedReranker(Genres genres, double lambda, double alpha) {
        if (!(lambda >= 0 && lambda <= 1)) {
            throw new IllegalArgumentException("lambda must be in [0, 1], not " + lambda);
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), not " + alpha);
        }
        this.genres = genres;
        this.lambda = lambda;
        this.alpha = alpha;
    }

    public CalibratedReranker(Genres genres, double lambda) {
        this(genres, lambda, CalibrationKl.DEFAULT_ALPHA);
    }

    public double lambda() {
        return lambda;
    }

    @Override
    public int[] rerank(ScoredList candidates, int[] history, int k) {
        Reranker.checkK(k);
        double[] p = genres.distribution(history);
        int n = candidates.size();
        int m = Math.min(k, n);
        boolean[] taken = new boolean[n];
        int[] selected = new int[m];
        double scoreSum = 0;
        // q(S + x) built incrementally: the selected items' genre weights in pick order, then x's, over the
        // number of items with genres; the same sums in the same order as Genres.distribution of the list.
        double[] weights = new double[genres.genreCount()];
        double[] q = new double[weights.length];
        int withGenres = 0;
        for (int step = 0; step < m; step++) {
            int best = -1;
            double bestValue = Double.NEGATIVE_INFINITY;
            for (int x = 0; x < n; x++) {
                if (taken[x]) {
                    continue;
                }
                System.arraycopy(weights, 0, q, 0, q.length);
                int total = withGenres + (genres.accumulate(candidates.item(x), q) ? 1 : 0);
                if (total > 0) {
                    for (int g = 0; g < q.length; g++) {
                        q[g] /= total;
                    }
                }
                double kl = CalibrationKl.divergence(p, q, alpha);
                double value = (1 - lambda) * (scoreSum + candidates.score(x)) - lambda * (Double.isNaN(kl) ? 0 : kl);
                if (value > bestValue) {
                    bestValue = value;
                    best = x;
                }
            }
            taken[best] = true;
            selected[step] = candidates.item(best);
            scoreSum += candidates.score(best);
            if (genres.accumulate(selected[step], weights)) {
                withGenres++;
            }
        }
        return selected;
    }
}
