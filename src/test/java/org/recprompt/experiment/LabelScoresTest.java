package org.recprompt.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.recprompt.backend.BackendResult;

/** Letters missing from top_logprobs: below every returned letter, sharing what every returned token leaves. */
class LabelScoresTest {

    private static final List<String> LETTERS = List.of("A", "B", "C", "D");

    @Test
    void a_returned_non_letter_token_takes_its_mass_from_the_missing_letters() {
        // A 0.6, B 0.2, "N" (of N/A) 0.1 returned; C and D missing share 1 - 0.9 = 0.1: 0.05 each
        Map<String, Double> lp = Map.of("A", Math.log(0.6), "B", Math.log(0.2),
                BackendResult.OTHER_TOKENS, Math.log(0.1), BackendResult.LOWEST_TOKEN, Math.log(0.1));
        double[] s = CallExecutor.labelScores(lp, LETTERS);
        assertThat(s[0]).isCloseTo(Math.log(0.6), within(1e-12));
        assertThat(s[1]).isCloseTo(Math.log(0.2), within(1e-12));
        // log(0.05) - 0.001 = -2.99673; without N's mass it would be log(0.1) - 0.001 = -2.30359
        assertThat(s[2]).isCloseTo(-2.99673, within(1e-5)).isEqualTo(s[3]);
    }

    @Test
    void a_missing_letter_ranks_below_the_least_likely_returned_letter_even_after_rounding() {
        // A 0.5, B e^-4 = 0.0183 returned: the 0.48 left for C and D would be 0.24 each, above B; capped at B,
        // then 0.001 below it: -4.001, still distinct at responses.jsonl's three decimals
        Map<String, Double> lp = Map.of("A", Math.log(0.5), "B", -4.0, BackendResult.LOWEST_TOKEN, -4.0);
        double[] s = CallExecutor.labelScores(lp, LETTERS);
        assertThat(s[2]).isCloseTo(-4.001, within(1e-12)).isEqualTo(s[3]);
        assertThat(Math.round(s[2] * 1000) / 1000.0).isLessThan(Math.round(s[1] * 1000) / 1000.0);
    }

    @Test
    void a_returned_token_less_likely_than_every_letter_caps_the_missing_ones() {
        // A 0.3, B 0.2 and "Z" e^-6 returned: C and D (not among the top) are at most e^-6 likely
        Map<String, Double> lp = Map.of("A", Math.log(0.3), "B", Math.log(0.2),
                BackendResult.OTHER_TOKENS, -6.0, BackendResult.LOWEST_TOKEN, -6.0);
        double[] s = CallExecutor.labelScores(lp, LETTERS);
        assertThat(s[2]).isCloseTo(-6.001, within(1e-12));
    }
}
