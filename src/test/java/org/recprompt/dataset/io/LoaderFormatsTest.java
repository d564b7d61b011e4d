package org.recprompt.dataset.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.Interactions;
import org.recprompt.dataset.Items;
import org.recprompt.dataset.Users;

/**
 * Every supported format, read from small hand-written fixtures whose every value is asserted.
 * Interaction rows keep the order of the ratings file, so row k below is line k of the data
 * (after the header, where there is one).
 */
class LoaderFormatsTest {

    @TempDir
    Path tmp;

    // ---------------------------------------------------------------- MovieLens 100K

    /** The 19 ml-100k genres in u.genre order. */
    static final List<String> ML100K_GENRES = List.of("unknown", "Action", "Adventure", "Animation", "Children's",
            "Comedy", "Crime", "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance",
            "Sci-Fi", "Thriller", "War", "Western");

    /** The 19 '|'-separated flags of u.item with a 1 at the given genre indices. */
    static String flags(int... on) {
        String[] f = new String[19];
        Arrays.fill(f, "0");
        for (int g : on) {
            f[g] = "1";
        }
        return String.join("|", f);
    }

    /** Writes an ml-100k folder: u.item deliberately lists item 10 before item 2. */
    Path ml100k(Path dir) throws IOException {
        Files.createDirectories(dir);
        StringBuilder genre = new StringBuilder();
        for (int g = 0; g < ML100K_GENRES.size(); g++) {
            genre.append(ML100K_GENRES.get(g)).append('|').append(g).append('\n');
        }
        write(dir.resolve("u.genre"), genre.toString());
        writeLatin1(dir.resolve("u.item"), ""
                + "1|Toy Story (1995)|01-Jan-1995||http://us.imdb.com/M/title-exact?Toy%20Story%20(1995)|" + flags(3, 4, 5) + "\n"
                + "10|Nameless|01-Jan-1994||http://x/10|" + flags(0) + "\n"
                + "2|Café (1995)|01-Jan-1995||http://x/2|" + flags(8) + "\n"
                + "3|Heat (1995)|15-Dec-1995|||" + flags(1, 6, 16) + "\n"
                + "4|Sabrina (1995)|01-Jan-1995||http://x/4|" + flags() + "\n");
        write(dir.resolve("u.user"), ""
                + "1|24|M|technician|85711\n"
                + "2|53|F|other|94043\n"
                + "3|23|M|writer|32067\n");
        write(dir.resolve("u.data"), ""
                + "1\t10\t4\t881250950\n" // row 0
                + "1\t2\t3\t881250950\n" // row 1: same second as row 0
                + "1\t1\t5\t881250949\n" // row 2: user 1's oldest
                + "2\t1\t4\t881250960\n" // row 3
                + "2\t3\t2\t881250970\n" // row 4
                + "3\t1\t1\t881250980\n" // row 5
                + "3\t2\t5\t881250990\n" // row 6
                + "3\t3\t3\t881250985\n"); // row 7
        return dir;
    }

