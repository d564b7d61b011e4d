package org.recprompt.workspace.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.recprompt.KaribuTestBase;
import org.recprompt.backend.BackendConfigService;
import org.recprompt.backend.BackendType;
import org.recprompt.experiment.ExperimentService;
import org.recprompt.workspace.Project;
import org.recprompt.workspace.ProjectService;
import org.springframework.beans.factory.annotation.Autowired;

import com.github.mvysny.kaributesting.v10.ContextMenuKt;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.checkbox.CheckboxGroup;

/** "New experiment..." offers the project's saved backends and writes a backend: NAME entry for each one ticked. */
class SavedBackendOfferTest extends KaribuTestBase {

    @Autowired
    ProjectService projects;
    @Autowired
    BackendConfigService backends;
    @Autowired
    ExperimentService experiments;

    WorkbenchView view;
    Project project;

    @BeforeEach
    void open() {
        projects.list().forEach(p -> projects.delete(p.getId()));
        project = projects.create("Offers", "");
        newWindow();
        view = _get(WorkbenchView.class);
    }

    @Test
    @SuppressWarnings("unchecked")
    void new_experiment_lists_the_saved_backends_unticked_and_writes_the_ticked_ones_by_name() throws Exception {
        ExplorerNode folder = ExplorerNode.folder(project.getId(), ExplorerNode.Folder.EXPERIMENTS);
        ContextMenuKt._clickItemWithCaption(view.explorer.menu, "New experiment...", folder);
        assertThat(_find(CheckboxGroup.class, s -> s.withId("new-experiment-backends"))).as("no saved backend: no list").isEmpty();
        _click(_get(Button.class, s -> s.withText("Cancel")));

        backends.create(project.getId(), backends.defaults(BackendType.OPENAI_COMPATIBLE, "local-vllm")
                .withConnection("http://127.0.0.1:8000/v1", "qwen2.5", ""));
        backends.create(project.getId(), backends.defaults(BackendType.OLLAMA, "ollama box"));
        ContextMenuKt._clickItemWithCaption(view.explorer.menu, "New experiment...", folder);
        CheckboxGroup<String> offered = _get(CheckboxGroup.class, s -> s.withId("new-experiment-backends"));
        assertThat(offered.getListDataView().getItems()).containsExactly("local-vllm", "ollama box");
        assertThat(offered.getItemLabelGenerator().apply("local-vllm")).isEqualTo("local-vllm (openai-compatible, qwen2.5)");
        assertThat(offered.getSelectedItems()).isEmpty();
        offered.select("local-vllm");
        _click(_get(Button.class, s -> s.withId("new-experiment-create")));
        MockVaadin.clientRoundtrip();

        String name = experiments.experiments(project.getId()).get(0);
        String text = experiments.read(project.getId(), name);
        assertThat(text).contains("  - { id: pop, type: most-popular }\n")
                .contains("  - { id: local-vllm, backend: \"local-vllm\" }\n").doesNotContain("ollama box");
        var spec = experiments.savedBackends(project.getId());
        assertThat(spec.names()).containsExactly("local-vllm", "ollama box");
    }
}
