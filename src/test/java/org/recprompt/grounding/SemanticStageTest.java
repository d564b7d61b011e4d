package org.recprompt.grounding;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.backend.adapter.SemanticRanker;
import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.io.DatasetLoader;

/** The semantic stage with the real in-process MiniLM model: paraphrased titles, not invented ones. */
class SemanticStageTest {

    @TempDir
    Path dir;

    @Test
    void a_paraphrased_title_reaches_its_candidate_and_an_invented_one_reaches_nothing() throws Exception {
        Files.writeString(dir.resolve("movies.csv"), """
                movieId,title,genres
                1,Star Wars: Episode V - The Empire Strikes Back (1980),Sci-Fi
                2,Casino (1995),Crime
                3,Heat (1995),Crime
                4,Finding Nemo (2003),Animation
                5,Pride & Prejudice (2005),Romance
                """);
        Files.writeString(dir.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n1,1,4,1\n");
        Dataset d = DatasetLoader.load(dir);
        CatalogMatcher.Settings settings = new CatalogMatcher.Settings(0.85, 0.75, 0.7, true);
        Grounder semantic = new Grounder(new CatalogMatcher(d.items(), settings, SemanticRanker.titleEmbedder()::apply));
        Grounder plain = new Grounder(new CatalogMatcher(d.items()));
        int[] candidates = {d.items().indexOf("2"), d.items().indexOf("1"), d.items().indexOf("4")};

        GroundingInput paraphrase = new GroundingInput("1. The Empire Strikes Back sequel of Star Wars", false,
                AnswerFormat.LIST, candidates, null, null, 1);
        GroundedSlot s = semantic.ground(paraphrase).slots().get(0);
        assertThat(d.items().id(s.item())).isEqualTo("1");
        assertThat(s.method()).isEqualTo(CatalogMatcher.Method.SEMANTIC_CANDIDATE);
        assertThat(s.score()).isBetween(0.7, 1.0);
        assertThat(plain.ground(paraphrase).slots().get(0).matched()).as("no string stage finds it").isFalse();

        GroundedSlot invented = semantic.ground(new GroundingInput("1. Galactic Pancake Heist (2011)", false, AnswerFormat.LIST,
                candidates, null, null, 1)).slots().get(0);
        assertThat(invented.matched()).as("score %s", invented.score()).isFalse();
    }
}
