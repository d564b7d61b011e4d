package org.recprompt.backend.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.Fixtures;
import org.recprompt.dataset.split.Split;
import org.recprompt.dataset.split.Splits;

class SemanticRankerTest {

    private static final String[] TITLES = {
        "Star Wars: Episode IV - A New Hope (1977)",
        "Star Wars: Episode V - The Empire Strikes Back (1980)",
        "Star Trek: The Motion Picture (1979)",
        "Star Wars: Episode VI - Return of the Jedi (1983)",
        "Pride and Prejudice (2005)",
        "Finding Nemo (2003)",
        "Sense and Sensibility (1995)",
    };
    private static final String[] GENRES = {
        "Action|Adventure|Sci-Fi",
        "Action|Adventure|Sci-Fi",
        "Adventure|Sci-Fi",
        "Action|Adventure|Sci-Fi",
        "Drama|Romance",
        "Adventure|Animation|Children|Comedy",
        "Drama|Romance",
    };
    /** User 1 watched three space operas, then (held out) Return of the Jedi; user 2 likes period dramas. */
    private static final String[] ROWS = {
        "1 1 5 100", "1 2 5 200", "1 3 4 300", "1 4 5 400",
        "2 5 4 100", "2 7 5 200", "2 6 3 300",
    };

    /** Counts texts sent to the real model. */
    private static final class Counting implements SemanticRanker.TextEmbedder {
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger texts = new AtomicInteger();

        @Override
        public String modelName() {
            return SemanticRanker.MODEL_NAME;
        }

        @Override
        public float[][] embed(List<String> batch) {
            calls.incrementAndGet();
            texts.addAndGet(batch.size());
            return SemanticRanker.MiniLm.INSTANCE.embed(batch);
        }
    }

    @Test
    void relatedTitlesScoreAboveUnrelatedOnes() {
        SemanticRanker ranker = new SemanticRanker();
        List<String> items = List.of("The same user also watched Return of the Jedi.",
                "The same user also watched Pride and Prejudice.",
                "The same user also watched Finding Nemo.");
        double[] s = ranker.scoreTexts("A user watched Star Wars, The Empire Strikes Back and Star Trek.", items);

        assertThat(s).hasSize(items.size());
        assertThat(s[0]).isGreaterThan(s[1]).isGreaterThan(-1.0001).isLessThan(1.0001);
        assertThat(s[0]).isGreaterThan(s[2]);
        assertThat(ranker.scoreTexts("anything", List.of())).isEmpty();
    }

    @Test
    void aSpaceOperaFansHeldOutSpaceOperaRanksFirst(@TempDir Path dir) {
        Split split = Splits.leaveLastOut(Fixtures.withTitles(TITLES, GENRES, ROWS));
        assertThat(split.heldOut(0)).containsExactly(3);
        SemanticRanker ranker = new SemanticRanker(split, dir.resolve("items.emb"));

        int[] ranked = ranker.rank(0, new int[] {4, 5, 3, 6});

        assertThat(ranked[0]).isEqualTo(3);
        assertThat(ranker.catalogSize()).isEqualTo(TITLES.length);
        assertThat(ranker.name()).isEqualTo("semantic");
        assertThat(ranker.retrieve(0, 2, i -> i < 3)).hasSize(2).startsWith(3);
        assertThat(SemanticRanker.defaultItemText(split.dataset(), 0))
                .isEqualTo("Star Wars: Episode IV - A New Hope (1977). Genres: Action, Adventure, Sci-Fi");
        assertThat(SemanticRanker.defaultUserText(split, 0, 2))
                .isEqualTo("Star Wars: Episode V - The Empire Strikes Back (1980), Star Trek: The Motion Picture (1979)");
    }

