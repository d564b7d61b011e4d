package org.recprompt.dataset.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.io.ColumnMapping;
import org.recprompt.dataset.io.DatasetLoader;
import org.recprompt.dataset.io.DatasetFormatException;

/**
 * A paper's split over a small MovieLens CSV dataset (users 1-3, movies 1-5 with titles and
 * genres). The split files hold other interactions than the dataset's ratings file: the split's
 * dataset is the files', its catalog the dataset's.
 */
class PredefinedSplitsTest {

    @TempDir
    Path dir;

    Dataset base() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("movies.csv"), """
                movieId,title,genres
                1,One (1990),Comedy
                2,Two (1991),Drama
                3,Three (1992),Comedy|Drama
                4,Four (1993),Horror
                5,Five (1994),Horror
                """);
        Files.writeString(data.resolve("ratings.csv"), """
                userId,movieId,rating,timestamp
                1,1,4.0,1
                2,2,4.0,1
                3,3,4.0,1
                """);
        return DatasetLoader.load(data, null, ColumnMapping.guess());
    }

    Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void histories_and_held_out_items_are_the_files_and_the_catalog_the_datasets() throws Exception {
        Dataset d = base();
        Path train = write("train.tsv", "1\t3\t5\t30\n1\t1\t4\t10\n2\t2\t3\t10\n");
        Path test = write("test.tsv", "1\t4\t2\t40\n1\t5\t5\t50\n3\t1\t1\t60\n");

        Split s = PredefinedSplits.read(d, train, test, null);

        int u1 = d.users().indexOf("1");
        assertThat(ids(s, s.history(u1))).containsExactly("1", "3"); // by timestamp
        assertThat(ids(s, s.heldOut(u1))).containsExactly("4", "5");
        assertThat(s.heldOutRatings(u1)).containsExactly(2.0, 5.0);
        assertThat(s.heldOut(d.users().indexOf("2"))).isEmpty();
        assertThat(s.isEvaluable(d.users().indexOf("3"))).isFalse(); // test only: no history
        assertThat(s.evaluableUsers()).containsExactly(u1);
        assertThat(s.testSize()).isEqualTo(3);
        assertThat(s.dataset().interactions().size()).isEqualTo(6);
        assertThat(s.dataset().items().title(d.items().indexOf("3"))).isEqualTo("Three (1992)");
        assertThat(s.dataset().items().genreNamesOf(d.items().indexOf("3"))).containsExactly("Comedy", "Drama");
        assertThat(s.method()).isEqualTo("predefined(train.tsv, test.tsv)");
        assertThat(s.trainItemCounts()[d.items().indexOf("1")]).isEqualTo(1);
    }

    @Test
    void the_validation_file_is_history_and_training_popularity_never_held_out() throws Exception {
        Dataset d = base();
        Path train = write("train.csv", "user,item\n1,1\n2,2\n");
        Path valid = write("valid.csv", "user,item\n1,2\n");
        Path test = write("test.csv", "user,item\n1,3\n2,3\n");

        PredefinedSplits.Loaded loaded = PredefinedSplits.load(d, train, test, valid);
        Split s = loaded.split();

        int u1 = d.users().indexOf("1");
        assertThat(ids(s, s.history(u1))).containsExactly("1", "2"); // no timestamps: train rows, then validation rows
        assertThat(ids(s, s.heldOut(u1))).containsExactly("3");
        assertThat(s.trainItemCounts()[d.items().indexOf("2")]).isEqualTo(2);
        assertThat(s.method()).isEqualTo("predefined(train.csv, test.csv, valid.csv as history)");
        assertThat(s.dataset().isFileOrder()).isTrue();
        assertThat(Double.isNaN(s.heldOutRatings(u1)[0])).isTrue();
        assertThat(loaded.trainRows()).isEqualTo(2);
        assertThat(loaded.validRows()).isEqualTo(1);
        assertThat(loaded.testRows()).isEqualTo(2);
        assertThat(loaded.summary()).contains("2 training, 1 validation (history), 2 test interactions")
                .contains("without ratings").contains("row order");
    }

    @Test
    void without_a_dataset_the_catalog_is_the_files_items_with_ids_as_titles() throws Exception {
        Path train = write("train.tsv", "a\tx\t1\na\ty\t1\nb\ty\t1\n");
        Path test = write("test.tsv", "a\tz\t1\nb\tx\t1\n");

        Split s = PredefinedSplits.read(train, test, null);

        assertThat(s.dataset().items().size()).isEqualTo(3);
        assertThat(s.dataset().items().title(s.dataset().items().indexOf("z"))).isEqualTo("z");
        assertThat(s.dataset().items().genreNames()).isEmpty();
        assertThat(s.dataset().users().size()).isEqualTo(2);
        assertThat(ids(s, s.heldOut(s.dataset().users().indexOf("a")))).containsExactly("z");
        assertThat(s.dataset().format()).isEqualTo(PredefinedSplits.FORMAT);
    }

    @Test
    void an_id_missing_from_the_dataset_names_the_file_and_line() throws Exception {
        Dataset d = base();
        Path train = write("train.tsv", "1\t1\n");
        Path test = write("test.tsv", "1\t2\n9\t2\n");

        assertThatThrownBy(() -> PredefinedSplits.read(d, train, test, null))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("test.tsv line 2: user 9 is not in the dataset");
    }

    static String[] ids(Split s, int[] items) {
        String[] out = new String[items.length];
        for (int k = 0; k < items.length; k++) {
            out[k] = s.dataset().items().id(items[k]);
        }
        return out;
    }
}
