package org.recprompt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.recprompt.experiment.ExperimentSpec.BackendSpec;
import org.recprompt.experiment.ExperimentSpec.BatchSpec;

/** Which runs rehearse a call (CallRehearsal): those with a live backend on the OpenAI-compatible adapter, only. */
class RunCommandRehearsalTest {

    @Test
    void live_openai_and_openai_compatible_backends_rehearse_others_do_not() {
        assertThat(RunCommand.callsOpenAiAdapter(BackendSpec.ranker("a", "openai"))).isTrue();
        assertThat(RunCommand.callsOpenAiAdapter(BackendSpec.ranker("b", "openai-compatible"))).isTrue();
        assertThat(RunCommand.callsOpenAiAdapter(BackendSpec.ranker("c", "ollama"))).isFalse();
        assertThat(RunCommand.callsOpenAiAdapter(BackendSpec.ranker("d", "anthropic"))).isFalse();
        assertThat(RunCommand.callsOpenAiAdapter(BackendSpec.ranker("e", "most-popular"))).isFalse();
        assertThat(RunCommand.callsOpenAiAdapter(BackendSpec.ranker("f", null))).isFalse();
    }

    @Test
    void an_openai_backend_in_batch_mode_makes_no_live_call_and_does_not_rehearse() {
        BackendSpec batch = new BackendSpec("g", "openai", "m", null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                new BatchSpec(BatchSpec.DEFAULT_DISCOUNT, null, BatchSpec.DEFAULT_POLL, BatchSpec.DEFAULT_POLL_MAX), null);

        assertThat(batch.isBatch()).isTrue();
        assertThat(RunCommand.callsOpenAiAdapter(batch)).isFalse();
    }
}