    @Test
    void aGivenHistoryIsWhatTheUserTextIsMadeOf(@TempDir Path dir) {
        Split split = Splits.leaveLastOut(Fixtures.withTitles(TITLES, GENRES, ROWS));
        SemanticRanker ranker = new SemanticRanker(split, dir.resolve("items.emb"));
        int[] items = {4, 3, 6};

        // the training history given explicitly scores as the user's own
        assertThat(ranker.score(0, split.history(0), items)).containsExactly(ranker.score(0, items));
        // the space-opera fan seen only through a period drama now prefers the other period drama
        int[] asIfDrama = ranker.rank(0, new int[] {4}, new int[] {3, 6});
        assertThat(asIfDrama[0]).isEqualTo(6);
        // no history: nothing to compare with, every item scores 0
        assertThat(ranker.score(0, new int[0], items)).containsOnly(0.0);
        assertThat(SemanticRanker.historyText(split.dataset(), new int[] {0, 4}, 1)).isEqualTo("Pride and Prejudice (2005)");
    }

    @Test
    void theDiskCacheIsReusedAndInvalidatedWhenATitleChanges(@TempDir Path dir) {
        Path cache = dir.resolve("cache").resolve("items.emb");
        Split split = Splits.leaveLastOut(Fixtures.withTitles(TITLES, GENRES, ROWS));

        Counting first = new Counting();
        double[] before = new SemanticRanker(first, split, cache, null, null).score(0, new int[] {3, 4});
        assertThat(first.texts.get()).isEqualTo(TITLES.length + 1); // the catalog, then the user
        assertThat(cache).isRegularFile();
        assertThat(dir.resolve("cache").toFile().list()).containsExactly("items.emb"); // no temp file left

        Counting second = new Counting();
        double[] after = new SemanticRanker(second, split, cache, null, null).score(0, new int[] {3, 4});
        assertThat(second.texts.get()).isEqualTo(1); // only the user: items came from the file
        assertThat(after).containsExactly(before, org.assertj.core.data.Offset.offset(1e-6));

        String[] changed = TITLES.clone();
        changed[5] = "Finding Dory (2016)";
        Dataset renamed = Fixtures.withTitles(changed, GENRES, ROWS);
        Counting third = new Counting();
        new SemanticRanker(third, Splits.leaveLastOut(renamed), cache, null, null).score(0, new int[] {3});
        assertThat(third.texts.get()).isEqualTo(TITLES.length + 1); // recomputed

        Counting fourth = new Counting();
        new SemanticRanker(fourth, Splits.leaveLastOut(renamed), cache, null, null).score(0, new int[] {3});
        assertThat(fourth.texts.get()).isEqualTo(1); // the rewritten file matches the new titles
    }

    @Test
    void aCorruptCacheFileIsRecomputed(@TempDir Path dir) throws Exception {
        Path cache = dir.resolve("items.emb");
        Files.write(cache, new byte[] {1, 2, 3});
        Split split = Splits.leaveLastOut(Fixtures.withTitles(TITLES, GENRES, ROWS));
        Counting counting = new Counting();

        new SemanticRanker(counting, split, cache, null, null).score(1, new int[] {0, 4});

        assertThat(counting.texts.get()).isEqualTo(TITLES.length + 1);
        assertThat(SemanticRanker.read(cache, TITLES.length, SemanticRanker.MODEL_NAME, "other")).isNull();
    }

    @Test
    void preparingEmbedsTheCatalogWithProgressOnceSoRankingDoesNotEmbedItAgain() {
        Split split = Splits.leaveLastOut(Fixtures.withTitles(TITLES, GENRES, ROWS));
        Counting counting = new Counting();
        SemanticRanker ranker = new SemanticRanker(counting, split, null, null, null);
        List<Integer> reported = new java.util.ArrayList<>();

        assertThat(ranker.needsPreparation()).isTrue();
        ranker.prepare(reported::add);

        assertThat(reported).isNotEmpty().isSorted().last().isEqualTo(ranker.catalogSize());
        assertThat(ranker.needsPreparation()).isFalse();
        assertThat(counting.texts.get()).isEqualTo(TITLES.length);
        ranker.score(1, new int[] {0, 4});
        assertThat(counting.texts.get()).as("only the user's text is embedded").isEqualTo(TITLES.length + 1);
    }
}
