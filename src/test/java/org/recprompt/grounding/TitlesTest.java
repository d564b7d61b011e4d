package org.recprompt.grounding;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TitlesTest {

    @Test
    void movielens_trailing_articles_match_the_natural_order() {
        assertThat(Titles.key("Matrix, The (1999)")).isEqualTo(Titles.key("The Matrix (1999)"));
        assertThat(Titles.key("Matrix, The (1999)").text()).isEqualTo("the matrix");
        assertThat(Titles.key("Few Good Men, A (1992)").text()).isEqualTo(Titles.key("a few good men").text());
        assertThat(Titles.normalise("Misérables, Les")).isEqualTo(Titles.normalise("les miserables"));
    }

    @Test
    void the_year_is_split_off_and_kept_for_disambiguation() {
        assertThat(Titles.key("Heat (1995)")).isEqualTo(new Titles.Key("heat", 1995));
        assertThat(Titles.key("Heat")).isEqualTo(new Titles.Key("heat", 0));
        assertThat(Titles.key("Heat (1995)").text()).isEqualTo(Titles.key("HEAT").text());
    }

    @Test
    void case_accents_punctuation_ampersands_and_aliases_do_not_matter() {
        assertThat(Titles.normalise("Planes, Trains & Automobiles")).isEqualTo("planes trains and automobiles");
        assertThat(Titles.normalise("planes trains and automobiles")).isEqualTo("planes trains and automobiles");
        assertThat(Titles.normalise("Schindler's List")).isEqualTo(Titles.normalise("Schindlers List"));
        assertThat(Titles.normalise("Amélie")).isEqualTo("amelie");
        assertThat(Titles.key("Seven (a.k.a. Se7en) (1995)")).isEqualTo(new Titles.Key("7", 1995));
        assertThat(Titles.normalise("Ocean's Eleven")).isEqualTo(Titles.normalise("Oceans 11"));
        assertThat(Titles.normalise("The Godfather: Part II")).isEqualTo("the godfather part 2");
        assertThat(Titles.key("Amelie (Fabuleux destin d'Amélie Poulain, Le) (2001)")).isEqualTo(new Titles.Key("amelie", 2001));
    }

    @Test
    void empty_and_null_titles_have_an_empty_key() {
        assertThat(Titles.key(null)).isEqualTo(new Titles.Key("", 0));
        assertThat(Titles.key("  ")).isEqualTo(new Titles.Key("", 0));
    }
}
