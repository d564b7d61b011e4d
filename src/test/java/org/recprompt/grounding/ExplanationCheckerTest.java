package org.recprompt.grounding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.io.DatasetLoader;
import org.recprompt.grounding.ExplanationChecker.Check;
import org.recprompt.grounding.ExplanationChecker.Citation;
import org.recprompt.grounding.ExplanationChecker.Kind;

class ExplanationCheckerTest {

    @TempDir
    static Path dir;

    static Dataset d;
    static ExplanationChecker checker;

    @BeforeAll
    static void catalog() throws Exception {
        Files.writeString(dir.resolve("movies.csv"), """
                movieId,title,genres
                1,"Matrix, The (1999)",Sci-Fi
                4,Heat (1995),Action|Crime
                8,Alien (1979),Horror|Sci-Fi
                12,"Godfather: Part II, The (1974)",Crime|Drama
                13,"Godfather, The (1972)",Crime|Drama
                14,Star Wars: Episode IV - A New Hope (1977),Sci-Fi
                18,Casino (1995),Crime
                19,Goodfellas (1990),Crime
                20,Pulp Fiction (1994),Crime
                21,Up (2009),Animation
                22,Mr. Deeds (2002),Comedy
                """);
        Files.writeString(dir.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n1,1,4,1\n");
        d = DatasetLoader.load(dir);
        checker = new ExplanationChecker(new CatalogMatcher(d.items()));
        HISTORY = new int[] {i("4"), i("18"), i("19")};
    }

    static int i(String id) {
        return d.items().indexOf(id);
    }

    static int[] HISTORY; // Heat, Casino, Goodfellas

    @Test
    void an_invented_history_item_and_a_title_in_no_catalog_are_found_beside_the_real_history() {
        String text = "Because you loved Heat and Goodfellas, Pulp Fiction will suit you. Like \"Casino\", it is sharp. "
                + "It is as gripping as The Godfather and \"The Silent Voyage (2003)\". "
                + "Because you loved Heat and Goodfellas, Pulp Fiction will suit you.";
        Check c = checker.check(text, HISTORY, new int[] {i("20")});

        assertThat(c.citations().stream().filter(x -> x.start() < text.indexOf("Like")).map(Citation::text))
                .containsExactly("Heat", "Goodfellas", "Pulp Fiction");
        Citation godfather = c.citations().stream().filter(x -> x.text().equals("The Godfather")).findFirst().orElseThrow();
        assertThat(godfather.kind()).isEqualTo(Kind.INVENTED);
        assertThat(godfather.item()).isEqualTo(i("13"));
        Citation unknown = c.citations().stream().filter(x -> x.kind() == Kind.UNKNOWN).findFirst().orElseThrow();
        assertThat(unknown.text()).isEqualTo("The Silent Voyage (2003)");
        assertThat(unknown.item()).isEqualTo(-1);
        assertThat(text.substring(unknown.start(), unknown.end())).isEqualTo(unknown.text());
        // distinct: Heat, Goodfellas, Casino watched; The Godfather and The Silent Voyage invented; Pulp Fiction is the answer's
        assertThat(c.count(Kind.HISTORY)).isEqualTo(3);
        assertThat(c.count(Kind.INVENTED)).isEqualTo(1);
        assertThat(c.count(Kind.UNKNOWN)).isEqualTo(1);
        assertThat(c.count(Kind.RECOMMENDED)).isEqualTo(1);
        assertThat(c.inventedRate()).isCloseTo(2 / 5.0, within(1e-12));
        // 11 + 5 + 12 + 11 words; 4 sentences, the last repeats the first
        assertThat(c.words()).isEqualTo(39);
        assertThat(c.sentences()).isEqualTo(4);
        assertThat(c.uniqueSentenceRatio()).isCloseTo(0.75, within(1e-12));
    }

    @Test
    void one_capitalised_word_counts_only_when_it_names_an_item_of_the_history_or_the_answer() {
        // "Up" (a catalog film) in prose is not a citation; "Alien" is a film the user never watched, unmarked: not taken either;
        // "Heat" is watched: taken even at the start of a sentence; lower-case "heat" is prose.
        Check c = checker.check("Heat is the reason. Up next, Alien vibes and the heat of the chase.", HISTORY, new int[0]);
        assertThat(c.citations()).extracting(Citation::text).containsExactly("Heat");
        assertThat(c.citations().get(0).kind()).isEqualTo(Kind.HISTORY);
        // marked with a year it is a claim: invented
        Check marked = checker.check("You liked Alien (1979).", HISTORY, new int[0]);
        assertThat(marked.citations()).extracting(Citation::text, Citation::kind).containsExactly(org.assertj.core.groups.Tuple.tuple("Alien (1979)", Kind.INVENTED));
        assertThat(marked.inventedRate()).isEqualTo(1.0);
    }

    @Test
    void titles_with_colons_articles_and_years_are_matched_whole() {
        Check c = checker.check("After Star Wars: Episode IV - A New Hope and The Matrix (1999) you will like it.", HISTORY,
                new int[0]);
        assertThat(c.citations()).extracting(Citation::item).containsExactly(i("14"), i("1"));
        assertThat(c.citations()).extracting(Citation::kind).containsOnly(Kind.INVENTED);
    }

    @Test
    void an_abbreviation_in_a_title_before_its_year_does_not_end_the_title() {
        // found on ml-latest-small: "Mr. Deeds (2002)" was cut to "Deeds (2002)" and counted as a title in no catalog
        Check c = checker.check("Because you watched Mr. Deeds (2002), you will enjoy it.", new int[] {i("22")}, new int[0]);
        assertThat(c.citations()).extracting(Citation::text, Citation::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Mr. Deeds (2002)", Kind.HISTORY));
    }

    @Test
    void an_empty_explanation_cites_nothing_and_has_no_rates() {
        for (String text : new String[] {null, "", "   "}) {
            Check c = checker.check(text, HISTORY, new int[0]);
            assertThat(c.citations()).isEmpty();
            assertThat(c.words()).isZero();
            assertThat(c.inventedRate()).isNaN();
            assertThat(c.uniqueSentenceRatio()).isNaN();
        }
        Check noTitles = checker.check("A fine choice for a quiet evening.", HISTORY, new int[0]);
        assertThat(noTitles.inventedRate()).isNaN();
        assertThat(noTitles.uniqueSentenceRatio()).isEqualTo(1.0);
    }

    @Test
    void the_parser_keeps_the_explanation_after_each_title_and_the_prose_around_the_list() {
        String answer = """
                Here are my picks:
                1. Heat (1995) - a tense heist film like Casino
                2. Star Wars: Episode IV - A New Hope
                   - because you liked Alien
                3. **Goodfellas** - it has the energy of Casino
                These fit your taste.""";
        assertThat(AnswerParser.explanation(answer, false)).isEqualTo(String.join("\n", List.of("Here are my picks:",
                "a tense heist film like Casino", "because you liked Alien", "it has the energy of Casino", "These fit your taste.")));
        assertThat(AnswerParser.explanation("1. Heat\n2. Casino", false)).isNull();
        assertThat(AnswerParser.explanation("  It suits you because of Heat.  ", true)).isEqualTo("It suits you because of Heat.");
        assertThat(AnswerParser.explanation(null, true)).isNull();
    }

    @Test
    void a_quoted_title_that_ends_the_line_is_cited_and_counted_as_invented() {
        String answer = "1. Pulp Fiction (1994) - like Heat and The Godfather, or \"Zorblax of the Moon Pirates (1987)\".";
        String explanation = AnswerParser.explanation(answer, false);
        assertThat(explanation).isEqualTo("like Heat and The Godfather, or \"Zorblax of the Moon Pirates (1987)\".");
        Check c = checker.check(explanation, HISTORY, new int[] {i("20")});
        assertThat(c.citations()).extracting(Citation::text)
                .containsExactly("Heat", "The Godfather", "Zorblax of the Moon Pirates (1987)");
        // claims: Heat watched, The Godfather invented, Zorblax in no catalog: 2 of 3 invented (not 1 of 2)
        assertThat(c.count(Kind.UNKNOWN)).isEqualTo(1);
        assertThat(c.inventedRate()).isCloseTo(2 / 3.0, within(1e-12));
        // the same sentence as a whole text answer, and a title alone on its line keeps no stray quote
        assertThat(checker.check(explanation, HISTORY, new int[0]).inventedRate()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(AnswerParser.explanation("1. \"Heat (1995)\".\n2. \"Casino (1995)\" - as tense as Heat", false))
                .isEqualTo("as tense as Heat");
    }

    @Test
    void a_title_with_an_alternative_title_in_parentheses_is_one_span(@TempDir Path other) throws Exception {
        Files.writeString(other.resolve("movies.csv"), """
                movieId,title,genres
                1198,Raiders of the Lost Ark (Indiana Jones and the Raiders of the Lost Ark) (1981),Action
                4,Heat (1995),Action|Crime
                """);
        Files.writeString(other.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n1,4,4,1\n");
        Dataset raiders = DatasetLoader.load(other);
        ExplanationChecker c = new ExplanationChecker(new CatalogMatcher(raiders.items()));
        String title = "Raiders of the Lost Ark (Indiana Jones and the Raiders of the Lost Ark) (1981)";
        int item = raiders.items().indexOf("1198");
        for (String text : List.of("You watched " + title + " twice.", "You watched \"" + title + "\" twice.")) {
            Check check = c.check(text, new int[] {item}, new int[0]);
            assertThat(check.citations()).as(text).extracting(Citation::text).containsExactly(title);
            assertThat(check.citations().get(0).item()).isEqualTo(item);
            assertThat(check.citations().get(0).kind()).isEqualTo(Kind.HISTORY);
        }
    }
}
