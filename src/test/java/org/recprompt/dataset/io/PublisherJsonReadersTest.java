package org.recprompt.dataset.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.Domain;
import org.recprompt.dataset.Items;

/**
 * Amazon 2014, 2018, 2023 and Yelp read from fixtures in the publishers' layouts
 * (src/test/resources/publishers), gzip-compressed here where the publisher compresses.
 */
class PublisherJsonReadersTest {

    @TempDir
    Path tmp;

    /** Copies a fixture file into the folder, gzip-compressed when {@code gzip}; returns the copy. */
    static Path fixture(String resource, Path dir, boolean gzip) throws IOException {
        Files.createDirectories(dir);
        String name = resource.substring(resource.lastIndexOf('/') + 1);
        try (InputStream in = PublisherJsonReadersTest.class.getResourceAsStream("/publishers/" + resource)) {
            assertThat(in).as(resource).isNotNull();
            byte[] bytes = in.readAllBytes();
            Path out = dir.resolve(gzip ? name + ".gz" : name);
            if (gzip) {
                gzip(bytes, out);
            } else {
                Files.write(out, bytes);
            }
            return out;
        }
    }

    static void gzip(byte[] bytes, Path out) throws IOException {
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(out))) {
            o.write(bytes);
        }
    }

    static String title(Dataset d, String id) {
        return d.items().title(d.items().indexOf(id));
    }

    static List<String> genres(Dataset d, String id) {
        return d.items().genreNamesOf(d.items().indexOf(id));
    }

    static long time(Dataset d, String user, String item) {
        for (int row = 0; row < d.interactions().size(); row++) {
            if (d.users().id(d.interactions().user(row)).equals(user) && d.items().id(d.interactions().item(row)).equals(item)) {
                return d.interactions().timestamp(row);
            }
        }
        throw new AssertionError("no interaction " + user + " " + item);
    }

    // ---------------------------------------------------------------- Amazon 2014

    Path amazon2014() throws IOException {
        Path dir = tmp.resolve("amazon14");
        fixture("amazon-2014/reviews_Beauty_5.json", dir, true);
        fixture("amazon-2014/meta_Beauty.json", dir, true);
        return dir;
    }

    @Test
    void amazon_2014_reviews_join_python_literal_metadata() throws IOException {
        Dataset d = DatasetLoader.load(amazon2014());

        assertThat(d.format()).isEqualTo("amazon-2014");
        assertThat(d.name()).isEqualTo("Beauty-5core");
        assertThat(d.domain()).isEqualTo(Domain.PRODUCT);
        assertThat(d.users().size()).isEqualTo(3);
        assertThat(d.items().size()).isEqualTo(4);
        assertThat(d.interactions().size()).isEqualTo(5);
        assertThat(title(d, "7806397051")).isEqualTo("Technic Colour Fix Cream Eyeshadow Palette");
        // double-quoted because of the apostrophe; \xNN runs are UTF-8 bytes
        assertThat(title(d, "9759091062")).isEqualTo("L'Oreal Concealer Palette \u2013 Caf\u00e9 Shades");
        assertThat(d.items().attribute("brand", d.items().indexOf("9759091062"))).isEqualTo("L'Oreal");
        assertThat(title(d, "B00004U9V2")).isEqualTo("Crabtree & Evelyn Hand Therapy");
        assertThat(title(d, "B0000000ZZ")).isEqualTo("B0000000ZZ");
        // the second level of every path; a one-level path gives its only level
        assertThat(genres(d, "9759091062")).containsExactly("Makeup", "Tools & Accessories");
        assertThat(genres(d, "7806397051")).containsExactly("Makeup");
        assertThat(genres(d, "B00004U9V2")).containsExactly("Beauty");
        assertThat(genres(d, "B0000000ZZ")).isEmpty();
        assertThat(d.items().image(d.items().indexOf("7806397051")))
                .isEqualTo("http://ecx.images-amazon.com/images/I/41jw5cK9TTL._SY300_.jpg");
        assertThat(d.items().image(d.items().indexOf("B00004U9V2"))).isNull();
        assertThat(d.items().indexOf("0000000001")).as("never rated").isEqualTo(-1);
        assertThat(time(d, "A1YJEY40YUW4SE", "7806397051")).isEqualTo(1391040000L);
        assertThat(d.interactions().rating(0)).isEqualTo(1.0f);
        assertThat(d.notes()).contains(
                "This is the publisher's 5-core: every user and item has at least 5 reviews.",
                "1 of 4 rated items have no line in meta_Beauty.json.gz; their ASIN stands for the title.",
                "1 item of meta_Beauty.json.gz was never rated and is not in the catalog.");
    }

    @Test
    void amazon_2014_ratings_only_csv_beside_its_metadata_is_detected() throws IOException {
        Path dir = tmp.resolve("ratings14");
        fixture("amazon-2014/meta_Beauty.json", dir, true);
        Files.writeString(dir.resolve("ratings_Beauty.csv"), "A1YJEY40YUW4SE,7806397051,1.0,1391040000\n"
                + "A60XNB876KYML,9759091062,4.0,1397779200\n");

        Dataset d = DatasetLoader.load(dir);

        assertThat(d.format()).isEqualTo("amazon-2014");
        assertThat(d.name()).isEqualTo("Beauty");
        assertThat(d.interactions().size()).isEqualTo(2);
        assertThat(title(d, "7806397051")).isEqualTo("Technic Colour Fix Cream Eyeshadow Palette");
        assertThat(DatasetLoader.load(dir.resolve("ratings_Beauty.csv")).format()).isEqualTo("amazon-2014");
    }

    @Test
    void a_malformed_python_metadata_line_is_named() throws IOException {
        Path dir = tmp.resolve("bad-meta");
        fixture("amazon-2014/reviews_Beauty_5.json", dir, false);
        Files.writeString(dir.resolve("meta_Beauty.json"), "{'asin': '7806397051', 'title': 'ok'}\n"
                + "{'asin': '9759091062', 'title': 'unterminated}\n");

        DatasetFormatException e = catchThrowableOfType(DatasetFormatException.class, () -> DatasetLoader.load(dir));

        assertThat(e.getMessage()).contains("meta_Beauty.json line 2: is not a Python dict literal").doesNotContain("unterminated");
        assertThat(e.line()).isEqualTo(2);
    }

    // ---------------------------------------------------------------- Amazon 2018

    @Test
    void amazon_2018_keeps_the_first_of_repeated_metadata_lines_and_the_high_resolution_image() throws IOException {
        Path dir = tmp.resolve("amazon18");
        fixture("amazon-2018/Video_Games_5.json", dir, true);
        fixture("amazon-2018/meta_Video_Games.json", dir, true);

        Dataset d = DatasetLoader.load(dir);

        assertThat(d.format()).isEqualTo("amazon-2018");
        assertThat(d.name()).isEqualTo("Video_Games-5core");
        assertThat(d.items().size()).isEqualTo(3);
        assertThat(d.interactions().size()).isEqualTo(4);
        assertThat(title(d, "0700026657")).isEqualTo("Anno 2070");
        assertThat(title(d, "B00002STMZ")).isEqualTo("Super Mario 64 & Friends");
        assertThat(genres(d, "0700026657")).containsExactly("PC");
        assertThat(genres(d, "B00002STMZ")).containsExactly("Legacy Systems");
        assertThat(d.items().image(d.items().indexOf("0700026657")))
                .isEqualTo("https://images-na.ssl-images-amazon.com/images/I/51xqGF4ymdL.jpg");
        assertThat(d.items().image(d.items().indexOf("B00002STMZ"))).isNull();
        assertThat(time(d, "A1HP7NVNPFMA4N", "0700026657")).isEqualTo(1445040000L);
        assertThat(d.notes()).contains(
                "meta_Video_Games.json.gz lists 1 item id more than once; the first line of each was kept.",
                "1 of 3 rated items have no line in meta_Video_Games.json.gz; their ASIN stands for the title.");
    }

    @Test
    void amazon_2018_without_unix_time_reads_review_time_and_needs_its_metadata() throws IOException {
        Path dir = tmp.resolve("amazon18b");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("Toys_5.json"), "{\"overall\": 4.0, \"reviewTime\": \"09 13, 2009\","
                + " \"reviewerID\": \"U1\", \"asin\": \"I1\"}\n");

        DatasetFormatException missing = catchThrowableOfType(DatasetFormatException.class,
                () -> DatasetLoader.load(dir, DatasetFormat.AMAZON_2018, ColumnMapping.guess()));
        assertThat(missing.getMessage()).contains("Toys_5.json: has no metadata file beside it (expected meta_Toys.json.gz");

        Files.writeString(dir.resolve("meta_Toys.json"), "{\"asin\": \"I1\", \"title\": \"Kite\"}\n");
        Dataset d = DatasetLoader.load(dir);
        assertThat(d.interactions().timestamp(0)).isEqualTo(LocalDateTime.of(2009, 9, 13, 0, 0).toEpochSecond(ZoneOffset.UTC));
        assertThat(title(d, "I1")).isEqualTo("Kite");
    }

    // ---------------------------------------------------------------- Amazon 2023

    @Test
    void amazon_2023_keys_items_by_parent_asin_and_reads_milliseconds() throws IOException {
        Path dir = tmp.resolve("amazon23");
        fixture("amazon-2023/All_Beauty.jsonl", dir, true);
        fixture("amazon-2023/meta_All_Beauty.jsonl", dir, true);

        Dataset d = DatasetLoader.load(dir);

        assertThat(d.format()).isEqualTo("amazon-2023");
        assertThat(d.name()).isEqualTo("All_Beauty");
        assertThat(d.items().size()).as("two asins, one parent").isEqualTo(2);
        assertThat(d.interactions().size()).isEqualTo(3);
        assertThat(d.items().indexOf("B081TJ8LARGE")).isEqualTo(-1);
        assertThat(title(d, "B081TJ8YS3")).isEqualTo("Yes to Tomatoes Detoxifying Charcoal Cleanser");
        assertThat(genres(d, "B081TJ8YS3")).containsExactly("Skin Care");
        assertThat(genres(d, "B00YQ6X8EO")).containsExactly("Fragrance");
        assertThat(d.items().image(d.items().indexOf("B081TJ8YS3"))).isEqualTo("https://m.media-amazon.com/images/I/41cMAIN.jpg");
        assertThat(d.items().image(d.items().indexOf("B00YQ6X8EO"))).isNull();
        assertThat(d.items().attribute("brand", d.items().indexOf("B081TJ8YS3"))).isEqualTo("Yes To");
        assertThat(time(d, "AGKHLEW2SOWHNMFQIJGBECAF7INQ", "B00YQ6X8EO")).isEqualTo(1588687728L);
        assertThat(time(d, "AE74DYR3QUGVPZJ3P7RFWBGIX7XQ", "B081TJ8YS3")).isEqualTo(1589665266L);
        assertThat(d.notes()).contains(
                "Items are keyed by parent_asin: the variants of a product (sizes, colours) are one item.",
                "Timestamps in the reviews file are in milliseconds; they were divided by 1000.",
                "1 item of meta_All_Beauty.jsonl.gz was never rated and is not in the catalog.");
        assertThat(DatasetLoader.load(dir.resolve("All_Beauty.jsonl.gz")).interactions().size()).isEqualTo(3);
    }

    // ---------------------------------------------------------------- Yelp

    @Test
    void yelp_reviews_join_business_names_cities_and_categories() throws IOException {
        Path dir = tmp.resolve("yelp");
        Path r = fixture("yelp/review.json", dir, false);
        Path b = fixture("yelp/business.json", dir, true);
        Files.move(r, dir.resolve("yelp_academic_dataset_review.json"));
        Files.move(b, dir.resolve("yelp_academic_dataset_business.json.gz"));

        Dataset d = DatasetLoader.load(dir);

        assertThat(d.format()).isEqualTo("yelp");
        assertThat(d.domain()).isEqualTo(Domain.BUSINESS);
        assertThat(d.users().size()).isEqualTo(2);
        assertThat(d.items().size()).isEqualTo(2);
        assertThat(d.interactions().size()).isEqualTo(3);
        assertThat(title(d, "7ATYjTIgM3jUlt4UM3IypQ")).isEqualTo("Body Cycle Spin Studio");
        int i = d.items().indexOf("XQfwVwDr-v0ZS3_CbbE5Xw");
        assertThat(d.items().attribute("city", i)).isEqualTo("North Wales");
        assertThat(d.items().attribute("state", i)).isEqualTo("PA");
        assertThat(d.items().genreNamesOf(i)).containsExactly("Restaurants", "Breakfast & Brunch", "Food",
                "Juice Bars & Smoothies");
        assertThat(time(d, "mh_-eMZ6K5RLWhZyISBhwA", "XQfwVwDr-v0ZS3_CbbE5Xw"))
                .isEqualTo(LocalDateTime.of(2018, 7, 7, 22, 9, 11).toEpochSecond(ZoneOffset.UTC));
        assertThat(d.interactions().rating(2)).isEqualTo(4.0f);
        assertThat(d.notes()).contains("1 business of yelp_academic_dataset_business.json.gz has no review and is"
                + " not in the catalog.");
    }

    @Test
    void yelp_without_business_json_is_refused() throws IOException {
        Path dir = tmp.resolve("yelp-only");
        fixture("yelp/review.json", dir, false);

        DatasetFormatException e = catchThrowableOfType(DatasetFormatException.class, () -> DatasetLoader.load(dir));

        assertThat(e.getMessage()).contains("review.json: has no business.json beside it");
    }

    // ---------------------------------------------------------------- errors and genres

    @Test
    void a_malformed_json_line_names_the_file_and_line_and_not_its_text() throws IOException {
        Path dir = tmp.resolve("bad-json");
        Files.createDirectories(dir);
        fixture("amazon-2023/meta_All_Beauty.jsonl", dir, false);
        String good = "{\"rating\": 5.0, \"parent_asin\": \"B00YQ6X8EO\", \"user_id\": \"U1\", \"timestamp\": 1588687728923}\n";
        gzip((good + good.replace("U1", "U2") + "{\"rating\": 4.0, \"parent_asin\": \"SECRET\" \"user_id\": \"U3\"}\n" + good)
                .getBytes(StandardCharsets.UTF_8), dir.resolve("All_Beauty.jsonl.gz"));

        DatasetFormatException e = catchThrowableOfType(DatasetFormatException.class, () -> DatasetLoader.load(dir));

        assertThat(e.getMessage()).contains("All_Beauty.jsonl.gz line 3: is not valid JSON").doesNotContain("SECRET");
        assertThat(e.line()).isEqualTo(3);
    }

    @Test
    void a_truncated_gzip_file_is_an_error_not_a_smaller_dataset() throws IOException {
        Path dir = tmp.resolve("truncated");
        fixture("amazon-2018/meta_Video_Games.json", dir, true);
        StringBuilder lines = new StringBuilder();
        for (int k = 0; k < 2000; k++) {
            lines.append("{\"overall\": 5.0, \"reviewerID\": \"U").append(k).append("\", \"asin\": \"0700026657\", "
                    + "\"reviewText\": \"text number ").append(k * 7919).append("\", \"unixReviewTime\": 1445040000}\n");
        }
        Path full = dir.resolve("full.gz");
        gzip(lines.toString().getBytes(StandardCharsets.UTF_8), full);
        byte[] bytes = Files.readAllBytes(full);
        Files.delete(full);
        Files.write(dir.resolve("Video_Games_5.json.gz"), Arrays.copyOf(bytes, bytes.length / 2));

        DatasetFormatException e = catchThrowableOfType(DatasetFormatException.class, () -> DatasetLoader.load(dir));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("Video_Games_5.json.gz line ").contains("truncated");
    }

    @Test
    void a_file_named_gz_that_is_not_gzip_is_named() throws IOException {
        Path dir = tmp.resolve("notgz");
        fixture("amazon-2023/meta_All_Beauty.jsonl", dir, false);
        Files.writeString(dir.resolve("All_Beauty.jsonl.gz"), "{\"rating\": 5.0}\n");

        DatasetFormatException e = catchThrowableOfType(DatasetFormatException.class, () -> DatasetLoader.load(dir));

        assertThat(e.getMessage()).contains("All_Beauty.jsonl.gz: is not a gzip file");
    }

    @Test
    void a_folder_of_several_categories_asks_which_one_and_a_metadata_file_is_not_a_dataset() throws IOException {
        Path dir = amazon2014();
        fixture("amazon-2014/reviews_Beauty_5.json", dir.resolve("x"), false);
        Files.move(dir.resolve("x/reviews_Beauty_5.json"), dir.resolve("reviews_Toys_5.json"));

        assertThat(catchThrowableOfType(DatasetFormatException.class, () -> DatasetLoader.load(dir)).getMessage())
                .contains("has 2 amazon-2014 reviews files (reviews_Beauty_5.json.gz, reviews_Toys_5.json); name the one to read");
        assertThat(DatasetLoader.load(dir.resolve("reviews_Beauty_5.json.gz")).name()).isEqualTo("Beauty-5core");
        assertThat(catchThrowableOfType(DatasetFormatException.class,
                () -> DatasetLoader.load(dir.resolve("meta_Beauty.json.gz"))).getMessage())
                .contains("is an item metadata file; name the reviews file beside it");
    }

    @Test
    void an_import_of_the_reviews_file_takes_its_metadata_along() throws IOException {
        Path dir = amazon2014();
        DatasetLoader.Source s = DatasetLoader.locate(dir.resolve("reviews_Beauty_5.json.gz"), null);

        assertThat(s.format()).isEqualTo(DatasetFormat.AMAZON_2014);
        assertThat(DatasetLoader.companions(s)).containsExactly(dir.resolve("meta_Beauty.json.gz").toAbsolutePath().normalize());
    }

    @Test
    void category_genres_are_bounded_to_the_most_common_ones() {
        DatasetBuilder b = new DatasetBuilder();
        CategoryGenres g = new CategoryGenres();
        int items = CategoryGenres.MAX_GENRES + 10;
        for (int k = 0; k < items; k++) {
            b.addInteraction(Path.of("r"), k + 1, "u", "i" + k, 1f, k);
        }
        for (int k = 0; k < items; k++) {
            List<String> cats = new ArrayList<>(List.of("common", "rare" + k));
            g.set(k, cats);
        }
        String note = g.apply(b, "test categories");
        Items it = b.build("t", "csv", Path.of("r")).items();

        assertThat(it.genreNames()).hasSize(CategoryGenres.MAX_GENRES).first().isEqualTo("common");
        assertThat(note).isEqualTo("Genres are the 50 test categories held by the most items; the other 11 were left out"
                + " of the genre vocabulary.");
        assertThat(it.genreNamesOf(items - 1)).containsExactly("common");
        assertThat(it.genreNamesOf(0)).containsExactly("common", "rare0");
    }

    @Test
    void python_literals_read_as_python_2_writes_them() {
        var m = PythonLiteral.dict("{'a': 'it\\'s', \"b\": \"say \\\"hi\\\"\", 'c': [1, -2.5e3, True, None, (1, 2)],"
                + " 'd': u'\\u00e9\\n', 'e': 'caf\\xc3\\xa9', 'f': '\\xe9t\\xe9', 'g': {'x': 3L}}");

        assertThat(m.get("a")).isEqualTo("it's");
        assertThat(m.get("b")).isEqualTo("say \"hi\"");
        assertThat(m.get("c")).isEqualTo(Arrays.asList(1L, -2500.0, true, null, List.of(1L, 2L)));
        assertThat(m.get("d")).isEqualTo("\u00e9\n");
        assertThat(m.get("e")).isEqualTo("caf\u00e9");
        assertThat(m.get("f")).as("not UTF-8: Latin-1").isEqualTo("\u00e9t\u00e9");
        assertThat(m.get("g")).isEqualTo(java.util.Map.of("x", 3L));
    }
}
