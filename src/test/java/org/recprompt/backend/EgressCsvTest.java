package org.recprompt.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The egress export is meant for spreadsheets: a project, run or model name cannot become a formula. */
class EgressCsvTest {

    @Test
    void formula_cells_are_neutralised_and_numbers_stay_numbers() {
        EgressEvent e = new EgressEvent(Instant.parse("2026-01-02T03:04:05Z"), "=HYPERLINK(\"http://x\")", "+run", "-v1",
                "@llm", "openai", "\tmodel", "http://127.0.0.1:9/v1/chat/completions", 120, false, List.of("-7", "u2"), 200);

        String[] line = EgressLog.csv(List.of(e)).split("\n")[1].split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)");

        assertThat(line[1]).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
        assertThat(line[2]).isEqualTo("'+run");
        assertThat(line[3]).isEqualTo("'-v1");
        assertThat(line[4]).isEqualTo("'@llm");
        assertThat(line[6]).isEqualTo("'\tmodel");
        assertThat(line[8]).isEqualTo("120");
        assertThat(line[10]).isEqualTo("'-7 u2");
    }
}
