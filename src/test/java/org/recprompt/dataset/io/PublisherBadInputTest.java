package org.recprompt.dataset.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.dataset.DuplicatePolicy;

/**
 * Files that are not what their format says: each is one error naming the file and the line,
 * and no dataset comes back. The fixtures are copied and then broken one file at a time.
 */
class PublisherBadInputTest {

    private static final Charset CP1252 = Charset.forName("windows-1252");

    @TempDir
    Path tmp;

    private Path copy(String name) throws IOException {
        Path from = PublisherFormatsTest.fixture(name);
        Path to = tmp.resolve(name);
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }

    private static void load(Path dir, DatasetFormat format) {
        DatasetLoader.load(dir, format, ColumnMapping.guess(), DuplicatePolicy.DEFAULT);
    }

    @Test
    void the_new_formats_are_named_by_id_or_alias() {
        assertThat(DatasetFormat.byId("MovieTweetings")).isEqualTo(DatasetFormat.MOVIETWEETINGS);
        assertThat(DatasetFormat.byId("goodbooks")).isEqualTo(DatasetFormat.GOODBOOKS);
        assertThat(DatasetFormat.byId("bx")).isEqualTo(DatasetFormat.BOOK_CROSSING);
        assertThat(DatasetFormat.byId("hetrec2011-lastfm-2k")).isEqualTo(DatasetFormat.LASTFM_HETREC);
        assertThatThrownBy(() -> DatasetFormat.byId("goodreads"))
                .hasMessageContaining("movietweetings, goodbooks-10k, book-crossing, lastfm-hetrec");
    }

    // ---------------------------------------------------------------- MovieTweetings

    @Test
    void movietweetings_forced_on_a_movielens_users_file_names_the_line() throws IOException {
        Path dir = copy("movietweetings").resolve("snapshots/100K");
        Files.writeString(dir.resolve("users.dat"), "1::F::1::10::48067\n", StandardCharsets.UTF_8);
        assertThat(DatasetLoader.detect(dir)).isEqualTo(DatasetFormat.MOVIELENS_DAT);
        assertThatThrownBy(() -> load(dir, DatasetFormat.MOVIETWEETINGS))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("users.dat line 1: expected 2 fields separated by '::' but found 5");
    }

