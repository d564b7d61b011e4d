package org.recprompt.grounding;

import org.recprompt.metrics.grounding.SlotOutcome;

/**
 * One recommended slot of a grounded answer, with everything the UI needs to show why: the text
 * as the model wrote it, the matched item index (-1 when nothing matched), the outcome, the stage
 * that matched, its score, the title reading it matched on, and the other items an ambiguous title
 * could be.
 *
 * @param slot 1-based position in the answer
 */
public record GroundedSlot(int slot, String rawText, int item, SlotOutcome outcome, CatalogMatcher.Method method,
                           double score, String reading, int[] alternatives) {

    public GroundedSlot {
        alternatives = alternatives.clone();
    }

    public boolean matched() {
        return item >= 0;
    }
}
