package org.recprompt.metrics.stability;

/**
 * Position bias under candidate-order permutations (METRICS.md "Stability and position bias"; Hou et
 * al. 2024, Large language models are zero-shot rankers for recommender systems). Positions are
 * 1-based positions in the prompt's candidate list of C items.
 */
public final class PositionBias {

    private PositionBias() {
    }

    /**
     * Hits and trials per prompt position of the held-out item: the row of the heatmap.
     *
     * @param hits hits[p - 1], the trials with the held-out item at position p that were hits
     * @param totals totals[p - 1], the trials with the held-out item at position p
     */
    public record ByPosition(long[] hits, long[] totals) {

        public ByPosition {
            hits = hits.clone();
            totals = totals.clone();
        }

        /** HR at position p = hits / trials there; NaN when no trial put the item there. */
        public double rate(int position) {
            long t = totals[position - 1];
            return t == 0 ? Double.NaN : hits[position - 1] / (double) t;
        }
    }

    /**
     * Hit rate by the held-out item's position in the prompt: trial t had the held-out item at
     * {@code positions[t]} (1..C) and was a hit (by whichever HR@K the caller chose) when
     * {@code hit[t]}. Positions outside 1..C are refused.
     */
    public static ByPosition hitRateByPosition(int[] positions, boolean[] hit, int candidates) {
        if (positions.length != hit.length) {
            throw new IllegalArgumentException(positions.length + " positions but " + hit.length + " outcomes");
        }
        long[] hits = new long[candidates];
        long[] totals = new long[candidates];
        for (int t = 0; t < positions.length; t++) {
            int p = positions[t];
            if (p < 1 || p > candidates) {
                throw new IllegalArgumentException("position " + p + " outside 1.." + candidates);
            }
            totals[p - 1]++;
            if (hit[t]) {
                hits[p - 1]++;
            }
        }
        return new ByPosition(hits, totals);
    }

    /**
     * First-slot selection rate: the share of trials whose top-ranked item is the candidate offered
     * first in the prompt. {@code rankedFirst[t]} is -1 (or any id that is not the first offered) when
     * the answer had no grounded first item; such trials count as not selected. NaN with no trial.
     * Compare with {@link #chance(int)}.
     */
    public static double firstSlotRate(int[] firstOffered, int[] rankedFirst) {
        if (firstOffered.length != rankedFirst.length) {
            throw new IllegalArgumentException(firstOffered.length + " prompts but " + rankedFirst.length + " answers");
        }
        if (firstOffered.length == 0) {
            return Double.NaN;
        }
        int same = 0;
        for (int t = 0; t < firstOffered.length; t++) {
            if (firstOffered[t] == rankedFirst[t]) {
                same++;
            }
        }
        return same / (double) firstOffered.length;
    }

    /**
     * The first-slot selection rate by prompt position (Hou et al. 2024's position-bias probe,
     * generalised from the first offered candidate to every position): for each position p of 1..C,
     * the share of trials whose top-ranked item is the candidate offered at p,
     * rate(p) = |{t : picked[t] = p}| / T. Without position bias every rate is 1/C; rate(1) is
     * {@link #firstSlotRate}. {@code picked[t]} is the 1-based prompt position of trial t's top item,
     * 0 when the answer had no grounded first item or its first item was not offered: such trials
     * count in T and at no position, so the rates sum to less than 1. Positions above C are refused;
     * with no trial every rate is NaN.
     */
    public static double[] selectionByPosition(int[] picked, int candidates) {
        if (candidates < 1) {
            throw new IllegalArgumentException("there must be at least one candidate");
        }
        double[] rates = new double[candidates];
        if (picked.length == 0) {
            java.util.Arrays.fill(rates, Double.NaN);
            return rates;
        }
        for (int p : picked) {
            if (p < 0 || p > candidates) {
                throw new IllegalArgumentException("position " + p + " outside 0.." + candidates);
            }
            if (p > 0) {
                rates[p - 1]++;
            }
        }
        for (int i = 0; i < candidates; i++) {
            rates[i] /= picked.length;
        }
        return rates;
    }

    /** The rate without position bias: 1 / C. */
    public static double chance(int candidates) {
        if (candidates < 1) {
            throw new IllegalArgumentException("there must be at least one candidate");
        }
        return 1.0 / candidates;
    }
}
