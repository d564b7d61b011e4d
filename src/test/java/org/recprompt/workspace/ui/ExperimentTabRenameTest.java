package org.recprompt.workspace.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.recprompt.KaribuTestBase;
import org.recprompt.base.ui.CodeEditor;
import org.recprompt.base.ui.Editor;
import org.recprompt.experiment.ExperimentService;
import org.recprompt.workspace.Project;
import org.recprompt.workspace.ProjectService;
import org.springframework.beans.factory.annotation.Autowired;

import com.github.mvysny.kaributesting.v10.ContextMenuKt;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.ComponentUtil;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;

/** Renaming an experiment whose tab is open reopens the tab on the new file: it never writes under the old name again. */
class ExperimentTabRenameTest extends KaribuTestBase {

    @Autowired
    ProjectService projects;
    @Autowired
    ExperimentService experiments;

    WorkbenchView view;
    Project project;

    @BeforeEach
    void open() {
        projects.list().forEach(p -> projects.delete(p.getId()));
        project = projects.create("Tab rename", "");
        newWindow();
        view = _get(WorkbenchView.class);
    }

    String editorId(String name) {
        return "project:" + project.getId() + "/experiment:" + name;
    }

    void type(Editor editor, String text) {
        _setValue(_get(editor.content(), CodeEditor.class, s -> s.withId("experiment-yaml")), text);
    }

    @Test
    void a_renamed_open_experiment_saves_to_its_new_file_not_to_a_new_experiment_of_the_old_name() throws Exception {
        long id = project.getId();
        experiments.create(id, "old", "name: old\n");
        ExplorerNode entry = ExplorerNode.entry(id, ExplorerNode.Folder.EXPERIMENTS, "old", "old", "yaml");
        view.explorer.open(entry);
        Editor tab = view.editors.active().orElseThrow();
        assertThat(tab.id()).isEqualTo(editorId("old"));
        type(tab, "name: old\n# edited before the rename\n");

        ContextMenuKt._clickItemWithCaption(view.explorer.menu, "Rename...", entry);
        ConfirmDialog ask = _get(ConfirmDialog.class);
        assertThat(ask.getElement().getProperty("header")).isEqualTo("Save changes to old before renaming it?");
        ComponentUtil.fireEvent(ask, new ConfirmDialog.ConfirmEvent(ask, false));
        RenameEntryDialog rename = _get(RenameEntryDialog.class);
        _setValue(rename.name, "renamed");
        _click(rename.confirm);
        MockVaadin.clientRoundtrip();

        assertThat(view.editors.tab(editorId("old"))).isEmpty();
        assertThat(view.editors.tabTitle(editorId("renamed"))).contains("renamed");
        assertThat(Files.readString(experiments.file(id, "renamed"))).isEqualTo("name: old\n# edited before the rename\n");

        experiments.create(id, "old", "name: a new one\n");
        Editor renamed = view.editors.editor(editorId("renamed")).orElseThrow();
        view.editors.select(renamed.id());
        type(renamed, "name: old\n# edited after\n");
        assertThat(view.editors.saveActive()).isTrue();

        assertThat(Files.readString(experiments.file(id, "old"))).as("the new experiment is untouched").isEqualTo("name: a new one\n");
        assertThat(Files.readString(experiments.file(id, "renamed"))).isEqualTo("name: old\n# edited after\n");
    }
}
