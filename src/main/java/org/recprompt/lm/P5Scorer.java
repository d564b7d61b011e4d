package org.recprompt.lm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.recprompt.dataset.split.Split;

/**
 * A trained model put to work on a split: a user's context is their training history as the model
 * was trained on it; {@link #score} is the plausibility of each item as the next one (item tokens:
 * the next-token log-probability; word tokens: the log-probability of the title and its
 * {@code <sep>}, optionally divided by the number of tokens), {@link #generate} writes a numbered
 * list of titles (word tokens) for the grounding pipeline.
 */
public final class P5Scorer {

    private final LanguageModel model;
    private final Split split;
    private volatile PrefixTree tree;

    public P5Scorer(LanguageModel model, Split split) {
        if (model.vocabulary().catalogSize() != split.dataset().items().size()) {
            throw new IllegalArgumentException("the model's vocabulary was built on a catalog of " + model.vocabulary().catalogSize()
                    + " items, the split's has " + split.dataset().items().size());
        }
        this.model = model;
        this.split = split;
    }

    public LanguageModel model() {
        return model;
    }

    /** The user's training history as tokens ({@code <bos>} first). */
    public int[] context(int user) {
        return TrainingCorpus.sequence(model.vocabulary(), split.history(user));
    }

    /** The log-probability of each item following the user's history (higher is more plausible). */
    public double[] score(int user, int[] items, boolean lengthNormalise) {
        return score(split.history(user), items, lengthNormalise);
    }

    /**
     * The log-probability of each item following {@code history} (item indices, oldest first): a
     * truncated history for cold start, one extended by accepted items in a simulation.
     */
    public double[] score(int[] history, int[] items, boolean lengthNormalise) {
        int[] context = TrainingCorpus.sequence(model.vocabulary(), history);
        Vocabulary v = model.vocabulary();
        double[] out = new double[items.length];
        if (v.tokenisation() == Tokenisation.ITEM) {
            float[] lp = model.nextLogProbs(context);
            for (int k = 0; k < items.length; k++) {
                int[] t = v.item(items[k]);
                out[k] = t.length == 0 ? Double.NEGATIVE_INFINITY : lp[t[0]];
            }
            return out;
        }
        List<int[]> titles = new ArrayList<>(items.length);
        for (int item : items) {
            int[] t = v.item(item);
            int[] withSep = Arrays.copyOf(t, t.length + 1);
            withSep[t.length] = Vocabulary.SEP;
            titles.add(t.length == 0 ? new int[0] : withSep);
        }
        return model.continuationLogProbs(context, titles, lengthNormalise);
    }

    /** Every catalog item's score (item tokens only: one forward pass). */
    public double[] scoreAll(int user) {
        if (model.vocabulary().tokenisation() != Tokenisation.ITEM) {
            throw new IllegalStateException("a word-token model scores candidates, not the whole catalog at once");
        }
        int[] all = new int[split.dataset().items().size()];
        Arrays.setAll(all, i -> i);
        return score(user, all, false);
    }

    /** Every catalog item's score for each user (item tokens only), in batched forward passes. */
    public double[][] scoreAll(int[] users) {
        if (model.vocabulary().tokenisation() != Tokenisation.ITEM) {
            throw new IllegalStateException("a word-token model scores candidates, not the whole catalog at once");
        }
        List<int[]> contexts = new ArrayList<>(users.length);
        for (int u : users) {
            contexts.add(context(u));
        }
        float[][] lp = model.nextLogProbs(contexts);
        Vocabulary v = model.vocabulary();
        double[][] out = new double[users.length][v.catalogSize()];
        for (int k = 0; k < users.length; k++) {
            for (int i = 0; i < v.catalogSize(); i++) {
                int[] t = v.item(i);
                out[k][i] = t.length == 0 ? Double.NEGATIVE_INFINITY : lp[k][t[0]];
            }
        }
        return out;
    }

    /** Titles generated after the user's history; constrained decoding leaves out the history's items. */
    public List<Generator.Title> generate(int user, int k, Decoding decoding, double temperature, long seed) {
        return generate(user, split.history(user), k, decoding, temperature, seed);
    }

    /** Titles generated after {@code history} (the user's profile for this call); constrained decoding leaves its items out. */
    public List<Generator.Title> generate(int user, int[] history, int k, Decoding decoding, double temperature, long seed) {
        Random random = new Random(seed ^ (31L * user + 17));
        return new Generator(model, tree()).generate(TrainingCorpus.sequence(model.vocabulary(), history), k, decoding, temperature,
                random, history);
    }

    /** The titles as the numbered list an LLM would write: "1. toy story (1995)". */
    public static String numberedList(List<Generator.Title> titles) {
        StringBuilder s = new StringBuilder();
        for (int k = 0; k < titles.size(); k++) {
            s.append(k + 1).append(". ").append(titles.get(k).text()).append('\n');
        }
        return s.toString();
    }

    PrefixTree tree() {
        PrefixTree t = tree;
        if (t == null) {
            synchronized (this) {
                if (tree == null) {
                    tree = PrefixTree.of(model.vocabulary());
                }
                t = tree;
            }
        }
        return t;
    }
}
