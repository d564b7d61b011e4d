package org.recprompt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.recprompt.experiment.RunProgress;

/** A run whose calls wait on the provider's quota says so on its progress line instead of looking stuck. */
class QuotaWaitProgressTest {

    static String line(String message) {
        StringWriter err = new StringWriter();
        RunProgress p = new RunProgress(RunProgress.State.RUNNING, message,
                List.of(new RunProgress.VariantProgress("v1", "gpt", 100, 40, 0, 0, 0, 2.0)), Duration.ofSeconds(20));
        RunCommand.printProgress(new PrintWriter(err), p);
        return err.toString();
    }

    @Test
    void the_quota_wait_is_shown_and_the_ordinary_running_message_is_not() {
        assertThat(line("gpt: waiting for the provider's quota: 0 requests left, resets in 12 s"))
                .contains("40/100 calls").contains("(gpt: waiting for the provider's quota: 0 requests left, resets in 12 s)");
        assertThat(line("Running 100 calls")).contains("40/100 calls").doesNotContain("Running");
    }
}
