package org.recprompt.workspace.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.recprompt.KaribuTestBase;
import org.recprompt.backend.BackendConfig;
import org.recprompt.backend.BackendConfigService;
import org.recprompt.backend.BackendType;
import org.recprompt.workspace.Project;
import org.recprompt.workspace.ProjectService;
import org.springframework.beans.factory.annotation.Autowired;

import com.github.mvysny.kaributesting.v10.ContextMenuKt;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.ComponentUtil;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;

/** The Backends folder in the real explorer tree: New backend..., Rename... and Delete... from the context menu. */
class BackendFolderTest extends KaribuTestBase {

    @Autowired
    ProjectService projects;
    @Autowired
    BackendConfigService backends;

    WorkbenchView view;
    Project project;

    @BeforeEach
    void open() {
        projects.list().forEach(p -> projects.delete(p.getId()));
        project = projects.create("Explorer backends", "");
        newWindow();
        view = _get(WorkbenchView.class);
    }

    List<String> backendRows() {
        ExplorerNode folder = ExplorerNode.folder(project.getId(), ExplorerNode.Folder.BACKENDS);
        return view.explorer.tree.getTreeData().getChildren(folder).stream().map(n -> n.label() + " | " + n.detail()).toList();
    }

    @Test
    @SuppressWarnings("unchecked")
    void a_backend_is_created_renamed_and_deleted_from_the_explorer_and_its_tab_follows() {
        ExplorerNode folder = ExplorerNode.folder(project.getId(), ExplorerNode.Folder.BACKENDS);
        ContextMenuKt._clickItemWithCaption(view.explorer.menu, "New backend...", folder);
        _setValue((Select<BackendType>) _get(Select.class, s -> s.withId("new-backend-type")), BackendType.OLLAMA);
        _setValue(_get(TextField.class, s -> s.withId("new-backend-name")), "Local llama");
        _click(_get(Button.class, s -> s.withId("new-backend-create")));
        MockVaadin.clientRoundtrip();

        BackendConfig created = backends.list(project.getId()).get(0);
        String editorId = "project:" + project.getId() + "/backend:" + created.getId();
        assertThat(view.editors.active()).get().extracting(e -> e.id()).isEqualTo(editorId);
        assertThat(backendRows()).containsExactly("Local llama | ollama \u00b7 llama3.2");

        ExplorerNode entry = ExplorerNode.entry(project.getId(), ExplorerNode.Folder.BACKENDS, String.valueOf(created.getId()),
                "Local llama", "");
        ContextMenuKt._clickItemWithCaption(view.explorer.menu, "Rename...", entry);
        RenameEntryDialog rename = _get(RenameEntryDialog.class);
        _setValue(rename.name, "");
        assertThat(rename.name.getErrorMessage()).isEqualTo("Name: a backend needs a name.");
        _setValue(rename.name, "llama 3.2 local");
        _click(rename.confirm);
        MockVaadin.clientRoundtrip();
        assertThat(backendRows()).containsExactly("llama 3.2 local | ollama \u00b7 llama3.2");
        assertThat(view.editors.tabTitle(editorId)).contains("llama 3.2 local");
        assertThat(view.editors.active().orElseThrow().isDirty()).isFalse();

        ContextMenuKt._clickItemWithCaption(view.explorer.menu, "Delete...", entry);
        ConfirmDialog confirm = _get(ConfirmDialog.class);
        ComponentUtil.fireEvent(confirm, new ConfirmDialog.ConfirmEvent(confirm, false));
        MockVaadin.clientRoundtrip();
        assertThat(backends.list(project.getId())).isEmpty();
        assertThat(backendRows()).isEmpty();
        assertThat(view.editors.tab(editorId)).isEmpty();
        assertThat(_find(RenameEntryDialog.class)).isEmpty();
    }
}
