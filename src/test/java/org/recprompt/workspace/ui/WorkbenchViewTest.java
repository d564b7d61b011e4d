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
import org.recprompt.base.BackgroundJobs;
import org.recprompt.workspace.Project;
import org.recprompt.workspace.ProjectService;
import org.springframework.beans.factory.annotation.Autowired;

import com.github.mvysny.kaributesting.v10.ContextMenuKt;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.github.mvysny.kaributesting.v10.ShortcutsKt;
import com.vaadin.flow.component.ComponentUtil;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.contextmenu.GridContextMenu;
import com.vaadin.flow.component.splitlayout.SplitLayout;

/** The workbench shell, clicked through without a browser (Karibu-Testing). */
class WorkbenchViewTest extends KaribuTestBase {

    @Autowired
    ProjectService projects;

    @Autowired
    BackgroundJobs jobs;

    WorkbenchView view;

    @BeforeEach
    void openWorkbench() {
        projects.list().forEach(p -> projects.delete(p.getId()));
        newWindow();
        view = _get(WorkbenchView.class);
    }

    List<String> explorerProjects() {
        return view.explorer.tree.getTreeData().getRootItems().stream().map(ExplorerNode::label).toList();
    }

    Project createThroughDialog(String name) {
        _click(view.toolbar.newProject);
        ProjectDialog dialog = _get(ProjectDialog.class);
        _setValue(dialog.name, name);
        _click(dialog.confirm);
        return projects.list().stream().filter(p -> p.getName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void the_workbench_opens_on_the_welcome_page_with_an_empty_explorer() {
        assertThat(view.editors.active()).get().extracting(e -> e.id()).isEqualTo(WelcomeEditor.ID);
        assertThat(explorerProjects()).isEmpty();
        assertThat(view.toolbar.save.isEnabled()).isFalse();
        assertThat(view.toolbar.run.isEnabled()).isFalse();
        assertThat(view.status.project.getText()).isEqualTo("No project selected");
    }

    @Test
    void creating_a_project_makes_it_appear_in_the_explorer_with_its_folders_and_opens_it() {
        Project created = createThroughDialog("Position bias");

        assertThat(explorerProjects()).containsExactly("Position bias");
        ExplorerNode node = view.explorer.tree.getTreeData().getRootItems().get(0);
        assertThat(view.explorer.tree.getTreeData().getChildren(node)).extracting(ExplorerNode::label)
                .containsExactly("Datasets", "Prompt templates", "Few-shot sets", "Backends", "Experiments", "Models", "Runs");
        assertThat(view.explorer.tree.isExpanded(node)).isTrue();
        assertThat(view.editors.active()).get().extracting(e -> e.id()).isEqualTo("project:" + created.getId());
        assertThat(view.status.project.getText()).isEqualTo("Project: Position bias");
        assertThat(_find(ProjectDialog.class)).isEmpty();
    }

    @Test
    void the_new_project_dialog_shows_what_is_wrong_with_a_name_inline_and_creates_nothing() {
        projects.create("Baselines", "");
        _click(view.toolbar.newProject);
        ProjectDialog dialog = _get(ProjectDialog.class);

        _click(dialog.confirm);
        assertThat(dialog.name.isInvalid()).isTrue();
        assertThat(dialog.name.getErrorMessage()).isEqualTo("A project needs a name.");

        _setValue(dialog.name, "baselines");
        assertThat(dialog.name.getErrorMessage()).isEqualTo("A project named \"Baselines\" already exists.");
        _click(dialog.confirm);

        _setValue(dialog.name, "y".repeat(81));
        assertThat(dialog.name.getErrorMessage()).startsWith("A project name can have at most 80 characters");
        _click(dialog.confirm);

        assertThat(dialog.isOpened()).isTrue();
        assertThat(projects.list()).extracting(Project::getName).containsExactly("Baselines");
        _setValue(dialog.name, "Baselines 2");
        assertThat(dialog.name.isInvalid()).isFalse();
    }

    @Test
    void an_editor_tab_opens_once_from_the_explorer_and_closes_with_its_button() {
        Project p = projects.create("Hallucinations", "");
        ExplorerNode node = ExplorerNode.project(p.getId(), p.getName());
        GridContextMenu<ExplorerNode> menu = view.explorer.menu;

        ContextMenuKt._clickItemWithCaption(menu, "Open", node);
        ContextMenuKt._clickItemWithCaption(menu, "Open", node);
        assertThat(view.editors.openEditors()).extracting(e -> e.id()).containsExactly("welcome", "project:" + p.getId());
        assertThat(view.editors.tabTitle("project:" + p.getId())).contains("Hallucinations");

        var tab = view.editors.tab("project:" + p.getId()).orElseThrow();
        _click(_get(tab, com.vaadin.flow.component.button.Button.class));
        assertThat(view.editors.openEditors()).extracting(e -> e.id()).containsExactly("welcome");
        assertThat(view.editors.tab("project:" + p.getId())).isEmpty();
    }

    @Test
    void an_edited_project_is_marked_dirty_and_ctrl_s_saves_it() {
        Project p = createThroughDialog("Cold start");
        ProjectEditor editor = (ProjectEditor) view.editors.active().orElseThrow();

        _setValue(editor.description, "histories cut to 0, 1, 3, 5 items");
        assertThat(view.editors.tabTitle(editor.id())).contains("*Cold start");
        assertThat(view.toolbar.save.isEnabled()).isTrue();

        ShortcutsKt.fireShortcut(Key.KEY_S, Key.CONTROL);

        assertThat(view.editors.tabTitle(editor.id())).contains("Cold start");
        assertThat(view.toolbar.save.isEnabled()).isFalse();
        assertThat(projects.find(p.getId())).get().extracting(Project::getDescription)
                .isEqualTo("histories cut to 0, 1, 3, 5 items");
    }

    @Test
    void closing_a_dirty_editor_asks_first_and_discard_drops_the_changes() {
        Project p = createThroughDialog("Fairness");
        ProjectEditor editor = (ProjectEditor) view.editors.active().orElseThrow();
        _setValue(editor.name, "Fairness probes");

        view.editors.close(editor.id());
        ConfirmDialog ask = _get(ConfirmDialog.class);
        assertThat(ask.isOpened()).isTrue();
        assertThat(view.editors.tab(editor.id())).isPresent();

        ComponentUtil.fireEvent(ask, new ConfirmDialog.RejectEvent(ask, false));
        assertThat(view.editors.tab(editor.id())).isEmpty();
        assertThat(projects.find(p.getId())).get().extracting(Project::getName).isEqualTo("Fairness");
    }

    @Test
    void renaming_and_deleting_from_the_explorer_update_it_and_the_open_editor_at_once() {
        Project p = createThroughDialog("Privacy");
        ExplorerNode node = ExplorerNode.project(p.getId(), p.getName());
        GridContextMenu<ExplorerNode> menu = view.explorer.menu;

        ContextMenuKt._clickItemWithCaption(menu, "Rename...", node);
        ProjectDialog dialog = _get(ProjectDialog.class);
        _setValue(dialog.name, "Privacy trade-offs");
        _click(dialog.confirm);
        MockVaadin.clientRoundtrip();
        assertThat(explorerProjects()).containsExactly("Privacy trade-offs");
        assertThat(view.editors.tabTitle("project:" + p.getId())).contains("Privacy trade-offs");

        ContextMenuKt._clickItemWithCaption(menu, "Delete...", node);
        ConfirmDialog confirm = _get(ConfirmDialog.class);
        assertThat(confirm.getElement().getProperty("header")).isEqualTo("Delete project Privacy trade-offs?");
        ComponentUtil.fireEvent(confirm, new ConfirmDialog.ConfirmEvent(confirm, false));
        MockVaadin.clientRoundtrip();

        assertThat(projects.list()).isEmpty();
        assertThat(explorerProjects()).isEmpty();
        assertThat(view.editors.tab("project:" + p.getId())).isEmpty();
    }

    @Test
    void a_dragged_splitter_position_is_remembered_by_the_next_window() {
        SplitLayout main = view.main;
        ComponentUtil.fireEvent(main, new SplitLayout.SplitterDragendEvent(main, true, "33.5%", "66.5%"));
        assertThat(main.getSplitterPosition()).isEqualTo(33.5);

        newWindow();
        WorkbenchView next = _get(WorkbenchView.class);
        assertThat(next.main.getSplitterPosition()).isEqualTo(33.5);
    }

    @Test
    void the_stop_button_cancels_running_jobs_and_the_status_bar_counts_them() throws Exception {
        var started = new java.util.concurrent.CountDownLatch(1);
        BackgroundJobs.Job job = jobs.submit("test job", m -> {
            started.countDown();
            while (!m.isCancelled()) {
                Thread.sleep(5);
            }
        });
        started.await();
        MockVaadin.clientRoundtrip();
        assertThat(view.status.jobs.getText()).isEqualTo("1 job running");
        assertThat(view.toolbar.stop.isEnabled()).isTrue();

        _click(view.toolbar.stop);
        for (int i = 0; i < 200 && !job.state().isFinished(); i++) {
            Thread.sleep(10);
        }
        MockVaadin.clientRoundtrip();
        assertThat(job.state()).isEqualTo(BackgroundJobs.State.CANCELLED);
        assertThat(view.status.jobs.getText()).isEqualTo("Idle");
        assertThat(view.toolbar.stop.isEnabled()).isFalse();
    }
}
