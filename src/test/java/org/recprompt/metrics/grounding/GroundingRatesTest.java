package org.recprompt.metrics.grounding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.recprompt.metrics.grounding.SlotOutcome.DUPLICATE;
import static org.recprompt.metrics.grounding.SlotOutcome.HALLUCINATED;
import static org.recprompt.metrics.grounding.SlotOutcome.HIT;
import static org.recprompt.metrics.grounding.SlotOutcome.OUT_OF_CANDIDATES;
import static org.recprompt.metrics.grounding.SlotOutcome.SEEN;
import static org.recprompt.metrics.grounding.SlotOutcome.VALID;

import java.util.List;

import org.junit.jupiter.api.Test;

class GroundingRatesTest {

    static final double EPS = 1e-12;

    // 5 responses, 10 slots: OK [HIT, VALID, HALLUCINATED], OK [VALID, SEEN, DUPLICATE],
    // WRONG_LENGTH [OUT_OF_CANDIDATES, HALLUCINATED, VALID, VALID], ABSTAINED [], ERROR []
    final GroundingRates rates = GroundingRates.of(List.of(
            ResponseOutcome.of(ResponseStatus.OK, HIT, VALID, HALLUCINATED),
            ResponseOutcome.of(ResponseStatus.OK, VALID, SEEN, DUPLICATE),
            ResponseOutcome.of(ResponseStatus.WRONG_LENGTH, OUT_OF_CANDIDATES, HALLUCINATED, VALID, VALID),
            ResponseOutcome.of(ResponseStatus.ABSTAINED),
            ResponseOutcome.of(ResponseStatus.ERROR)));

    @Test
    void slot_rates_are_over_all_slots_of_all_responses() {
        assertThat(rates.slots()).isEqualTo(10);
        assertThat(rates.hallucinationRate()).isCloseTo(2 / 10.0, within(EPS));
        assertThat(rates.outOfCandidateRate()).isCloseTo(1 / 10.0, within(EPS));
        assertThat(rates.seenRepeatRate()).isCloseTo(1 / 10.0, within(EPS));
        assertThat(rates.duplicateRate()).isCloseTo(1 / 10.0, within(EPS));
        assertThat(rates.slotRate(VALID)).isCloseTo(4 / 10.0, within(EPS));
        assertThat(rates.slotCounts().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(10);
    }

    @Test
    void compliance_and_abstention_are_over_all_responses() {
        assertThat(rates.responses()).isEqualTo(5);
        assertThat(rates.complianceRate()).isCloseTo(2 / 5.0, within(EPS));
        assertThat(rates.abstentionRate()).isCloseTo(1 / 5.0, within(EPS));
        assertThat(rates.responseRate(ResponseStatus.UNPARSEABLE)).isZero();
    }

    @Test
    void no_slots_or_no_responses_leave_the_rates_undefined() {
        GroundingRates none = GroundingRates.of(List.of());
        assertThat(none.hallucinationRate()).isNaN();
        assertThat(none.complianceRate()).isNaN();
        GroundingRates abstained = GroundingRates.of(List.of(ResponseOutcome.of(ResponseStatus.ABSTAINED)));
        assertThat(abstained.hallucinationRate()).isNaN();
        assertThat(abstained.abstentionRate()).isEqualTo(1.0);
    }
}
