package org.recprompt.dataset.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.recprompt.cli.RecPromptCli;
import org.junit.jupiter.api.io.TempDir;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.Domain;
import org.recprompt.dataset.Interactions;
import org.recprompt.dataset.Items;
import org.recprompt.dataset.Users;

/**
 * The four publishers' datasets read from fixtures in their exact published layout
 * (src/test/resources/datasets): detected without a format, every title, author, year, image,
 * user attribute and note asserted. Errors are in {@link PublisherBadInputTest}.
 */
class PublisherFormatsTest {

    static Path fixture(String name) {
        try {
            return Path.of(PublisherFormatsTest.class.getResource("/datasets/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The row of the interaction of a user and an item, or -1. */
    static int row(Dataset d, String user, String item) {
        Interactions in = d.interactions();
        for (int r = 0; r < in.size(); r++) {
            if (d.users().id(in.user(r)).equals(user) && d.items().id(in.item(r)).equals(item)) {
                return r;
            }
        }
        return -1;
    }

    @Test
    void movietweetings_snapshot_folder_loads_as_downloaded_with_twitter_ids_utf8_titles_and_0_to_10_ratings() {
        Path root = fixture("movietweetings");
        Path snapshot = root.resolve("snapshots/100K");
        assertThat(DatasetLoader.detect(snapshot)).isEqualTo(DatasetFormat.MOVIETWEETINGS);
        assertThat(DatasetLoader.locate(snapshot.resolve("ratings.dat"), null).format()).isEqualTo(DatasetFormat.MOVIETWEETINGS);
        // The folder as downloaded: two single-child folders are descended into.
        assertThat(DatasetLoader.locate(root, null)).isEqualTo(new DatasetLoader.Source(DatasetFormat.MOVIETWEETINGS, snapshot));

        Dataset d = DatasetLoader.load(snapshot);
        assertThat(d.format()).isEqualTo("movietweetings");
        assertThat(d.domain()).isEqualTo(Domain.MOVIE);
        assertThat(d.items().size()).isEqualTo(5);
        assertThat(d.users().size()).isEqualTo(4);
        assertThat(d.interactions().size()).isEqualTo(8);
        Items items = d.items();
        int lumiere = items.indexOf("0000010");
        assertThat(items.title(lumiere)).isEqualTo("La sortie des usines Lumi\u00e8re (1895)");
        assertThat(items.year(lumiere)).isEqualTo(1895);
        assertThat(items.genreNamesOf(lumiere)).containsExactly("Documentary", "Short");
        int boatRace = items.indexOf("0000025");
        assertThat(items.genreNamesOf(boatRace)).isEmpty();
        assertThat(items.genreNamesOf(items.indexOf("1375666"))).containsExactly("Action", "Adventure", "Sci-Fi", "Thriller");
        assertThat(d.users().attribute("twitter_id", d.users().indexOf("2"))).isEqualTo("522540374");
        assertThat(d.interactions().rating(row(d, "1", "1375666"))).isEqualTo(10f);
        assertThat(d.interactions().rating(row(d, "3", "1375666"))).isEqualTo(0f);
        assertThat(d.interactions().timestamp(row(d, "1", "0110912"))).isEqualTo(1381006850L);
        assertThat(d.notes()).containsExactly(MovieTweetingsReader.RATINGS_NOTE);
    }

    @Test
    void goodbooks_reads_titles_authors_original_titles_years_images_tags_and_says_the_file_is_chronological() {
        Path dir = fixture("goodbooks-10k");
        assertThat(DatasetLoader.detect(dir)).isEqualTo(DatasetFormat.GOODBOOKS);
        assertThat(DatasetLoader.locate(dir.resolve("ratings.csv"), null).format()).isEqualTo(DatasetFormat.GOODBOOKS);

        Dataset d = DatasetLoader.load(dir);
        assertThat(d.format()).isEqualTo("goodbooks-10k");
        assertThat(d.domain()).isEqualTo(Domain.BOOK);
        assertThat(d.items().size()).isEqualTo(5);
        assertThat(d.users().size()).isEqualTo(3);
        assertThat(d.interactions().size()).isEqualTo(8);
        assertThat(d.hasTimestamps()).isFalse();
        Items items = d.items();
        int hunger = items.indexOf("1");
        assertThat(items.title(hunger)).isEqualTo("The Hunger Games (The Hunger Games, #1)");
        assertThat(items.year(hunger)).isEqualTo(2008);
        assertThat(items.values(Items.AUTHORS, hunger)).containsExactly("Suzanne Collins");
        assertThat(items.image(hunger)).isEqualTo("https://images.gr-assets.com/books/1447303603m/2767052.jpg");
        assertThat(items.attribute("goodreads_book_id", hunger)).isEqualTo("2767052");
        assertThat(items.attribute("tags", hunger)).isEqualTo("to-read, fantasy, young-adult");
        int potter = items.indexOf("2");
        assertThat(items.values(Items.AUTHORS, potter)).containsExactly("J.K. Rowling", "Mary GrandPr\u00e9");
        assertThat(items.attribute(Items.ORIGINAL_TITLE, potter)).isEqualTo("Harry Potter and the Philosopher's Stone");
        assertThat(items.year(potter)).isEqualTo(1997);
        assertThat(items.attribute("to_read_count", potter)).isEqualTo("1");
        assertThat(items.attribute("tags", potter)).isEqualTo("to-read, favorites, fantasy, young-adult");
        int orwell = items.indexOf("14");
        assertThat(items.title(orwell)).isEqualTo("1984");
        assertThat(items.attribute(Items.ORIGINAL_TITLE, orwell)).isEqualTo("Nineteen Eighty-Four");
        assertThat(items.values(Items.AUTHORS, orwell)).containsExactly("George Orwell", "Erich Fromm", "Cel\u00e2l \u00dcster");
        assertThat(items.attribute("to_read_count", orwell)).isEqualTo("2");
        int iliad = items.indexOf("76");
        assertThat(items.year(iliad)).isZero();
        assertThat(items.attribute("original_publication_year", iliad)).isEqualTo("-750.0");
        int keegan = items.indexOf("9999");
        assertThat(items.attribute(Items.ORIGINAL_TITLE, keegan)).isNull();
        assertThat(items.image(keegan)).isNull();
        assertThat(items.attribute("language_code", keegan)).isNull();
        // The file's order, which the publisher says is time order, is kept for --order file.
        Dataset inOrder = d.inFileOrder();
        int user2 = d.users().indexOf("2");
        assertThat(java.util.Arrays.stream(inOrder.rowsOf(user2)).mapToObj(r -> d.items().id(d.interactions().item(r))))
                .containsExactly("1", "14", "9999", "2");
        assertThat(d.notes()).contains(GoodbooksReader.CHRONOLOGICAL_NOTE, GoodbooksReader.SCALE_NOTE);
        assertThat(d.notes()).anyMatch(n -> n.contains("\"nophoto\" placeholder: 1;"));
        assertThat(d.notes()).anyMatch(n -> n.startsWith("to_read.csv's 3 (user, book) pairs"));
    }

    @Test
    void book_crossing_reads_windows_1252_repairs_the_dumps_escapes_and_says_what_it_left_out() throws IOException {
        Path dir = fixture("book-crossing");
        // The accents really are single Windows-1252 bytes on disk (not UTF-8).
        assertThat(Files.readAllBytes(dir.resolve("BX-Books.csv"))).contains((byte) 0xE9, (byte) 0x92);
        assertThat(DatasetLoader.detect(dir)).isEqualTo(DatasetFormat.BOOK_CROSSING);
        assertThat(DatasetLoader.locate(dir.resolve("BX-Book-Ratings.csv"), null))
                .isEqualTo(new DatasetLoader.Source(DatasetFormat.BOOK_CROSSING, dir));

        Dataset d = DatasetLoader.load(dir);
        assertThat(d.format()).isEqualTo("book-crossing");
        assertThat(d.domain()).isEqualTo(Domain.BOOK);
        assertThat(d.items().size()).isEqualTo(7);
        assertThat(d.users().size()).isEqualTo(6);
        assertThat(d.interactions().size()).isEqualTo(8);
        Items items = d.items();
        int prince = items.indexOf("2070423204");
        assertThat(items.values(Items.AUTHORS, prince)).containsExactly("Antoine de Saint-Exup\u00e9ry");
        assertThat(items.year(prince)).isZero();
        int mummies = items.indexOf("0393045218");
        assertThat(items.attribute("publisher", mummies)).isEqualTo("W. W. Norton & Company");
        assertThat(items.year(mummies)).isEqualTo(1999);
        assertThat(items.image(mummies)).isEqualTo("http://images.amazon.com/images/P/0393045218.01.LZZZZZZZ.jpg");
        int xmen = items.indexOf("078946697X");
        assertThat(items.title(xmen)).isEqualTo("DK Readers: Creating the X-Men, How It All Began (Level 4: Proficient Readers)");
        assertThat(items.values(Items.AUTHORS, xmen)).containsExactly("Michael Teitelbaum");
        assertThat(items.year(xmen)).isEqualTo(2000);
        assertThat(items.attribute("publisher", xmen)).isEqualTo("DK Publishing Inc");
        int frankenstein = items.indexOf("0486282112");
        assertThat(items.title(frankenstein)).isEqualTo("\"Frankenstein\" and the Monster\u2019s Tale");
        assertThat(items.year(frankenstein)).as("2030 is after the 2004 crawl").isZero();

        Users users = d.users();
        int krakow = users.indexOf("9");
        assertThat(users.attribute("location", krakow)).isEqualTo("krak\u00f3w, n/a, poland");
        assertThat(users.attribute("country", krakow)).isEqualTo("poland");
        assertThat(users.attribute("age", krakow)).isEqualTo("34");
        int nyc = users.indexOf("1");
        assertThat(users.attribute("age", nyc)).isNull();
        assertThat(users.attribute("country", nyc)).isEqualTo("usa");
        assertThat(users.attribute("country", users.indexOf("276744"))).as("n/a is no country").isNull();

        // Rating 0 is implicit: kept, without a rating; the ISBN in lower case is matched.
        assertThat(d.interactions().rating(row(d, "2", "0195153448"))).isNaN();
        assertThat(d.interactions().rating(row(d, "9", "078946697X"))).isEqualTo(6f);
        assertThat(d.interactions().rating(row(d, "9", "0486282112"))).isEqualTo(10f);
        assertThat(row(d, "999999", "0440234743")).isEqualTo(-1);
        assertThat(d.notes()).contains(
                "Book-Rating 0 is an implicit interaction (the publisher: 1-10 explicit, 0 implicit): 3 of the 8"
                        + " interactions read are implicit and have no rating (NaN).",
                "Ratings left out because their ISBN is not in BX-Books.csv (no title to show): 2, of 2 distinct ISBNs.",
                "Ratings left out because their user is not in BX-Users.csv: 1.",
                "Users without an Age (NULL): 3.");
    }

    @Test
    void book_crossing_ages_outside_5_to_100_years_are_unknown_and_counted(@TempDir Path tmp) throws IOException {
        Path copy = Files.createDirectories(tmp.resolve("book-crossing"));
        for (String f : new String[] {"BX-Book-Ratings.csv", "BX-Books.csv", "BX-Users.csv"}) {
            Files.copy(fixture("book-crossing").resolve(f), copy.resolve(f));
        }
        Files.writeString(copy.resolve("BX-Users.csv"), "\"5\";\"seattle, washington, usa\";\"244\"\r\n"
                + "\"6\";\"lyon, n/a, france\";\"0\"\r\n", StandardCharsets.ISO_8859_1, java.nio.file.StandardOpenOption.APPEND);

        Dataset d = DatasetLoader.load(copy);

        assertThat(d.users().attribute("age", d.users().indexOf("5"))).isNull();
        assertThat(d.users().attribute("age", d.users().indexOf("6"))).isNull();
        assertThat(d.users().attribute("age", d.users().indexOf("9"))).isEqualTo("34");
        assertThat(d.notes()).contains("Users whose Age is outside 5-100 years, read as unknown (the dump holds ages"
                + " such as 0 and 244): 2.");
    }

    @Test
    void lastfm_reads_artists_listening_counts_latin1_tags_and_first_tag_times() {
        Path dir = fixture("lastfm-hetrec");
        assertThat(DatasetLoader.detect(dir)).isEqualTo(DatasetFormat.LASTFM_HETREC);
        assertThat(DatasetLoader.locate(dir.resolve("user_artists.dat"), null).format()).isEqualTo(DatasetFormat.LASTFM_HETREC);

        Dataset d = DatasetLoader.load(dir);
        assertThat(d.format()).isEqualTo("lastfm-hetrec");
        assertThat(d.domain()).isEqualTo(Domain.ARTIST);
        assertThat(d.items().size()).isEqualTo(4);
        assertThat(d.users().size()).isEqualTo(3);
        assertThat(d.interactions().size()).isEqualTo(5);
        Items items = d.items();
        int sigur = items.indexOf("292");
        assertThat(items.title(sigur)).isEqualTo("Sigur R\u00f3s");
        assertThat(items.image(sigur)).isNull();
        assertThat(items.attribute("tags", sigur)).isEqualTo("chanson fran\u00e7aise");
        int malice = items.indexOf("1");
        assertThat(items.image(malice)).isEqualTo("http://userserve-ak.last.fm/serve/252/10808.jpg");
        assertThat(items.attribute("lastfm_url", malice)).isEqualTo("http://www.last.fm/music/MALICE+MIZER");
        assertThat(items.attribute("tags", malice)).isEqualTo("metal, visual kei");
        assertThat(items.attribute("tags", items.indexOf("89"))).isEqualTo("pop");

        Interactions in = d.interactions();
        assertThat(in.rating(row(d, "2", "1"))).isEqualTo(13883f);
        // The earlier of the user's two tag times for MALICE MIZER.
        assertThat(in.timestamp(row(d, "2", "1"))).isEqualTo(1233442800L);
        assertThat(in.timestamp(row(d, "3", "292"))).isEqualTo(1246399200L);
        assertThat(in.timestamp(row(d, "3", "2"))).as("never tagged").isZero();
        assertThat(in.timestamp(row(d, "4", "89"))).as("user 4 tagged another artist").isZero();
        assertThat(d.notes()).contains(LastFmReader.WEIGHT_NOTE);
        assertThat(d.notes()).anyMatch(n -> n.contains("2 of the 5 interactions were never tagged"));
        assertThat(d.notes()).anyMatch(n -> n.contains("not in artists.dat (they give no tags): 1."));
    }

    @Test
    void dataset_stats_prints_the_notes_and_summarises_listening_counts_and_formats_lists_the_new_ids(@TempDir Path tmp)
            throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String lastfm = fixture("lastfm-hetrec").toString();
        assertThat(RecPromptCli.run(new String[] {"dataset", "stats", lastfm}, new PrintWriter(out), new PrintWriter(err)))
                .as(err.toString()).isZero();
        assertThat(out.toString()).contains("- " + LastFmReader.WEIGHT_NOTE);
        assertThat(out.toString()).contains("ratings          1: 1  4: 1  212: 1  11690: 1  13883: 1");
        // Thirty distinct listening counts are summarised rather than listed.
        Path many = Files.createDirectories(tmp.resolve("lastfm"));
        Files.copy(fixture("lastfm-hetrec").resolve("artists.dat"), many.resolve("artists.dat"));
        StringBuilder ua = new StringBuilder("userID\tartistID\tweight\n");
        for (int u = 1; u <= 30; u++) {
            ua.append(u).append("\t1\t").append(u * 7).append('\n');
        }
        Files.writeString(many.resolve("user_artists.dat"), ua);
        out.getBuffer().setLength(0);
        assertThat(RecPromptCli.run(new String[] {"dataset", "stats", many.toString()}, new PrintWriter(out),
                new PrintWriter(err))).as(err.toString()).isZero();
        assertThat(out.toString()).contains("ratings          30 distinct values from 7 to 210 (all in --json)");

        out.getBuffer().setLength(0);
        assertThat(RecPromptCli.run(new String[] {"dataset", "stats", fixture("book-crossing").toString(), "--json"},
                new PrintWriter(out), new PrintWriter(err))).as(err.toString()).isZero();
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertThat(j.get("notes").get(0).asText()).startsWith("Book-Rating 0 is an implicit interaction");
        assertThat(j.get("ratings").has("0")).as("implicit rows have no rating").isFalse();

        out.getBuffer().setLength(0);
        assertThat(RecPromptCli.run(new String[] {"dataset", "formats"}, new PrintWriter(out), new PrintWriter(err))).isZero();
        assertThat(out.toString()).contains("movietweetings ", "goodbooks-10k ", "book-crossing ", "lastfm-hetrec ");
    }

    @Test
    void the_movietweetings_repository_archive_is_read_from_latest(@TempDir Path tmp) throws IOException {
        Path repo = tmp.resolve("MovieTweetings-master");
        Path snapshot = fixture("movietweetings").resolve("snapshots/100K");
        for (String folder : new String[] {"latest", "snapshots/10K"}) {
            Files.createDirectories(repo.resolve(folder));
            for (String f : new String[] {"movies.dat", "users.dat", "ratings.dat"}) {
                Files.copy(snapshot.resolve(f), repo.resolve(folder).resolve(f));
            }
        }
        Files.writeString(repo.resolve("README.md"), "MovieTweetings\n");
        assertThat(DatasetLoader.locate(tmp, null))
                .isEqualTo(new DatasetLoader.Source(DatasetFormat.MOVIETWEETINGS, repo.resolve("latest")));
        assertThat(DatasetLoader.load(tmp).interactions().size()).isEqualTo(8);
    }

    @Test
    void movielens_1m_and_10m_folders_are_still_movielens(@TempDir Path tmp) throws IOException {
        Path ml1m = Files.createDirectories(tmp.resolve("ml-1m"));
        Files.writeString(ml1m.resolve("users.dat"), "1::F::1::10::48067\n", StandardCharsets.UTF_8);
        Files.writeString(ml1m.resolve("ratings.dat"), "1::1::5::978300760\n", StandardCharsets.UTF_8);
        assertThat(DatasetLoader.detect(ml1m)).isEqualTo(DatasetFormat.MOVIELENS_DAT);
        Path ml10m = Files.createDirectories(tmp.resolve("ml-10m"));
        Files.writeString(ml10m.resolve("movies.dat"), "1::Toy Story (1995)::Comedy\n", StandardCharsets.UTF_8);
        Files.writeString(ml10m.resolve("ratings.dat"), "1::1::5::838985046\n1::1::4.5::838983525\n", StandardCharsets.UTF_8);
        assertThat(DatasetLoader.detect(ml10m)).isEqualTo(DatasetFormat.MOVIELENS_DAT);
        // Without users.dat, a rating above 5 tells MovieTweetings, as do zero-padded IMDb ids.
        Files.writeString(ml10m.resolve("ratings.dat"), "1::1::5::838985046\n2::1::7::838983525\n", StandardCharsets.UTF_8);
        assertThat(DatasetLoader.detect(ml10m)).isEqualTo(DatasetFormat.MOVIETWEETINGS);
        Files.writeString(ml10m.resolve("ratings.dat"), "1::0110912::5::838985046\n", StandardCharsets.UTF_8);
        Files.writeString(ml10m.resolve("movies.dat"), "0110912::Pulp Fiction (1994)::Crime\n", StandardCharsets.UTF_8);
        assertThat(DatasetLoader.detect(ml10m)).isEqualTo(DatasetFormat.MOVIETWEETINGS);
    }
}
