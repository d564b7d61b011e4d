package org.recprompt.metrics.diversity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.recprompt.metrics.Lists.ints;
import static org.recprompt.metrics.Lists.recs;

import org.junit.jupiter.api.Test;

/** Similarities between items 0..3: sim(0,2) = .8, sim(0,3) = .3, sim(1,2) = .1, sim(1,3) = .5, the rest 0, 1 on the diagonal. */
class SerendipityTest {

    static final double EPS = 1e-12;
    final double[][] sim = {
        {1, 0, 0.8, 0.3},
        {0, 1, 0.1, 0.5},
        {0.8, 0.1, 1, 0},
        {0.3, 0.5, 0, 1}};
    final Serendipity serendipity = new Serendipity(ItemSimilarity.of(sim));

    @Test
    void serendipity_averages_relevant_unexpectedness_over_the_list() {
        // L = [0, 1, 3], R = {0, 1}, history {2, 3}: item 0: 1 - max(.8, .3); item 1: 1 - max(.1, .5); item 3: not relevant
        assertThat(serendipity.evaluate(recs(0, ints(0, 1, 3), ints(0, 1), ints(2, 3))))
                .isCloseTo((0.2 + 0.5) / 3, within(EPS));
    }

    @Test
    void an_empty_history_makes_relevant_items_fully_unexpected_and_an_empty_list_is_undefined() {
        assertThat(serendipity.evaluate(recs(0, ints(0, 3), ints(0), ints()))).isCloseTo(0.5, within(EPS));
        assertThat(serendipity.evaluate(recs(0, ints(), ints(0), ints(2)))).isNaN();
        // a relevant item already in the history has similarity 1 to itself
        assertThat(serendipity.evaluate(recs(0, ints(2), ints(2), ints(2)))).isCloseTo(0.0, within(EPS));
    }

    @Test
    void genre_similarity_can_stand_in_for_embeddings() {
        Genres genres = new Genres(new int[][] {{0}, {0, 1}, {1}, {}, {}, {}, {}, {}, {}, {}}, 2);
        // item 1 relevant, history {0}: Jaccard({0,1}, {0}) = .5 -> (1 - .5) / 1
        assertThat(new Serendipity(ItemSimilarity.genres(genres)).evaluate(recs(0, ints(1), ints(1), ints(0))))
                .isCloseTo(0.5, within(EPS));
    }
}
