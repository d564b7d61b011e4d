package org.recprompt.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The state the explorer and the run tab show: a finished run whose every LLM variant failed is failed, not complete. */
class RunInfoStateTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ExperimentService.RunInfo info(String state, String summary) throws Exception {
        return new ExperimentService.RunInfo("r", Path.of("r"), "e", state, Optional.ofNullable(summary == null ? null : JSON.readTree(summary)));
    }

    @Test
    void every_llm_variant_failed_is_shown_as_failed_some_failed_calls_as_such_and_an_unfinished_run_as_its_state() throws Exception {
        String failed = "{\"status\":\"failed\",\"variants\":[{\"id\":\"pop\",\"template\":null,\"status\":\"ok\"},"
                + "{\"id\":\"llm\",\"template\":\"t\",\"status\":\"failed\"}]}";
        // an older summary: no status fields, only the statuses per variant
        String olderFailed = "{\"variants\":[{\"id\":\"pop\",\"template\":null,\"n_calls\":5,\"statuses\":{\"OK\":5,\"ERROR\":0}},"
                + "{\"id\":\"llm\",\"template\":\"t\",\"n_calls\":5,\"statuses\":{\"OK\":0,\"ERROR\":5}}]}";
        String olderPartial = "{\"variants\":[{\"id\":\"llm\",\"template\":\"t\",\"n_calls\":5,\"statuses\":{\"OK\":4,\"ERROR\":1}}]}";
        String ok = "{\"variants\":[{\"id\":\"llm\",\"template\":\"t\",\"n_calls\":5,\"statuses\":{\"OK\":5,\"ERROR\":0}}]}";

        assertThat(info("COMPLETE", failed).shownState()).isEqualTo("FAILED");
        assertThat(info("COMPLETE", olderFailed).shownState()).isEqualTo("FAILED");
        assertThat(info("COMPLETE", olderPartial).shownState()).isEqualTo("COMPLETE, SOME CALLS FAILED");
        assertThat(info("COMPLETE", ok).shownState()).isEqualTo("COMPLETE");
        assertThat(info("INTERRUPTED", failed).shownState()).isEqualTo("INTERRUPTED");
        assertThat(info("COMPLETE", null).shownState()).isEqualTo("COMPLETE");
    }
}
