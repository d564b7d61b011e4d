package org.recprompt.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.Domain;
import org.recprompt.dataset.Fixtures;
import org.recprompt.dataset.split.CandidateSampler;
import org.recprompt.dataset.split.Split;
import org.recprompt.dataset.split.Splits;
import org.recprompt.prompt.cli.RenderCommand;

/**
 * The shipped templates take their words from the dataset's domain: on books they say "book" and
 * "read", never "movie" or "watched"; a template's explicit {@code domain:} wins; the lint warns
 * about a domain word written into a template that does not name its domain.
 */
class DomainTemplatesTest {

    private static final Pattern MOVIE_WORDS = Pattern.compile(
            "(?i)\\b(movies?|films?|watch(ed|es|ing)?|view(er|ers|ing)|posters?)\\b");

    /** 120 items titled "Title N", user "r" with 6 interactions (the last held out), and two other users. */
    static Dataset fixture(Domain domain) {
        String[] titles = new String[120];
        String[] genres = new String[120];
        for (int i = 0; i < titles.length; i++) {
            titles[i] = "Title " + (i + 1);
            genres[i] = i % 2 == 0 ? "Fantasy" : "Mystery";
        }
        List<String> rows = new ArrayList<>();
        for (int k = 1; k <= 6; k++) {
            rows.add("r " + k + " 4 " + k);
            rows.add("s " + (k + 10) + " 3 " + k);
            rows.add("t " + (k + 20) + " 5 " + k);
        }
        return Fixtures.withTitles(titles, genres, rows.toArray(String[]::new)).withDomain(domain);
    }

    static String render(PromptTemplate t, Dataset d) {
        Split split = Splits.leaveLastOut(d);
        int u = d.users().indexOf("r");
        PromptContext ctx = PromptContext.of(split, u).forTemplate(t.meta()).item(split.heldOut(u)[0]);
        if (RenderCommand.usesCandidates(t)) {
            ctx.candidates(CandidateSampler.random(split, t.meta().candidates(), 7).sample(u));
        }
        ctx.step("preferences", "fantasy").step("representative", "Title 1");
        RenderedPrompt r = TemplateRenderer.render(t, ctx.build());
        return r.toText();
    }

