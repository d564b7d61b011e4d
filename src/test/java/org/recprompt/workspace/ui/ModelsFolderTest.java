package org.recprompt.workspace.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.recprompt.KaribuTestBase;
import org.recprompt.base.ProgressMonitor;
import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.Fixtures;
import org.recprompt.dataset.split.Splits;
import org.recprompt.experiment.ExperimentService;
import org.recprompt.lm.LmSettings;
import org.recprompt.lm.ModelStore;
import org.recprompt.lm.ModelService;
import org.recprompt.lm.ModelTraining;
import org.recprompt.lm.Tokenisation;
import org.recprompt.workspace.Project;
import org.recprompt.workspace.ProjectService;
import org.springframework.beans.factory.annotation.Autowired;

import com.github.mvysny.kaributesting.v10.ContextMenuKt;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.html.Pre;

/**
 * A trained model in the explorer's Models folder, its tab, and "New experiment..." offering it:
 * the experiment it writes holds the model as a p5 backend beside most-popular and the semantic ranker.
 */
class ModelsFolderTest extends KaribuTestBase {

    @Autowired
    ProjectService projects;
    @Autowired
    ModelService models;
    @Autowired
    ExperimentService experiments;

    WorkbenchView view;
    Project project;

    @BeforeEach
    void open() throws Exception {
        projects.list().forEach(p -> projects.delete(p.getId()));
        project = projects.create("Models", "");
        String[] words = {"Red", "Blue", "Green", "Dark", "Silent", "Last"};
        String[] things = {"Planet", "Moon", "River", "Mile", "Road"};
        String[] titles = new String[words.length * things.length];
        for (int t = 0; t < titles.length; t++) {
            titles[t] = words[t / things.length] + " " + things[t % things.length] + " (" + (1970 + t) + ")";
        }
        List<String> rows = new ArrayList<>();
        for (int u = 0; u < 30; u++) {
            for (int k = 0; k < 5; k++) {
                rows.add("u" + u + " " + ((u + k) % titles.length + 1) + " 5 " + (k + 1));
            }
        }
        Dataset d = Fixtures.withTitles(titles, new String[titles.length], rows.toArray(String[]::new));
        ModelTraining.run(d, Splits.leaveLastOut(d), "fixture", models.model(project.getId(), "tiny-items"),
                LmSettings.tiny(Tokenisation.ITEM).withEpochs(1), Clock.systemUTC(), ProgressMonitor.NONE);
        newWindow();
        view = _get(WorkbenchView.class);
    }

    @Test
    @SuppressWarnings("unchecked")
    void new_experiment_offers_the_trained_model_and_writes_it_beside_most_popular_and_the_semantic_ranker() throws Exception {
        ExplorerNode modelsFolder = ExplorerNode.folder(project.getId(), ExplorerNode.Folder.MODELS);
        assertThat(view.explorer.tree.getTreeData().getChildren(modelsFolder)).extracting(ExplorerNode::label)
                .containsExactly("tiny-items");
        ExplorerNode model = view.explorer.tree.getTreeData().getChildren(modelsFolder).get(0);
        ContextMenuKt._clickItemWithCaption(view.explorer.menu, "Open", model);
        MockVaadin.clientRoundtrip();
        assertThat(view.editors.active()).get().extracting(e -> e.title()).isEqualTo("tiny-items");
        // the tab's lines are the ones New experiment... writes for this model
        assertThat(_get(view.editors.active().get().content(), Pre.class, s -> s.withText(
                "backends:\n  - { id: pop, type: most-popular }\n  - { id: semantic, type: semantic }\n"
                        + "  - { id: tiny-items, type: p5, model: \"tiny-items\" }\n"))).isNotNull();

        ExplorerNode folder = ExplorerNode.folder(project.getId(), ExplorerNode.Folder.EXPERIMENTS);
        ContextMenuKt._clickItemWithCaption(view.explorer.menu, "New experiment...", folder);
        CheckboxGroup<String> offered = _get(CheckboxGroup.class, s -> s.withId("new-experiment-models"));
        assertThat(offered.getSelectedItems()).containsExactly("tiny-items");
        _click(_get(Button.class, s -> s.withId("new-experiment-create")));
        MockVaadin.clientRoundtrip();

        String name = experiments.experiments(project.getId()).get(0);
        String text = experiments.read(project.getId(), name);
        assertThat(text).contains("  - { id: pop, type: most-popular }\n")
                .contains("  - { id: semantic, type: semantic }\n")
                .contains("  - { id: tiny-items, type: p5, model: \"tiny-items\" }\n");
        assertThat(ModelStore.experimentLines("tiny-words", Tokenisation.WORD))
                .containsExactly("{ id: tiny-words-free, type: p5, model: \"tiny-words\", decoding: free }",
                        "{ id: tiny-words-constrained, type: p5, model: \"tiny-words\", decoding: constrained }",
                        "{ id: tiny-words-score, type: p5, model: \"tiny-words\", lengthNormalise: true }");
    }
}
