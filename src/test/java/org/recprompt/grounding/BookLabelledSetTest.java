package org.recprompt.grounding;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.recprompt.dataset.IdIndex;
import org.recprompt.dataset.Items;

/**
 * The matcher against the hand-labelled book answers (src/test/resources/grounding/books, see the
 * README there): 170 answers over a hand-written catalog of 112 books with authors, original titles, goodreads-style
 * series suffixes, same-titled books and subtitles, and answers in every form models name books
 * ("Title by Author", "Title - Author", "Author - Title", "Title: Author", original and series titles,
 * titles without their subtitle, quoted titles in prose, JSON with authors, typos, invented and absent
 * books), with and without candidates. The catalog is built as a goodbooks-style reader leaves it:
 * the item attributes {@link Items#AUTHORS} and {@link Items#ORIGINAL_TITLE}.
 */
class BookLabelledSetTest {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BookLabelledSetTest.class);

    static Items catalog() throws Exception {
        IdIndex ids = new IdIndex();
        List<String> titles = new ArrayList<>();
        List<Integer> years = new ArrayList<>();
        List<int[]> genres = new ArrayList<>();
        List<String> genreNames = new ArrayList<>();
        List<String> authors = new ArrayList<>();
        List<String> originals = new ArrayList<>();
        try (InputStream in = BookLabelledSetTest.class.getResourceAsStream("/grounding/books/books.csv");
             CSVParser csv = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                     .parse(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (CSVRecord r : csv) {
                ids.add(r.get("book_id"));
                titles.add(r.get("title"));
                years.add(Integer.parseInt(r.get("year")));
                authors.add(r.get("authors"));
                originals.add(r.get("original_title"));
                List<Integer> g = new ArrayList<>();
                for (String name : r.get("genres").split("\\|")) {
                    if (!genreNames.contains(name)) {
                        genreNames.add(name);
                    }
                    g.add(genreNames.indexOf(name));
                }
                genres.add(g.stream().mapToInt(Integer::intValue).toArray());
            }
        }
        Map<String, String[]> attributes = new HashMap<>();
        attributes.put(Items.AUTHORS, authors.toArray(String[]::new));
        attributes.put(Items.ORIGINAL_TITLE, originals.toArray(String[]::new));
        return new Items(ids, titles.toArray(String[]::new), years.stream().mapToInt(Integer::intValue).toArray(),
                genres.toArray(int[][]::new), List.copyOf(genreNames), attributes, null);
    }

    @Test
    void matcher_precision_and_recall_on_the_book_labelled_set() throws Exception {
        LabelledSetEvaluation.Result r = LabelledSetEvaluation.evaluate(catalog(),
                LabelledSetEvaluation.answers("/grounding/books/labelled.jsonl"));
        LOG.info(r.summary("Grounding labelled set (books)"));
        r.misses().forEach(m -> LOG.info("  {}", m));
        assertThat(r.answers()).isGreaterThanOrEqualTo(150);
        assertThat(r.precision()).as("matcher precision on books").isGreaterThanOrEqualTo(0.97);
        assertThat(r.recall()).as("matcher recall on books").isGreaterThanOrEqualTo(0.95);
        assertThat(r.statusAgreement()).as("response status agreement on books").isGreaterThanOrEqualTo(0.9);
    }
}
