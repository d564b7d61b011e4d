package org.recprompt.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.Fixtures;
import org.recprompt.dataset.split.CandidateSampler;
import org.recprompt.dataset.split.Split;
import org.recprompt.dataset.split.Splits;

/** The template engine on small datasets built in code: parsing, lint, rendering and the variable model. */
class TemplateEngineTest {

    /** Items 1-4 have titles that look like markup; user "u1" watched 1-4 and holds out 5. */
    static final String[] TITLES = {"{{x}}", "Tom & Jerry (1992)", "<b>Bold</b> (2001)", "Schindler's List (1993)",
        "Held Out (2000)", "Movie 6", "Movie 7", "Movie 8", "Movie 9", "Movie 10"};

    static Dataset literalFixture() {
        return Fixtures.withTitles(TITLES, new String[TITLES.length],
                "u1 1 4 100", "u1 2 5 200", "u1 3 3 300", "u1 4 4.5 400", "u1 5 4 500",
                "u2 6 3 100", "u2 7 3 200", "u2 8 3 300");
    }

    static PromptTemplate parse(String text) {
        return PromptTemplate.parse(text, "test.mustache");
    }

    static List<TemplateLint.Problem> errors(String text) {
        return TemplateLint.check(text, "test.mustache").stream().filter(TemplateLint.Problem::error).toList();
    }

    static String userText(RenderedPrompt r) {
        return r.messages().stream().filter(m -> m.role().equals("user")).map(Message::text).reduce("", String::concat);
    }

    @Test
    void titles_that_look_like_mustache_or_html_are_rendered_literally() {
        Dataset d = literalFixture();
        Split split = Splits.leaveLastOut(d);
        int u = d.users().indexOf("u1");
        PromptTemplate t = parse("""
                ---
                name: literal
                ---
                [user]
                All: {{history_titles}}
                {{#history}}
                - {{title}} / {{name}}
                {{/history}}
                Item: {{item.title}}
                Last: {{last.title}}
                Candidates: {{candidate_titles}}
                """);
        Map<String, Object> ctx = PromptContext.of(split, u).forTemplate(t.meta())
                .item(d.items().indexOf("1"))
                .candidates(CandidateSampler.random(split, 5, 7).sample(u))
                .build();
        String text = userText(TemplateRenderer.render(t, ctx));

        assertThat(text).contains("All: {{x}}, Tom & Jerry (1992), <b>Bold</b> (2001), Schindler's List (1993)")
                .contains("- {{x}} / {{x}}", "- Tom & Jerry (1992) / Tom & Jerry", "- <b>Bold</b> (2001) / <b>Bold</b>",
                        "- Schindler's List (1993) / Schindler's List")
                .contains("Item: {{x}}", "Last: Schindler's List (1993)")
                .contains("Held Out (2000)")
                .doesNotContain("&amp;", "&lt;", "&gt;", "&#39;", "&#x27;", "&quot;");
    }

    @Test
    void chain_answers_and_scoring_item_sides_stay_literal_too() {
        Dataset d = literalFixture();
        Split split = Splits.leaveLastOut(d);
        int u = d.users().indexOf("u1");
        PromptTemplate chain = parse("""
                ---
                name: chain
                kind: chain
                ---
                [step a]
                First.
                [step b]
                You said: {{steps.a}}
                """);
        Map<String, Object> ctx = PromptContext.of(split, u).step("a", "{{user.id}} & <i>it's</i>").build();
        assertThat(TemplateRenderer.render(chain, ctx).messages().get(1).text()).isEqualTo("You said: {{user.id}} & <i>it's</i>");

        PromptTemplate pair = parse("""
                ---
                name: pair
                kind: scoring-pair
                ---
                [user-side]
                A user watched {{history_titles}}.
                [item-side]
                also watched {{item.title}}
                """);
        RenderedPrompt r = TemplateRenderer.render(pair, PromptContext.of(split, u).item(d.items().indexOf("1")).build());
        assertThat(r.userSide()).isEqualTo("A user watched {{x}}, Tom & Jerry (1992), <b>Bold</b> (2001), Schindler's List (1993).");
        assertThat(r.itemSides()).containsExactly("also watched {{x}}");
    }

