package org.recprompt.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** History lengths: as the run recorded them, else derived from its dataset when that is unchanged. */
class HistoryLengthsTest {

    @TempDir
    Path dir;

    Path run(Path dataset, int interactions) throws IOException {
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(run.resolve("summary.json"), """
                {"dataset": {"path": "%s", "format": "movielens-csv", "interactions": %d},
                 "variants": [{"id": "v", "metrics": {"ndcg@10": 0.5}}]}""".formatted(dataset, interactions));
        Files.write(run.resolve("metrics-per-user.csv"), List.of("variant,user,ndcg@10", "v,7,1.0", "v,8,0.0"));
        Files.write(run.resolve("responses.jsonl"), List.of(
                "{\"variant\": \"v\", \"user\": \"7\", \"status\": \"OK\", \"slots\": [], \"relevant\": [\"2\"]}",
                "{\"variant\": \"v\", \"user\": \"8\", \"status\": \"OK\", \"slots\": [], \"relevant\": [\"6\"]}"));
        return run;
    }

    Path dataset() throws IOException {
        Path data = Files.createDirectories(dir.resolve("tiny"));
        Files.write(data.resolve("movies.csv"), List.of("movieId,title,genres", "1,A (1999),Drama", "2,B (1995),Crime",
                "3,C (1995),Crime", "4,D (1990),Crime", "6,E (1987),Comedy"), StandardCharsets.UTF_8);
        Files.write(data.resolve("ratings.csv"), List.of("userId,movieId,rating,timestamp", "7,1,4.0,100", "7,2,5.0,200",
                "8,3,3.0,100", "8,4,4.0,200", "8,6,4.0,300"), StandardCharsets.UTF_8);
        return data;
    }

    @Test
    void derives_lengths_from_the_dataset_as_interactions_minus_held_out_items() throws IOException {
        HistoryLengths h = HistoryLengths.of(RunFolder.open(run(dataset(), 5)));

        assertThat(h.byUser()).containsEntry("7", 1).containsEntry("8", 2).hasSize(2);
        assertThat(h.reason()).contains("derived from").contains("did not record them");
    }

    @Test
    void a_dataset_that_changed_since_the_run_or_is_gone_gives_no_lengths_and_says_why() throws IOException {
        HistoryLengths changed = HistoryLengths.of(RunFolder.open(run(dataset(), 6)));
        assertThat(changed.isEmpty()).isTrue();
        assertThat(changed.reason()).contains("has changed");

        Files.delete(dir.resolve("run/summary.json"));
        HistoryLengths gone = HistoryLengths.of(RunFolder.open(run(dir.resolve("gone"), 5)));
        assertThat(gone.isEmpty()).isTrue();
        assertThat(gone.reason()).contains("is not at");
    }
}
