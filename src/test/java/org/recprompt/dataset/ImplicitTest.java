package org.recprompt.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImplicitTest {

    @Test
    void unrated_rows_are_dropped_when_the_data_has_ratings() {
        // Book-Crossing: rating 0 is read as "no rating" (NaN) beside explicit 1-10 ratings.
        Dataset d = Fixtures.of(3, "u1 1 8 1", "u1 2 NaN 2", "u2 1 3 3", "u2 3 NaN 4");
        assertThat(d.implicit(7f).interactions().ratings()).containsExactly(8f);
    }

    @Test
    void data_without_any_rating_is_kept_whole() {
        Dataset d = Fixtures.of(2, "u1 1 NaN 1", "u1 2 NaN 2", "u2 1 NaN 3");
        assertThat(d.implicit(4f).interactions().size()).isEqualTo(3);
    }
}