    @Test
    void movietweetings_titles_that_are_not_utf8_are_refused_with_the_line() throws IOException {
        Path dir = copy("movietweetings").resolve("snapshots/100K");
        Files.write(dir.resolve("movies.dat"), "0000008::Sneeze (1894)::Short\n0000010::Lumi\u00e8re (1895)::Short\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> load(dir, null))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("movies.dat line 2: is not valid UTF-8 (byte 0xE8");
    }

    // ---------------------------------------------------------------- goodbooks-10k

    @Test
    void goodbooks_forced_without_books_csv_says_which_file_is_missing() throws IOException {
        Path dir = copy("goodbooks-10k");
        Files.delete(dir.resolve("books.csv"));
        assertThatThrownBy(() -> DatasetLoader.detect(dir)).as("without books.csv the folder is not recognised")
                .hasMessageContaining("ratings.csv with movies.csv or books.csv");
        assertThatThrownBy(() -> load(dir, DatasetFormat.GOODBOOKS))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage(dir + ": has no books.csv");
        assertThatThrownBy(() -> GoodbooksReader.read(dir, "g", DuplicatePolicy.DEFAULT))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("has no books.csv");
    }

    @Test
    void goodbooks_ratings_with_another_header_or_field_count_name_the_line() throws IOException {
        Path dir = copy("goodbooks-10k");
        Files.writeString(dir.resolve("ratings.csv"), "userId,movieId,rating\n1,2,5\n");
        assertThatThrownBy(() -> load(dir, null))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("ratings.csv line 1: expected the header user_id,book_id,rating");
        Files.writeString(dir.resolve("ratings.csv"), "user_id,book_id,rating\n1,2,5\n1,14,4,1500000000\n");
        assertThatThrownBy(() -> load(dir, null))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("ratings.csv line 3: expected 3 fields separated by ',' but found 4");
        Files.writeString(dir.resolve("ratings.csv"), "user_id,book_id,rating\n1,2,5\n1,10001,4\n");
        assertThatThrownBy(() -> load(dir, null))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("ratings.csv line 3: item 10001 is not in books.csv");
    }

    @Test
    void goodbooks_first_release_order_book_user_is_read_without_the_chronological_note() throws IOException {
        Path dir = copy("goodbooks-10k");
        Files.writeString(dir.resolve("ratings.csv"), "book_id,user_id,rating\n2,7,5\n14,7,4\n");
        var d = DatasetLoader.load(dir);
        assertThat(d.users().indexOf("7")).isZero();
        assertThat(d.interactions().size()).isEqualTo(2);
        assertThat(d.notes()).doesNotContain(GoodbooksReader.CHRONOLOGICAL_NOTE);
    }

    @Test
    void goodbooks_books_csv_with_a_broken_row_or_year_names_the_line() throws IOException {
        Path dir = copy("goodbooks-10k");
        Path books = dir.resolve("books.csv");
        String text = Files.readString(books);
        Files.writeString(books, text.replace("Suzanne Collins,2008.0,", "Suzanne Collins,2008.0,,"));
        assertThatThrownBy(() -> load(dir, null))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("books.csv line 2: expected 23 fields but found 24");
        Files.writeString(books, text.replace("Suzanne Collins,2008.0,", "Suzanne Collins,two thousand,"));
        assertThatThrownBy(() -> load(dir, null))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("books.csv line 2: original_publication_year 'two thousand' is not a number");
    }

    @Test
    void goodbooks_optional_files_naming_unknown_books_or_tags_are_counted_and_a_bad_count_names_the_line()
            throws IOException {
        Path dir = copy("goodbooks-10k");
        Files.writeString(dir.resolve("book_tags.csv"), "goodreads_book_id,tag_id,count\n3,30574,10\n3,99999,4\n77,30574,1\n");
        Files.writeString(dir.resolve("to_read.csv"), "user_id,book_id\n1,2\n1,10001\n");
        var d = DatasetLoader.load(dir);
        assertThat(d.items().attribute("tags", d.items().indexOf("2"))).isEqualTo("to-read");
        assertThat(d.notes()).contains(
                "book_tags.csv rows naming a book not in books.csv or a tag not in tags.csv (not used): 2.",
                "to_read.csv pairs naming a book that is not in books.csv (not counted): 1.");
        Files.writeString(dir.resolve("book_tags.csv"), "goodreads_book_id,tag_id,count\n3,30574,many\n");
        assertThatThrownBy(() -> load(dir, null))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("book_tags.csv line 2: the count field is not a whole number");
    }

    // ---------------------------------------------------------------- Book-Crossing

    @Test
    void book_crossing_re_encoded_as_utf8_is_refused_naming_the_line() throws IOException {
        Path dir = copy("book-crossing");
        Path books = dir.resolve("BX-Books.csv");
        Files.writeString(books, new String(Files.readAllBytes(books), CP1252), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> load(dir, null))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("BX-Books.csv line 5: is UTF-8")
                .hasMessageContaining("Windows-1252");
    }

    @Test
    void book_crossing_rows_with_a_wrong_field_count_an_open_quote_or_a_text_year_name_the_line() throws IOException {
        Path dir = copy("book-crossing");
        Path books = dir.resolve("BX-Books.csv");
        byte[] original = Files.readAllBytes(books);
        String text = new String(original, CP1252);
        Files.write(books, text.replace("\"Clara Callan\";", "").getBytes(CP1252));
        assertThatThrownBy(() -> load(dir, null))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("BX-Books.csv line 3: expected 8 fields");
        Files.write(books, text.replace("\"Clara Callan\";\"Richard", "\"Clara Callan;\"Richard").getBytes(CP1252));
        assertThatThrownBy(() -> load(dir, null))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("BX-Books.csv line 3: expected 8 fields");
        Files.write(books, text.replace("\"2001\";\"HarperFlamingo", "\"HarperFlamingo Canada\";\"HarperFlamingo")
                .getBytes(CP1252));
        assertThatThrownBy(() -> load(dir, null))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("BX-Books.csv line 3: Year-Of-Publication 'HarperFlamingo Canada' is not a year");
        Files.write(books, original);
        Files.writeString(dir.resolve("BX-Users.csv"), "\"User-ID\";\"Location\";\"Age\"\r\n\"1\";\"nyc, usa\";\"old\"\r\n");
        assertThatThrownBy(() -> load(dir, null))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("BX-Users.csv line 2: Age 'old' is neither a whole number nor NULL");
    }

    @Test
    void book_crossing_ratings_outside_0_to_10_or_a_wrong_header_name_the_line() throws IOException {
        Path dir = copy("book-crossing");
        Path ratings = dir.resolve("BX-Book-Ratings.csv");
        Files.writeString(ratings, "\"User-ID\";\"ISBN\";\"Book-Rating\"\r\n\"8\";\"0002005018\";\"11\"\r\n");
        assertThatThrownBy(() -> load(dir, null))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("BX-Book-Ratings.csv line 2: Book-Rating '11' is not a whole number from 0 (implicit) to 10");
        Files.writeString(ratings, "\"user\";\"item\";\"rating\"\r\n\"8\";\"0002005018\";\"5\"\r\n");
        assertThatThrownBy(() -> load(dir, null))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("BX-Book-Ratings.csv line 1: expected the header \"User-ID\";\"ISBN\";\"Book-Rating\"");
    }

    @Test
    void book_crossing_forced_without_bx_books_says_which_file_is_missing() throws IOException {
        Path dir = copy("book-crossing");
        Files.delete(dir.resolve("BX-Books.csv"));
        assertThat(DatasetLoader.detect(dir)).isEqualTo(DatasetFormat.BOOK_CROSSING);
        assertThatThrownBy(() -> load(dir, null))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage(dir + ": has no BX-Books.csv");
    }

    @Test
    void windows_1252_bytes_are_decoded_and_its_five_undefined_bytes_kept_as_latin1() throws IOException {
        Path file = tmp.resolve("x.csv");
        Files.write(file, new byte[] {'a', (byte) 0x80, (byte) 0x92, (byte) 0xE9, '\r', '\n', '\n', 'b', (byte) 0x81});
        StringBuilder seen = new StringBuilder();
        TextFiles.eachLineWindows1252(file, (n, line) -> seen.append(n).append(':').append(line).append('/'));
        assertThat(seen.toString()).isEqualTo("1:a\u20ac\u2019\u00e9/3:b\u0081/");
    }

    @Test
    void bx_fields_undo_the_dumps_escapes_and_entities() {
        Path f = Path.of("BX-Books.csv");
        assertThat(BxFields.split(f, 1, "\"1\";\"a \"b\" c\";NULL", 3)).containsExactly("1", "a \"b\" c", "NULL");
        assertThat(BxFields.split(f, 1, "\"1\";\"T\\\";Author\";\"2000\"", 4)).containsExactly("1", "T", "Author", "2000");
        assertThat(BxFields.split(f, 1, "\"1\";\"say \\\"hi\\\"\";\"\"", 3)).containsExactly("1", "say \"hi\"", "");
        assertThat(BxFields.split(f, 1, "\"1\";", 2)).containsExactly("1", "");
        assertThatThrownBy(() -> BxFields.split(f, 7, "\"1\";\"open", 2))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("BX-Books.csv line 7: field 2 opens a quote that is never closed");
        assertThat(BxFields.text(" Tom &amp; Jerry &quot;&#39;&#x41;&bogus; ")).isEqualTo("Tom & Jerry \"'A&bogus;");
    }

    // ---------------------------------------------------------------- Last.fm HetRec 2011

    @Test
    void lastfm_files_with_another_layout_name_the_file_and_line() throws IOException {
        Path dir = copy("lastfm-hetrec");
        Path ua = dir.resolve("user_artists.dat");
        Files.writeString(ua, "userID,artistID,weight\n2,1,13883\n");
        assertThatThrownBy(() -> load(dir, null))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("user_artists.dat line 1: expected the tab-separated header userID artistID weight");
        Files.writeString(ua, "userID\tartistID\tweight\n2\t1\n");
        assertThatThrownBy(() -> load(dir, null))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("user_artists.dat line 2: expected 3 fields separated by '\\t' but found 2");
        Files.writeString(ua, "userID\tartistID\tweight\n2\t5\t10\n");
        assertThatThrownBy(() -> load(dir, null))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("user_artists.dat line 2: item 5 is not in artists.dat");
        Files.writeString(dir.resolve("user_taggedartists-timestamps.dat"),
                "userID\tartistID\ttagID\ttimestamp\n2\t1\t999\t1238536800000\n");
        assertThatThrownBy(() -> load(dir, null))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("user_taggedartists-timestamps.dat line 2: tagID 999 is not in tags.dat");
        Files.delete(dir.resolve("artists.dat"));
        assertThatThrownBy(() -> load(dir, DatasetFormat.LASTFM_HETREC))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage(dir + ": has no artists.dat");
    }

    @Test
    void lastfm_without_tag_times_has_no_timestamps_and_says_so() throws IOException {
        Path dir = copy("lastfm-hetrec");
        Files.delete(dir.resolve("user_taggedartists-timestamps.dat"));
        var d = DatasetLoader.load(dir);
        assertThat(d.hasTimestamps()).isFalse();
        assertThat(d.notes()).anyMatch(n -> n.contains("is missing: the interactions have no timestamps"));
    }
}
