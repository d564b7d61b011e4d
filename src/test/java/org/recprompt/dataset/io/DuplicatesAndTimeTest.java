package org.recprompt.dataset.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.base.LineReader;
import org.recprompt.cli.RecPromptCli;
import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.DatasetStats;
import org.recprompt.dataset.DuplicatePolicy;
import org.recprompt.dataset.split.Split;
import org.recprompt.dataset.split.Splits;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Repeated (user, item) pairs around the held-out item under each policy, data without timestamps,
 * non-finite ratings and over-long lines.
 */
class DuplicatesAndTimeTest {

    @TempDir
    Path tmp;

    /**
     * User 1 rated movie 10 first (5.0, t=100) and again last (2.0, t=300); user 2 rated movie 10
     * first (1.0) and again last (4.0). Lines: header 1, then 2..8.
     */
    Path duplicates() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("dup"));
        Files.writeString(dir.resolve("movies.csv"), "movieId,title,genres\n10,Ten (1990),Drama\n20,Twenty (1991),Drama\n"
                + "30,Thirty (1992),Comedy\n");
        Files.writeString(dir.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n"
                + "1,10,5.0,100\n"
                + "1,20,4.0,200\n"
                + "1,30,3.0,250\n"
                + "1,10,2.0,300\n"
                + "2,10,1.0,100\n"
                + "2,20,3.0,200\n"
                + "2,10,4.0,300\n");
        return dir;
    }

    static String[] ids(Dataset d, int[] items) {
        return Arrays.stream(items).mapToObj(d.items()::id).toArray(String[]::new);
    }

    static Split split(Path dir, DuplicatePolicy policy) {
        return Splits.leaveLastOut(DatasetLoader.load(dir, null, ColumnMapping.guess(), policy));
    }

    static void heldOutIsNeverHistory(Split s) {
        for (int u = 0; u < s.dataset().users().size(); u++) {
            for (int held : s.heldOut(u)) {
                assertThat(s.history(u)).as("user %s", s.dataset().users().id(u)).doesNotContain(held);
            }
        }
    }

    @Test
    void keep_last_is_the_default_and_holds_the_repeated_item_out_once() throws IOException {
        Split s = Splits.leaveLastOut(DatasetLoader.load(duplicates()));
        Dataset d = s.dataset();

        assertThat(ids(d, s.heldOut(0))).containsExactly("10");
        assertThat(ids(d, s.history(0))).containsExactly("20", "30");
        assertThat(ids(d, s.heldOut(1))).containsExactly("10");
        assertThat(ids(d, s.history(1))).containsExactly("20");
        assertThat(d.duplicates()).isEqualTo(new DuplicatePolicy.Report(DuplicatePolicy.KEEP_LAST, 2, 2));
        assertThat(d.interactions().size()).isEqualTo(5);
        heldOutIsNeverHistory(s);
    }

    @Test
    void keep_first_keeps_the_earlier_rating_so_the_next_latest_item_is_held_out() throws IOException {
        Split s = split(duplicates(), DuplicatePolicy.KEEP_FIRST);
        Dataset d = s.dataset();

        assertThat(ids(d, s.heldOut(0))).containsExactly("30");
        assertThat(ids(d, s.history(0))).containsExactly("10", "20");
        assertThat(d.interactions().rating(s.dataset().rowsOf(0)[0])).isEqualTo(5.0f);
        assertThat(ids(d, s.heldOut(1))).containsExactly("20");
        assertThat(ids(d, s.history(1))).containsExactly("10");
        heldOutIsNeverHistory(s);
    }

    @Test
    void max_rating_keeps_the_highest_rated_of_the_pair() throws IOException {
        Split s = split(duplicates(), DuplicatePolicy.MAX_RATING);
        Dataset d = s.dataset();

        // user 1: 5.0 (first) beats 2.0 (last); user 2: 4.0 (last) beats 1.0 (first)
        assertThat(ids(d, s.heldOut(0))).containsExactly("30");
        assertThat(ids(d, s.history(0))).containsExactly("10", "20");
        assertThat(ids(d, s.heldOut(1))).containsExactly("10");
        assertThat(d.interactions().rating(d.rowsOf(1)[1])).isEqualTo(4.0f);
        assertThat(d.duplicates().policy()).isEqualTo(DuplicatePolicy.MAX_RATING);
        heldOutIsNeverHistory(s);
    }

    @Test
    void error_names_the_file_and_both_lines() throws IOException {
        Path dir = duplicates();

        assertThatThrownBy(() -> DatasetLoader.load(dir, null, ColumnMapping.guess(), DuplicatePolicy.ERROR))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("ratings.csv line 2: user 1 has item 10 again on line 5");
    }

    @Test
    void stats_count_duplicates_in_text_and_json_and_an_unknown_policy_is_a_usage_error() throws IOException {
        Path dir = duplicates();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        assertThat(RecPromptCli.run(new String[] {"dataset", "stats", dir.toString(), "--json", "--duplicates", "keep-first"},
                new PrintWriter(out), new PrintWriter(err))).as(err.toString()).isZero();
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertThat(j.get("duplicates").get("policy").asText()).isEqualTo("keep-first");
        assertThat(j.get("duplicates").get("repeated_pairs").asLong()).isEqualTo(2);
        assertThat(j.get("duplicates").get("rows_dropped").asLong()).isEqualTo(2);
        assertThat(j.get("interactions").asLong()).isEqualTo(5);
        assertThat(j.get("has_timestamps").asBoolean()).isTrue();

        out.getBuffer().setLength(0);
        assertThat(RecPromptCli.run(new String[] {"dataset", "stats", dir.toString()}, new PrintWriter(out),
                new PrintWriter(err))).isZero();
        assertThat(out.toString()).contains("2 repeated (user, item) pairs; 2 rows dropped (duplicates: keep-last)");

        assertThat(RecPromptCli.run(new String[] {"dataset", "stats", dir.toString(), "--duplicates", "newest"},
                new PrintWriter(out), new PrintWriter(err))).isEqualTo(2);
        assertThat(err.toString()).contains("keep-last, keep-first, max-rating, error");
    }

    /** A generic CSV without a time column: user 1's rows in file order are 30, 10, 20. */
    Path withoutTime() throws IOException {
        Path f = tmp.resolve("plain.csv");
        Files.writeString(f, "user,item,rating\n1,30,4\n1,10,3\n1,20,5\n2,10,4\n2,20,2\n");
        return f;
    }

    @Test
    void a_time_ordered_split_of_data_without_timestamps_is_refused_naming_the_alternatives() throws IOException {
        Dataset d = DatasetLoader.load(withoutTime());

        assertThat(d.hasTimestamps()).isFalse();
        assertThat(DatasetStats.of(d).hasTimestamps()).isFalse();
        assertThatThrownBy(() -> Splits.leaveLastOut(d)).isInstanceOf(Splits.NoTimestampsException.class)
                .hasMessageContaining("no timestamps").hasMessageContaining("order: file")
                .hasMessageContaining("random holdout");
        assertThatThrownBy(() -> Splits.leaveLastN(d, 2)).isInstanceOf(Splits.NoTimestampsException.class);
        assertThatThrownBy(() -> Splits.timeCut(d, 10)).isInstanceOf(Splits.NoTimestampsException.class);
        assertThat(Splits.randomHoldout(d, 0.5, 7).testSize()).as("round(1.5) + round(1.0)").isEqualTo(3);
    }

    @Test
    void order_file_holds_out_each_users_last_row_of_the_file() throws IOException {
        Dataset d = DatasetLoader.load(withoutTime()).inFileOrder();

        Split s = Splits.leaveLastOut(d);

        assertThat(ids(d, s.heldOut(0))).as("the file's last row, not the largest id 30").containsExactly("20");
        assertThat(ids(d, s.history(0))).containsExactly("30", "10");
        assertThat(ids(d, s.heldOut(1))).containsExactly("20");
        assertThat(s.method()).isEqualTo("leave-last-out (order: file)");
    }

    @Test
    void dataset_stats_says_has_timestamps_false_in_json_and_text() throws IOException {
        Path f = withoutTime();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        assertThat(RecPromptCli.run(new String[] {"dataset", "stats", f.toString(), "--json"}, new PrintWriter(out),
                new PrintWriter(err))).isZero();
        assertThat(new ObjectMapper().readTree(out.toString()).get("has_timestamps").asBoolean(true)).isFalse();
        out.getBuffer().setLength(0);
        assertThat(RecPromptCli.run(new String[] {"dataset", "stats", f.toString()}, new PrintWriter(out),
                new PrintWriter(err))).isZero();
        assertThat(out.toString()).contains("timestamps       none");
    }

    @Test
    void ratings_that_are_not_finite_name_the_line() throws IOException {
        for (String bad : new String[] {"NaN", "Infinity", "1e400", "-Infinity"}) {
            Path dir = Files.createDirectories(tmp.resolve("r" + bad.hashCode()));
            Files.writeString(dir.resolve("movies.csv"), "movieId,title,genres\n1,One (1990),Drama\n2,Two (1991),Drama\n");
            Files.writeString(dir.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n1,1,4.0,1\n1,2," + bad + ",2\n");

            assertThatThrownBy(() -> DatasetLoader.load(dir)).isInstanceOf(DatasetFormatException.class)
                    .hasMessageContaining("ratings.csv line 3").hasMessageContaining("not a finite number");
        }
    }

    @Test
    void a_line_over_the_limit_names_the_file_and_line() throws IOException {
        Path f = tmp.resolve("long.csv");
        Files.writeString(f, "user,item,rating,timestamp\n1,1,4,1\n1," + "9".repeat(LineReader.MAX_LINE_BYTES) + ",4,2\n");

        assertThatThrownBy(() -> DatasetLoader.load(f)).isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("long.csv line 3").hasMessageContaining("longer than 1 MB");
        Path dir = Files.createDirectories(tmp.resolve("longmovies"));
        Files.writeString(dir.resolve("movies.csv"), "movieId,title,genres\n1,\"" + "t".repeat(LineReader.MAX_LINE_BYTES)
                + "\",Drama\n");
        Files.writeString(dir.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n1,1,4.0,1\n");
        assertThatThrownBy(() -> DatasetLoader.load(dir)).isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("movies.csv line 2").hasMessageContaining("longer than 1 MB");
    }
}
