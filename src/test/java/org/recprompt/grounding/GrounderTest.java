package org.recprompt.grounding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.io.DatasetLoader;
import org.recprompt.metrics.grounding.ResponseStatus;
import org.recprompt.metrics.grounding.SlotOutcome;

class GrounderTest {

    @TempDir
    static Path dir;

    static Dataset d;
    static Grounder grounder;

    @BeforeAll
    static void catalog() throws Exception {
        Files.writeString(dir.resolve("movies.csv"), """
                movieId,title,genres
                1,"Matrix, The (1999)",Sci-Fi
                2,Hamlet (1990),Drama
                3,Hamlet (1996),Drama
                4,Heat (1995),Action|Crime
                5,"Planes, Trains & Automobiles (1987)",Comedy
                6,Toy Story (1995),Animation
                7,Toy Story 2 (1999),Animation
                8,Alien (1979),Horror|Sci-Fi
                9,Aliens (1986),Action|Sci-Fi
                10,"Shawshank Redemption, The (1994)",Drama
                11,Forrest Gump (1994),Drama
                12,"Godfather: Part II, The (1974)",Crime|Drama
                13,"Godfather, The (1972)",Crime|Drama
                14,Star Wars: Episode IV - A New Hope (1977),Sci-Fi
                15,Seven (a.k.a. Se7en) (1995),Thriller
                16,City of God (Cidade de Deus) (2002),Crime
                17,Amelie (Fabuleux destin d'Amélie Poulain) (2001),Comedy|Romance
                18,Casino (1995),Crime
                19,Goodfellas (1990),Crime
                20,Pulp Fiction (1994),Crime
                """);
        Files.writeString(dir.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n1,1,4,1\n");
        d = DatasetLoader.load(dir);
        grounder = new Grounder(new CatalogMatcher(d.items()));
    }

    static int i(String id) {
        return d.items().indexOf(id);
    }

    static int[] ids(String... ids) {
        return Arrays.stream(ids).mapToInt(GrounderTest::i).toArray();
    }

    static GroundedAnswer ground(String text, AnswerFormat f, int[] candidates, int[] history, int[] relevant, int k) {
        return grounder.ground(new GroundingInput(text, false, f, candidates, history, relevant, k));
    }

    static List<String> items(GroundedAnswer a) {
        return a.slots().stream().map(s -> s.item() < 0 ? "-" : d.items().id(s.item())).toList();
    }

    @Test
    void numbered_list_with_preamble_explanations_and_closing_remark() {
        GroundedAnswer a = ground("""
                Sure! Based on your history, here are my picks:

                1. **Heat (1995)** - a tense crime film with De Niro and Pacino.
                2) Casino: a sprawling look at Las Vegas and the mob
                3. "Goodfellas" (1990) because you liked crime dramas
                4. The Matrix

                Enjoy your movie night!
                """, AnswerFormat.LIST, new int[0], ids("20"), ids("19"), 4);
        assertThat(items(a)).containsExactly("4", "18", "19", "1");
        assertThat(a.slots()).extracting(GroundedSlot::outcome)
                .containsExactly(SlotOutcome.VALID, SlotOutcome.VALID, SlotOutcome.HIT, SlotOutcome.VALID);
        assertThat(a.status()).isEqualTo(ResponseStatus.OK);
        assertThat(a.slots().get(0).rawText()).isEqualTo("**Heat (1995)** - a tense crime film with De Niro and Pacino.");
        assertThat(a.slots().get(0).method()).isEqualTo(CatalogMatcher.Method.EXACT);
    }

    @Test
    void typos_go_to_the_fuzzy_stage_but_numbers_must_agree() {
        GroundedAnswer a = ground("1. Shawshank Redemtion\n2. Forest Gump\n3. Toy Story 3\n4. The Godfather Part 2\n5. Inception 2",
                AnswerFormat.LIST, new int[0], new int[0], new int[0], 5);
        assertThat(items(a)).containsExactly("10", "11", "-", "12", "-");
        assertThat(a.slots().get(0).method()).isEqualTo(CatalogMatcher.Method.FUZZY);
        assertThat(a.slots().get(0).score()).isBetween(0.85, 1.0);
        assertThat(a.slots().get(3).method()).isEqualTo(CatalogMatcher.Method.EXACT);
        assertThat(a.slots().get(2).outcome()).isEqualTo(SlotOutcome.HALLUCINATED);
        assertThat(a.slots().get(2).method()).isEqualTo(CatalogMatcher.Method.NONE);
    }

    @Test
    void fabricated_sequels_and_subtitles_are_not_matched_to_the_original() {
        GroundedAnswer a = ground("1. The Matrix: Resurgence (2008)\n2. Heat Wave Returns\n3. Aliens\n4. Star Wars: Episode IV - A New Hope",
                AnswerFormat.LIST, new int[0], new int[0], new int[0], 4);
        assertThat(items(a)).containsExactly("-", "-", "9", "14");
    }

    @Test
    void aliases_articles_and_accents() {
        GroundedAnswer a = ground("- Se7en\n- Cidade de Deus\n- Amélie\n- Matrix, The (1999)\n- Planes Trains and Automobiles",
                AnswerFormat.LIST, new int[0], new int[0], new int[0], 5);
        assertThat(items(a)).containsExactly("15", "16", "17", "1", "5");
    }

    @Test
    void candidates_decide_outcomes_and_resolve_remakes() {
        int[] cands = ids("3", "4", "6", "8");
        GroundedAnswer a = ground("1. Hamlet\n2. Alien\n3. Aliens\n4. Heat\n5. Heat\n6. The Matrix",
                AnswerFormat.LIST, cands, ids("1"), ids("4"), 5);
        assertThat(items(a)).containsExactly("3", "8", "9", "4", "4", "1");
        assertThat(a.slots()).extracting(GroundedSlot::outcome).containsExactly(SlotOutcome.VALID, SlotOutcome.VALID,
                SlotOutcome.OUT_OF_CANDIDATES, SlotOutcome.HIT, SlotOutcome.DUPLICATE, SlotOutcome.SEEN);
        assertThat(a.slots().get(0).method()).isEqualTo(CatalogMatcher.Method.EXACT_CANDIDATE);
        assertThat(a.status()).isEqualTo(ResponseStatus.WRONG_LENGTH);
        assertThat(a.rankedItems()).containsExactly(ids("3", "8", "9", "4", "1"));
    }

    @Test
    void a_remake_without_year_or_candidates_is_reported_ambiguous() {
        GroundedAnswer a = ground("1. Hamlet (1990)\n2. Hamlet", AnswerFormat.LIST, new int[0], new int[0], new int[0], 2);
        assertThat(items(a)).containsExactly("2", "2");
        assertThat(a.slots().get(0).method()).isEqualTo(CatalogMatcher.Method.EXACT_YEAR);
        assertThat(a.slots().get(1).method()).isEqualTo(CatalogMatcher.Method.AMBIGUOUS);
        assertThat(a.slots().get(1).alternatives()).containsExactly(ids("2", "3"));
    }

    @Test
    void json_fenced_unfenced_objects_and_cut_off() {
        assertThat(items(ground("Here you go:\n```json\n[\"Heat (1995)\", \"Casino\", \"Pulp Fiction\"]\n```",
                AnswerFormat.JSON, new int[0], new int[0], new int[0], 3))).containsExactly("4", "18", "20");
        assertThat(items(ground("{\"recommendations\": [{\"title\": \"Hamlet\", \"year\": 1996}, {\"title\": \"Goodfellas\"}]}",
                AnswerFormat.JSON, new int[0], new int[0], new int[0], 2))).containsExactly("3", "19");
        GroundedAnswer cut = ground("[\"Heat\", \"Casino\", \"Goodfel", AnswerFormat.JSON, new int[0], new int[0], new int[0], 4);
        assertThat(items(cut)).containsExactly("4", "18", "19");
        assertThat(cut.status()).isEqualTo(ResponseStatus.WRONG_LENGTH);
        assertThat(items(ground("1. Heat\n2. Casino", AnswerFormat.JSON, new int[0], new int[0], new int[0], 2)))
                .as("a list where JSON was asked for is still read").containsExactly("4", "18");
    }

    @Test
    void comma_separated_one_liner_keeps_trailing_articles_together() {
        assertThat(items(ground("My picks: Heat, Matrix, The (1999), Casino and Goodfellas.", AnswerFormat.LIST,
                new int[0], new int[0], new int[0], 4))).containsExactly("4", "1", "18", "19");
    }

    @Test
    void choice_letters_in_every_common_form() {
        int[] cands = ids("4", "18", "19");
        for (String answer : List.of("B", "(B)", "Answer: B", "The answer index is B", "**B**", "I would choose option B.",
                "B) Casino", "My answer is (B) because it is similar.", "Casino")) {
            GroundedAnswer a = ground(answer, AnswerFormat.CHOICE, cands, new int[0], ids("18"), 1);
            assertThat(items(a)).as(answer).containsExactly("18");
            assertThat(a.slots().get(0).outcome()).as(answer).isEqualTo(SlotOutcome.HIT);
            assertThat(a.status()).as(answer).isEqualTo(ResponseStatus.OK);
        }
        for (String answer : List.of("N/A", "Neither.", "None of them", "Answer: N/A",
                "I'm sorry, but I can't help with that request.", "Neither A nor B fits this user.")) {
            GroundedAnswer a = ground(answer, AnswerFormat.CHOICE, cands, new int[0], ids("18"), 1);
            assertThat(a.status()).as(answer).isEqualTo(ResponseStatus.ABSTAINED);
            assertThat(a.slots()).isEmpty();
        }
    }

    @Test
    void candidate_indices_and_nir_pairs() {
        int[] cands = ids("4", "18", "19", "14");
        assertThat(items(ground("[2] Casino\n[3]\n[1] Heat", AnswerFormat.LIST, cands, new int[0], new int[0], 3)))
                .containsExactly("18", "19", "4");
        GroundedAnswer pairs = ground("""
                1. Pulp Fiction - Goodfellas
                2. Star Wars: Episode IV - A New Hope - Heat
                3. Casino - Star Wars: Episode IV - A New Hope
                """, AnswerFormat.PAIRS, cands, ids("20", "14"), new int[0], 3);
        assertThat(items(pairs)).containsExactly("19", "4", "14");
        assertThat(pairs.slots().get(2).outcome()).isEqualTo(SlotOutcome.SEEN);
    }

    @Test
    void reasoning_list_before_the_final_list_is_not_read_as_recommendations() {
        GroundedAnswer a = ground("""
                Let's think step by step.
                1. The user watches mostly crime films.
                2. They rate 1990s films highly.
                3. They have not seen Casino yet.

                Final recommendations:
                1. Casino (1995)
                2. Goodfellas (1990)
                3. Heat (1995)
                """, AnswerFormat.LIST, new int[0], new int[0], new int[0], 3);
        assertThat(items(a)).containsExactly("18", "19", "4");
    }

    @Test
    void a_title_cut_off_by_the_token_limit_counts_only_when_it_names_one_film() {
        GroundedAnswer unique = ground("1. Heat\n2. Casino\n3. The Shawsh", AnswerFormat.LIST, new int[0], new int[0], new int[0], 3);
        assertThat(items(unique)).containsExactly("4", "18", "10");
        assertThat(unique.slots().get(2).method()).isEqualTo(CatalogMatcher.Method.PREFIX);
        assertThat(unique.status()).isEqualTo(ResponseStatus.OK);
        GroundedAnswer open = ground("1. Heat\n2. Casino\n3. Toy St", AnswerFormat.LIST, new int[0], new int[0], new int[0], 3);
        assertThat(items(open)).as("Toy Story or Toy Story 2: no slot").containsExactly("4", "18");
        assertThat(open.status()).isEqualTo(ResponseStatus.WRONG_LENGTH);
        GroundedAnswer invented = ground("1. Heat\n2. Casino\n3. Moonlight Over Casablanca", AnswerFormat.LIST,
                new int[0], new int[0], new int[0], 3);
        assertThat(items(invented)).containsExactly("4", "18", "-");
        assertThat(invented.status()).isEqualTo(ResponseStatus.OK);
        assertThat(items(ground("[\"Heat\", \"Casino\", \"Pulp Fiction (19", AnswerFormat.JSON, new int[0], new int[0],
                new int[0], 3))).containsExactly("4", "18", "20");
    }

    @Test
    void refusals_chatter_empty_answers_and_failed_calls() {
        assertThat(ground("I'm sorry, but I can't provide personalised recommendations.", AnswerFormat.LIST,
                new int[0], new int[0], new int[0], 10).status()).isEqualTo(ResponseStatus.ABSTAINED);
        assertThat(ground("", AnswerFormat.LIST, new int[0], new int[0], new int[0], 10).status())
                .isEqualTo(ResponseStatus.UNPARSEABLE);
        assertThat(grounder.ground(GroundingInput.failedCall()).status()).isEqualTo(ResponseStatus.ERROR);
        assertThatThrownBy(() -> new GroundingInput("x", false, null, null, null, null, -1))
                .hasMessageContaining("k must be");
    }

    @Test
    void k_larger_than_the_answer_and_k_zero() {
        assertThat(ground("1. Heat", AnswerFormat.LIST, new int[0], new int[0], new int[0], 10).status())
                .isEqualTo(ResponseStatus.WRONG_LENGTH);
        assertThat(ground("1. Heat\n2. Casino", AnswerFormat.LIST, new int[0], new int[0], new int[0], 0).status())
                .isEqualTo(ResponseStatus.OK);
    }

    @Test
    void the_semantic_stage_runs_only_when_enabled_and_respects_its_threshold() {
        // A stub embedder: titles containing "robbers" point to Heat's direction, the rest elsewhere.
        CatalogMatcher.TitleEmbedder embedder = titles -> titles.stream().map(t -> {
            String l = t.toLowerCase();
            return l.contains("heat") || l.contains("robbers") ? new float[] {1, 0} : new float[] {0, 1};
        }).toArray(float[][]::new);
        assertThatThrownBy(() -> new CatalogMatcher(d.items(), CatalogMatcher.Settings.DEFAULT.withSemantic(true), null))
                .hasMessageContaining("embedding model");
        Grounder semantic = new Grounder(new CatalogMatcher(d.items(), CatalogMatcher.Settings.DEFAULT.withSemantic(true), embedder));
        GroundedAnswer a = semantic.ground(new GroundingInput("1. The Cops and Robbers Film", false, AnswerFormat.LIST,
                ids("4", "18"), null, null, 1));
        assertThat(a.slots().get(0).item()).isEqualTo(i("4"));
        assertThat(a.slots().get(0).method()).isEqualTo(CatalogMatcher.Method.SEMANTIC_CANDIDATE);
        assertThat(items(grounder.ground(new GroundingInput("1. The Cops and Robbers Film", false, AnswerFormat.LIST,
                ids("4", "18"), null, null, 1)))).containsExactly("-");
    }
}
