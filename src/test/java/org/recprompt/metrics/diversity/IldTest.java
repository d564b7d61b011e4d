package org.recprompt.metrics.diversity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.recprompt.metrics.Lists.ints;
import static org.recprompt.metrics.Lists.recs;

import org.junit.jupiter.api.Test;

class IldTest {

    // cosine similarities of three items' embeddings: sim(0,1) = 0.8, sim(0,2) = 0.2, sim(1,2) = 0.5
    static final double[][] SIM = {{1, 0.8, 0.2}, {0.8, 1, 0.5}, {0.2, 0.5, 1}};

    @Test
    void ild_by_embedding_is_the_mean_pairwise_distance() {
        // pairs: (0,1) 0.2, (0,2) 0.8, (1,2) 0.5 -> mean 1.5 / 3 = 0.5
        assertThat(new Ild(ItemSimilarity.of(SIM)).evaluate(recs(ints(0, 1, 2), ints(0)))).isCloseTo(0.5, within(1e-12));
        // duplicates and a non-catalog id are gone after normalisation: (0,2) only -> 0.8
        assertThat(new Ild(ItemSimilarity.of(SIM)).evaluate(recs(ints(0, 0, 42, 2), ints(0)))).isCloseTo(0.8, within(1e-12));
    }

    @Test
    void lists_shorter_than_two_are_undefined() {
        assertThat(new Ild(ItemSimilarity.of(SIM)).evaluate(recs(ints(1), ints(0)))).isNaN();
        assertThat(new Ild(ItemSimilarity.of(SIM)).evaluate(recs(ints(), ints(0)))).isNaN();
    }

    @Test
    void with_genre_similarity_it_equals_genre_ild() {
        Genres genres = new Genres(new int[][] {{0}, {0, 1}, {2}, {}, {}, {}, {}, {}, {}, {}}, 3);
        var r = recs(ints(0, 1, 2), ints(0));
        assertThat(new Ild(ItemSimilarity.genres(genres)).evaluate(r)).isCloseTo(new GenreIld(genres).evaluate(r), within(1e-12));
        // (0,1): 1 - 1/2; (0,2): 1; (1,2): 1 -> 2.5 / 3
        assertThat(new GenreIld(genres).evaluate(r)).isCloseTo(2.5 / 3, within(1e-12));
    }
}
