package org.recprompt.metrics.rerank;

/**
 * A post-processing step after any backend that yields scores (or a ranking, through
 * {@link ScoredList#fromRanking}): it picks and orders the top k of one user's candidates.
 * Implementations are immutable and hold no per-user state.
 */
@FunctionalInterface
public interface Reranker {

    /**
     * The re-ranked top k (all candidates when there are fewer than k), best first.
     *
     * @param candidates the backend's scored candidates
     * @param history the user's training items (used by calibration; others ignore it)
     * @param k how many items to return, at least 1
     */
    int[] rerank(ScoredList candidates, int[] history, int k);

    static void checkK(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, not " + k);
        }
    }
}
