package org.recprompt.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.base.LineReader;

/**
 * A run folder may come from an imported project: a line over the 1 MB limit in any of its files is
 * one sentence naming file and line (an error where the numbers depend on it, a note where the
 * line is an extra), never an OutOfMemoryError and never silently dropped.
 */
class LongLinesTest {

    private static final String HUGE = "x".repeat(LineReader.MAX_LINE_BYTES + 1);

    @TempDir
    Path dir;

    @Test
    void an_over_long_answer_line_refuses_the_run_naming_responses_jsonl_and_its_line() throws IOException {
        Path run = RunFixture.write(dir);
        long lines = Files.readAllLines(run.resolve(RunFolder.RESPONSES)).size();
        Files.writeString(run.resolve(RunFolder.RESPONSES), "{\"response\": \"" + HUGE + "\"}\n", StandardOpenOption.APPEND);

        assertThatThrownBy(() -> RunFolder.open(run)).isInstanceOf(ReportException.class)
                .hasMessageStartingWith(run.resolve(RunFolder.RESPONSES) + " line " + (lines + 1) + ": the line is longer than 1 MB");
        assertThatThrownBy(() -> UserAnswers.read(run, RunFixture.LLM, "u1")).isInstanceOf(ReportException.class)
                .hasMessageContaining(RunFolder.RESPONSES + " line " + (lines + 1));
    }

    @Test
    void an_over_long_csv_line_refuses_the_run_naming_the_file_and_line() throws IOException {
        Path run = RunFixture.write(dir);
        Files.writeString(run.resolve(RunFolder.METRICS_PER_USER), "A,u9,\"" + HUGE + "\"\n", StandardOpenOption.APPEND);
        long line = Files.readAllLines(run.resolve(RunFolder.METRICS_PER_USER)).size();

        assertThatThrownBy(() -> RunFolder.open(run)).isInstanceOf(ReportException.class)
                .hasMessage(run.resolve(RunFolder.METRICS_PER_USER) + " line " + line + ": the line is longer than 1 MB (the limit for one line)");
    }

    @Test
    void an_over_long_prompt_line_is_skipped_with_a_note_and_the_run_still_opens() throws IOException {
        Path run = RunFixture.write(dir);
        Path prompts = run.resolve(RunFolder.PROMPTS);
        String original = Files.readString(prompts);
        Files.writeString(prompts, "{\"template\": \"" + HUGE + "\"}\n" + original);

        RunFolder folder = RunFolder.open(run);

        assertThat(folder.promptExamples()).hasSize(1);
        assertThat(folder.notes()).anyMatch(n -> n.startsWith(prompts + " line 1: the line is longer than 1 MB") && n.contains("skipped"));
    }

    @Test
    void an_over_long_egress_line_is_left_out_of_the_counts_with_a_note() throws IOException {
        Path run = RunFixture.write(dir);
        Path egress = run.resolve(Studies.EGRESS);
        String request = "{\"backend\": \"llm\", \"endpoint\": \"http://127.0.0.1:1/v1\", \"bytes_sent\": 10, \"users\": [\"u1\"]}\n";
        Files.writeString(egress, request + "{\"backend\": \"" + HUGE + "\"}\n" + request);

        Studies studies = RunFolder.open(run).studies();

        assertThat(studies.egress()).singleElement().satisfies(e -> assertThat(e.requests()).isEqualTo(2));
        assertThat(studies.notes()).anyMatch(n -> n.startsWith(egress + " line 2: the line is longer than 1 MB"));
    }
}
