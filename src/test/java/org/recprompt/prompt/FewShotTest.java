package org.recprompt.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.Fixtures;
import org.recprompt.dataset.split.Split;
import org.recprompt.dataset.split.Splits;
import org.recprompt.prompt.fewshot.FewShotExample;
import org.recprompt.prompt.fewshot.FewShotSampler;
import org.recprompt.prompt.fewshot.FewShotSampler.Strategy;
import org.recprompt.prompt.fewshot.FewShotSet;
import org.recprompt.prompt.fewshot.LeakageCheck;
import org.recprompt.prompt.fewshot.LeakageException;

/** Few-shot examples: drawn only from other users' training data, refused when they leak, rendered in the template's format. */
class FewShotTest {

    /**
     * 40 items "Movie 1".."Movie 40". The evaluated user "e" holds out item 10. Users "a" and "c"
     * have item 10 in their training histories, so no example may come from them; "b", "d", "f"
     * and "g" are clean (each one's last item is held out for that user). Its domain is movies.
     */
    static Dataset leakFixture() {
        return Fixtures.of(40,
                "e 1 4 1", "e 2 4 2", "e 3 4 3", "e 10 4 4",
                "a 1 4 1", "a 10 4 2", "a 4 4 3",
                "b 4 4 1", "b 5 4 2", "b 10 4 3",
                "c 10 4 1", "c 6 4 2", "c 7 4 3", "c 8 4 4",
                "d 11 4 1", "d 12 4 2", "d 13 4 3", "d 14 4 4",
                "f 15 4 1", "f 16 4 2", "f 17 4 3", "f 18 4 4",
                "g 19 4 1", "g 20 4 2", "g 21 4 3").withDomain(org.recprompt.dataset.Domain.MOVIE);
    }

    static PromptTemplate.Meta meta(String output, String extra) {
        return PromptTemplate.parse("---\nname: m\noutput: " + output + "\n" + extra + "---\n[user]\nx\n", "m").meta();
    }

    static List<String> shown(FewShotExample e) {
        List<String> all = new ArrayList<>(e.history());
        all.addAll(e.candidates());
        all.addAll(e.answer());
        return all;
    }

    @Test
    void sampled_examples_never_come_from_the_evaluated_user_nor_show_its_held_out_item() {
        Dataset d = leakFixture();
        Split split = Splits.leaveLastOut(d);
        int e = d.users().indexOf("e");
        for (long seed = 1; seed <= 10; seed++) {
            FewShotSet set = FewShotSampler.random(split, seed).sample(e, 10);
            assertThat(set.examples()).extracting(FewShotExample::user).containsExactlyInAnyOrder("b", "d", "f", "g");
            for (FewShotExample x : set.examples()) {
                assertThat(shown(x)).doesNotContain("10");
            }
            // With candidates too: the negatives never include the held-out item either.
            FewShotSet choices = new FewShotSampler(split, Strategy.RANDOM, seed, 4).sample(e, 10);
            assertThat(choices.examples()).isNotEmpty().allSatisfy(x -> {
                assertThat(x.user()).isIn("b", "d", "f", "g");
                assertThat(x.candidates()).hasSize(4).containsAll(x.answer()).doesNotContain("10");
            });
        }
    }

    @Test
    void an_example_is_its_users_training_history_without_the_last_item_which_is_the_answer() {
        Dataset d = leakFixture();
        Split split = Splits.leaveLastOut(d);
        FewShotSet set = FewShotSampler.random(split, 3).sample(d.users().indexOf("e"), 10);
        FewShotExample fromD = set.examples().stream().filter(x -> x.user().equals("d")).findFirst().orElseThrow();
        // d watched 11, 12, 13, 14: 14 is held out, 13 is the answer, 11 and 12 are shown.
        assertThat(fromD.history()).containsExactly("11", "12");
        assertThat(fromD.answer()).containsExactly("13");
        FewShotExample fromB = set.examples().stream().filter(x -> x.user().equals("b")).findFirst().orElseThrow();
        assertThat(fromB.history()).containsExactly("4");
        assertThat(fromB.answer()).containsExactly("5");
    }

