package org.recprompt.grounding;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.io.DatasetLoader;

class CatalogIndexTest {

    @TempDir
    Path dir;

    Dataset catalog() throws Exception {
        Files.writeString(dir.resolve("movies.csv"), """
                movieId,title,genres
                1,"Matrix, The (1999)",Sci-Fi
                2,Hamlet (1990),Drama
                3,Hamlet (1996),Drama
                4,Hamlet (2000),Drama
                5,"Planes, Trains & Automobiles (1987)",Comedy
                """);
        Files.writeString(dir.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n1,1,4,1\n");
        return DatasetLoader.load(dir);
    }

    int item(Dataset d, String id) {
        return d.items().indexOf(id);
    }

    @Test
    void titles_match_exactly_after_normalisation() throws Exception {
        Dataset d = catalog();
        CatalogIndex index = new CatalogIndex(d.items());

        assertThat(index.exact("The Matrix", new int[0])).get()
                .satisfies(m -> assertThat(m.item()).isEqualTo(item(d, "1")))
                .satisfies(m -> assertThat(m.method()).isEqualTo(CatalogIndex.Method.EXACT));
        assertThat(index.exact("planes, trains and automobiles (1987)", new int[0])).get()
                .extracting(CatalogIndex.Match::item).isEqualTo(item(d, "5"));
        assertThat(index.exact("The Matrix Reloaded", new int[0])).isEmpty();
        assertThat(index.exact("", new int[0])).isEmpty();
        assertThat(index.size()).isEqualTo(3);
    }

    @Test
    void same_title_different_years_uses_the_year_then_the_candidates_else_reports_ambiguity() throws Exception {
        Dataset d = catalog();
        CatalogIndex index = new CatalogIndex(d.items());

        assertThat(index.exact("Hamlet (1996)", new int[0])).get().satisfies(m -> {
            assertThat(m.item()).isEqualTo(item(d, "3"));
            assertThat(m.method()).isEqualTo(CatalogIndex.Method.EXACT_WITH_YEAR);
        });
        assertThat(index.exact("Hamlet", new int[] {item(d, "4"), item(d, "1")})).get().satisfies(m -> {
            assertThat(m.item()).isEqualTo(item(d, "4"));
            assertThat(m.method()).isEqualTo(CatalogIndex.Method.EXACT_AMONG_CANDIDATES);
        });
        assertThat(index.exact("Hamlet", new int[0])).get().satisfies(m -> {
            assertThat(m.isAmbiguous()).isTrue();
            assertThat(m.ambiguousWith()).containsExactlyInAnyOrder(item(d, "2"), item(d, "3"), item(d, "4"));
        });
        assertThat(index.exact("Hamlet (1948)", new int[0])).get().extracting(CatalogIndex.Match::isAmbiguous).isEqualTo(true);
    }
}
