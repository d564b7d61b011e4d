package org.recprompt.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.io.DatasetLoader;
import org.recprompt.dataset.split.CandidateSampler;
import org.recprompt.dataset.split.Split;
import org.recprompt.dataset.split.Splits;
import org.recprompt.prompt.cli.RenderCommand;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The shipped library in prompt-templates/: every file parses, lints clean, carries the front
 * matter a study needs, and renders for real users of ml-latest-small (skipped when
 * ../shared/datasets is absent) the way the render command does.
 */
class ShippedTemplatesTest {

    static final Path TEMPLATES = Path.of("prompt-templates");
    static final Path ML_LATEST_SMALL = Path.of("../shared/datasets/ml-latest-small");
    static final List<String> USERS = List.of("1", "278", "610");
    static final List<String> REQUIRED_KEYS = List.of("name", "kind", "paradigm", "source", "output", "tests");

    private static Dataset dataset;
    private static Split split;

    /** ml-latest-small, read once for all the prompt tests; skips the calling test when it is absent. */
    static synchronized Dataset mlLatestSmall() {
        Assumptions.assumeTrue(Files.isDirectory(ML_LATEST_SMALL),
                () -> "Skipped: the shared dataset " + ML_LATEST_SMALL.toAbsolutePath().normalize() + " is not present");
        if (dataset == null) {
            dataset = DatasetLoader.load(ML_LATEST_SMALL);
        }
        return dataset;
    }

    static synchronized Split split() {
        Dataset d = mlLatestSmall();
        if (split == null) {
            split = Splits.leaveLastOut(d);
        }
        return split;
    }

    static List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(TEMPLATES)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    static Stream<Path> templates() throws IOException {
        return files().stream();
    }

    static String baseName(Path file) {
        return file.getFileName().toString().replaceFirst("\\.mustache$", "");
    }

