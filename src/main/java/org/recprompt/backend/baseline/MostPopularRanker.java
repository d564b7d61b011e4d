package org.recprompt.backend.baseline;

import org.recprompt.dataset.split.Split;

/**
 * Items by the number of distinct training users who interacted with them (METRICS.md's pop(i));
 * the same list for everyone. Held-out interactions are never counted.
 */
public final class MostPopularRanker implements Ranker {

    private final int[] popularity;

    public MostPopularRanker(Split split) {
        int items = split.dataset().items().size();
        this.popularity = new int[items];
        for (int u = 0; u < split.dataset().users().size(); u++) {
            for (int i : java.util.Arrays.stream(split.history(u)).distinct().toArray()) {
                popularity[i]++;
            }
        }
    }

    @Override
    public String name() {
        return "most-popular";
    }

    @Override
    public double[] score(int user, int[] items) {
        double[] s = new double[items.length];
        for (int k = 0; k < s.length; k++) {
            s[k] = popularity[items[k]];
        }
        return s;
    }

    @Override
    public int catalogSize() {
        return popularity.length;
    }
}
