package org.recprompt.dataset.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.Items;

/**
 * A generic CSV with an item file: a goodbooks-like ratings.csv (user_id,book_id,rating) with a
 * books.csv whose quoted titles hold commas, joined by id; the genres separator, the image and
 * the authors columns; and the errors that name the file, the line and the column.
 */
class ItemFileTest {

    static final String BOOKS = """
            book_id,authors,title,tags,image_url
            1,Suzanne Collins,"The Hunger Games (The Hunger Games, #1)",young-adult;dystopia,https://img.example/1.jpg
            2,"J.K. Rowling, Mary GrandPré","Harry Potter and the Sorcerer's Stone (Harry Potter, #1)",fantasy;young-adult,
            3,Harper Lee,To Kill a Mockingbird,classics,https://img.example/3.jpg
            """;
    static final String RATINGS = """
            user_id,book_id,rating
            7,3,5
            7,1,4
            8,2,3
            """;

    @TempDir
    Path tmp;

    Path write(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    static ColumnMapping withItems(Path books, String genres, String separator) {
        return ColumnMapping.guess().withItems(new ColumnMapping.ItemFile(books.toString(), null, null, genres, separator,
                null, null));
    }

    @Test
    void an_item_file_gives_the_interactions_titles_genres_images_and_authors() throws IOException {
        Path ratings = write("ratings.csv", RATINGS);
        Path books = write("books.csv", BOOKS);
        Dataset d = DatasetLoader.load(ratings, DatasetFormat.CSV, withItems(books, "tags", ";"), null);

        Items items = d.items();
        assertThat(items.size()).isEqualTo(3);
        int hunger = items.indexOf("1");
        int potter = items.indexOf("2");
        assertThat(items.title(hunger)).isEqualTo("The Hunger Games (The Hunger Games, #1)");
        assertThat(items.title(potter)).isEqualTo("Harry Potter and the Sorcerer's Stone (Harry Potter, #1)");
        assertThat(items.genreNamesOf(potter)).containsExactly("fantasy", "young-adult");
        assertThat(items.attribute(Items.AUTHORS, potter)).isEqualTo("J.K. Rowling, Mary GrandPré");
        assertThat(items.image(hunger)).isEqualTo("https://img.example/1.jpg");
        assertThat(items.image(potter)).isNull();
        // The interactions are joined by the item file's ids (book_id, the interactions' own column name).
        int u7 = d.users().indexOf("7");
        assertThat(java.util.Arrays.stream(d.rowsOf(u7)).mapToObj(row -> items.title(d.interactions().item(row))).toList())
                .containsExactlyInAnyOrder("To Kill a Mockingbird", "The Hunger Games (The Hunger Games, #1)");
        assertThat(d.hasTimestamps()).isFalse();
        assertThat(d.inFileOrder().isFileOrder()).isTrue();
    }

    @Test
    void the_default_genres_separator_is_a_bar_and_named_columns_may_be_indices() throws IOException {
        Path ratings = write("ratings.csv", "user,item\nu1,a\nu1,b\n");
        Path items = write("items.tsv", "code\tlabel\tkinds\na\tFirst, Second\tx|y\nb\tThird\t\n");
        Dataset d = DatasetLoader.load(ratings, DatasetFormat.CSV, ColumnMapping.guess().withItems(
                new ColumnMapping.ItemFile(items.toString(), "0", "label", "2", null, null, null)), null);
        assertThat(d.items().title(d.items().indexOf("a"))).isEqualTo("First, Second");
        assertThat(d.items().genreNamesOf(d.items().indexOf("a"))).containsExactly("x", "y");
        assertThat(d.items().genreNamesOf(d.items().indexOf("b"))).isEmpty();
    }

    @Test
    void an_interaction_naming_an_item_the_file_lacks_is_an_error_naming_its_line() throws IOException {
        Path ratings = write("ratings.csv", RATINGS + "8,99,2\n");
        Path books = write("books.csv", BOOKS);
        assertThatThrownBy(() -> DatasetLoader.load(ratings, DatasetFormat.CSV, withItems(books, null, null), null))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("ratings.csv").hasMessageContaining("line 5").hasMessageContaining("item 99 is not in books.csv");
    }

    @Test
    void a_missing_column_or_title_is_an_error_naming_the_file_line_and_column() throws IOException {
        Path ratings = write("ratings.csv", RATINGS);
        Path books = write("books.csv", BOOKS);
        assertThatThrownBy(() -> DatasetLoader.load(ratings, DatasetFormat.CSV, withItems(books, "genre_list", null), null))
                .hasMessageContaining("books.csv").hasMessageContaining("line 1")
                .hasMessageContaining("no genres column named 'genre_list'");
        Path noTitle = write("no-title.csv", "book_id,authors\n1,Someone\n");
        assertThatThrownBy(() -> DatasetLoader.load(ratings, DatasetFormat.CSV, withItems(noTitle, null, null), null))
                .hasMessageContaining("no-title.csv").hasMessageContaining("no title column").hasMessageContaining("--title-col");
        Path blank = write("blank.csv", "book_id,title\n1,Some title\n2,\n3,Other\n");
        assertThatThrownBy(() -> DatasetLoader.load(ratings, DatasetFormat.CSV, withItems(blank, null, null), null))
                .hasMessageContaining("blank.csv").hasMessageContaining("line 3")
                .hasMessageContaining("item 2 has no title (column 'title' is empty)");
        Path ragged = write("ragged.csv", "book_id,title\n1,\"A, B\",extra\n");
        assertThatThrownBy(() -> DatasetLoader.load(ratings, DatasetFormat.CSV, withItems(ragged, null, null), null))
                .hasMessageContaining("ragged.csv").hasMessageContaining("line 2").hasMessageContaining("expected 2 fields");
        assertThatThrownBy(() -> DatasetLoader.load(ratings, DatasetFormat.CSV,
                withItems(tmp.resolve("absent.csv"), null, null), null))
                .hasMessageContaining("absent.csv").hasMessageContaining("does not exist");
    }
}
