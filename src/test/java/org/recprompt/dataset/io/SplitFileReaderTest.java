package org.recprompt.dataset.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Split files as papers publish them: Elliot's TSVs (no header), CSVs with a header, RecBole's
 * typed headers in any column order; ids resolved against a small catalog (users u1, u2; items 10,
 * 20, 30).
 */
class SplitFileReaderTest {

    @TempDir
    Path dir;

    static final Map<String, Integer> USERS = Map.of("u1", 0, "u2", 1, "1", 2, "2", 3);
    static final Map<String, Integer> ITEMS = Map.of("10", 0, "20", 1, "30", 2, "B0X", 3);

    static final SplitFileReader.Ids IDS = new SplitFileReader.Ids() {
        @Override
        public int user(String id) {
            return USERS.getOrDefault(id, -1);
        }

        @Override
        public int item(String id) {
            return ITEMS.getOrDefault(id, -1);
        }

        @Override
        public boolean knows(String user, String item) {
            return USERS.containsKey(user) && ITEMS.containsKey(item);
        }

        @Override
        public boolean canTell() {
            return true;
        }
    };

    /** Without a dataset: every id is accepted and numbered, nothing is known in advance. */
    static SplitFileReader.Ids collecting() {
        Map<String, Integer> users = new java.util.HashMap<>();
        Map<String, Integer> items = new java.util.HashMap<>();
        return new SplitFileReader.Ids() {
            @Override
            public int user(String id) {
                return users.computeIfAbsent(id, x -> users.size());
            }

            @Override
            public int item(String id) {
                return items.computeIfAbsent(id, x -> items.size());
            }
        };
    }

    @Test
    void without_a_dataset_a_first_data_line_unlike_the_next_is_still_data() throws Exception {
        // an ISBN ending in X above one that does not, and a word id above a number: data, not headers
        Path isbn = write("books.csv", "u1,034545104X,5\nu2,0345417623,4\n");
        Path mixed = write("mixed.csv", "x1,5,4\n2,6,4\n");

        assertThat(SplitFileReader.read(isbn, collecting()).users()).hasSize(2);
        assertThat(SplitFileReader.read(mixed, collecting()).users()).hasSize(2);
        // named columns are still a header without a dataset
        Path named = write("named.csv", "user_id,item_id,rating\nu1,10,5\n");
        assertThat(SplitFileReader.read(named, collecting()).header()).isTrue();
    }

    Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void elliot_tsv_without_header_reads_rating_and_timestamp() throws Exception {
        Path f = write("train.tsv", "1\t10\t4.0\t100\n2\t20\t3.5\t200\n");

        SplitFileReader.Rows r = SplitFileReader.read(f, IDS);

        assertThat(r.header()).isFalse();
        assertThat(r.separator()).isEqualTo('\t');
        assertThat(r.users()).containsExactly(2, 3);
        assertThat(r.items()).containsExactly(0, 1);
        assertThat(r.ratings()).containsExactly(4.0f, 3.5f);
        assertThat(r.timestamps()).containsExactly(100L, 200L);
        assertThat(r.rated()).isTrue();
        assertThat(r.timed()).isTrue();
    }

    @Test
    void csv_header_is_detected_and_its_names_choose_the_columns() throws Exception {
        Path f = write("test.csv", "itemId,userId,timestamp,rating\n20,u1,300,5\n30,u2,400,1\n");

        SplitFileReader.Rows r = SplitFileReader.read(f, IDS);

        assertThat(r.header()).isTrue();
        assertThat(r.separator()).isEqualTo(',');
        assertThat(r.users()).containsExactly(0, 1);
        assertThat(r.items()).containsExactly(1, 2);
        assertThat(r.ratings()).containsExactly(5f, 1f);
        assertThat(r.timestamps()).containsExactly(300L, 400L);
    }

    @Test
    void a_first_line_whose_ids_are_words_while_the_next_are_numbers_is_a_header() throws Exception {
        Path f = write("train.csv", "uid,sid\n1,10\n2,30\n");

        SplitFileReader.Rows r = SplitFileReader.read(f, IDS);

        assertThat(r.header()).isTrue();
        assertThat(r.users()).containsExactly(2, 3);
        assertThat(r.items()).containsExactly(0, 2);
    }

