package org.recprompt.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bounded line reader: an over-long line is refused by number, and a tolerant caller can read on past it. */
class LineReaderTest {

    @TempDir
    Path dir;

    @Test
    void an_over_long_line_is_bad_input_naming_file_and_line_and_the_next_line_can_still_be_read() throws IOException {
        Path f = dir.resolve("a.jsonl");
        Files.writeString(f, "one\n" + "x".repeat(LineReader.MAX_LINE_BYTES + 10) + "\nthree\r\nfour");
        try (LineReader r = new LineReader(f)) {
            assertThat(r.readLine()).isEqualTo("one");
            assertThatThrownBy(r::readLine).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(f + " line 2: the line is longer than 1 MB (the limit for one line)");
            assertThat(r.readLine()).isEqualTo("three");
            assertThat(r.lineNumber()).isEqualTo(3);
            assertThat(r.readLine()).isEqualTo("four");
            assertThat(r.readLine()).isNull();
        }
    }

    @Test
    void an_over_long_last_line_without_a_line_end_ends_the_file_after_the_error() throws IOException {
        Path f = dir.resolve("b.jsonl");
        Files.writeString(f, "one\n" + "y".repeat(3 * LineReader.MAX_LINE_BYTES));
        try (LineReader r = new LineReader(f)) {
            assertThat(r.readLine()).isEqualTo("one");
            assertThatThrownBy(r::readLine).hasMessageContaining("line 2");
            assertThat(r.readLine()).isNull();
        }
    }

    @Test
    void the_bounded_character_reader_refuses_an_over_long_line_by_number_and_passes_short_ones() throws IOException {
        Path f = dir.resolve("c.csv");
        Files.writeString(f, "a,b\n1,2\n3,\"" + "z".repeat(LineReader.MAX_LINE_BYTES) + "\"\n");
        try (Reader r = LineReader.bounded(f)) {
            char[] buf = new char[8];
            assertThat(r.read(buf, 0, 8)).isEqualTo(8);
            assertThat(new String(buf)).isEqualTo("a,b\n1,2\n");
            assertThatThrownBy(() -> {
                char[] big = new char[1 << 16];
                while (r.read(big, 0, big.length) >= 0) {
                    // reads until the limit
                }
            }).isInstanceOf(LineReader.LineException.class).hasMessage(f + " line 3: the line is longer than 1 MB (the limit for one line)");
        }
    }
}
