package org.recprompt.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal several worker processes append to: a line torn by a killed writer stays a line of its
 * own (unreadable, its call asked again) instead of spoiling the next one, two writers' lines never
 * mix, and the coordinator's tail reads the whole lines from where it stopped.
 */
class SharedJournalTest {

    @TempDir
    Path dir;

    static CallRecord record(String user) {
        return new CallRecord("A", "llm", "t", "1", user, 0, "OK", "1. x", null, List.of(), 1, 1, 1, 0, false, 1, "h", List.of(),
                List.of());
    }

    @Test
    void a_torn_line_stays_its_own_and_the_tail_reads_whole_lines_from_where_it_stopped() throws IOException {
        Path file = dir.resolve(RunJournal.FILE);
        Files.writeString(file, "{\"variant\":\"A\",\"user\":\"u0\",\"status\":\"OK\"}\n{\"variant\":\"A\",\"us");
        long start = Files.size(file);
        try (RunJournal one = RunJournal.openShared(file)) {
            one.append(record("u1"));
        }
        try (RunJournal two = RunJournal.openShared(file)) {
            two.append(record("u2"));
        }
        RunJournal.Contents all = RunJournal.read(file);
        assertThat(all.records()).extracting(CallRecord::user).containsExactly("u0", "u1", "u2");
        assertThat(all.unreadable()).isEqualTo(1);

        RunJournal.Tail tail = RunJournal.readFrom(file, start);
        assertThat(tail.records()).extracting(CallRecord::user).containsExactly("u1", "u2");
        assertThat(tail.end()).isEqualTo(Files.size(file));
        Files.writeString(file, "{\"variant\":\"A\",\"user\":\"u3\"", java.nio.file.StandardOpenOption.APPEND);
        RunJournal.Tail next = RunJournal.readFrom(file, tail.end());
        assertThat(next.records()).as("a line still being written waits for the next read").isEmpty();
        assertThat(next.end()).isEqualTo(tail.end());
    }

    @Test
    void writers_on_many_threads_append_whole_lines() throws Exception {
        Path file = dir.resolve(RunJournal.FILE);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int writer = w;
            threads.add(new Thread(() -> {
                try (RunJournal j = RunJournal.openShared(dir.resolve(RunJournal.FILE))) {
                    for (int i = 0; i < 50; i++) {
                        j.append(record("w" + writer + "-" + i));
                    }
                } catch (IOException | java.nio.channels.OverlappingFileLockException e) {
                    // one process holds one instance per file; several in one JVM take turns below
                }
            }));
        }
        for (Thread t : threads) { // one after another: a process keeps one instance per file (file locks are per process)
            t.start();
            t.join();
        }
        RunJournal.Contents all = RunJournal.read(file);
        assertThat(all.unreadable()).isZero();
        assertThat(all.records()).hasSize(200);
    }
}
