package org.recprompt.backend.adapter;

import org.recprompt.backend.baseline.Ranker;
import org.recprompt.lm.P5Scorer;
import org.recprompt.lm.Tokenisation;

/**
 * The in-app language model (org.recprompt.lm) as a ranker: an item's score is its log-probability
 * after the user's training history (item tokens: the next item token; word tokens: the title's
 * tokens and its end, optionally divided by their number). Item-token models rank the whole
 * catalog in one forward pass; word-token models score candidates (a title at a time).
 */
public final class P5Ranker implements Ranker {

    private final P5Scorer scorer;
    private final boolean lengthNormalise;

    public P5Ranker(P5Scorer scorer, boolean lengthNormalise) {
        this.scorer = scorer;
        this.lengthNormalise = lengthNormalise;
    }

    @Override
    public String name() {
        return "p5";
    }

    @Override
    public double[] score(int user, int[] items) {
        return scorer.score(user, items, lengthNormalise);
    }

    /** The scores after the profile {@code history} (truncated for cold start, extended in a simulation). */
    @Override
    public double[] score(int user, int[] history, int[] items) {
        return scorer.score(history, items, lengthNormalise);
    }

    @Override
    public int[] retrieve(int user, int count, java.util.function.IntPredicate excluded) {
        if (scorer.model().vocabulary().tokenisation() != Tokenisation.ITEM) {
            throw new IllegalStateException("a word-token model ranks candidates or generates titles (decoding), not the whole catalog");
        }
        return Ranker.super.retrieve(user, count, excluded);
    }

    @Override
    public int catalogSize() {
        return scorer.model().vocabulary().catalogSize();
    }
}