    @Test
    void movielens_100k_is_read_with_latin1_titles_19_genre_flags_and_user_attributes() throws IOException {
        Path dir = ml100k(tmp.resolve("ml-100k"));
        // The accented title really is one Latin-1 byte 0xE9 on disk, which is not valid UTF-8.
        assertThat(new String(Files.readAllBytes(dir.resolve("u.item")), StandardCharsets.ISO_8859_1)).contains("Caf\u00e9");
        assertThat(Files.readAllBytes(dir.resolve("u.item"))).contains((byte) 0xE9);

        assertThat(DatasetLoader.detect(dir)).isEqualTo(DatasetFormat.MOVIELENS_100K);
        assertThat(DatasetLoader.locate(dir, null)).isEqualTo(new DatasetLoader.Source(DatasetFormat.MOVIELENS_100K, dir));
        assertThat(DatasetLoader.locate(dir.resolve("u.data"), null).format()).isEqualTo(DatasetFormat.MOVIELENS_100K);

        Dataset d = DatasetLoader.load(dir);
        assertThat(d.name()).isEqualTo("ml-100k");
        assertThat(d.format()).isEqualTo("movielens-100k");

        Items items = d.items();
        assertThat(items.size()).isEqualTo(5);
        assertThat(items.genreNames()).containsExactlyElementsOf(ML100K_GENRES);
        assertThat(ids(items)).containsExactly("1", "10", "2", "3", "4");
        int toy = items.indexOf("1");
        assertThat(items.title(toy)).isEqualTo("Toy Story (1995)");
        assertThat(items.year(toy)).isEqualTo(1995);
        assertThat(items.genreNamesOf(toy)).containsExactly("Animation", "Children's", "Comedy");
        assertThat(items.attributes().get("imdb_url")[toy]).isEqualTo("http://us.imdb.com/M/title-exact?Toy%20Story%20(1995)");
        assertThat(items.attributes().get("release_date")[toy]).isEqualTo("01-Jan-1995");
        int cafe = items.indexOf("2");
        assertThat(items.title(cafe)).isEqualTo("Caf\u00e9 (1995)");
        assertThat(items.genreNamesOf(cafe)).containsExactly("Drama");
        // No year in the title: the year comes from the release date 01-Jan-1994.
        int nameless = items.indexOf("10");
        assertThat(items.title(nameless)).isEqualTo("Nameless");
        assertThat(items.year(nameless)).isEqualTo(1994);
        assertThat(items.genreNamesOf(nameless)).containsExactly("unknown");
        int heat = items.indexOf("3");
        assertThat(items.genreNamesOf(heat)).containsExactly("Action", "Crime", "Thriller");
        assertThat(items.attributes().get("imdb_url")[heat]).isNull();
        assertThat(items.genreNamesOf(items.indexOf("4"))).isEmpty();
        assertThat(items.indexOf("99")).isEqualTo(-1);

        Users users = d.users();
        assertThat(users.size()).isEqualTo(3);
        int u1 = users.indexOf("1");
        assertThat(users.attribute("age", u1)).isEqualTo("24");
        assertThat(users.attribute("gender", u1)).isEqualTo("M");
        assertThat(users.attribute("occupation", u1)).isEqualTo("technician");
        assertThat(users.attribute("zip", u1)).isEqualTo("85711");
        assertThat(users.attribute("gender", users.indexOf("2"))).isEqualTo("F");
        assertThat(users.attribute("occupation", users.indexOf("3"))).isEqualTo("writer");
        assertThat(users.attribute("no-such-attribute", u1)).isNull();

        Interactions in = d.interactions();
        assertThat(in.size()).isEqualTo(8);
        assertThat(userIds(d)).containsExactly("1", "1", "1", "2", "2", "3", "3", "3");
        assertThat(itemIds(d)).containsExactly("10", "2", "1", "1", "3", "1", "2", "3");
        assertThat(in.ratings()).containsExactly(4f, 3f, 5f, 4f, 2f, 1f, 5f, 3f);
        assertThat(in.timestamps()).containsExactly(881250950L, 881250950L, 881250949L, 881250960L, 881250970L,
                881250980L, 881250990L, 881250985L);
        assertThat(d.countOf(u1)).isEqualTo(3);
        // Item counts by internal index (ids 1, 10, 2, 3, 4): item 1 rated by users 1, 2, 3.
        assertThat(d.itemCounts()).containsExactly(3, 1, 2, 2, 0);
    }

    @Test
    void a_users_rows_are_ordered_by_timestamp_then_by_numeric_item_id() throws IOException {
        Dataset d = DatasetLoader.load(ml100k(tmp.resolve("ml-100k")));
        // User 1: row 2 (t=...949) first; rows 0 (item 10) and 1 (item 2) share t=...950, and item 2 < item 10
        // numerically although "10" < "2" as strings, item 10 has the lower internal index and row 0 comes first.
        assertThat(d.rowsOf(d.users().indexOf("1"))).containsExactly(2, 1, 0);
        assertThat(d.rowsOf(d.users().indexOf("2"))).containsExactly(3, 4);
        // User 3: t=980 (row 5), 985 (row 7), 990 (row 6).
        assertThat(d.rowsOf(d.users().indexOf("3"))).containsExactly(5, 7, 6);
    }

