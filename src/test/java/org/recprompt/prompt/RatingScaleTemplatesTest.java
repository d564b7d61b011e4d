package org.recprompt.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.Domain;
import org.recprompt.dataset.Fixtures;
import org.recprompt.dataset.RatingScale;

/**
 * The rating scale a prompt states is the dataset's observed one ({{rating_min}}, {{rating_max}},
 * {{rating_halves}}): MovieTweetings-style 0-10, goodbooks-style whole 1-5, MovieLens half stars;
 * a dataset without ratings is told so when a template states a scale.
 */
class RatingScaleTemplatesTest {

    /** User r rates 6 items with the given ratings (the last held out); users s and t rate with the others. */
    static Dataset fixture(String[] r, String other) {
        String[] titles = new String[40];
        String[] genres = new String[40];
        for (int i = 0; i < titles.length; i++) {
            titles[i] = "Title " + (i + 1);
            genres[i] = "Drama";
        }
        List<String> rows = new ArrayList<>();
        for (int k = 1; k <= 6; k++) {
            rows.add("r " + k + " " + r[k - 1] + " " + k);
            rows.add("s " + (k + 10) + " " + other + " " + k);
        }
        return Fixtures.withTitles(titles, genres, rows.toArray(String[]::new)).withDomain(Domain.MOVIE);
    }

    @Test
    void p5_rating_states_a_0_to_10_scale_in_whole_numbers() throws Exception {
        Dataset d = fixture(new String[] {"0", "10", "7", "3", "8", "9"}, "6");

        String text = DomainTemplatesTest.render(DomainTemplatesTest.shipped("p5-rating"), d);

        assertThat(d.ratingScale()).isEqualTo(new RatingScale(0, 10, 1));
        assertThat(text).contains("(on a scale of 0 to 10 stars):")
                .contains("Reply with a single number between 0 and 10 and nothing else.")
                .doesNotContain("half stars").doesNotContain("0.5").doesNotContain("to 5 stars");
        assertThat(text).contains("- Title 2: 10");
    }

    @Test
    void half_stars_keep_the_movielens_wording_and_whole_1_to_5_says_1_to_5() throws Exception {
        String half = DomainTemplatesTest.render(DomainTemplatesTest.shipped("p5-rating"),
                fixture(new String[] {"0.5", "4", "3.5", "5", "2", "1"}, "3"));
        assertThat(half).contains("(on a scale of 0.5 to 5 stars):")
                .contains("Reply with a single number between 0.5 and 5 (half stars are allowed) and nothing else.");

        String whole = DomainTemplatesTest.render(DomainTemplatesTest.shipped("p5-rating"),
                fixture(new String[] {"1", "4", "3", "5", "2", "1"}, "3"));
        assertThat(whole).contains("(on a scale of 1 to 5 stars):").contains("between 1 and 5 and nothing else.");
        // The scale is the dataset's, not the user's: another user's 1 widens it.
        assertThat(fixture(new String[] {"4", "4", "4", "4", "4", "4"}, "1").ratingScale()).isEqualTo(new RatingScale(1, 4, 1));
        assertThat(fixture(new String[] {"4.2", "4", "4", "4", "4", "4"}, "1").ratingScale().step()).isZero();
    }

    @Test
    void a_dataset_without_ratings_is_named_when_a_template_states_a_scale() throws Exception {
        Dataset implicit = fixture(new String[] {"NaN", "NaN", "NaN", "NaN", "NaN", "NaN"}, "NaN");

        TemplateException e = catchThrowableOfType(TemplateException.class,
                () -> DomainTemplatesTest.render(DomainTemplatesTest.shipped("p5-rating"), implicit));

        assertThat(implicit.ratingScale()).isNull();
        assertThat(e.getMessage()).contains("rating_min").contains("this dataset has no ratings")
                .contains("p5-rating.mustache line 11");
        // Templates that state no scale still render on implicit data.
        assertThat(DomainTemplatesTest.render(DomainTemplatesTest.shipped("m6rec-scoring"), implicit)).contains("Title 1");
    }
}