    @Test
    void sampled_examples_on_real_data_never_leak() {
        Path dir = Path.of("../shared/datasets/ml-latest-small");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(dir),
                () -> "Skipped: the shared dataset " + dir.toAbsolutePath().normalize() + " is not present");
        Dataset d = ShippedTemplatesTest.mlLatestSmall();
        Split split = Splits.leaveLastOut(d);
        for (String id : List.of("1", "278", "610")) {
            int u = d.users().indexOf(id);
            List<String> heldOut = java.util.Arrays.stream(split.heldOut(u)).mapToObj(d.items()::id).toList();
            FewShotSet set = new FewShotSampler(split, Strategy.SIMILAR_GENRES, 7, 2).sample(u, 5);
            assertThat(set.examples()).hasSize(5).allSatisfy(x -> {
                assertThat(x.user()).isNotEqualTo(id);
                assertThat(shown(x)).doesNotContainAnyElementsOf(heldOut);
            });
        }
    }

    @Test
    void a_hand_made_set_showing_the_evaluated_users_held_out_item_is_refused_naming_the_example() {
        Dataset d = leakFixture();
        Split split = Splits.leaveLastOut(d);
        int e = d.users().indexOf("e");
        FewShotExample clean = new FewShotExample("d", List.of("11", "12"), List.of(), List.of("13"), null);
        FewShotExample leaking = new FewShotExample("f", List.of("15", "10"), List.of(), List.of("16"), null);
        FewShotSet set = new FewShotSet("my-examples", "hand", 0, List.of(clean, leaking));
        assertThatThrownBy(() -> LeakageCheck.check(set, split, e)).isInstanceOf(LeakageException.class)
                .hasMessageContaining("my-examples, example 2").hasMessageContaining("item 10");

        FewShotExample answerLeaks = new FewShotExample("f", List.of("15"), List.of("16", "10"), List.of("10"), null);
        assertThatThrownBy(() -> LeakageCheck.check(new FewShotSet("s", "hand", 0, List.of(answerLeaks)), split, e))
                .isInstanceOf(LeakageException.class).hasMessageContaining("example 1").hasMessageContaining("item 10");

        // The clean example alone passes.
        LeakageCheck.check(new FewShotSet("ok", "hand", 0, List.of(clean)), split, e);
    }

    @Test
    void a_hand_made_set_drawn_from_the_evaluated_user_or_from_held_out_data_is_refused() {
        Dataset d = leakFixture();
        Split split = Splits.leaveLastOut(d);
        int e = d.users().indexOf("e");
        FewShotExample own = new FewShotExample("e", List.of("1", "2"), List.of(), List.of("3"), null);
        assertThatThrownBy(() -> LeakageCheck.check(new FewShotSet("mine", "hand", 0,
                List.of(new FewShotExample("d", List.of("11"), List.of(), List.of("12"), null), own)), split, e))
                .isInstanceOf(LeakageException.class)
                .hasMessageContaining("mine, example 2").hasMessageContaining("evaluated user e");

        // d's item 14 is held out for d itself: an example may only use training data.
        FewShotExample test = new FewShotExample("d", List.of("11", "12", "13"), List.of(), List.of("14"), null);
        assertThatThrownBy(() -> LeakageCheck.check(new FewShotSet("t", "hand", 0, List.of(test)), split, e))
                .isInstanceOf(LeakageException.class).hasMessageContaining("example 1").hasMessageContaining("item 14")
                .hasMessageContaining("own user d");
    }

    @Test
    void the_balanced_strategy_cycles_the_correct_letter_through_the_positions() {
        List<String> rows = new ArrayList<>(List.of("e 1 4 1", "e 2 4 2", "e 3 4 3"));
        for (int k = 0; k < 8; k++) {
            int base = 4 + 4 * k;
            for (int j = 0; j < 3; j++) {
                rows.add("x" + k + " " + (base + j) + " 4 " + (j + 1));
            }
        }
        Dataset d = Fixtures.of(80, rows.toArray(String[]::new));
        Split split = Splits.leaveLastOut(d);
        FewShotSet set = new FewShotSampler(split, Strategy.BALANCED, 11, 3).sample(d.users().indexOf("e"), 7);
        assertThat(set.examples()).hasSize(7);
        List<Integer> positions = set.examples().stream().map(x -> x.candidates().indexOf(x.answer().get(0))).toList();
        assertThat(positions).containsExactly(0, 1, 2, 0, 1, 2, 0);
        List<String> answers = set.render(split, meta("choice-letter", "kind: choice\ncandidates: 3\n")).stream()
                .map(m -> (String) m.get("answer")).toList();
        assertThat(answers).containsExactly("A", "B", "C", "A", "B", "C", "A");
    }

    @Test
    void similar_genres_picks_the_user_with_the_most_similar_genre_mix() {
        String[] titles = new String[20];
        String[] genres = new String[20];
        for (int i = 0; i < 20; i++) {
            titles[i] = "Movie " + (i + 1);
            genres[i] = i < 5 ? "Horror" : i < 10 ? "Comedy" : i < 15 ? "Romance" : "Horror|Thriller";
        }
        // e: horror only. h: horror only (other items). m: comedy and horror/thriller. c: comedy. r: romance.
        Dataset d = Fixtures.withTitles(titles, genres,
                "e 1 4 1", "e 2 4 2", "e 3 4 3", "e 4 4 4",
                "c 6 4 1", "c 7 4 2", "c 8 4 3", "c 9 4 4",
                "r 11 4 1", "r 12 4 2", "r 13 4 3", "r 14 4 4",
                "m 6 4 1", "m 16 4 2", "m 17 4 3", "m 18 4 4",
                "h 5 4 1", "h 2 4 2", "h 3 4 3", "h 20 4 4");
        Split split = Splits.leaveLastOut(d);
        int e = d.users().indexOf("e");
        for (long seed = 1; seed <= 5; seed++) {
            FewShotSet set = new FewShotSampler(split, Strategy.SIMILAR_GENRES, seed, 0).sample(e, 2);
            assertThat(set.examples()).extracting(FewShotExample::user).containsExactly("h", "m");
        }
    }

    @Test
    void examples_render_into_the_templates_examples_section_in_its_output_format() throws Exception {
        Dataset d = leakFixture();
        Split split = Splits.leaveLastOut(d);
        int e = d.users().indexOf("e");
        FewShotSet set = new FewShotSet("hand", "hand", 0, List.of(
                new FewShotExample("d", List.of("11", "12"), List.of("20", "13"), List.of("13"), null),
                new FewShotExample("f", List.of("15", "16"), List.of("17", "30"), List.of("17"), null)));
        LeakageCheck.check(set, split, e);

        PromptTemplate pairwise = PromptTemplate.parse(Files.readString(ShippedTemplatesTest.TEMPLATES.resolve("pairwise-na.mustache")),
                "pairwise-na.mustache");
        PromptContext ctx = PromptContext.of(split, e).forTemplate(pairwise.meta())
                .candidates(org.recprompt.dataset.split.CandidateSampler.random(split, 2, 7).sample(e));
        String without = TemplateRenderer.render(pairwise, ctx.build()).messages().get(1).text();
        assertThat(without).startsWith("Here is the watching history of a user").doesNotContain("example", "Answer: ");

        List<Map<String, Object>> rendered = set.render(split, pairwise.meta());
        String with = TemplateRenderer.render(pairwise, ctx.examples(rendered).build()).messages().get(1).text();
        assertThat(with)
                .contains("Watching history of a user: Movie 11, Movie 12.\n"
                        + "Would this user prefer (A) Movie 20 or (B) Movie 13?\nAnswer: B")
                .contains("Watching history of a user: Movie 15, Movie 16.\n"
                        + "Would this user prefer (A) Movie 17 or (B) Movie 30?\nAnswer: A")
                .contains("Here is the watching history of a user, oldest first: Movie 1, Movie 2, Movie 3.");
        assertThat(with.indexOf("Answer: A")).isGreaterThan(with.indexOf("Answer: B"));

        // A list template gets the answer as a numbered list of titles; a JSON one as a JSON array.
        PromptTemplate list = PromptTemplate.parse("""
                ---
                name: list
                output: numbered-titles
                ---
                [user]
                {{#examples}}
                {{user}} watched {{history_titles}}; next:
                {{answer}}
                {{/examples}}
                """, "list");
        String numbered = TemplateRenderer.render(list, PromptContext.of(split, e).examples(set.render(split, list.meta())).build())
                .messages().get(0).text();
        assertThat(numbered).containsPattern("(?m)^U[0-9a-f]{6} watched Movie 11, Movie 12; next:\n1\\. Movie 13$")
                .containsPattern("(?m)^U[0-9a-f]{6} watched Movie 15, Movie 16; next:\n1\\. Movie 17$");
        assertThat(set.render(split, meta("json-array", "")).get(0).get("answer")).isEqualTo("[\"Movie 13\"]");
    }
}
