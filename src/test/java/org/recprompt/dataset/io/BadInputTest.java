package org.recprompt.dataset.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.cli.RecPromptCli;

/** Input that cannot be read is reported in one sentence naming the file, the line and the text. */
class BadInputTest {

    @TempDir
    Path tmp;

    static final String MOVIES = "movieId,title,genres\n"
            + "1,Toy Story (1995),Adventure|Animation\n"
            + "2,Jumanji (1995),Adventure|Children\n";

    /** An ml-latest folder with the given ratings.csv body (the header is added). */
    Path latest(String movies, String ratingsBody) {
        Path dir = tmp.resolve("ml-latest");
        write(dir.resolve("movies.csv"), movies);
        write(dir.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n" + ratingsBody);
        return dir;
    }

    static DatasetFormatException loading(Path path) {
        return catchThrowableOfType(DatasetFormatException.class, () -> DatasetLoader.load(path));
    }

    @Test
    void a_malformed_line_is_reported_with_file_and_line_but_never_its_text() {
        Path dir = latest(MOVIES, "1,1,4.0,964982703\n1,2,3.5\n");
        DatasetFormatException e = loading(dir);
        Path ratings = dir.resolve("ratings.csv");
        // Header is line 1, so the short record is line 3.
        assertThat(e.getMessage()).isEqualTo(ratings + " line 3: expected 4 fields separated by ',' but found 3"
                + " (the line has 7 characters; its text is not shown)");
        assertThat(e.file()).isEqualTo(ratings);
        assertThat(e.line()).isEqualTo(3);
    }

    @Test
    void a_tab_separated_line_with_too_few_fields_names_its_line() {
        Path dir = tmp.resolve("ml-100k");
        write(dir.resolve("u.data"), "1\t1\t5\t881250949\n\n2\t1\t4\n");
        DatasetFormatException e = loading(dir);
        // The blank line 2 is skipped but still counted.
        assertThat(e.getMessage()).contains(dir.resolve("u.data").toString(), "line 3", "found 3").doesNotContain("2\t1");
        assertThat(e.line()).isEqualTo(3);
    }

    @Test
    void a_line_with_too_many_fields_is_reported_rather_than_merged_into_the_last_field() {
        Path dir = tmp.resolve("ml-1m");
        write(dir.resolve("users.dat"), "1::F::1::10::48067\n2::M::56::16::70072::extra\n");
        write(dir.resolve("ratings.dat"), "1::1::5::978300760\n");
        DatasetFormatException e = loading(dir);
        assertThat(e.getMessage()).contains(dir.resolve("users.dat").toString(), "line 2", "expected 5 fields")
                .doesNotContain("extra");
        assertThat(e.line()).isEqualTo(2);
    }

    @Test
    void a_file_that_is_not_a_dataset_never_has_its_content_in_the_error() {
        String secret = "root:$6$saltsalt$hashhashhash:19000:0:99999:7:::";
        for (String name : List.of("shadow.csv", "shadow.tsv", "shadow.inter")) {
            Path f = tmp.resolve(name);
            write(f, secret + "\nbin:*:19000:0:99999:7:::\n");
            Throwable e = catchThrowable(() -> DatasetLoader.load(f));
            assertThat(e).as(name).isNotNull();
            assertThat(e.getMessage()).as(name).contains(name).doesNotContain("root").doesNotContain("hash").doesNotContain("bin:");
        }
        Path dir = latest(MOVIES, "1,1,4.0,964982703\n" + secret + "\n");
        assertThat(loading(dir).getMessage()).contains("ratings.csv line 3").doesNotContain("root").doesNotContain("hash");
    }

    @Test
    void a_rating_that_is_not_a_number_is_reported() {
        Path dir = latest(MOVIES, "1,1,4.0,964982703\n1,2,4.0,964982704\n2,1,four,964982705\n");
        DatasetFormatException e = loading(dir);
        assertThat(e.getMessage()).isEqualTo(dir.resolve("ratings.csv") + " line 4: the rating field is not a number");
    }

    @Test
    void a_timestamp_that_is_neither_seconds_nor_a_date_is_reported() {
        Path dir = latest(MOVIES, "1,1,4.0,yesterday\n");
        assertThat(loading(dir).getMessage()).contains("ratings.csv line 2", "timestamp").doesNotContain("yesterday");
    }

    @Test
    void a_rating_of_an_item_missing_from_movies_csv_names_the_item_and_movies_csv() {
        Path dir = latest(MOVIES, "1,1,4.0,964982703\n1,99,3.0,964982704\n");
        DatasetFormatException e = loading(dir);
        assertThat(e.getMessage()).isEqualTo(dir.resolve("ratings.csv") + " line 3: item 99 is not in movies.csv");
    }

    @Test
    void a_rating_by_a_user_missing_from_users_dat_is_reported() {
        Path dir = tmp.resolve("ml-1m");
        write(dir.resolve("movies.dat"), "1::Toy Story (1995)::Animation\n");
        write(dir.resolve("users.dat"), "1::F::1::10::48067\n");
        write(dir.resolve("ratings.dat"), "1::1::5::978300760\n7::1::3::978300761\n");
        DatasetFormatException e = loading(dir);
        assertThat(e.getMessage()).isEqualTo(dir.resolve("ratings.dat") + " line 2: user 7 is not in users.dat");
    }

    @Test
    void a_duplicate_item_id_in_movies_csv_names_the_second_line() {
        // Line 1 header, 2 and 3 the movies, 4 repeats movie 2, 5 follows.
        Path dir = latest(MOVIES + "2,Jumanji again (1995),Comedy\n3,Heat (1995),Action\n", "1,1,4.0,964982703\n");
        DatasetFormatException e = loading(dir);
        assertThat(e.getMessage()).isEqualTo(dir.resolve("movies.csv") + " line 4: item id 2 appears twice");
        assertThat(e.line()).isEqualTo(4);
    }

    @Test
    void a_duplicate_item_id_on_the_last_line_without_a_newline_names_that_line() {
        Path dir = latest(MOVIES + "1,Toy Story again (1995),Comedy", "1,1,4.0,964982703\n");
        assertThat(loading(dir).line()).isEqualTo(4);
    }

    @Test
    void a_duplicate_user_id_is_reported() {
        Path dir = tmp.resolve("ml-100k");
        write(dir.resolve("u.user"), "1|24|M|technician|85711\n2|53|F|other|94043\n1|23|M|writer|32067\n");
        write(dir.resolve("u.data"), "1\t1\t5\t881250949\n");
        DatasetFormatException e = loading(dir);
        assertThat(e.getMessage()).isEqualTo(dir.resolve("u.user") + " line 3: user id 1 appears twice");
    }

    @Test
    void an_empty_ratings_file_is_reported() {
        Path dir = tmp.resolve("ml-1m");
        write(dir.resolve("ratings.dat"), "");
        assertThat(loading(dir).getMessage()).isEqualTo(dir.resolve("ratings.dat") + ": the file is empty");
    }

    @Test
    void a_ratings_file_with_only_a_header_holds_no_interactions() {
        Path dir = latest(MOVIES, "");
        assertThat(loading(dir).getMessage()).isEqualTo(dir.resolve("ratings.csv") + ": holds no interactions");
    }

    @Test
    void invalid_utf8_in_movies_csv_is_reported_with_its_line() throws IOException {
        Path dir = latest(MOVIES, "1,1,4.0,964982703\n");
        // Line 3 holds a lone 0xE9: "Café" saved as Latin-1, which movies.csv must not be.
        Files.write(dir.resolve("movies.csv"), concat(
                "movieId,title,genres\n1,Toy Story (1995),Animation\n2,Caf".getBytes(StandardCharsets.US_ASCII),
                new byte[] {(byte) 0xE9},
                " (1995),Drama\n".getBytes(StandardCharsets.US_ASCII)));
        DatasetFormatException e = loading(dir);
        assertThat(e.getMessage()).startsWith(dir.resolve("movies.csv") + " line 3: is not valid UTF-8");
        assertThat(e.getMessage()).contains("0xE9");
        assertThat(e.line()).isEqualTo(3);
    }

    @Test
    void invalid_utf8_in_a_streamed_ratings_file_is_reported_with_its_line() throws IOException {
        Path dir = latest(MOVIES, "");
        Files.write(dir.resolve("ratings.csv"), concat(
                "userId,movieId,rating,timestamp\n1,1,4.0,964982703\n1,2,3.0,964982704\n2,1".getBytes(StandardCharsets.US_ASCII),
                new byte[] {(byte) 0xFF},
                ",5.0,964982705\n".getBytes(StandardCharsets.US_ASCII)));
        DatasetFormatException e = loading(dir);
        assertThat(e.getMessage()).contains(dir.resolve("ratings.csv").toString(), "is not valid UTF-8");
        // Header 1, two good rows 2 and 3: the bad byte is on line 4.
        assertThat(e.line()).isEqualTo(4);
        assertThat(e.getMessage()).contains("line 4");
    }

    @Test
    void an_unknown_format_name_lists_the_known_formats() {
        assertThatThrownBy(() -> DatasetFormat.byId("parquet"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'parquet'")
                .hasMessageContaining("movielens-100k, movielens-dat, movielens-csv")
                .hasMessageContaining("amazon-2014, amazon-2018, amazon-2023, yelp")
                .hasMessageContaining("recbole, csv");
        // Aliases are accepted, in any case.
        assertThat(DatasetFormat.byId(" ML-1M ")).isEqualTo(DatasetFormat.MOVIELENS_DAT);
        assertThat(DatasetFormat.byId("ml-latest-small")).isEqualTo(DatasetFormat.MOVIELENS_CSV);
        assertThat(DatasetFormat.byId("tsv")).isEqualTo(DatasetFormat.CSV);
    }

    @Test
    void an_unknown_format_on_the_command_line_fails_with_the_known_formats_on_stderr() {
        Path dir = latest(MOVIES, "1,1,4.0,964982703\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = RecPromptCli.run(new String[] {"dataset", "stats", dir.toString(), "--format", "parquet"},
                new PrintWriter(out), new PrintWriter(err));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("parquet", "movielens-100k", "recbole").hasLineCount(1);
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void a_folder_with_nothing_recognisable_is_reported() {
        Path dir = tmp.resolve("notes");
        write(dir.resolve("README.md"), "nothing here\n");
        write(dir.resolve("a.csv"), "x,y\n");
        write(dir.resolve("b.csv"), "x,y\n");
        DatasetFormatException e = loading(dir);
        assertThat(e.getMessage()).startsWith(dir + ": no dataset recognised here").contains("--format");
        assertThatThrownBy(() -> DatasetLoader.load(tmp.resolve("missing")))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage(tmp.resolve("missing") + ": no such file or folder");
    }

    @Test
    void a_named_format_whose_main_file_is_missing_is_reported() {
        Path dir = tmp.resolve("empty");
        write(dir.resolve("movies.csv"), MOVIES);
        assertThatThrownBy(() -> DatasetLoader.locate(dir, DatasetFormat.MOVIELENS_CSV))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage(dir + ": has no ratings.csv");
    }

    @Test
    void a_recbole_header_field_without_a_type_is_reported() {
        Path dir = tmp.resolve("rb");
        write(dir.resolve("x.inter"), "user_id\titem_id:token\trating:float\n1\t2\t3.0\n");
        DatasetFormatException e = loading(dir);
        assertThat(e.getMessage()).startsWith(dir.resolve("x.inter") + " line 1: header field 1 has no type")
                .doesNotContain("user_id");
        assertThat(e.line()).isEqualTo(1);
    }

    @Test
    void a_recbole_row_with_the_wrong_number_of_fields_is_reported() {
        Path dir = tmp.resolve("rb");
        write(dir.resolve("x.inter"), "user_id:token\titem_id:token\trating:float\n1\t2\t3.0\n1\t3\n");
        DatasetFormatException e = loading(dir);
        assertThat(e.getMessage()).contains("x.inter line 3", "expected 3 tab-separated fields but found 2").doesNotContain("1\t3");
    }

    @Test
    void a_genre_flag_other_than_0_or_1_is_reported() {
        Path dir = tmp.resolve("ml-100k");
        write(dir.resolve("u.item"), "1|Toy Story (1995)|01-Jan-1995||url|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|2|0\n");
        write(dir.resolve("u.data"), "1\t1\t5\t881250949\n");
        DatasetFormatException e = loading(dir);
        assertThat(e.getMessage()).contains("u.item line 1", "genre flag 18 (field 23) is not 0 or 1");
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    static void write(Path file, String text) {
        LoaderFormatsTest.write(file, text);
    }
}
