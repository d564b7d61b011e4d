package org.recprompt.backend.baseline;

import org.recprompt.dataset.split.Seeds;
import org.recprompt.dataset.split.Split;

/**
 * Random scores from the user's own seeded stream: the chance level every other variant is
 * compared with (for C candidates and one relevant item, HR@K = K/C in expectation).
 */
public final class RandomRanker implements Ranker {

    private final Split split;
    private final long seed;

    public RandomRanker(Split split, long seed) {
        this.split = split;
        this.seed = seed;
    }

    @Override
    public String name() {
        return "random";
    }

    @Override
    public double[] score(int user, int[] items) {
        var random = Seeds.forKey(seed, split.dataset().users().id(user));
        double[] s = new double[items.length];
        for (int k = 0; k < s.length; k++) {
            s[k] = random.nextDouble();
        }
        return s;
    }

    @Override
    public int catalogSize() {
        return split.dataset().items().size();
    }
}
