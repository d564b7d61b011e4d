package org.recprompt.metrics.grounding;

import java.util.List;

/**
 * One response's status and the outcomes of its slots in answer order (no slots for an abstention,
 * an unparseable answer or a failed call).
 */
public record ResponseOutcome(ResponseStatus status, List<SlotOutcome> slots) {

    public ResponseOutcome {
        slots = List.copyOf(slots);
    }

    public static ResponseOutcome of(ResponseStatus status, SlotOutcome... slots) {
        return new ResponseOutcome(status, List.of(slots));
    }
}
