package org.recprompt.base;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A recorded failure read back as a kind, one plain sentence and the details it leaves out. */
class FailureTextTest {

    @Test
    void a_sentence_already_plain_is_kept_and_has_no_details() {
        String e = "NETWORK: Cannot connect to 127.0.0.1:9 (connection refused): is the server running at http://127.0.0.1:9/v1/chat/completions?";

        assertThat(FailureText.kind(e)).isEqualTo("NETWORK");
        assertThat(FailureText.sentence(e))
                .isEqualTo("Cannot connect to 127.0.0.1:9 (connection refused): is the server running at http://127.0.0.1:9/v1/chat/completions?");
        assertThat(FailureText.details(e)).isNull();
    }

    @Test
    void an_exception_chain_becomes_the_kind_in_words_and_the_innermost_message_the_chain_goes_to_details() {
        String e = "TIMEOUT: timed out: TimeoutException: java.net.http.HttpTimeoutException: request timed out <- HttpTimeoutException: request timed out";

        assertThat(FailureText.kind(e)).isEqualTo("TIMEOUT");
        assertThat(FailureText.sentence(e)).isEqualTo("The call timed out: request timed out.").doesNotContain("Exception");
        assertThat(FailureText.details(e)).isEqualTo(e);
    }

    @Test
    void a_chain_step_and_an_unrecorded_reason_are_named() {
        assertThat(FailureText.kind("step taste: RATE_LIMITED: HTTP 429: slow down")).isEqualTo("RATE_LIMITED");
        assertThat(FailureText.sentence("step taste: RATE_LIMITED: HTTP 429: slow down")).isEqualTo("At step taste: HTTP 429: slow down.");
        assertThat(FailureText.sentence(null)).isEqualTo("The call failed without a recorded reason.");
        assertThat(FailureText.kind("something odd")).isEqualTo("OTHER");
        assertThat(FailureText.sentence("EMPTY_RESPONSE: the provider answered with no text (finish reason STOP)"))
                .isEqualTo("The provider answered with no text (finish reason STOP).");
    }
}