    @Test
    void implicit_keeps_only_ratings_at_or_above_the_threshold_and_keeps_users_and_items() throws IOException {
        Dataset d = DatasetLoader.load(ml100k(tmp.resolve("ml-100k")));
        Dataset implicit = d.implicit(4f);
        // Ratings 4,3,5,4,2,1,5,3: rows 0 (4), 2 (5), 3 (4) and 6 (5) are >= 4.
        assertThat(implicit.interactions().ratings()).containsExactly(4f, 5f, 4f, 5f);
        assertThat(userIds(implicit)).containsExactly("1", "1", "2", "3");
        assertThat(itemIds(implicit)).containsExactly("10", "1", "1", "2");
        assertThat(implicit.interactions().timestamps()).containsExactly(881250950L, 881250949L, 881250960L, 881250990L);
        assertThat(implicit.users().size()).isEqualTo(3);
        assertThat(implicit.items().size()).isEqualTo(5);
        assertThat(implicit.name()).isEqualTo("ml-100k (rating >= 4.0)");
        assertThat(implicit.format()).isEqualTo("movielens-100k");
        // User 2 keeps one row (rating 4 of item 1), which is row 2 of the new dataset.
        assertThat(implicit.rowsOf(implicit.users().indexOf("2"))).containsExactly(2);
        assertThat(implicit.countOf(implicit.users().indexOf("1"))).isEqualTo(2);
        // The original is unchanged.
        assertThat(d.interactions().size()).isEqualTo(8);
    }

    // ---------------------------------------------------------------- MovieLens 1M (.dat)

    Path ml1m(Path dir) throws IOException {
        Files.createDirectories(dir);
        writeLatin1(dir.resolve("movies.dat"), ""
                + "1::Toy Story (1995)::Animation|Children's|Comedy\n"
                + "2::Am\u00e9lie (2001)::Comedy|Romance\n"
                + "3::Heat (1995)::Action|Crime|Thriller\n"
                + "4::Sabrina (1995)::Comedy|Romance\n");
        write(dir.resolve("users.dat"), ""
                + "1::F::1::10::48067\n"
                + "2::M::56::16::70072\n"
                + "3::M::25::15::55117\n");
        write(dir.resolve("ratings.dat"), ""
                + "1::1::5::978300760\n"
                + "1::2::3::978302109\n"
                + "2::3::4::978301968\n"
                + "2::1::3::978300275\n"
                + "3::4::2::978824291\n"
                + "3::1::4::978300760\n"
                + "3::2::5::978300761\n"
                + "1::4::1::978300760\n");
        return dir;
    }

    @Test
    void movielens_1m_dat_files_are_read_with_latin1_titles_and_pipe_separated_genres() throws IOException {
        Path dir = ml1m(tmp.resolve("ml-1m"));
        assertThat(DatasetLoader.detect(dir)).isEqualTo(DatasetFormat.MOVIELENS_DAT);
        assertThat(DatasetLoader.locate(dir.resolve("ratings.dat"), null))
                .isEqualTo(new DatasetLoader.Source(DatasetFormat.MOVIELENS_DAT, dir));

        Dataset d = DatasetLoader.load(dir);
        assertThat(d.format()).isEqualTo("movielens-dat");
        assertThat(d.name()).isEqualTo("ml-1m");
        Items items = d.items();
        assertThat(ids(items)).containsExactly("1", "2", "3", "4");
        assertThat(items.title(0)).isEqualTo("Toy Story (1995)");
        assertThat(items.year(0)).isEqualTo(1995);
        assertThat(items.genreNamesOf(0)).containsExactly("Animation", "Children's", "Comedy");
        assertThat(items.title(1)).isEqualTo("Am\u00e9lie (2001)");
        assertThat(items.year(1)).isEqualTo(2001);
        assertThat(items.genreNamesOf(1)).containsExactly("Comedy", "Romance");
        assertThat(items.genreNamesOf(2)).containsExactly("Action", "Crime", "Thriller");
        // The vocabulary is in first-seen order.
        assertThat(items.genreNames()).containsExactly("Animation", "Children's", "Comedy", "Romance", "Action", "Crime",
                "Thriller");

        Users users = d.users();
        assertThat(users.size()).isEqualTo(3);
        int u2 = users.indexOf("2");
        assertThat(users.attribute("gender", u2)).isEqualTo("M");
        assertThat(users.attribute("age", u2)).isEqualTo("56+");
        assertThat(users.attribute("occupation", u2)).isEqualTo("self-employed");
        assertThat(users.attribute("zip", u2)).isEqualTo("70072");
        assertThat(users.attribute("gender", users.indexOf("1"))).isEqualTo("F");

        assertThat(d.interactions().size()).isEqualTo(8);
        assertThat(userIds(d)).containsExactly("1", "1", "2", "2", "3", "3", "3", "1");
        assertThat(itemIds(d)).containsExactly("1", "2", "3", "1", "4", "1", "2", "4");
        assertThat(d.interactions().ratings()).containsExactly(5f, 3f, 4f, 3f, 2f, 4f, 5f, 1f);
        assertThat(d.interactions().timestamps()).containsExactly(978300760L, 978302109L, 978301968L, 978300275L,
                978824291L, 978300760L, 978300761L, 978300760L);
        // User 1: rows 0 (item 1) and 7 (item 4) share t=978300760, item 1 first; then row 1 (978302109).
        assertThat(d.rowsOf(users.indexOf("1"))).containsExactly(0, 7, 1);
        // User 3: row 5 (760), row 6 (761), row 4 (978824291).
        assertThat(d.rowsOf(users.indexOf("3"))).containsExactly(5, 6, 4);
    }

