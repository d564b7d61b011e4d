package org.recprompt.metrics.rerank;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

import org.recprompt.metrics.popularity.Popularity;

/**
 * Popularity control by score adjustment (Abdollahpouri et al. 2019's "S(p) + beta S_pop(p)"
 * post-processing; the linear form of Steck 2018's and Jannach et al. 2015's popularity re-ranking):
 * S_AG(i) = S(i) + beta * S_pop(i), S_pop(i) = pop(i) / max_j pop(j) over the whole catalog
 * (pop = distinct training users), so S_pop is in [0, 1]. Negative beta penalises popular items,
 * positive beta promotes them, beta = 0 keeps the backend's order. Candidates are sorted by S_AG
 * descending; ties keep the backend's order (a stable sort). A catalog where no item has a training
 * user has S_pop = 0 everywhere. The scores' scale matters: with rank-derived scores (in (0, 1]) a
 * |beta| of about 1 already reorders strongly.
 */
public final class PopularityControl implements Reranker {

    private final Popularity popularity;
    private final double beta;
    private final int maxPop;

    public PopularityControl(Popularity popularity, double beta) {
        if (!Double.isFinite(beta)) {
            throw new IllegalArgumentException("beta must be finite, not " + beta);
        }
        this.popularity = popularity;
        this.beta = beta;
        this.maxPop = IntStream.of(popularity.users()).max().orElse(0);
    }

    public double beta() {
        return beta;
    }

    /** S_pop(i) = pop(i) / max pop, 0 when no item has a training user. */
    public double normalisedPopularity(int item) {
        return maxPop == 0 ? 0.0 : popularity.of(item) / (double) maxPop;
    }

    /** S_AG of the candidate at the given index of the scored list. */
    double adjusted(ScoredList candidates, int index) {
        return candidates.score(index) + beta * normalisedPopularity(candidates.item(index));
    }

    @Override
    public int[] rerank(ScoredList candidates, int[] history, int k) {
        Reranker.checkK(k);
        int n = candidates.size();
        double[] adjusted = new double[n];
        for (int x = 0; x < n; x++) {
            adjusted[x] = adjusted(candidates, x);
        }
        Integer[] order = new Integer[n];
        Arrays.setAll(order, x -> x);
        Arrays.sort(order, Comparator.comparingDouble((Integer x) -> -adjusted[x])); // stable: ties keep input order
        int m = Math.min(k, n);
        int[] out = new int[m];
        for (int r = 0; r < m; r++) {
            out[r] = candidates.item(order[r]);
        }
        return out;
    }
}