    @Test
    void a_first_line_of_ids_the_dataset_knows_is_data_even_when_the_next_line_has_numbers() throws Exception {
        Path f = write("train.csv", "u1,B0X\nu2,10\n");

        SplitFileReader.Rows r = SplitFileReader.read(f, IDS);

        assertThat(r.header()).isFalse();
        assertThat(r.users()).containsExactly(0, 1);
        assertThat(r.items()).containsExactly(3, 0);
    }

    @Test
    void a_header_is_detected_from_a_rating_field_that_is_no_number() throws Exception {
        Path f = write("train.tsv", "a\tb\tr\n1\t10\t2\n");

        SplitFileReader.Rows r = SplitFileReader.read(f, IDS);

        assertThat(r.header()).isTrue();
        assertThat(r.users()).containsExactly(2);
        assertThat(r.ratings()).containsExactly(2f);
    }

    @Test
    void recbole_typed_header_is_honoured_in_any_column_order() throws Exception {
        Path f = write("ml.test.inter", "item_id:token\ttimestamp:float\tuser_id:token\trating:float\n"
                + "30\t978300760.0\tu2\t3\n10\t978300761.0\tu1\t5\n");

        SplitFileReader.Rows r = SplitFileReader.read(f, IDS);

        assertThat(r.header()).isTrue();
        assertThat(r.users()).containsExactly(1, 0);
        assertThat(r.items()).containsExactly(2, 0);
        assertThat(r.ratings()).containsExactly(3f, 5f);
        assertThat(r.timestamps()).containsExactly(978300760L, 978300761L);
    }

    @Test
    void without_rating_and_timestamp_columns_ratings_are_nan_and_times_zero() throws Exception {
        Path f = write("train.tsv", "u1\t10\nu2\t20\n");

        SplitFileReader.Rows r = SplitFileReader.read(f, IDS);

        assertThat(r.rated()).isFalse();
        assertThat(r.timed()).isFalse();
        assertThat(Float.isNaN(r.ratings()[0])).isTrue();
        assertThat(r.timestamps()).containsExactly(0L, 0L);
    }

    @Test
    void recbole_header_without_rating_reads_no_rating() throws Exception {
        Path f = write("x.train.inter", "user_id:token\titem_id:token\nu1\t10\n");

        SplitFileReader.Rows r = SplitFileReader.read(f, IDS);

        assertThat(r.rated()).isFalse();
        assertThat(r.users()).containsExactly(0);
    }

    @Test
    void an_unknown_item_is_an_error_naming_file_line_and_id() throws Exception {
        Path f = write("test.tsv", "u1\t10\t4\nu2\t99\t3\n");

        assertThatThrownBy(() -> SplitFileReader.read(f, IDS))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("test.tsv line 2")
                .hasMessageContaining("item 99 is not in the dataset");
    }

    @Test
    void an_unknown_user_is_an_error_naming_file_line_and_id() throws Exception {
        Path f = write("train.csv", "user,item\nu1,10\nu7,20\n");

        assertThatThrownBy(() -> SplitFileReader.read(f, IDS))
                .hasMessageContaining("train.csv line 3")
                .hasMessageContaining("user u7 is not in the dataset");
    }

    @Test
    void a_line_with_another_field_count_is_an_error_naming_the_line() throws Exception {
        Path f = write("train.tsv", "u1\t10\t4\t1\nu2\t20\n");

        assertThatThrownBy(() -> SplitFileReader.read(f, IDS))
                .hasMessageContaining("train.tsv line 2")
                .hasMessageContaining("expected 4 fields");
    }

    @Test
    void a_rating_that_is_not_a_number_after_the_first_line_is_an_error() throws Exception {
        Path f = write("train.tsv", "u1\t10\t4\nu2\t20\tfive\n");

        assertThatThrownBy(() -> SplitFileReader.read(f, IDS))
                .hasMessageContaining("train.tsv line 2")
                .hasMessageContaining("rating");
    }

    @Test
    void a_file_with_only_a_header_holds_no_interactions() throws Exception {
        Path f = write("test.csv", "user,item,rating\n");

        assertThatThrownBy(() -> SplitFileReader.read(f, IDS)).hasMessageContaining("holds no interactions");
    }

    @Test
    void a_line_without_separator_is_an_error() throws Exception {
        Path f = write("test.txt", "u1 10\n");

        assertThatThrownBy(() -> SplitFileReader.read(f, IDS))
                .hasMessageContaining("test.txt line 1")
                .hasMessageContaining("tab or a comma");
    }
}