    @Test
    void a_folder_holding_one_sub_folder_is_descended_into() throws IOException {
        Path outer = tmp.resolve("download");
        Path inner = ml1m(outer.resolve("ml-1m"));
        // What zips unpack next to the real folder is ignored.
        Files.createDirectories(outer.resolve("__MACOSX"));
        write(outer.resolve(".DS_Store"), "x");

        assertThat(DatasetLoader.locate(outer, null)).isEqualTo(new DatasetLoader.Source(DatasetFormat.MOVIELENS_DAT, inner));
        Dataset d = DatasetLoader.load(outer);
        assertThat(d.interactions().size()).isEqualTo(8);
        assertThat(d.items().title(d.items().indexOf("3"))).isEqualTo("Heat (1995)");

        // Two levels deep works too.
        Path deeper = tmp.resolve("deeper");
        ml1m(deeper.resolve("a").resolve("ml-1m"));
        assertThat(DatasetLoader.locate(deeper, null).path()).isEqualTo(deeper.resolve("a").resolve("ml-1m"));
    }

    // ---------------------------------------------------------------- MovieLens latest (CSV)

    Path mlLatest(Path dir) throws IOException {
        Files.createDirectories(dir);
        write(dir.resolve("movies.csv"), ""
                + "movieId,title,genres\n"
                + "1,Toy Story (1995),Adventure|Animation|Children|Comedy|Fantasy\n"
                + "11,\"American President, The (1995)\",Comedy|Drama|Romance\n"
                + "73,\"Mis\u00e9rables, Les (1995)\",Drama|War\n"
                + "200,Unseen (2010),(no genres listed)\n"
                + "9,Babylon 5,Sci-Fi\n");
        write(dir.resolve("ratings.csv"), ""
                + "userId,movieId,rating,timestamp\n"
                + "1,1,4.0,964982703\n"
                + "1,11,4.5,964981247\n"
                + "1,73,0.5,964982224\n"
                + "2,1,3.0,1445714835\n"
                + "2,9,2.5,1445714835\n"
                + "3,11,5.0,1306463578\n"
                + "3,1,3.5,1306463500\n"
                + "3,73,4.0,1306463600\n");
        write(dir.resolve("tags.csv"), ""
                + "userId,movieId,tag,timestamp\n"
                + "1,1,pixar,1139045764\n"
                + "2,1,Pixar,1139045765\n"
                + "2,1,fun,1139045766\n"
                + "3,11,politics,1139045767\n"
                + "3,999,unknown movie,1139045768\n");
        write(dir.resolve("links.csv"), ""
                + "movieId,imdbId,tmdbId\n"
                + "1,0114709,862\n"
                + "11,0112346,9087\n");
        return dir;
    }

