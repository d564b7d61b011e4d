package org.recprompt.grounding;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.recprompt.metrics.grounding.ResponseOutcome;
import org.recprompt.metrics.grounding.ResponseStatus;

/** One response grounded: its status and its slots in answer order. */
public record GroundedAnswer(ResponseStatus status, List<GroundedSlot> slots) {

    public GroundedAnswer {
        slots = List.copyOf(slots);
    }

    /** The status and slot outcomes, as the metrics count them. */
    public ResponseOutcome outcome() {
        return new ResponseOutcome(status, slots.stream().map(GroundedSlot::outcome).toList());
    }

    /**
     * The recommendation list the accuracy metrics see: matched items in answer order, each once
     * (a duplicate slot adds nothing; seen and out-of-candidate items stay, as the model put them).
     */
    public int[] rankedItems() {
        Set<Integer> out = new LinkedHashSet<>();
        for (GroundedSlot s : slots) {
            if (s.matched()) {
                out.add(s.item());
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