    static PromptTemplate shipped(String name) throws IOException {
        Path file = ShippedTemplatesTest.TEMPLATES.resolve(name + ".mustache");
        return PromptTemplate.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    static List<Path> withoutOwnDomain() throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path f : ShippedTemplatesTest.files()) {
            if (PromptTemplate.parse(Files.readString(f, StandardCharsets.UTF_8), f.toString()).meta().domain() == null) {
                out.add(f);
            }
        }
        return out;
    }

    @Test
    void candidate_ranking_on_books_reads_as_a_book_recommender() throws IOException {
        String text = render(shipped("candidate-ranking"), fixture(Domain.BOOK));
        assertThat(text)
                .contains("You are a book recommender. You only ever recommend books from the list you are given.")
                .contains("I have read the following books, oldest first:\n1. Title 1\n")
                .contains("Here are 20 candidate books:")
                .contains("Rank all 20 candidates below by how likely I am to read each one next")
                .doesNotContainPattern(MOVIE_WORDS);
    }

    @Test
    void candidate_ranking_names_a_book_s_authors_so_two_books_of_one_title_stay_apart() throws IOException {
        Dataset plain = fixture(Domain.BOOK);
        org.recprompt.dataset.Items items = plain.items();
        String[] authors = new String[items.size()];
        authors[0] = "Paul Auster";
        authors[1] = "James Patterson|David Ellis";
        java.util.Map<String, String[]> attributes = new java.util.HashMap<>(items.attributes());
        attributes.put(org.recprompt.dataset.Items.AUTHORS, authors);
        Dataset books = plain.derived(plain.name(), new org.recprompt.dataset.Items(items.ids(), items.titles(),
                items.years(), items.genres(), items.genreNames(), attributes, items.images()), plain.users(),
                plain.interactions());

        String text = render(shipped("candidate-ranking"), books);

        assertThat(text).contains("1. Title 1 by Paul Auster\n2. Title 2 by James Patterson, David Ellis\n3. Title 3\n");
        // Without authors (MovieLens) the line is the title alone.
        assertThat(render(shipped("candidate-ranking"), plain)).contains("1. Title 1\n2. Title 2\n").doesNotContain("Title 1 by");
    }

    @Test
    void the_same_template_speaks_of_artists_products_and_unknown_items() throws IOException {
        PromptTemplate t = shipped("candidate-ranking");
        assertThat(render(t, fixture(Domain.ARTIST))).contains("I have listened to the following artists, oldest first:")
                .contains("how likely I am to listen to each one next");
        assertThat(render(t, fixture(Domain.PRODUCT))).contains("I have bought the following products")
                .contains("how likely I am to buy each one next");
        assertThat(render(shipped("pairwise-na"), fixture(Domain.PRODUCT)))
                .contains("Here is the purchase history of a user, oldest first:");
        assertThat(render(t, fixture(Domain.ITEM))).contains("You are an item recommender")
                .contains("I have interacted with the following items");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("withoutOwnDomain")
    void no_shipped_template_says_movie_words_on_a_books_dataset(Path file) throws IOException {
        PromptTemplate t = PromptTemplate.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        String text = render(t, fixture(Domain.BOOK));
        assertThat(text).as("%s rendered on books", file).doesNotContainPattern(MOVIE_WORDS);
        assertThat(TemplateLint.domainWords(t)).as("%s domain words", file).isEmpty();
    }

    @Test
    void a_template_that_names_its_domain_keeps_it_whatever_the_dataset() throws IOException {
        String books = render(shipped("fairness-probe-books"), fixture(Domain.MOVIE));
        assertThat(books).contains("You are a book recommender.").contains("Lately I have read");
        PromptTemplate movie = PromptTemplate.parse("""
                ---
                name: own
                domain: movie
                ---
                [user]
                I have {{verb}} these {{domains}}: {{history_titles}}. Which {{domain}} is next? {{Activity}} history.
                """, "own");
        assertThat(render(movie, fixture(Domain.BOOK)))
                .contains("I have watched these movies: Title 1,").contains("Which movie is next? Watching history.");
        PromptTemplate other = PromptTemplate.parse("---\nname: own\ndomain: story\n---\n[user]\n{{domains}} {{verb}}\n", "own");
        assertThat(render(other, fixture(Domain.BOOK))).contains("stories interacted with");
    }

    @Test
    void the_lint_flags_a_domain_word_with_its_line_and_the_variable_to_write() {
        String text = """
                ---
                name: mine
                ---
                [system]
                You are {{a_domain}} recommender.

                [user]
                I have watched these movies: {{history_titles}}.
                Recommend {{K}} {{domains}}.
                """;
        List<TemplateLint.Problem> problems = TemplateLint.check(text, "mine");
        assertThat(problems).hasSize(1);
        TemplateLint.Problem p = problems.get(0);
        assertThat(p.line()).isEqualTo(8);
        assertThat(p.error()).isFalse();
        assertThat(p.message()).contains("'watched' -> {{verb}}").contains("'movies' -> {{domains}}")
                .contains("domain:");
        // With the domain named in the front matter the words are meant.
        assertThat(TemplateLint.check(text.replace("name: mine\n", "name: mine\ndomain: movie\n"), "mine")).isEmpty();
        assertThat(TemplateLint.check("---\nname: v\n---\n[user]\nYou are a {{domain}} fan.\n", "v"))
                .singleElement().satisfies(a -> assertThat(a.message()).contains("{{a_domain}}"));
        // Words inside variables or sections are not text.
        assertThat(TemplateLint.check("---\nname: v\n---\n[user]\n{{#history}}{{title}}{{/history}} {{domains}}\n", "v"))
                .isEmpty();
    }

    @Test
    void the_editor_offers_the_domain_words() {
        List<String> labels = Variables.completions(List.of()).stream().map(Variables.Completion::label).toList();
        assertThat(labels).contains("domain", "domains", "verb", "verb_base", "activity", "consumer", "Activity");
    }
}