    @Test
    void a_missing_variable_is_an_error_naming_the_template_and_line() {
        Split split = Splits.leaveLastOut(literalFixture());
        // The marker is on line 4 and a blank line follows it: the variable sits on line 7.
        PromptTemplate t = parse("""
                ---
                name: missing
                ---
                [user]

                Hello.
                Your id is {{nope}}.
                """);
        TemplateException e = catchThrowableOfType(() -> TemplateRenderer.render(t, PromptContext.of(split, 0).build()),
                TemplateException.class);
        assertThat(e.line()).isEqualTo(7);
        assertThat(e.getMessage()).startsWith("test.mustache line 7: ").contains("'nope'");

        PromptTemplate section = parse("""
                ---
                name: missing-section
                ---
                [system]
                Hi.
                [user]
                One
                {{#nothing}}x{{/nothing}}
                """);
        TemplateException s = catchThrowableOfType(() -> TemplateRenderer.render(section, PromptContext.of(split, 0).build()),
                TemplateException.class);
        assertThat(s.line()).isEqualTo(8);
        assertThat(s.getMessage()).contains("line 8", "'nothing'");
    }

    @Test
    void an_unclosed_section_is_reported_by_lint_with_its_line() {
        List<TemplateLint.Problem> problems = errors("""
                ---
                name: unclosed
                ---
                [user]
                I watched:
                {{#history}}
                {{title}}
                """);
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).line()).isEqualTo(6);
        assertThat(problems.get(0).message()).contains("history");
    }

    @Test
    void an_unknown_variable_gets_a_lint_error_with_a_did_you_mean_hint() {
        List<TemplateLint.Problem> problems = errors("""
                ---
                name: typo
                ---
                [system]
                You recommend.
                [user]
                I am {{usr.id}}.
                """);
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).line()).isEqualTo(7);
        assertThat(problems.get(0).message()).contains("unknown variable 'usr.id'", "did you mean 'user'");
    }

    @Test
    void known_variables_and_list_fields_lint_clean() {
        assertThat(TemplateLint.check("""
                ---
                name: clean
                ---
                [user]
                {{user.id}} {{history_size}} {{last.title}} {{K}} {{C}} {{domain}} {{domains}}
                {{#history}}{{position}} {{recency}} {{rating}} {{title}}{{^-last}}, {{/-last}}{{/history}}
                {{#candidates}}({{letter}}) {{index}} {{genres}}{{/candidates}}
                {{#examples}}{{history_titles}} {{answer}}{{/examples}}
                {{#sensitive}}I am a {{value}} fan.{{/sensitive}}
                """, "clean.mustache")).isEmpty();
        // A list field outside its list is not a variable.
        assertThat(errors("""
                ---
                name: outside
                ---
                [user]
                {{letter}}
                """)).extracting(TemplateLint.Problem::message).containsExactly("unknown variable 'letter'");
    }

    @Test
    void a_step_read_before_it_is_answered_is_a_lint_error() {
        List<TemplateLint.Problem> problems = errors("""
                ---
                name: chain
                kind: chain
                ---
                [step first]
                Before: {{steps.second}}
                [step second]
                After: {{steps.first}}
                """);
        assertThat(problems).extracting(TemplateLint.Problem::line).containsExactly(6);
        assertThat(problems.get(0).message()).isEqualTo("step 'second' is read before it is answered");

        // A step cannot read its own answer, nor can a message placed before the step.
        assertThat(errors("""
                ---
                name: self
                kind: chain
                ---
                [system]
                Remember {{steps.only}}.
                [step only]
                Me: {{steps.only}}
                """)).extracting(TemplateLint.Problem::line).containsExactly(6, 8);

        assertThat(errors("""
                ---
                name: nosuch
                kind: chain
                ---
                [step a]
                {{steps.b}}
                """)).extracting(TemplateLint.Problem::message).containsExactly("there is no chain step named 'b'");

        // After every step has been asked, any block may read the answers.
        assertThat(errors("""
                ---
                name: after
                kind: chain
                ---
                [step a]
                Go.
                [user]
                You said {{steps.a}}.
                """)).isEmpty();
    }

    @Test
    void paraphrase_of_and_explanation_are_read_from_the_front_matter_and_checked() {
        PromptTemplate p = parse("---\nname: b\nparaphrase-of: a\nexplanation: true\n---\n[user]\nHi\n");
        assertThat(p.meta().paraphraseOf()).isEqualTo("a");
        assertThat(p.meta().paraphraseFamily()).isEqualTo("a");
        assertThat(p.meta().explains()).isTrue();
        PromptTemplate plain = parse("---\nname: a\n---\n[user]\nHi\n");
        assertThat(plain.meta().paraphraseOf()).isNull();
        assertThat(plain.meta().paraphraseFamily()).isEqualTo("a");
        assertThat(plain.meta().explains()).isFalse();
        assertThatThrownBy(() -> parse("---\nname: b\nexplanation: sometimes\n---\n[user]\nHi\n"))
                .isInstanceOf(TemplateException.class).hasMessageContaining("'explanation' is true or false");
        assertThatThrownBy(() -> parse("---\nname: b\nparaphrase-of: [a, c]\n---\n[user]\nHi\n"))
                .isInstanceOf(TemplateException.class).hasMessageContaining("'paraphrase-of'");
    }

    @Test
    void parse_errors_name_the_line() {
        TemplateException noFrontMatter = catchThrowableOfType(() -> parse("[user]\nHello\n"), TemplateException.class);
        assertThat(noFrontMatter.line()).isEqualTo(1);
        assertThat(noFrontMatter.getMessage()).startsWith("test.mustache line 1: ").contains("front matter");

        TemplateException unclosed = catchThrowableOfType(() -> parse("---\nname: a\n[user]\nHello\n"), TemplateException.class);
        assertThat(unclosed.line()).isEqualTo(1);
        assertThat(unclosed.getMessage()).contains("not closed");

        TemplateException stray = catchThrowableOfType(() -> parse("""
                ---
                name: stray
                ---

                Some text.
                [user]
                Hello
                """), TemplateException.class);
        assertThat(stray.line()).isEqualTo(5);
        assertThat(stray.getMessage()).startsWith("test.mustache line 5: ").contains("before the first block marker");

        String pairWithoutItemSide = """
                ---
                name: pair
                kind: scoring-pair
                ---
                [user-side]
                A user watched {{history_titles}}.
                """;
        TemplateException pair = catchThrowableOfType(() -> parse(pairWithoutItemSide), TemplateException.class);
        assertThat(pair.line()).isEqualTo(6);
        assertThat(pair.getMessage()).startsWith("test.mustache line 6: ").contains("[item-side]");
        assertThat(TemplateLint.check(pairWithoutItemSide, "test.mustache"))
                .singleElement().satisfies(p -> {
                    assertThat(p.line()).isEqualTo(6);
                    assertThat(p.error()).isTrue();
                    assertThat(p.message()).contains("[item-side] is missing");
                });

        TemplateException twoUserSides = catchThrowableOfType(() -> parse("""
                ---
                name: pair
                kind: scoring-pair
                ---
                [user-side]
                A
                [item-side]
                B
                [user-side]
                C
                """), TemplateException.class);
        assertThat(twoUserSides.line()).isEqualTo(9);

        TemplateException badKind = catchThrowableOfType(() -> parse("---\nname: a\nkind: poem\n---\n[user]\nHi\n"),
                TemplateException.class);
        assertThat(badKind.getMessage()).contains("line 2", "unknown template kind 'poem'");

        assertThatThrownBy(() -> parse("---\nkind: chat\n---\n[user]\nHi\n")).isInstanceOf(TemplateException.class)
                .hasMessageContaining("no 'name'");
    }

    @Test
    void the_version_is_the_sha256_prefix_and_changes_with_one_character() throws Exception {
        String text = "---\nname: v\n---\n[user]\nRecommend {{K}} movies.\n";
        String changed = text.replace("movies.", "movies!");
        String version = parse(text).version();
        assertThat(version).matches("[0-9a-f]{12}");
        String expected = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, 12);
        assertThat(version).isEqualTo(expected);
        assertThat(parse(text).version()).isEqualTo(version);
        assertThat(parse(changed).version()).isNotEqualTo(version).matches("[0-9a-f]{12}");
    }

    @Test
    void recent_first_order_and_the_history_limit_show_the_most_recent_items_newest_first() {
        // Rows out of time order: the history must follow the timestamps.
        Dataset d = Fixtures.of(8, "u 3 4 30", "u 1 5 10", "u 5 2 50", "u 2 3 20", "u 4 1 40", "u 6 5 60");
        Split split = Splits.leaveLastOut(d);
        String body = """
                [user]
                {{#history}}{{position}}:{{recency}}:{{title}}:{{rating}};{{/history}}
                size={{history_size}} last={{last.title}} titles={{history_titles}}
                """;
        PromptTemplate recent = parse("---\nname: r\norder: recent-first\nhistory: 3\n---\n" + body);
        String text = userText(TemplateRenderer.render(recent, PromptContext.of(split, 0).forTemplate(recent.meta()).build()));
        assertThat(text).isEqualTo("3:1:Movie 5:2;2:2:Movie 4:1;1:3:Movie 3:4;\n"
                + "size=3 last=Movie 5 titles=Movie 5, Movie 4, Movie 3");

        PromptTemplate all = parse("---\nname: a\n---\n" + body);
        String oldest = userText(TemplateRenderer.render(all, PromptContext.of(split, 0).forTemplate(all.meta()).build()));
        assertThat(oldest).isEqualTo("1:5:Movie 1:5;2:4:Movie 2:3;3:3:Movie 3:4;4:2:Movie 4:1;5:1:Movie 5:2;\n"
                + "size=5 last=Movie 5 titles=Movie 1, Movie 2, Movie 3, Movie 4, Movie 5");

        // The held-out item (Movie 6) is never part of the history; --history overrides the template.
        String two = userText(TemplateRenderer.render(all, PromptContext.of(split, 0).forTemplate(all.meta()).historyLimit(2).build()));
        assertThat(two).startsWith("1:2:Movie 4:1;2:1:Movie 5:2;").doesNotContain("Movie 6");
    }

    @Test
    void pseudonymous_ids_differ_from_real_ids_and_are_stable() {
        Dataset d = Fixtures.of(4, "278 1 4 1", "278 2 4 2", "610 3 4 1", "610 4 4 2");
        Split split = Splits.leaveLastOut(d);
        PromptTemplate t = parse("---\nname: id\n---\n[user]\n{{user.id}}\n");
        String first = userText(TemplateRenderer.render(t, PromptContext.of(split, 0).build()));
        String again = userText(TemplateRenderer.render(t, PromptContext.of(split, 0).build()));
        String other = userText(TemplateRenderer.render(t, PromptContext.of(split, 1).build()));
        String real = userText(TemplateRenderer.render(t, PromptContext.of(split, 0).realUserIds().build()));
        String salted = userText(TemplateRenderer.render(t, PromptContext.of(split, 0).pseudonymSalt(99).build()));

        assertThat(first).matches("U[0-9a-f]{6}").isNotEqualTo("278").isEqualTo(again);
        assertThat(other).matches("U[0-9a-f]{6}").isNotEqualTo(first).isNotEqualTo("610");
        assertThat(real).isEqualTo("278");
        assertThat(salted).matches("U[0-9a-f]{6}").isNotEqualTo(first);
    }

    @Test
    void candidate_letters_run_a_to_z_then_aa() {
        assertThat(PromptContext.letter(0)).isEqualTo("A");
        assertThat(PromptContext.letter(1)).isEqualTo("B");
        assertThat(PromptContext.letter(25)).isEqualTo("Z");
        assertThat(PromptContext.letter(26)).isEqualTo("AA");
        assertThat(PromptContext.letter(27)).isEqualTo("AB");
        assertThat(PromptContext.letter(51)).isEqualTo("AZ");
        assertThat(PromptContext.letter(52)).isEqualTo("BA");
        assertThat(PromptContext.letter(701)).isEqualTo("ZZ");
        assertThat(PromptContext.letter(702)).isEqualTo("AAA");

        // In a rendering: 28 candidates get A..Z, AA, AB, and index 1..28.
        String[] titles = new String[40];
        for (int i = 0; i < titles.length; i++) {
            titles[i] = "T" + (i + 1);
        }
        Dataset d = Fixtures.withTitles(titles, new String[titles.length], "u 1 4 1", "u 2 4 2");
        Split split = Splits.leaveLastOut(d);
        PromptTemplate t = parse("---\nname: letters\n---\n[user]\n{{#candidates}}{{letter}}{{index}} {{/candidates}}\n");
        String text = userText(TemplateRenderer.render(t,
                PromptContext.of(split, 0).candidates(CandidateSampler.random(split, 28, 1).sample(0)).build()));
        assertThat(text).startsWith("A1 B2 C3 ").endsWith("Z26 AA27 AB28");
    }

    @Test
    void the_sensitive_section_disappears_for_the_neutral_request() {
        Split split = Splits.leaveLastOut(literalFixture());
        PromptTemplate t = parse("---\nname: fair\n---\n[user]\n{{#sensitive}}I am a {{value}} fan. {{/sensitive}}Recommend {{K}}.\n");
        assertThat(userText(TemplateRenderer.render(t, PromptContext.of(split, 0).build()))).isEqualTo("Recommend 10.");
        assertThat(userText(TemplateRenderer.render(t, PromptContext.of(split, 0).sensitive("gender", "female").build())))
                .isEqualTo("I am a female fan. Recommend 10.");
    }

    @Test
    void a_sensitive_value_takes_the_article_it_needs() {
        PromptTemplate t = parse("---\nname: fair\n---\n[user]\n{{#sensitive}}I am {{a_value}} fan. {{/sensitive}}Recommend {{K}}.\n");
        Split split = Splits.leaveLastOut(literalFixture());
        assertThat(userText(TemplateRenderer.render(t, PromptContext.of(split, 0).sensitive("age", "old").build())))
                .isEqualTo("I am an old fan. Recommend 10.");
        assertThat(userText(TemplateRenderer.render(t, PromptContext.of(split, 0).sensitive("gender", "female").build())))
                .isEqualTo("I am a female fan. Recommend 10.");
    }
}
