package org.recprompt.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.base.LineReader;

/** A journal line over the 1 MB limit (an imported or damaged run) is counted as unreadable, not held in memory. */
class RunJournalLongLineTest {

    @TempDir
    Path dir;

    @Test
    void an_over_long_journal_line_is_counted_unreadable_and_the_lines_around_it_are_read() throws IOException {
        Path file = dir.resolve(RunJournal.FILE);
        Files.writeString(file, "{\"variant\": \"A\", \"user\": \"u1\", \"status\": \"OK\"}\n{\"variant\": \""
                + "x".repeat(LineReader.MAX_LINE_BYTES) + "\"}\n{\"variant\": \"A\", \"user\": \"u2\", \"status\": \"OK\"}\n");

        RunJournal.Contents contents = RunJournal.read(file);

        assertThat(contents.records()).extracting(CallRecord::user).containsExactly("u1", "u2");
        assertThat(contents.unreadable()).isEqualTo(1);
    }
}
