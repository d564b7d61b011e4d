package org.recprompt.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.dataset.split.CandidateSet;
import org.recprompt.experiment.RunProgress.State;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Study numbers that must not mislead: each template's own candidate count (or a refusal), the
 * retrieval recall inside the chance level, and the plan's warnings.
 */
class CandidateStudyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static CandidateSet set(int user, int size, boolean holdsHeldOut) {
        int[] items = new int[size];
        for (int i = 0; i < size; i++) {
            items[i] = 100 * user + i;
        }
        return new CandidateSet(user, items, holdsHeldOut ? new int[] {items[0]} : new int[0], new int[size], 0);
    }

    @Test
    void the_chance_level_counts_the_users_whose_retrieved_candidates_miss_the_held_out_item() {
        // 4 users, 5 candidates each; the held-out item was retrieved for 2 of them
        List<CandidateSet> sets = List.of(set(1, 5, true), set(2, 5, false), set(3, 5, true), set(4, 5, false));
        assertThat(ChanceLevels.recall(sets)).isEqualTo(0.5);
        assertThat(ChanceLevels.retrieved(sets)).isEqualTo(2);
        Map<String, Double> c = ChanceLevels.levels(sets, List.of(1, 2, 5));
        // hr@1: 1/5 for the 2 users with it, 0 for the others: (2 * 0.2) / 4 = 0.1 (not 0.2)
        assertThat(c.get("hr@1")).isCloseTo(0.1, within(1e-12));
        assertThat(c.get("hr@5")).isCloseTo(0.5, within(1e-12));
        // ndcg@2: (1 + 1/log2(3)) / 5 per user with it = 0.326186; half the users: 0.163093
        assertThat(c.get("ndcg@2")).isCloseTo(0.163093, within(1e-6));
        // mrr@2: (1 + 1/2) / 5 = 0.3; half: 0.15
        assertThat(c.get("mrr@2")).isCloseTo(0.15, within(1e-12));
        // every set holds it (random negatives): the textbook 1/C
        assertThat(ChanceLevels.levels(List.of(set(1, 10, true), set(2, 10, true)), List.of(1)).get("hr@1"))
                .isCloseTo(0.1, within(1e-12));
    }

    @Test
    void the_chance_level_uses_each_users_own_number_of_relevant_candidates() {
        // user 1: 2 of 4 candidates relevant (leave-last-2); user 2: 1 of 4
        CandidateSet two = new CandidateSet(1, new int[] {10, 11, 12, 13}, new int[] {10, 11}, new int[4], 0);
        CandidateSet one = new CandidateSet(2, new int[] {20, 21, 22, 23}, new int[] {20}, new int[4], 0);
        Map<String, Double> c = ChanceLevels.levels(List.of(two, one), List.of(2));
        // hr@2: (5/6 + 2/4) / 2 = 2/3, not the one-item 1/2
        assertThat(c.get("hr@2")).isCloseTo(2.0 / 3, within(1e-12));
        // mrr@2: (2/3 + 3/8) / 2
        assertThat(c.get("mrr@2")).isCloseTo((2.0 / 3 + 3.0 / 8) / 2, within(1e-12));
        // ndcg@2: (1/2 + (1 + 1/log2 3)/4) / 2; with user 2 holding a second relevant item the retriever missed, its
        // ideal DCG is 1 + 1/log2 3 and its level 1/4
        double d2 = Math.log(2) / Math.log(3);
        assertThat(c.get("ndcg@2")).isCloseTo((0.5 + (1 + d2) / 4) / 2, within(1e-12));
        assertThat(ChanceLevels.levels(List.of(two, one), List.of(2), u -> 2).get("ndcg@2")).isCloseTo((0.5 + 0.25) / 2, within(1e-12));
    }

    @Test
    void a_run_with_retrieved_candidates_reports_the_retrieval_recall_and_a_chance_level_that_includes_it() throws Exception {
        Path data = ExperimentFixtures.dataset(dir, 20);
        Path exp = dir.resolve("retrieved.yaml");
        Files.writeString(exp, """
                name: retrieved
                dataset: { path: %s }
                users: { sample: 20, seed: 3 }
                candidates: { size: 20, negatives: retrieved, retriever: most-popular, seed: 3 }
                backends:
                  - { id: random, type: random, seed: 7 }
                k: [1, 5]
                """.formatted(data));
        RunSetup setup = RunSetup.prepare(ExperimentFile.load(exp, dir), RunEnvironment.offline());
        ExperimentRun.Result r = ExperimentRun.start(setup, dir.resolve("out"), false, null).await();
        assertThat(r.state()).isEqualTo(State.COMPLETE);
        JsonNode c = JSON.readTree(dir.resolve("out/summary.json").toFile()).path("candidates");
        // count by hand from the answers: users whose shown candidates hold their held-out item
        int with = 0;
        int users = 0;
        double hr1 = 0;
        for (String line : Files.readAllLines(dir.resolve("out/responses.jsonl"))) {
            JsonNode n = JSON.readTree(line);
            users++;
            List<String> shown = JSON.convertValue(n.path("candidates"), JSON.getTypeFactory().constructCollectionType(List.class, String.class));
            if (shown.contains(n.path("relevant").get(0).asText())) {
                with++;
                hr1 += 1.0 / shown.size();
            }
        }
        assertThat(users).isEqualTo(20);
        assertThat(with).as("the fixture must make retrieval miss some users").isBetween(1, 19);
        assertThat(c.path("held_out_retrieved").asInt()).isEqualTo(with);
        assertThat(c.path("retrieval_recall").asDouble()).isCloseTo(with / 20.0, within(5e-5));
        assertThat(c.path("chance_level").path("hr@1").asDouble()).isCloseTo(hr1 / 20, within(5e-5));
        var run = org.recprompt.report.RunFolder.open(dir.resolve("out"));
        String expected = with + " of 20 users";
        assertThat(run.retrievalNote()).hasValueSatisfying(note -> assertThat(note).contains(expected));
    }

    private Path choiceTemplate(String name, int candidates) throws Exception {
        Path t = dir.resolve(name + ".mustache");
        Files.writeString(t, """
                ---
                name: %s
                kind: choice
                output: choice-letter
                candidates: %d
                k: 1
                ---
                [user]
                History: {{history_titles}}.
                Which one of these {{C}}?
                {{#candidates}}
                ({{letter}}) {{title}}
                {{/candidates}}
                """.formatted(name, candidates));
        return t;
    }

    @Test
    void templates_that_show_different_candidate_counts_without_candidates_size_are_refused_at_the_line() throws Exception {
        Path data = ExperimentFixtures.dataset(dir, 6);
        choiceTemplate("aj", 10);
        choiceTemplate("pairwise", 2);
        choiceTemplate("aj-again", 10);
        Path exp = dir.resolve("mixed.yaml");
        Files.writeString(exp, """
                name: mixed
                dataset: { path: %s }
                users: { sample: 4, seed: 3 }
                templates:
                  - aj.mustache
                  - pairwise.mustache
                backends:
                  - { id: llm, type: openai-compatible, baseUrl: "http://127.0.0.1:9/v1", model: m }
                k: [1]
                """.formatted(data));
        ExperimentException e = catchThrowableOfType(ExperimentException.class, () -> ExperimentFile.load(exp, dir));
        assertThat(e.line()).isEqualTo(6);
        assertThat(e.key()).isEqualTo("templates[2]");
        assertThat(e.getMessage()).contains("pairwise shows 2 candidates").contains("aj (templates[1]) shows 10")
                .contains("candidates: { size: N }");
        // templates that agree get their own count: ten candidates, chance 1/10
        Files.writeString(exp, Files.readString(exp).replace("pairwise.mustache", "aj-again.mustache"));
        RunSetup setup = RunSetup.prepare(ExperimentFile.load(exp, dir), RunEnvironment.offline().withEnv(v -> null));
        for (Variant v : setup.variants()) {
            assertThat(setup.candidates(v, setup.users()[0]).size()).isEqualTo(10);
        }
        assertThat(ChanceLevels.levels(setup.baseCandidates(), List.of(1)).get("hr@1")).isCloseTo(0.1, within(1e-12));
        // a pairwise template alone gets 2
        Files.writeString(exp, Files.readString(exp).replace("aj-again.mustache", "pairwise.mustache").replace("  - aj.mustache\n", ""));
        RunSetup pairwise = RunSetup.prepare(ExperimentFile.load(exp, dir), RunEnvironment.offline().withEnv(v -> null));
        assertThat(pairwise.candidates(pairwise.variants().get(0), pairwise.users()[0]).size()).isEqualTo(2);
        assertThat(pairwise.warnings()).isEmpty();
    }

    @Test
    void a_sample_above_the_evaluable_users_and_a_cutoff_above_the_candidates_are_plan_warnings() throws Exception {
        Path data = ExperimentFixtures.dataset(dir, 6);
        choiceTemplate("aj", 10);
        Path exp = dir.resolve("warn.yaml");
        Files.writeString(exp, """
                name: warn
                dataset: { path: %s }
                users: { sample: 50, seed: 3 }
                candidates: { size: 4, negatives: random, seed: 3 }
                templates: [ aj.mustache ]
                backends:
                  - { id: llm, type: openai-compatible, baseUrl: "http://127.0.0.1:9/v1", model: m }
                k: [1, 4, 10]
                """.formatted(data));
        RunSetup setup = RunSetup.prepare(ExperimentFile.load(exp, dir), RunEnvironment.offline().withEnv(v -> null));
        assertThat(setup.users()).hasSize(6);
        assertThat(setup.warnings()).containsExactly(
                "warn.yaml, line 3, users: sample is 50 but the split leaves 6 evaluable users (with a training and a held-out"
                        + " interaction): all 6 are evaluated",
                "warn.yaml, line 8, k: the cutoff 10 is above the 4 candidates: hr@10 and recall@10 are 1 for every list that"
                        + " ranks all candidates (the chance level is 1), and ndcg@10 equals ndcg@4",
                "warn.yaml, line 5, templates[1]: aj is a choice template written for 10 candidates (its front matter) but"
                        + " candidates.size shows it 4: check that its text does not name letters the prompt does not show");
    }
}
