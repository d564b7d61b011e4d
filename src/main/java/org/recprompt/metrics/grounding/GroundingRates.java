package org.recprompt.metrics.grounding;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Grounding rates over a set of responses (METRICS.md "Grounding outcomes"). Slot rates are over all
 * slots of all responses: hallucination = HALLUCINATED / slots, out-of-candidate = OUT_OF_CANDIDATES /
 * slots, seen-repeat = SEEN / slots, duplicate = DUPLICATE / slots (NaN when there is no slot).
 * Response rates are over all responses: compliance = OK / responses, abstention = ABSTAINED /
 * responses (NaN when there is no response). Responses without slots (abstained, unparseable, failed)
 * count in the response rates and add nothing to the slot rates.
 *
 * @param responses the number of responses
 * @param slots the number of slots over all responses
 * @param slotCounts slots per outcome (every outcome present, zeros included)
 * @param statusCounts responses per status (every status present, zeros included)
 */
public record GroundingRates(long responses, long slots, Map<SlotOutcome, Long> slotCounts,
                             Map<ResponseStatus, Long> statusCounts) {

    public GroundingRates {
        slotCounts = Map.copyOf(slotCounts);
        statusCounts = Map.copyOf(statusCounts);
    }

    public static GroundingRates of(List<ResponseOutcome> outcomes) {
        Map<SlotOutcome, Long> slotCounts = new EnumMap<>(SlotOutcome.class);
        Map<ResponseStatus, Long> statusCounts = new EnumMap<>(ResponseStatus.class);
        for (SlotOutcome o : SlotOutcome.values()) {
            slotCounts.put(o, 0L);
        }
        for (ResponseStatus s : ResponseStatus.values()) {
            statusCounts.put(s, 0L);
        }
        long slots = 0;
        for (ResponseOutcome r : outcomes) {
            statusCounts.merge(r.status(), 1L, Long::sum);
            for (SlotOutcome o : r.slots()) {
                slotCounts.merge(o, 1L, Long::sum);
                slots++;
            }
        }
        return new GroundingRates(outcomes.size(), slots, slotCounts, statusCounts);
    }

    /** The share of all slots with this outcome; NaN with no slot. */
    public double slotRate(SlotOutcome outcome) {
        return slots == 0 ? Double.NaN : slotCounts.get(outcome) / (double) slots;
    }

    /** The share of all responses with this status; NaN with no response. */
    public double responseRate(ResponseStatus status) {
        return responses == 0 ? Double.NaN : statusCounts.get(status) / (double) responses;
    }

    public double hallucinationRate() {
        return slotRate(SlotOutcome.HALLUCINATED);
    }

    public double outOfCandidateRate() {
        return slotRate(SlotOutcome.OUT_OF_CANDIDATES);
    }

    public double seenRepeatRate() {
        return slotRate(SlotOutcome.SEEN);
    }

    public double duplicateRate() {
        return slotRate(SlotOutcome.DUPLICATE);
    }

    public double complianceRate() {
        return responseRate(ResponseStatus.OK);
    }

    public double abstentionRate() {
        return responseRate(ResponseStatus.ABSTAINED);
    }
}
