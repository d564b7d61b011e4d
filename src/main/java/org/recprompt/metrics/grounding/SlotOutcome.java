package org.recprompt.metrics.grounding;

/**
 * What one recommended slot of a parsed answer turned out to be (METRICS.md "Grounding outcomes");
 * each slot is exactly one of these. The grounding step assigns them; the metrics only count them.
 */
public enum SlotOutcome {
    /** A relevant (held-out) item. */
    HIT,
    /** A catalog item, among the candidates when a candidate set was given, not relevant. */
    VALID,
    /** A catalog item that was not offered among the candidates. */
    OUT_OF_CANDIDATES,
    /** An item already in the user's history. */
    SEEN,
    /** A repeat of an earlier slot of the same answer. */
    DUPLICATE,
    /** Matches no catalog item. */
    HALLUCINATED
}