    static PromptTemplate load(Path file) throws IOException {
        return PromptTemplate.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> frontMatter(String text) throws IOException {
        String[] parts = text.replace("\r\n", "\n").split("(?m)^---\\s*$", 3);
        return new ObjectMapper(new YAMLFactory()).readValue(parts[1], LinkedHashMap.class);
    }

    /** The render command's path: leave-last-out, the template's settings, C random candidates (seed 7), the held-out item. */
    static PromptContext context(PromptTemplate t, String userId) {
        Split s = split();
        int u = s.dataset().users().indexOf(userId);
        assertThat(u).as("user %s", userId).isNotNegative();
        PromptContext ctx = PromptContext.of(s, u).forTemplate(t.meta());
        if (RenderCommand.usesCandidates(t)) {
            ctx.candidates(CandidateSampler.random(s, t.meta().candidates(), 7).sample(u));
        }
        ctx.item(s.heldOut(u)[0]);
        if (t.name().equals("fairness-probe")) {
            ctx.sensitive("gender", "female");
        }
        return ctx;
    }

    static RenderedPrompt render(PromptTemplate t, String userId) {
        return TemplateRenderer.render(t, context(t, userId).build());
    }

    static String heldOutTitle(String userId) {
        Split s = split();
        return s.dataset().items().title(s.heldOut(s.dataset().users().indexOf(userId))[0]);
    }

    @Test
    void the_library_has_at_least_17_templates_with_one_for_every_paradigm() throws IOException {
        List<String> names = files().stream().map(ShippedTemplatesTest::baseName).toList();
        assertThat(names).hasSizeGreaterThanOrEqualTo(17);
        assertThat(names).contains("candidate-ranking", "p5-sequential", "p5-direct-candidates", "p5-rating", "p5-explanation",
                "p5-cold-start", "m6rec-scoring", "lmrecsys-masked", "nir-three-step", "chat-rec", "candidate-ranking-recency",
                "candidate-ranking-paraphrase-1", "candidate-ranking-paraphrase-2", "candidate-ranking-paraphrase-3",
                "candidate-ranking-explained", "pairwise-na", "multiple-choice-aj",
                "fairness-probe", "explanation", "vision-candidates");
        assertThat(files()).allSatisfy(f -> assertThat(f.getFileName().toString()).endsWith(".mustache"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("templates")
    void every_template_parses_lints_clean_and_has_the_required_front_matter(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(TemplateLint.check(text, file.toString())).as("lint problems of %s", file).isEmpty();

        Map<String, Object> fm = frontMatter(text);
        for (String key : REQUIRED_KEYS) {
            assertThat(fm).as("%s front matter", file).containsKey(key);
            assertThat(String.valueOf(fm.get(key))).as("%s: %s", file, key).isNotBlank();
        }
        assertThat(fm.get("name")).isEqualTo(baseName(file));

        PromptTemplate t = load(file);
        assertThat(t.name()).isEqualTo(baseName(file));
        if (RenderCommand.usesCandidates(t)) {
            assertThat(fm).as("%s offers candidates, so it says how many", file).containsKey("candidates");
        }
        if (text.contains("{{K}}")) {
            assertThat(fm).as("%s asks for K items, so it says K", file).containsKey("k");
        }
        if (t.meta().abstain()) {
            assertThat(t.meta().kind()).isEqualTo(TemplateKind.CHOICE);
        }
    }

    @Test
    void every_template_has_the_kind_output_and_sizes_of_its_paradigm() throws IOException {
        record Expect(String kind, String output, Integer candidates, Integer k) {
        }
        Map<String, Expect> expected = Map.ofEntries(
                Map.entry("p5-sequential", new Expect("chat", "numbered-titles", null, null)),
                Map.entry("p5-direct-candidates", new Expect("chat", "numbered-titles", 100, null)),
                Map.entry("p5-rating", new Expect("chat", "rating", null, null)),
                Map.entry("p5-explanation", new Expect("chat", "text", null, null)),
                Map.entry("p5-cold-start", new Expect("chat", "text", null, null)),
                Map.entry("m6rec-scoring", new Expect("scoring-pair", "scores", null, null)),
                Map.entry("lmrecsys-masked", new Expect("chat", "numbered-titles", null, null)),
                Map.entry("nir-three-step", new Expect("chain", "pairs", 19, 10)),
                Map.entry("chat-rec", new Expect("conversation", "numbered-titles", null, null)),
                Map.entry("candidate-ranking", new Expect("chat", "numbered-titles", 20, null)),
                Map.entry("candidate-ranking-recency", new Expect("chat", "numbered-titles", 20, null)),
                Map.entry("candidate-ranking-paraphrase-1", new Expect("chat", "numbered-titles", 20, null)),
                Map.entry("candidate-ranking-paraphrase-2", new Expect("chat", "numbered-titles", 20, null)),
                Map.entry("candidate-ranking-paraphrase-3", new Expect("chat", "numbered-titles", 20, null)),
                Map.entry("candidate-ranking-explained", new Expect("chat", "numbered-titles", 20, 10)),
                Map.entry("pairwise-na", new Expect("choice", "choice-letter", 2, null)),
                Map.entry("multiple-choice-aj", new Expect("choice", "choice-letter", 10, null)),
                Map.entry("fairness-probe", new Expect("chat", "numbered-titles", null, null)),
                Map.entry("explanation", new Expect("chat", "text", null, null)),
                Map.entry("vision-candidates", new Expect("vision", "numbered-titles", null, null)));
        for (var e : expected.entrySet()) {
            PromptTemplate t = load(TEMPLATES.resolve(e.getKey() + ".mustache"));
            assertThat(t.meta().kind().id()).as("%s kind", e.getKey()).isEqualTo(e.getValue().kind());
            assertThat(t.meta().output().id()).as("%s output", e.getKey()).isEqualTo(e.getValue().output());
            if (e.getValue().candidates() != null) {
                assertThat(t.meta().candidates()).as("%s candidates", e.getKey()).isEqualTo(e.getValue().candidates());
            }
            if (e.getValue().k() != null) {
                assertThat(t.meta().k()).as("%s k", e.getKey()).isEqualTo(e.getValue().k());
            }
        }
        assertThat(load(TEMPLATES.resolve("pairwise-na.mustache")).meta().abstain()).isTrue();
        assertThat(load(TEMPLATES.resolve("multiple-choice-aj.mustache")).meta().abstain()).isTrue();
        assertThat(load(TEMPLATES.resolve("vision-candidates.mustache")).meta().images()).isTrue();
        assertThat(load(TEMPLATES.resolve("candidate-ranking-recency.mustache")).meta().recentFirst()).isTrue();
        assertThat(load(TEMPLATES.resolve("candidate-ranking.mustache")).meta().recentFirst()).isFalse();
        // Templates without candidates must not get any: the render command samples when the text mentions them.
        for (String none : List.of("p5-sequential", "p5-rating", "p5-explanation", "p5-cold-start", "lmrecsys-masked",
                "fairness-probe", "explanation")) {
            assertThat(RenderCommand.usesCandidates(load(TEMPLATES.resolve(none + ".mustache")))).as(none).isFalse();
        }
    }

    @Test
    void the_candidate_ranking_paraphrase_set_has_three_rewordings_with_the_same_task_settings() throws IOException {
        PromptTemplate base = load(TEMPLATES.resolve("candidate-ranking.mustache"));
        List<PromptTemplate> set = files().stream().map(f -> {
            try {
                return load(f);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).filter(t -> "candidate-ranking".equals(t.meta().paraphraseOf())).toList();
        assertThat(set).extracting(PromptTemplate::name).containsExactlyInAnyOrder("candidate-ranking-paraphrase-1",
                "candidate-ranking-paraphrase-2", "candidate-ranking-paraphrase-3");
        for (PromptTemplate t : set) {
            assertThat(t.meta().output()).as(t.name()).isEqualTo(base.meta().output());
            assertThat(t.meta().candidates()).as(t.name()).isEqualTo(base.meta().candidates());
            assertThat(t.meta().k()).as(t.name()).isEqualTo(base.meta().k());
            assertThat(t.meta().recentFirst()).as(t.name()).isEqualTo(base.meta().recentFirst());
            assertThat(t.text().substring(t.text().indexOf("\n---\n"))).as(t.name()).isNotEqualTo(base.text().substring(base.text().indexOf("\n---\n")));
        }
        assertThat(load(TEMPLATES.resolve("candidate-ranking-recency.mustache")).meta().paraphraseOf()).as("a different cue, not a paraphrase").isNull();
    }

    @Test
    void the_explanation_templates_ask_for_explanations_and_the_others_do_not() throws IOException {
        List<String> explaining = files().stream().filter(f -> {
            try {
                return load(f).meta().explains();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).map(ShippedTemplatesTest::baseName).toList();
        assertThat(explaining).containsExactlyInAnyOrder("explanation", "p5-explanation", "chat-rec", "candidate-ranking-explained");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("templates")
    void every_template_renders_for_users_1_278_and_610(Path file) throws IOException {
        PromptTemplate t = load(file);
        for (String user : USERS) {
            Map<String, Object> values = context(t, user).build();
            RenderedPrompt r = TemplateRenderer.render(t, values);
            String text = r.toText();
            assertThat(r.version()).isEqualTo(t.version());
            assertThat(r.messages().isEmpty() && r.userSide() == null).as("%s renders something for user %s", file, user).isFalse();
            // Nothing left unrendered, nothing escaped, no object printed whole.
            assertThat(text).as("%s for user %s", file, user)
                    .doesNotContain("{{", "}}", "&amp;", "&#39;", "&#x27;", "&quot;", "&lt;", "{title=", "null")
                    .doesNotContain("\n\n\n");
            if (RenderCommand.usesCandidates(t)) {
                assertThat(values.get("C")).isEqualTo(t.meta().candidates());
                assertThat(text).as("%s shows user %s's held-out item among the candidates", file, user).contains(heldOutTitle(user));
            }
            if (text.contains("[answer to step")) {
                assertThat(t.meta().kind()).isEqualTo(TemplateKind.CHAIN);
            }
        }
    }

    @Test
    void the_candidate_ranking_templates_render_user_278s_history_literally() throws IOException {
        List<Path> ranking = files().stream().filter(f -> baseName(f).startsWith("candidate-ranking")).toList();
        assertThat(ranking).hasSizeGreaterThanOrEqualTo(4);
        for (Path file : ranking) {
            String text = render(load(file), "278").toText();
            assertThat(text).as(file.toString())
                    .contains("Planes, Trains & Automobiles (1987)", "Schindler's List (1993)")
                    .doesNotContain("&amp;", "&#39;");
        }
    }

    @Test
    void the_recency_template_lists_user_278s_history_newest_first_and_names_the_last_movie() throws IOException {
        String text = render(load(TEMPLATES.resolve("candidate-ranking-recency.mustache")), "278").toText();
        // From ratings.csv: user 278's last two ratings are 527 (Schindler's List), then 54272 (held out).
        assertThat(text).contains("most recent first:\n1. Schindler's List (1993)\n2. Usual Suspects, The (1995)\n")
                .contains("my most recent movie is Schindler's List (1993).")
                .contains("19. Sixteen Candles (1984)");
        assertThat(text.indexOf("Schindler's List")).isLessThan(text.indexOf("Planes, Trains & Automobiles"));
    }

    @Test
    void the_scoring_pair_has_no_user_or_item_ids_and_one_item_side_per_candidate() throws IOException {
        PromptTemplate t = load(TEMPLATES.resolve("m6rec-scoring.mustache"));
        RenderedPrompt r = render(t, "278");
        assertThat(r.messages()).isEmpty();
        assertThat(r.userSide()).startsWith("A user watched Sixteen Candles (1984), ").endsWith(", Schindler's List (1993).")
                .doesNotContainPattern("U[0-9a-f]{6}").doesNotContain("278");
        assertThat(r.itemSides()).hasSize(20).allSatisfy(s -> assertThat(s).startsWith("The same user also watched ").endsWith(")."))
                .contains("The same user also watched Simpsons Movie, The (2007).");
    }

    @Test
    void the_nir_chain_has_three_steps_and_its_last_step_reads_the_first_two() throws IOException {
        PromptTemplate t = load(TEMPLATES.resolve("nir-three-step.mustache"));
        RenderedPrompt preview = render(t, "278");
        assertThat(preview.messages()).extracting(Message::step).containsExactly(null, "preferences", "representative", "recommend");
        String last = preview.messages().get(3).text();
        assertThat(last).contains("[answer to step preferences]", "[answer to step representative]")
                .contains("\n19. ").doesNotContain("\n20. ").contains("Simpsons Movie, The (2007)");

        Map<String, Object> answered = context(t, "278").step("preferences", "Dramas & comedies; it's about people.")
                .step("representative", "Schindler's List (1993)\nIce Storm, The (1997)").build();
        String real = TemplateRenderer.render(t, answered).messages().get(3).text();
        assertThat(real).contains("Dramas & comedies; it's about people.", "Schindler's List (1993)\nIce Storm, The (1997)")
                .doesNotContain("[answer to step");
    }

    @Test
    void the_fairness_probe_differs_from_the_neutral_request_only_by_the_sensitive_sentence() throws IOException {
        PromptTemplate t = load(TEMPLATES.resolve("fairness-probe.mustache"));
        String female = render(t, "278").toText();
        Split s = split();
        String neutral = TemplateRenderer.render(t, PromptContext.of(s, s.dataset().users().indexOf("278")).forTemplate(t.meta()).build())
                .toText();
        assertThat(female).contains("I am a female fan of movies. ");
        assertThat(neutral).doesNotContain("female", "I am a");
        assertThat(female.replace("I am a female fan of movies. ", "")).isEqualTo(neutral);
    }

    @Test
    void the_conversation_and_choice_templates_have_their_turns_and_options() throws IOException {
        RenderedPrompt chat = render(load(TEMPLATES.resolve("chat-rec.mustache")), "610");
        assertThat(chat.messages()).extracting(Message::role).containsExactly("system", "user", "assistant", "user");

        String pairwise = render(load(TEMPLATES.resolve("pairwise-na.mustache")), "278").toText();
        assertThat(pairwise).contains("(A) ", "(B) ", "N/A").doesNotContain("(C) ", "solved examples");

        String aj = render(load(TEMPLATES.resolve("multiple-choice-aj.mustache")), "1").toText();
        assertThat(aj).contains("\n(A) ", "\n(J) ", "N/A").doesNotContain("\n(K) ");
    }
}
