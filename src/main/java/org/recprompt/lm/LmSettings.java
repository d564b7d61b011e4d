package org.recprompt.lm;

/**
 * What a training run is told: the tokenisation, the transformer's size (model width, layers,
 * heads, feed-forward width, context window), the batch size, how long to train (epochs and a
 * time budget in seconds, whichever ends first; 0 means no limit on that side), the seed, the
 * peak learning rate (AdamW with linear warm-up, gradients clipped at norm 1), dropout, and (item
 * tokens) the fewest distinct training users an item needs to get a token of its own: rarer items
 * are left out of the vocabulary (and of the training sequences), so the output layer is spent on
 * items that can be learnt; they score lowest (0 or 1 keeps every item).
 * The defaults train the item-token model on ml-latest-small in a few minutes on 2 cores.
 */
public record LmSettings(Tokenisation tokenisation, int dModel, int layers, int heads, int ffn, int window, int batch,
        int epochs, int timeBudgetSeconds, long seed, double learningRate, double dropout, int minItemUsers) {

    public LmSettings {
        if (tokenisation == null) {
            throw new IllegalArgumentException("tokenisation is required (item or word)");
        }
        positive("dModel", dModel);
        positive("layers", layers);
        positive("heads", heads);
        positive("ffn", ffn);
        positive("batch", batch);
        if (window < 4) {
            throw new IllegalArgumentException("window must be at least 4 tokens, not " + window);
        }
        if (dModel % heads != 0) {
            throw new IllegalArgumentException("dModel (" + dModel + ") must be a multiple of heads (" + heads + ")");
        }
        if (epochs < 0 || timeBudgetSeconds < 0 || epochs == 0 && timeBudgetSeconds == 0) {
            throw new IllegalArgumentException("give epochs or a time budget (both >= 0, not both 0)");
        }
        if (!(learningRate > 0 && learningRate < 1)) {
            throw new IllegalArgumentException("learningRate must be in (0, 1), not " + learningRate);
        }
        if (minItemUsers < 0) {
            throw new IllegalArgumentException("minItemUsers must be at least 0, not " + minItemUsers);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), not " + dropout);
        }
    }

    /**
     * The defaults for a tokenisation: d 128, 2 layers, 4 heads, FFN 512, window 128, batch 32, AdamW
     * 2e-3; item tokens: 20 epochs or 240 s, dropout 0.2, items of at least 3 training users.
     */
    public static LmSettings defaults(Tokenisation t) {
        return t == Tokenisation.ITEM
                ? new LmSettings(t, 128, 2, 4, 512, 128, 32, 20, 240, 42, 2e-3, 0.2, 3)
                : new LmSettings(t, 128, 2, 4, 512, 128, 32, 4, 300, 42, 2e-3, 0.1, 0);
    }

    /** A tiny model for tests and quick looks. */
    public static LmSettings tiny(Tokenisation t) {
        return new LmSettings(t, 32, 1, 2, 64, 32, 8, 3, 0, 1, 1e-2, 0.0, 0);
    }

    public LmSettings withEpochs(int e) {
        return new LmSettings(tokenisation, dModel, layers, heads, ffn, window, batch, e, timeBudgetSeconds, seed, learningRate, dropout, minItemUsers);
    }

    public LmSettings withTimeBudget(int seconds) {
        return new LmSettings(tokenisation, dModel, layers, heads, ffn, window, batch, epochs, seconds, seed, learningRate, dropout, minItemUsers);
    }

    public LmSettings withSeed(long s) {
        return new LmSettings(tokenisation, dModel, layers, heads, ffn, window, batch, epochs, timeBudgetSeconds, s, learningRate, dropout, minItemUsers);
    }

    public LmSettings withOptimisation(double lr, double p) {
        return new LmSettings(tokenisation, dModel, layers, heads, ffn, window, batch, epochs, timeBudgetSeconds, seed, lr, p, minItemUsers);
    }

    public LmSettings withMinItemUsers(int n) {
        return new LmSettings(tokenisation, dModel, layers, heads, ffn, window, batch, epochs, timeBudgetSeconds, seed, learningRate,
                dropout, n);
    }

    private static void positive(String name, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, not " + v);
        }
    }
}
