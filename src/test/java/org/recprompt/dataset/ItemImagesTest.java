package org.recprompt.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.dataset.io.DatasetLoader;

class ItemImagesTest {

    @TempDir
    Path dir;

    @Test
    void images_named_by_item_id_in_an_images_folder_are_attached_and_others_stay_empty() throws Exception {
        Files.writeString(dir.resolve("movies.csv"), "movieId,title,genres\n1,Alien (1979),Horror\n2,Heat (1995),Action\n");
        Files.writeString(dir.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n1,1,4,1\n1,2,3,2\n");
        Files.createDirectories(dir.resolve("images"));
        Files.write(dir.resolve("images/2.PNG"), new byte[] {1});
        Files.write(dir.resolve("images/99.png"), new byte[] {1});
        Files.writeString(dir.resolve("images/notes.txt"), "not an image");

        Dataset d = DatasetLoader.load(dir);

        assertThat(d.items().image(d.items().indexOf("1"))).isNull();
        assertThat(d.items().image(d.items().indexOf("2"))).isEqualTo(dir.resolve("images/2.PNG").toAbsolutePath().toString());
    }

    @Test
    void without_images_the_dataset_has_no_image_column() throws Exception {
        Files.writeString(dir.resolve("movies.csv"), "movieId,title,genres\n1,Alien (1979),Horror\n");
        Files.writeString(dir.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n1,1,4,1\n");

        assertThat(DatasetLoader.load(dir).items().images()).isNull();
    }

    @Test
    void an_image_attribute_of_a_recbole_item_file_is_used() throws Exception {
        Files.writeString(dir.resolve("b.inter"), "user_id:token\titem_id:token\nu\tx\n");
        Files.writeString(dir.resolve("b.item"), "item_id:token\ttitle:token_seq\tposter:token\nx\tDune\thttp://example.org/x.jpg\n");

        Dataset d = DatasetLoader.load(dir.resolve("b.inter"));
        assertThat(d.items().image(0)).isEqualTo("http://example.org/x.jpg");
    }
}
