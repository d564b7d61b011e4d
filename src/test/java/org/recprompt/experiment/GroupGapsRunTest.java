package org.recprompt.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.experiment.RunProgress.State;
import org.recprompt.report.RunFolder;
import org.recprompt.report.StudyTables;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Group gaps split by a user attribute (groupGaps), with users without a value as "unknown", end to end. */
class GroupGapsRunTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final double EPS = 1e-6;

    @TempDir
    Path dir;

    static String title(int item) {
        return "Film Number " + ExperimentFixtures.words(item) + " (" + (1950 + item) + ")";
    }

    /**
     * An ml-100k layout: 6 users who each rated items 1-3, then held out item 3 + u (the latest);
     * gender F, F, M, M, M and none for user 6; ages 20, 30, 40, 50, 60, 25; every occupation "other".
     */
    Path ml100k() throws Exception {
        Path d = Files.createDirectories(dir.resolve("ml-100k"));
        StringBuilder items = new StringBuilder();
        for (int i = 1; i <= 10; i++) {
            items.append(i).append('|').append(title(i)).append("|01-Jan-").append(1950 + i).append("||http://x|")
                    .append("0|".repeat(18)).append("1\n");
        }
        Files.writeString(d.resolve("u.item"), items.toString());
        String[] gender = {"F", "F", "M", "M", "M", ""};
        int[] age = {20, 30, 40, 50, 60, 25};
        StringBuilder users = new StringBuilder();
        StringBuilder data = new StringBuilder();
        for (int u = 1; u <= 6; u++) {
            users.append(u).append('|').append(age[u - 1]).append('|').append(gender[u - 1]).append("|other|0210").append(u)
                    .append('\n');
            for (int i = 1; i <= 3; i++) {
                data.append(u).append('\t').append(i).append("\t4\t").append(880_000_000 + u * 100 + i).append('\n');
            }
            data.append(u).append('\t').append(3 + u).append("\t5\t").append(880_000_000 + u * 100 + 50).append('\n');
        }
        Files.writeString(d.resolve("u.user"), users.toString());
        Files.writeString(d.resolve("u.data"), data.toString());
        return d;
    }

    Path template() throws Exception {
        Path t = dir.resolve("rec.mustache");
        Files.writeString(t, """
                ---
                name: rec
                kind: chat
                output: numbered-titles
                k: 4
                ---
                [user]
                Lately I enjoyed {{history_titles}}. Recommend {{K}} {{domains}} as a numbered list of titles.
                """);
        return t;
    }

    /**
     * The held-out item's rank in each answer (K = 4): user 1 rank 1 (NDCG 1), user 2 rank 2 (1/log2 3),
     * user 3 rank 3 (1/2), user 4 absent (0), user 5 rank 1 (1), user 6 rank 4 (1/log2 5).
     */
    Path answers() throws Exception {
        int[][] lists = {{4, 10, 5, 6}, {10, 5, 4, 6}, {10, 4, 6, 5}, {10, 4, 5, 6}, {8, 10, 4, 5}, {10, 4, 5, 9}};
        StringBuilder s = new StringBuilder();
        for (int u = 1; u <= 6; u++) {
            StringBuilder a = new StringBuilder();
            for (int k = 0; k < 4; k++) {
                a.append(k + 1).append(". ").append(title(lists[u - 1][k])).append("\\n");
            }
            s.append("{\"user\": \"").append(u).append("\", \"response\": \"").append(a).append("\"}\n");
        }
        Path f = dir.resolve("answers.jsonl");
        Files.writeString(f, s.toString());
        return f;
    }

    Path experiment(String extra) throws Exception {
        Path exp = dir.resolve("exp.yaml");
        Files.writeString(exp, "name: gaps\ndataset: { path: " + ml100k().toAbsolutePath() + " }\n"
                + "templates: [ " + template().toAbsolutePath() + " ]\n"
                + "backends:\n  - { id: rep, type: replay, file: " + answers().toAbsolutePath() + " }\nk: [4]\n" + extra);
        return exp;
    }

    static JsonNode run(Path exp, Path dir) throws Exception {
        RunSetup setup = RunSetup.prepare(ExperimentFile.load(exp, dir), RunEnvironment.offline());
        ExperimentRun.Result r = ExperimentRun.start(setup, dir.resolve("out"), false, null).await();
        assertThat(r.state()).isEqualTo(State.COMPLETE);
        return JSON.readTree(dir.resolve("out/groups.json").toFile());
    }

    @Test
    void when_every_group_ties_the_gap_names_two_groups_never_one_against_itself() throws Exception {
        Path exp = experiment("groupGaps: [gender]\n");
        // every answer misses its user's held-out item (items 4-9): every group's mean NDCG is 0
        StringBuilder s = new StringBuilder();
        for (int u = 1; u <= 6; u++) {
            s.append("{\"user\": \"").append(u).append("\", \"response\": \"1. ").append(title(10)).append("\"}\n");
        }
        Files.writeString(dir.resolve("answers.jsonl"), s.toString());

        JsonNode gender = run(exp, dir).path("variants").get(0).path("gaps").get(0);

        assertThat(gender.path("gap").asDouble()).isZero();
        assertThat(gender.path("best").asText()).isNotEqualTo(gender.path("worst").asText());
        assertThat(List.of(gender.path("best").asText(), gender.path("worst").asText())).containsExactlyInAnyOrder("F", "M");
    }

    @Test
    void gaps_by_gender_keep_the_users_without_a_value_as_unknown_and_flag_small_groups() throws Exception {
        JsonNode g = run(experiment("groupGaps: [gender, activity]\n"), dir);

        assertThat(g.path("metric").asText()).isEqualTo("ndcg@4");
        assertThat(g.path("groupings").toString()).isEqualTo("[\"gender\",\"activity\"]");
        assertThat(g.path("chosen").asText()).isEqualTo("groupGaps");
        // every history has 3 items: activity has one group, said in a note rather than dropped silently
        assertThat(g.path("notes").toString()).contains("activity is not compared: every evaluated user is in one group (light (<= 3 items))");
        JsonNode gaps = g.path("variants").get(0).path("gaps");
        assertThat(gaps).hasSize(1);
        JsonNode gender = gaps.get(0);
        assertThat(gender.path("by").asText()).isEqualTo("gender");
        JsonNode groups = gender.path("groups");
        assertThat(groups).extracting(x -> x.path("group").asText()).containsExactly("F", "M", "unknown");
        assertThat(groups).extracting(x -> x.path("n").asInt()).containsExactly(2, 3, 1);
        double female = (1 + 1 / log2(3)) / 2; // 0.815465
        double male = (0.5 + 0 + 1) / 3; // 0.5
        double unknown = 1 / log2(5); // 0.430677
        assertThat(groups.get(0).path("mean").asDouble()).isCloseTo(female, within(EPS));
        assertThat(groups.get(1).path("mean").asDouble()).isCloseTo(male, within(EPS));
        assertThat(groups.get(2).path("mean").asDouble()).isCloseTo(unknown, within(EPS));
        assertThat(groups).allSatisfy(x -> assertThat(x.path("small").asBoolean()).isTrue());
        assertThat(gender.path("best").asText()).isEqualTo("F");
        // the users without a gender are listed but are not one side of the gender gap
        assertThat(gender.path("worst").asText()).isEqualTo("M");
        assertThat(gender.path("gap").asDouble()).isCloseTo(female - male, within(EPS));
        assertThat(groups.get(2).path("in_gap").asBoolean(true)).isFalse();
        assertThat(gender.path("p").asDouble()).isBetween(0.0, 1.0);
        assertThat(gender.path("gap_large_groups").isNull()).isTrue();

        // the report's table (every format and the run tab) shows the same groups, flags and notes
        RunFolder folder = RunFolder.open(dir.resolve("out"));
        StudyTables.Table table = StudyTables.of(folder).stream().filter(t -> t.id().equals("group-gaps")).findFirst()
                .orElseThrow();
        assertThat(table.rows().get(0).get(7)).isEqualTo("-"); // no two groups of 10 users or more
        assertThat(table.rows().get(0).get(8)).isEqualTo("F 0.815 (2, small); M 0.500 (3, small); unknown 0.431 (1, small)");
        assertThat(table.note()).contains("fewer than 10 users").contains("unknown: the users without a value")
                .contains("Activity is not compared");
        var report = org.recprompt.report.Report.of(folder, org.recprompt.report.Report.Options.defaults(), false);
        Path csv = dir.resolve("report.csv");
        org.recprompt.report.ReportFormat.CSV.write(report, csv);
        List<String> lines = new ArrayList<>(Files.readAllLines(csv));
        assertThat(lines).anyMatch(l -> l.startsWith("group,rep,,ndcg@4,0.815465,") && l.contains("gender: F (small)"));
        assertThat(lines).anyMatch(l -> l.startsWith("group_gap,rep,,ndcg@4,0.315465,") && l.contains("gender: F - M"));
    }

    @Test
    void without_groupGaps_every_attribute_of_2_to_30_values_then_activity_and_the_rest_named_in_a_note() throws Exception {
        JsonNode g = run(experiment(""), dir);
        assertThat(g.path("chosen").asText()).isEqualTo("automatic");
        assertThat(g.path("groupings").toString()).isEqualTo("[\"age\",\"gender\",\"zip\",\"activity\"]");
        assertThat(g.path("notes").toString()).contains("occupation is left out: the evaluated users have one value of it");
        JsonNode age = g.path("variants").get(0).path("gaps").get(0);
        assertThat(age.path("by").asText()).isEqualTo("age");
        assertThat(age.path("groups")).extracting(x -> x.path("group").asText())
                .containsExactly("18-24", "25-34", "35-44", "50-55", "56+"); // ages 20 | 25, 30 | 40 | 50 | 60
        assertThat(age.path("groups")).extracting(x -> x.path("n").asInt()).containsExactly(1, 2, 1, 1, 1);
    }

    @Test
    void an_attribute_the_dataset_does_not_have_is_refused_before_the_run_naming_those_it_has() throws Exception {
        Path exp = experiment("groupGaps: [activity, religion]\n");
        assertThatThrownBy(() -> RunSetup.prepare(ExperimentFile.load(exp, dir), RunEnvironment.offline()))
                .isInstanceOf(ExperimentException.class)
                .hasMessageContaining("groupGaps[2]")
                .hasMessageContaining("no attribute 'religion'")
                .hasMessageContaining("it has age, gender, occupation, zip (and activity");
    }

    @Test
    void the_yaml_keeps_groupGaps_and_refuses_an_empty_list() {
        String base = "name: x\ndataset: { path: d }\nbackends:\n  - { id: pop, type: most-popular }\n";
        ExperimentSpec spec = ExperimentYaml.parse(base + "groupGaps: [activity, gender]\n", "x.yaml").spec();
        assertThat(spec.groupGaps()).containsExactly("activity", "gender");
        assertThat(ExperimentYaml.parse(ExperimentYaml.write(spec), "y.yaml").spec().groupGaps()).containsExactly("activity", "gender");
        assertThat(ExperimentYaml.parse(base, "x.yaml").spec().groupGaps()).isNull();
        assertThatThrownBy(() -> ExperimentYaml.parse(base + "groupGaps: []\n", "x.yaml"))
                .isInstanceOf(ExperimentException.class).hasMessageContaining("groupGaps");
    }

    static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
