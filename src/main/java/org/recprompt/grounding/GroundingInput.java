package org.recprompt.grounding;

/**
 * What grounding one response needs: the raw text (null when the call failed), the expected answer
 * format (null: guess), the candidates offered in prompt order (empty when none), the user's
 * training history, the held-out relevant items, and the number of items asked for (1 for a
 * choice; 0 when any length is fine). Item arguments are catalog indices.
 */
public record GroundingInput(String response, boolean failed, AnswerFormat format, int[] candidates, int[] history,
                             int[] relevant, int k) {

    public GroundingInput {
        candidates = candidates == null ? new int[0] : candidates.clone();
        history = history == null ? new int[0] : history.clone();
        relevant = relevant == null ? new int[0] : relevant.clone();
        if (k < 0) {
            throw new IllegalArgumentException("k must be at least 0, was " + k);
        }
    }

    public static GroundingInput failedCall() {
        return new GroundingInput(null, true, null, null, null, null, 0);
    }
}
