package org.recprompt.prompt.fewshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.recprompt.SpringTestBase;
import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.Fixtures;
import org.recprompt.dataset.split.Splits;
import org.recprompt.workspace.Project;
import org.recprompt.workspace.ProjectService;
import org.springframework.beans.factory.annotation.Autowired;

class FewShotServiceTest extends SpringTestBase {

    @Autowired
    FewShotService sets;

    @Autowired
    ProjectService projects;

    Project project;

    // u1..u4 with 3-4 interactions each over 8 items; last by time is held out under leave-last-out
    final Dataset d = Fixtures.of(8, "u1 1 5 1", "u1 2 4 2", "u1 3 3 3", "u2 2 5 1", "u2 4 4 2", "u2 5 3 3",
            "u3 1 5 1", "u3 6 4 2", "u3 7 3 3", "u3 8 2 4", "u4 3 5 1", "u4 4 4 2", "u4 6 3 3");

    @BeforeEach
    void project() {
        projects.list().forEach(p -> projects.delete(p.getId()));
        project = projects.create("Few-shot", "");
    }

    @Test
    void a_sampled_set_is_stored_as_yaml_and_reads_back_with_only_training_data() {
        ProjectFewShotSet saved = sets.sample(project.getId(), "random-2", d, FewShotSampler.Strategy.RANDOM, 2, 0, 7);

        FewShotSet set = saved.set();
        assertThat(set.name()).isEqualTo("random-2");
        assertThat(set.seed()).isEqualTo(7);
        assertThat(set.examples()).hasSize(2);
        var split = Splits.leaveLastOut(d);
        for (FewShotExample e : set.examples()) {
            int u = d.users().indexOf(e.user());
            List<String> heldOut = java.util.Arrays.stream(split.heldOut(u)).mapToObj(d.items()::id).toList();
            assertThat(e.history()).doesNotContainAnyElementsOf(heldOut);
            assertThat(e.answer()).doesNotContainAnyElementsOf(heldOut);
        }
        assertThat(saved.getContent()).contains("examples:").contains("strategy: random");
    }

    @Test
    void edited_yaml_is_checked_and_names_stay_unique() {
        ProjectFewShotSet a = sets.add(project.getId(), new FewShotSet("a", "manual", 0, List.of()));
        sets.add(project.getId(), new FewShotSet("b", "manual", 0, List.of()));

        ProjectFewShotSet edited = sets.save(a.getId(), "name: a\nstrategy: manual\nseed: 0\nexamples:\n"
                + "  - user: u9\n    history: [\"1\", \"2\"]\n    candidates: []\n    answer: [\"3\"]\n    note: ''\n");
        assertThat(edited.set().examples()).hasSize(1);
        assertThatThrownBy(() -> sets.save(a.getId(), "name: b\nstrategy: manual\nseed: 0\nexamples: []\n"))
                .hasMessageContaining("already has a few-shot set named b");
        assertThatThrownBy(() -> sets.save(a.getId(), "name: a\nexamples:\n  - history: [1]\n"))
                .hasMessageContaining("example 1 needs a 'user' and an 'answer'");
        assertThatThrownBy(() -> sets.save(a.getId(), "name: a\nexampels: []\n")).hasMessageContaining("unknown field 'exampels'");
    }
}
