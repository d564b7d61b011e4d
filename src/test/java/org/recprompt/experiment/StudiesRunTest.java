package org.recprompt.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.experiment.RunProgress.State;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The privacy-transform axis and the FaiRLLM probe study, end to end on the fixture dataset. */
class StudiesRunTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final double EPS = 1e-6;

    @TempDir
    Path dir;

    static String title(int m) {
        return "Film Number " + ExperimentFixtures.words(m) + " (" + (1950 + m) + ")";
    }

    static String answer(int... films) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < films.length; i++) {
            s.append(i + 1).append(". ").append(title(films[i])).append("\\n");
        }
        return s.toString();
    }

    static String line(String user, String variant, int... films) {
        return "{\"user\": \"" + user + "\", \"variant\": \"" + variant + "/rep\", \"response\": \"" + answer(films) + "\"}\n";
    }

    Path probeTemplate() throws Exception {
        Path t = dir.resolve("probe.mustache");
        Files.writeString(t, """
                ---
                name: probe
                kind: chat
                output: numbered-titles
                k: 4
                ---
                [user]
                {{#sensitive}}I am a {{value}} fan of {{domains}}. {{/sensitive}}Lately I enjoyed {{history_titles}}.
                Recommend {{K}} {{domains}} as a numbered list of titles.
                """);
        return t;
    }

    /**
     * Two users; K = 4. Lists (film numbers), neutral vs each value:
     * user 1: neutral [1,2,3,4]; female [2,1,5,3] (J 3/5, SERP* 8/10, PRAG* 4/6); male identical (1, 1, 1);
     * young [5,6,7,8] disjoint (0, 0, 0).
     * user 2: neutral [10,11,12,13]; female identical (1, 1, 1); male reversed (J 1, SERP* 1, PRAG* 0);
     * young [10,14,15,16] (J 1/7, SERP* 4/10, PRAG* 3/6: item 10 is ahead of three items missing from N).
     * Means: female (0.8, 0.9, 5/6), male (1, 1, 0.5), young (1/14, 0.2, 0.25).
     * gender: SNSR = (0.2, 0.1, 1/3), SNSV (two values: half the range) = (0.1, 0.05, 1/6); age: 0 and 0.
     */
    @Test
    void probes_give_jaccard_serp_prag_per_value_and_snsr_snsv_per_attribute_as_computed_by_hand() throws Exception {
        Path data = ExperimentFixtures.dataset(dir, 2);
        Path replay = dir.resolve("answers.jsonl");
        Files.writeString(replay, line("1", "neutral", 1, 2, 3, 4) + line("1", "gender=female", 2, 1, 5, 3)
                + line("1", "gender=male", 1, 2, 3, 4) + line("1", "age=young", 5, 6, 7, 8)
                + line("2", "neutral", 10, 11, 12, 13) + line("2", "gender=female", 10, 11, 12, 13)
                + line("2", "gender=male", 13, 12, 11, 10) + line("2", "age=young", 10, 14, 15, 16));
        Path exp = dir.resolve("exp.yaml");
        Files.writeString(exp, "name: probes\ndataset: { path: " + data.toAbsolutePath() + " }\n"
                + "templates: [ " + probeTemplate().toAbsolutePath() + " ]\n"
                + "backends:\n  - { id: rep, type: replay, file: " + replay.toAbsolutePath() + " }\n"
                + "fairness: { attributes: { gender: [female, male], age: [young] }, k: 4 }\nk: [4]\n");
        RunSetup setup = RunSetup.prepare(ExperimentFile.load(exp, dir), RunEnvironment.offline());
        assertThat(setup.variants()).extracting(Variant::id)
                .containsExactly("neutral/rep", "gender=female/rep", "gender=male/rep", "age=young/rep");

        ExperimentRun.Result r = ExperimentRun.start(setup, dir.resolve("out"), false, null).await();

        assertThat(r.state()).isEqualTo(State.COMPLETE);
        JsonNode f = JSON.readTree(dir.resolve("out/fairness.json").toFile());
        assertThat(f.path("k").asInt()).isEqualTo(4);
        JsonNode g = f.path("groups").get(0);
        assertThat(g.path("neutral").asText()).isEqualTo("neutral/rep");
        JsonNode female = g.path("values").get(0);
        assertThat(female.path("value").asText()).isEqualTo("female");
        assertThat(female.path("pairs").asInt()).isEqualTo(2);
        assertThat(female.path("jaccard").asDouble()).isCloseTo(0.8, within(EPS));
        assertThat(female.path("serp").asDouble()).isCloseTo(0.9, within(EPS));
        assertThat(female.path("prag").asDouble()).isCloseTo(5 / 6.0, within(EPS));
        JsonNode male = g.path("values").get(1);
        assertThat(male.path("prag").asDouble()).isCloseTo(0.5, within(EPS));
        JsonNode young = g.path("values").get(2);
        assertThat(young.path("jaccard").asDouble()).isCloseTo(1 / 14.0, within(EPS));
        assertThat(young.path("serp").asDouble()).isCloseTo(0.2, within(EPS));
        assertThat(young.path("prag").asDouble()).isCloseTo(0.25, within(EPS));
        JsonNode gender = g.path("attributes").get(0);
        assertThat(gender.path("attribute").asText()).isEqualTo("gender");
        assertThat(gender.path("snsr").path("jaccard").asDouble()).isCloseTo(0.2, within(EPS));
        assertThat(gender.path("snsr").path("serp").asDouble()).isCloseTo(0.1, within(EPS));
        assertThat(gender.path("snsr").path("prag").asDouble()).isCloseTo(1 / 3.0, within(EPS));
        assertThat(gender.path("snsv").path("jaccard").asDouble()).isCloseTo(0.1, within(EPS));
        assertThat(gender.path("snsv").path("serp").asDouble()).isCloseTo(0.05, within(EPS));
        assertThat(gender.path("snsv").path("prag").asDouble()).isCloseTo(1 / 6.0, within(EPS));
        JsonNode age = g.path("attributes").get(1);
        assertThat(age.path("snsr").path("jaccard").asDouble()).isZero();
        assertThat(age.path("snsv").path("prag").asDouble()).isZero();
        JsonNode summary = JSON.readTree(dir.resolve("out/summary.json").toFile());
        assertThat(ExperimentRunTest.variant(summary, "gender=male/rep").path("probe").path("value").asText()).isEqualTo("male");

        // the reports read the same numbers: tables and the probes figure
        org.recprompt.report.RunFolder folder = org.recprompt.report.RunFolder.open(dir.resolve("out"));
        List<org.recprompt.report.StudyTables.Table> tables = org.recprompt.report.StudyTables.of(folder);
        assertThat(tables).extracting(org.recprompt.report.StudyTables.Table::id).contains("fairness-values", "fairness-attributes");
        assertThat(tables.stream().filter(t -> t.id().equals("fairness-attributes")).findFirst().orElseThrow().rows().get(0))
                .containsExactly("rep", "gender", "2", "0.200", "0.100", "0.100", "0.050", "0.333", "0.167");
        var report = org.recprompt.report.Report.of(folder, org.recprompt.report.Report.Options.defaults(), true);
        assertThat(report.figures()).extracting(org.recprompt.report.Figure::id).contains("fairness-probes");
    }

    @Test
    void a_probe_study_refuses_a_template_that_never_shows_the_attribute() throws Exception {
        Path data = ExperimentFixtures.dataset(dir, 2);
        Path tpl = ExperimentFixtures.template(dir, "ranking");
        Path exp = ExperimentFixtures.experiment(dir, data, tpl, 2, "{ id: rep, type: replay, file: x.jsonl }");
        Files.writeString(dir.resolve("x.jsonl"), "");
        Files.writeString(exp, Files.readString(exp) + "fairness: { attributes: { gender: [female] } }\n");
        assertThatThrownBy(() -> RunSetup.prepare(ExperimentFile.load(exp, dir), RunEnvironment.offline()))
                .isInstanceOf(ExperimentException.class).hasMessageContaining("fairness")
                .hasMessageContaining("does not show the sensitive attribute");
    }

    @Test
    void privacy_transforms_are_an_axis_and_each_variant_says_how_much_of_the_history_it_sent() throws Exception {
        Path data = ExperimentFixtures.dataset(dir, 6);
        Path tpl = ExperimentFixtures.template(dir, "ranking");
        try (ExperimentFixtures.FakeOpenAi server = new ExperimentFixtures.FakeOpenAi(0)) {
            Path exp = ExperimentFixtures.experiment(dir, data, tpl, 6, "{ id: llm, type: openai-compatible, baseUrl: \""
                    + server.baseUrl() + "\", model: m }");
            Files.writeString(exp, Files.readString(exp)
                    + "privacy: [none, { history: 5 }, { genresOnly: true }, { replace: 0.2, seed: 3 }, { realIds: true }]\n");
            RunSetup setup = RunSetup.prepare(ExperimentFile.load(exp, dir), RunEnvironment.offline().withEnv(v -> null));
            assertThat(setup.variants()).extracting(Variant::id)
                    .containsExactly("none/llm", "last5/llm", "genres/llm", "replace0.2/llm", "realids/llm");

            ExperimentRun.Result r = ExperimentRun.start(setup, dir.resolve("out"), false, null).await();

            assertThat(r.state()).isEqualTo(State.COMPLETE);
            JsonNode summary = JSON.readTree(dir.resolve("out/summary.json").toFile());
            // 12 ratings per user, one held out: 11 history items
            assertThat(items(summary, "none/llm")).isEqualTo(11.0);
            assertThat(items(summary, "last5/llm")).isEqualTo(5.0);
            assertThat(items(summary, "genres/llm")).isZero();
            assertThat(items(summary, "replace0.2/llm")).isEqualTo(11.0 - 2); // round(0.2 x 11) replaced
            assertThat(bytes(summary, "last5/llm")).isLessThan(bytes(summary, "none/llm"));
            assertThat(ExperimentRunTest.variant(summary, "genres/llm").path("privacy").path("genres_only").asBoolean()).isTrue();

            var report = org.recprompt.report.Report.of(org.recprompt.report.RunFolder.open(dir.resolve("out")),
                    org.recprompt.report.Report.Options.defaults(), true);
            assertThat(report.figures()).extracting(org.recprompt.report.Figure::id).contains("privacy-trade-off");
            assertThat(org.recprompt.report.StudyTables.of(report.run())).extracting(org.recprompt.report.StudyTables.Table::id)
                    .contains("privacy", "egress");

            List<JsonNode> prompts = ExperimentRunTest.lines(dir.resolve("out/prompts.jsonl"));
            String user1 = "1";
            String none = prompt(prompts, "none", user1);
            String genres = prompt(prompts, "genres", user1);
            String replaced = prompt(prompts, "replace0.2", user1);
            // genres only: the history lines show genres; only the 10 candidates keep titles
            assertThat(count(none, "Film Number")).isEqualTo(11 + 10);
            assertThat(count(genres, "Film Number")).isEqualTo(10);
            assertThat(genres).contains("\\n1. " + "Action/Romance\\n"); // JSON-escaped newlines; film genres, not its title
            // replaced: the same number of lines, two of them other films
            assertThat(count(replaced, "Film Number")).isEqualTo(21);
            assertThat(replaced).isNotEqualTo(none);
        }
    }

    static double items(JsonNode summary, String variant) {
        return ExperimentRunTest.variant(summary, variant).path("privacy").path("real_history_items").asDouble();
    }

    static double bytes(JsonNode summary, String variant) {
        return ExperimentRunTest.variant(summary, variant).path("privacy").path("prompt_bytes").asDouble();
    }

    static String prompt(List<JsonNode> prompts, String privacy, String user) {
        // prompts.jsonl keys prompts by hash: find the user's prompt whose text matches the transform by order of variants
        return prompts.stream().filter(p -> p.path("user").asText().equals(user)).map(p -> p.path("messages").toString())
                .skip(List.of("none", "last5", "genres", "replace0.2", "realids").indexOf(privacy)).findFirst().orElseThrow();
    }

    static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void privacy_fairness_and_local_only_keys_round_trip_and_bad_values_name_their_line() {
        String yaml = """
                name: studies
                dataset: { path: data }
                templates: [ t.mustache ]
                backends:
                  - { id: llm, type: openai-compatible, baseUrl: "http://127.0.0.1:9/v1", model: m, remote: true }
                localOnly: true
                privacy: [none, { history: 5, genresOnly: true }, { replace: 0.25, seed: 3 }, { realIds: true }]
                fairness: { attributes: { gender: [female, male], religion: [Buddhist] }, k: 10 }
                """;
        ExperimentSpec spec = ExperimentYaml.read(yaml, "s.yaml");
        assertThat(spec.localOnly()).isTrue();
        assertThat(spec.privacy()).extracting(ExperimentSpec.PrivacySpec::label)
                .containsExactly("none", "last5+genres", "replace0.25", "realids");
        assertThat(spec.fairness().probes()).hasSize(4).startsWith((ExperimentSpec.Sensitive) null);
        assertThat(spec.backends().get(0).isRemote()).isTrue();
        assertThat(ExperimentYaml.read(ExperimentYaml.write(spec), "again.yaml")).isEqualTo(spec);

        String base = "name: x\ndataset: d\ntemplates: [ t ]\nbackends:\n  - { id: llm, type: openai, model: m }\n";
        assertThatThrownBy(() -> ExperimentYaml.read(base + "privacy: [{ replace: 2 }]\n", "p.yaml"))
                .hasMessageContaining("p.yaml, line 6").hasMessageContaining("privacy[1].replace").hasMessageContaining("from 0 to 1");
        assertThatThrownBy(() -> ExperimentYaml.read(base + "privacy: [{ histroy: 2 }]\n", "p.yaml"))
                .hasMessageContaining("did you mean 'history'");
        assertThatThrownBy(() -> ExperimentYaml.read(base + "fairness: { attributes: {} }\n", "f.yaml"))
                .hasMessageContaining("line 6").hasMessageContaining("at least one sensitive attribute");
        assertThatThrownBy(() -> ExperimentYaml.read(base.replace("model: m }", "model: m, remote: false }"), "r.yaml"))
                .hasMessageContaining("line 5").hasMessageContaining("cannot be marked remote: false");
    }

    @Test
    void prompts_show_a_pseudonym_unless_the_privacy_transform_asks_for_real_ids() throws Exception {
        Path data = ExperimentFixtures.dataset(dir, 3);
        Path t = dir.resolve("who.mustache");
        Files.writeString(t, """
                ---
                name: who
                kind: chat
                output: numbered-titles
                ---
                [user]
                I am user {{user.id}}. I watched {{history_titles}}.
                """);
        Path exp = dir.resolve("exp.yaml");
        Files.writeString(exp, "name: who\ndataset: { path: " + data.toAbsolutePath() + " }\ntemplates: [ " + t.toAbsolutePath()
                + " ]\nbackends:\n  - { id: llm, type: openai-compatible, baseUrl: \"http://127.0.0.1:9/v1\", model: m }\n"
                + "privacy: [none, { realIds: true }]\n");
        RunSetup setup = RunSetup.prepare(ExperimentFile.load(exp, dir), RunEnvironment.offline().withEnv(v -> null));
        for (int u : setup.users()) {
            String id = setup.dataset().users().id(u);
            String pseudonymous = setup.render(setup.variants().get(0), u).messages().get(0).text();
            String real = setup.render(setup.variants().get(1), u).messages().get(0).text();
            assertThat(pseudonymous).startsWith("I am user " + org.recprompt.prompt.PromptContext.pseudonym(id, 0x5EEDL) + ".")
                    .doesNotContain("I am user " + id + ".");
            assertThat(real).startsWith("I am user " + id + ".");
        }
    }
}