    @Test
    void a_broken_tags_or_links_file_is_named_although_it_is_read_beside_the_ratings() throws IOException {
        Path dir = mlLatest(tmp.resolve("ml-broken-tags"));
        write(dir.resolve("tags.csv"), "userId,movieId,label,timestamp\n1,1,pixar,1139045764\n");
        DatasetFormatException tags = org.assertj.core.api.Assertions.catchThrowableOfType(DatasetFormatException.class,
                () -> DatasetLoader.load(dir));
        assertThat(tags.file()).isEqualTo(dir.resolve("tags.csv"));
        assertThat(tags.getMessage()).contains("the header has no column 'tag'");

        Path other = mlLatest(tmp.resolve("ml-broken-links"));
        write(other.resolve("links.csv"), "movieId,imdbId,tmdbId\n1,0114709\n");
        DatasetFormatException links = org.assertj.core.api.Assertions.catchThrowableOfType(DatasetFormatException.class,
                () -> DatasetLoader.load(other));
        assertThat(links.file()).isEqualTo(other.resolve("links.csv"));
        assertThat(links.line()).isEqualTo(2);

        Path both = mlLatest(tmp.resolve("ml-broken-ratings-and-tags"));
        write(both.resolve("tags.csv"), "userId,movieId,label\n");
        write(both.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n1,1,four,964982703\n");
        DatasetFormatException first = org.assertj.core.api.Assertions.catchThrowableOfType(DatasetFormatException.class,
                () -> DatasetLoader.load(both));
        assertThat(first.file()).as("the ratings are reported first, as when the files were read in turn")
                .isEqualTo(both.resolve("ratings.csv"));
    }

    @Test
    void movielens_latest_csv_is_read_with_quoted_titles_no_genres_tags_and_links() throws IOException {
        Path dir = mlLatest(tmp.resolve("ml-latest-small"));
        assertThat(DatasetLoader.detect(dir)).isEqualTo(DatasetFormat.MOVIELENS_CSV);
        assertThat(DatasetLoader.locate(dir.resolve("ratings.csv"), null))
                .isEqualTo(new DatasetLoader.Source(DatasetFormat.MOVIELENS_CSV, dir));

        Dataset d = DatasetLoader.load(dir);
        assertThat(d.format()).isEqualTo("movielens-csv");
        Items items = d.items();
        assertThat(ids(items)).containsExactly("1", "11", "73", "200", "9");
        int toy = items.indexOf("1");
        assertThat(items.title(toy)).isEqualTo("Toy Story (1995)");
        assertThat(items.year(toy)).isEqualTo(1995);
        assertThat(items.genreNamesOf(toy)).containsExactly("Adventure", "Animation", "Children", "Comedy", "Fantasy");
        int president = items.indexOf("11");
        assertThat(items.title(president)).isEqualTo("American President, The (1995)");
        assertThat(items.year(president)).isEqualTo(1995);
        assertThat(items.genreNamesOf(president)).containsExactly("Comedy", "Drama", "Romance");
        assertThat(items.title(items.indexOf("73"))).isEqualTo("Mis\u00e9rables, Les (1995)");
        int unseen = items.indexOf("200");
        assertThat(items.genreNamesOf(unseen)).isEmpty();
        assertThat(items.year(unseen)).isEqualTo(2010);
        assertThat(items.genreNames()).doesNotContain("(no genres listed)")
                .containsExactly("Adventure", "Animation", "Children", "Comedy", "Fantasy", "Drama", "Romance", "War",
                        "Sci-Fi");
        // A title without "(year)" has year 0.
        assertThat(items.year(items.indexOf("9"))).isZero();

        // tags.csv: item 1 has pixar twice (case folded) and fun once; the unknown movie 999 is ignored.
        assertThat(items.attributes().get("tags")[toy]).isEqualTo("pixar, fun");
        assertThat(items.attributes().get("tags")[president]).isEqualTo("politics");
        assertThat(items.attributes().get("tags")[unseen]).isNull();
        // links.csv: ids kept as text, leading zeros included.
        assertThat(items.attributes().get("imdb_id")[toy]).isEqualTo("0114709");
        assertThat(items.attributes().get("tmdb_id")[toy]).isEqualTo("862");
        assertThat(items.attributes().get("imdb_id")[president]).isEqualTo("0112346");
        assertThat(items.attributes().get("imdb_id")[unseen]).isNull();

        // No users file: users are the ids of ratings.csv in first-seen order, without attributes.
        assertThat(d.users().size()).isEqualTo(3);
        assertThat(d.users().id(0)).isEqualTo("1");
        assertThat(d.users().attribute("age", 0)).isNull();

        assertThat(d.interactions().size()).isEqualTo(8);
        assertThat(itemIds(d)).containsExactly("1", "11", "73", "1", "9", "11", "1", "73");
        assertThat(d.interactions().ratings()).containsExactly(4.0f, 4.5f, 0.5f, 3.0f, 2.5f, 5.0f, 3.5f, 4.0f);
        assertThat(d.interactions().timestamps()).containsExactly(964982703L, 964981247L, 964982224L, 1445714835L,
                1445714835L, 1306463578L, 1306463500L, 1306463600L);
        // User 1: 964981247 (row 1), 964982224 (row 2), 964982703 (row 0).
        assertThat(d.rowsOf(0)).containsExactly(1, 2, 0);
        // User 2: both rows at 1445714835; item 1 before item 9.
        assertThat(d.rowsOf(1)).containsExactly(3, 4);
        // User 3: 500 (row 6), 578 (row 5), 600 (row 7).
        assertThat(d.rowsOf(2)).containsExactly(6, 5, 7);
    }

    @Test
    void a_ratings_csv_without_movies_csv_is_generic_csv() throws IOException {
        Path dir = tmp.resolve("plain");
        write(dir.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n1,5,4.0,100\n");
        assertThat(DatasetLoader.detect(dir)).isEqualTo(DatasetFormat.CSV);
        assertThat(DatasetLoader.locate(dir.resolve("ratings.csv"), null))
                .isEqualTo(new DatasetLoader.Source(DatasetFormat.CSV, dir.resolve("ratings.csv")));
        Dataset d = DatasetLoader.load(dir);
        assertThat(d.format()).isEqualTo("csv");
        assertThat(d.items().id(0)).isEqualTo("5");
        assertThat(d.interactions().ratings()).containsExactly(4.0f);
    }

    // ---------------------------------------------------------------- RecBole

    Path recbole(Path dir) throws IOException {
        Files.createDirectories(dir);
        write(dir.resolve("x.inter"), ""
                + "user_id:token\titem_id:token\trating:float\ttimestamp:float\n"
                + "1\t10\t3.0\t881250949.0\n"
                + "1\t9\t4.0\t881250949.0\n"
                + "2\t1\t5.0\t881250950\n"
                + "2\t10\t1.0\t881250940\n"
                + "3\t2\t2.0\t881251000\n"
                + "3\t1\t4.5\t881250999\n"
                + "1\t2\t3.5\t881250900\n"
                + "3\t9\t5.0\t881251001\n");
        write(dir.resolve("x.item"), ""
                + "item_id:token\tmovie_title:token_seq\trelease_year:token\tgenre:token_seq\n"
                + "1\tToy Story\t1995\tAnimation Children's Comedy\n"
                + "2\tGoldenEye\t1995\tAction Adventure Thriller\n"
                + "10\tTen Things\t\t\n"
                + "9\tNine Months\t1995\tComedy Romance\n"
                + "5\tNever Rated\t1990\tDrama\n");
        write(dir.resolve("x.user"), ""
                + "user_id:token\tage:token\tgender:token\toccupation:token\tzip_code:token\n"
                + "1\t24\tM\ttechnician\t85711\n"
                + "2\t53\tF\tother\t94043\n"
                + "3\t23\tM\twriter\t32067\n");
        return dir;
    }

    @Test
    void recbole_atomic_files_are_read_with_typed_headers() throws IOException {
        Path dir = recbole(tmp.resolve("ml-recbole"));
        assertThat(DatasetLoader.detect(dir)).isEqualTo(DatasetFormat.RECBOLE);
        assertThat(DatasetLoader.locate(dir, null)).isEqualTo(new DatasetLoader.Source(DatasetFormat.RECBOLE, dir.resolve("x.inter")));
        assertThat(DatasetLoader.locate(dir.resolve("x.inter"), null).format()).isEqualTo(DatasetFormat.RECBOLE);

        Dataset d = DatasetLoader.load(dir);
        assertThat(d.format()).isEqualTo("recbole");
        assertThat(d.name()).isEqualTo("ml-recbole");
        Items items = d.items();
        assertThat(ids(items)).containsExactly("1", "2", "10", "9", "5");
        assertThat(items.title(0)).isEqualTo("Toy Story");
        assertThat(items.year(0)).isEqualTo(1995);
        assertThat(items.genreNamesOf(0)).containsExactly("Animation", "Children's", "Comedy");
        assertThat(items.genreNamesOf(1)).containsExactly("Action", "Adventure", "Thriller");
        int ten = items.indexOf("10");
        assertThat(items.title(ten)).isEqualTo("Ten Things");
        assertThat(items.year(ten)).isZero();
        assertThat(items.genreNamesOf(ten)).isEmpty();
        assertThat(items.year(items.indexOf("5"))).isEqualTo(1990);

        Users users = d.users();
        assertThat(users.size()).isEqualTo(3);
        int u2 = users.indexOf("2");
        assertThat(users.attribute("age", u2)).isEqualTo("53");
        assertThat(users.attribute("gender", u2)).isEqualTo("F");
        assertThat(users.attribute("occupation", u2)).isEqualTo("other");
        assertThat(users.attribute("zip_code", u2)).isEqualTo("94043");
        assertThat(users.attribute("user_id", u2)).isNull();

        assertThat(userIds(d)).containsExactly("1", "1", "2", "2", "3", "3", "1", "3");
        assertThat(itemIds(d)).containsExactly("10", "9", "1", "10", "2", "1", "2", "9");
        assertThat(d.interactions().ratings()).containsExactly(3f, 4f, 5f, 1f, 2f, 4.5f, 3.5f, 5f);
        // Float timestamps become whole seconds.
        assertThat(d.interactions().timestamps()).containsExactly(881250949L, 881250949L, 881250950L, 881250940L,
                881251000L, 881250999L, 881250900L, 881251001L);
        // User 1: row 6 (t=900), then rows 0 (item 10) and 1 (item 9) tie at 949: 9 < 10.
        assertThat(d.rowsOf(users.indexOf("1"))).containsExactly(6, 1, 0);
        assertThat(d.rowsOf(u2)).containsExactly(3, 2);
        assertThat(d.rowsOf(users.indexOf("3"))).containsExactly(5, 4, 7);
    }

    // ---------------------------------------------------------------- generic CSV

    @Test
    void generic_csv_is_read_through_named_columns() throws IOException {
        Path dir = tmp.resolve("shop");
        write(dir.resolve("events.csv"), ""
                + "when,product,visitor,stars,extra\n"
                + "1700000000,i9,u1,5,x\n"
                + "1700000000000,i10,u1,3,x\n" // milliseconds: 1700000000 s
                + "2020-01-01T00:00:00Z,i9,u2,4,x\n" // 1577836800
                + "2020-01-02,i3,u2,1,x\n" // 1577836800 + 86400 = 1577923200
                + "1600000000,i10,u3,2.5,x\n"
                + "1600000001,i3,u3,4,x\n"
                + "1600000002,i9,u3,5,x\n"
                + "1700000001,i3,u1,2,x\n");
        assertThat(DatasetLoader.detect(dir)).isEqualTo(DatasetFormat.CSV);
        assertThat(DatasetLoader.locate(dir, null)).isEqualTo(new DatasetLoader.Source(DatasetFormat.CSV, dir.resolve("events.csv")));

        Dataset d = DatasetLoader.load(dir, null, new ColumnMapping("visitor", "product", "stars", "when", null, true));
        assertThat(d.format()).isEqualTo("csv");
        assertThat(d.users().size()).isEqualTo(3);
        assertThat(ids(d.items())).containsExactly("i9", "i10", "i3");
        // Items known only by id: the title is the id, no year, no genres.
        assertThat(d.items().title(1)).isEqualTo("i10");
        assertThat(d.items().year(1)).isZero();
        assertThat(d.items().genreNamesOf(1)).isEmpty();
        assertThat(userIds(d)).containsExactly("u1", "u1", "u2", "u2", "u3", "u3", "u3", "u1");
        assertThat(itemIds(d)).containsExactly("i9", "i10", "i9", "i3", "i10", "i3", "i9", "i3");
        assertThat(d.interactions().ratings()).containsExactly(5f, 3f, 4f, 1f, 2.5f, 4f, 5f, 2f);
        assertThat(d.interactions().timestamps()).containsExactly(1700000000L, 1700000000L, 1577836800L, 1577923200L,
                1600000000L, 1600000001L, 1600000002L, 1700000001L);
        // u1: rows 0 (i9) and 1 (i10) tie at 1700000000; the ids are not numbers, so "i10" < "i9" as strings.
        assertThat(d.rowsOf(0)).containsExactly(1, 0, 7);
    }

    @Test
    void a_headerless_tsv_is_read_through_column_indices() throws IOException {
        Path file = tmp.resolve("data.tsv");
        // Columns: item, user, timestamp, rating.
        write(file, ""
                + "100\t7\t1600000002\t4.5\n"
                + "200\t7\t1600000001\t3\n"
                + "100\t8\t1600000003\t2\n"
                + "300\t9\t1600000004\t5\n"
                + "200\t9\t1600000004\t1\n");
        assertThat(DatasetLoader.locate(file, null)).isEqualTo(new DatasetLoader.Source(DatasetFormat.CSV, file));

        Dataset d = DatasetLoader.load(file, null, new ColumnMapping("1", "0", "3", "2", null, false));
        assertThat(d.name()).isEqualTo("data");
        // The first line is data, not a header.
        assertThat(d.interactions().size()).isEqualTo(5);
        assertThat(ids(d.items())).containsExactly("100", "200", "300");
        assertThat(userIds(d)).containsExactly("7", "7", "8", "9", "9");
        assertThat(itemIds(d)).containsExactly("100", "200", "100", "300", "200");
        assertThat(d.interactions().ratings()).containsExactly(4.5f, 3f, 2f, 5f, 1f);
        assertThat(d.interactions().timestamps()).containsExactly(1600000002L, 1600000001L, 1600000003L, 1600000004L,
                1600000004L);
        assertThat(d.rowsOf(d.users().indexOf("7"))).containsExactly(1, 0);
        // User 9: both at ...004; item 200 before 300.
        assertThat(d.rowsOf(d.users().indexOf("9"))).containsExactly(4, 3);

        // Without a mapping the positions default to user, item, rating, timestamp.
        Dataset byPosition = DatasetLoader.load(file, DatasetFormat.CSV, new ColumnMapping(null, null, null, null, '\t', false));
        assertThat(ids(byPosition.users())).containsExactly("100", "200", "300");
        assertThat(itemIds(byPosition)).containsExactly("7", "7", "8", "9", "9");
    }

    @Test
    void a_file_without_ratings_has_nan_ratings_and_implicit_keeps_them() throws IOException {
        Path file = tmp.resolve("clicks.csv");
        write(file, "user_id,item_id\nu1,a\nu1,b\nu2,a\n");
        Dataset d = DatasetLoader.load(file);
        assertThat(d.interactions().ratings()).containsExactly(Float.NaN, Float.NaN, Float.NaN);
        assertThat(d.interactions().timestamps()).containsExactly(0L, 0L, 0L);
        assertThat(d.implicit(4f).interactions().size()).isEqualTo(3);
    }

    @Test
    void equal_timestamps_break_ties_by_the_numeric_value_of_the_item_id() throws IOException {
        Path file = tmp.resolve("ties.csv");
        // One user, five items at the same second. Numerically 7 (spelt "007") < 9 < 10 < 100 < 1000.
        write(file, "user_id,item_id,rating,timestamp\n"
                + "u,1000,1,5\n" // row 0
                + "u,10,1,5\n" // row 1
                + "u,007,1,5\n" // row 2
                + "u,100,1,5\n" // row 3
                + "u,9,1,5\n" // row 4
                + "u,1,1,4\n"); // row 5: older
        Dataset d = DatasetLoader.load(file);
        assertThat(d.rowsOf(0)).containsExactly(5, 2, 4, 1, 3, 0);
    }

    // ---------------------------------------------------------------- helpers

    static List<String> ids(Items items) {
        return java.util.stream.IntStream.range(0, items.size()).mapToObj(items::id).toList();
    }

    static List<String> ids(Users users) {
        return java.util.stream.IntStream.range(0, users.size()).mapToObj(users::id).toList();
    }

    static List<String> userIds(Dataset d) {
        return Arrays.stream(d.interactions().users()).mapToObj(d.users()::id).toList();
    }

    static List<String> itemIds(Dataset d) {
        return Arrays.stream(d.interactions().items()).mapToObj(d.items()::id).toList();
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void writeLatin1(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
