package org.recprompt.dataset.split;

import java.util.function.IntPredicate;

/**
 * Something that proposes candidates for a user from the training data, best first: a
 * baseline recommender in a Chat-REC or "retrieved candidates" protocol. The held-out item may be
 * missing from what it returns, and then the set has no relevant item, as in the real protocol.
 */
@FunctionalInterface
public interface CandidateRetriever {

    /** Up to {@code count} items for the user, best first, none for which {@code excluded} holds. */
    int[] retrieve(int user, int count, IntPredicate excluded);

    /**
     * {@link #retrieve(int, int, IntPredicate)} for the profile {@code history} (item indices, oldest
     * first; in a feedback-loop simulation the training history and the items accepted since). A
     * retriever that reads no profile ignores it.
     */
    default int[] retrieve(int user, int[] history, int count, IntPredicate excluded) {
        return retrieve(user, count, excluded);
    }
}
