package org.recprompt.workspace.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.recprompt.KaribuTestBase;
import org.recprompt.base.ConsoleLog;
import org.recprompt.base.ui.Editor;
import org.recprompt.prompt.ProjectTemplate;
import org.recprompt.prompt.TemplateService;
import org.recprompt.workspace.Project;
import org.recprompt.workspace.ProjectService;
import org.recprompt.workspace.UiSettings;
import org.springframework.beans.factory.annotation.Autowired;

import com.github.mvysny.kaributesting.v10.ContextMenuKt;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.github.mvysny.kaributesting.v10.ShortcutsKt;
import com.vaadin.flow.component.ComponentUtil;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;

/** The shell's layout across reloads (a new window), its welcome page, and its keyboard (Karibu-Testing). */
class ShellLayoutKeyboardTest extends KaribuTestBase {

    @Autowired
    ProjectService projects;
    @Autowired
    TemplateService templates;
    @Autowired
    UiSettings settings;
    @Autowired
    ConsoleLog console;

    WorkbenchView view;

    @BeforeEach
    void freshWorkspace() {
        projects.list().forEach(p -> projects.delete(p.getId()));
        forgetLayout();
        newWindow();
        view = _get(WorkbenchView.class);
    }

    @AfterEach
    void forgetLayout() {
        settings.remove("layout.tabs");
        settings.remove("layout.expanded");
    }

    /** A browser reload: a new UI on the same workspace. */
    WorkbenchView reload() {
        newWindow();
        view = _get(WorkbenchView.class);
        return view;
    }

    List<String> tabIds() {
        return view.editors.openEditors().stream().map(Editor::id).toList();
    }

    String activeId() {
        return view.editors.active().map(Editor::id).orElse("none");
    }

    void openEntry(long projectId, ExplorerNode.Folder folder, String key) {
        ExplorerNode node = view.explorer.tree.getTreeData().getChildren(ExplorerNode.folder(projectId, folder)).stream()
                .filter(n -> n.entryKey().equals(key)).findFirst().orElseThrow();
        ContextMenuKt._clickItemWithCaption(view.explorer.menu, "Open", node);
    }

    @Test
    void a_reload_reopens_the_tabs_in_order_the_active_tab_and_the_expanded_folders() {
        Project a = projects.create("Position bias", "");
        Project b = projects.create("Cold start", "");
        ProjectTemplate t = templates.importFromLibrary(a.getId(), "candidate-ranking");
        reload();
        view.open(a);
        ExplorerNode folder = ExplorerNode.folder(a.getId(), ExplorerNode.Folder.TEMPLATES);
        view.explorer.tree.expand(ExplorerNode.project(a.getId(), ""), folder);
        openEntry(a.getId(), ExplorerNode.Folder.TEMPLATES, String.valueOf(t.getId()));
        view.open(b);
        view.editors.select("project:" + a.getId());
        List<String> before = tabIds();
        assertThat(before).containsExactly("welcome", "project:" + a.getId(),
                "project:" + a.getId() + "/template:" + t.getId(), "project:" + b.getId());

        reload();

        assertThat(tabIds()).isEqualTo(before);
        assertThat(activeId()).isEqualTo("project:" + a.getId());
        assertThat(view.explorer.tree.isExpanded(ExplorerNode.project(a.getId(), ""))).isTrue();
        assertThat(view.explorer.tree.isExpanded(folder)).isTrue();
        assertThat(view.explorer.tree.isExpanded(ExplorerNode.project(b.getId(), ""))).isFalse();
    }

    @Test
    void an_editor_whose_object_was_deleted_meanwhile_is_skipped_with_one_console_line() {
        Project a = projects.create("Hallucinations", "");
        ProjectTemplate t = templates.importFromLibrary(a.getId(), "candidate-ranking");
        reload();
        view.explorer.tree.expand(ExplorerNode.project(a.getId(), ""));
        openEntry(a.getId(), ExplorerNode.Folder.TEMPLATES, String.valueOf(t.getId()));
        templates.delete(t.getId());
        int linesBefore = console.lines().size();

        reload();

        assertThat(tabIds()).containsExactly("welcome");
        List<String> added = console.lines().stream().skip(linesBefore).map(ConsoleLog.Line::message).toList();
        assertThat(added).containsExactly("Reopened the last layout without candidate-ranking (Prompt templates), "
                + "which was deleted meanwhile.");
        reload();
        assertThat(console.lines().size()).as("said once: the saved layout no longer has it").isEqualTo(linesBefore + 1);
    }

    @Test
    void a_closed_welcome_tab_stays_closed_and_with_projects_it_offers_them_not_a_first_project() {
        assertThat(view.welcome.newProject.getText()).isEqualTo("Create your first project");
        assertThat(view.welcome.projectList.isVisible()).isFalse();
        Project p = projects.create("Fairness", "");
        MockVaadin.clientRoundtrip();
        assertThat(view.welcome.newProject.getText()).isEqualTo("New project");

        reload();
        assertThat(activeId()).isEqualTo("welcome");
        assertThat(view.welcome.newProject.getText()).isEqualTo("New project");
        assertThat(view.welcome.projectList.isVisible()).isTrue();
        _click(_get(view.welcome.projectList, Button.class, s -> s.withText("Fairness")));
        assertThat(activeId()).isEqualTo("project:" + p.getId());

        view.editors.close("welcome");
        view.editors.close("project:" + p.getId());
        reload();
        assertThat(tabIds()).isEmpty();
    }

    @Test
    void enter_f2_and_delete_act_on_the_explorer_row_and_shift_f10_asks_for_its_menu() {
        Project p = projects.create("Privacy", "");
        templates.importFromLibrary(p.getId(), "candidate-ranking");
        reload();
        ExplorerNode project = ExplorerNode.project(p.getId(), "");
        ExplorerNode datasets = ExplorerNode.folder(p.getId(), ExplorerNode.Folder.TEMPLATES);
        view.explorer.tree.select(project);

        ShortcutsKt._fireShortcut(view.explorer.tree, Key.ENTER);
        assertThat(activeId()).isEqualTo("project:" + p.getId());

        ShortcutsKt._fireShortcut(view.explorer.tree, Key.F2);
        ProjectDialog rename = _get(ProjectDialog.class);
        _setValue(rename.name, "Privacy trade-offs");
        _click(rename.confirm);
        assertThat(projects.find(p.getId())).get().extracting(Project::getName).isEqualTo("Privacy trade-offs");

        ShortcutsKt._fireShortcut(view.explorer.tree, Key.F10, Key.SHIFT);
        ShortcutsKt._fireShortcut(view.explorer.tree, Key.CONTEXT_MENU);
        assertThat(view.explorer.menuRequests).isEqualTo(2);

        view.explorer.tree.expand(project);
        view.explorer.tree.select(datasets);
        ShortcutsKt._fireShortcut(view.explorer.tree, Key.ENTER);
        assertThat(view.explorer.tree.isExpanded(datasets)).as("Enter on a folder opens it").isTrue();
        ShortcutsKt._fireShortcut(view.explorer.tree, Key.ENTER);
        assertThat(view.explorer.tree.isExpanded(datasets)).isFalse();

        view.explorer.tree.select(project);
        ShortcutsKt._fireShortcut(view.explorer.tree, Key.DELETE);
        ConfirmDialog confirm = _get(ConfirmDialog.class);
        assertThat(confirm.getElement().getProperty("header")).isEqualTo("Delete project Privacy trade-offs?");
        ComponentUtil.fireEvent(confirm, new ConfirmDialog.ConfirmEvent(confirm, false));
        MockVaadin.clientRoundtrip();
        assertThat(projects.list()).isEmpty();
    }

    @Test
    void the_keyboard_acts_on_the_focused_row_before_the_selected_one() {
        Project a = projects.create("Alpha", "");
        Project b = projects.create("Beta", "");
        reload();
        view.explorer.tree.select(ExplorerNode.project(a.getId(), ""));
        String key = view.explorer.tree.getDataCommunicator().getKeyMapper().key(ExplorerNode.project(b.getId(), ""));
        ComponentUtil.fireEvent(view.explorer.tree, new com.vaadin.flow.component.grid.CellFocusEvent<>(
                view.explorer.tree, true, key, null, "body"));

        ShortcutsKt._fireShortcut(view.explorer.tree, Key.ENTER);
        assertThat(activeId()).isEqualTo("project:" + b.getId());
    }

    @Test
    void ctrl_w_and_alt_w_close_the_active_tab_asking_first_when_it_has_unsaved_changes() {
        Project p = projects.create("Baselines", "");
        reload();
        view.open(p);
        ShortcutsKt.fireShortcut(Key.KEY_W, Key.ALT);
        assertThat(tabIds()).containsExactly("welcome");

        view.open(p);
        ProjectEditor editor = (ProjectEditor) view.editors.active().orElseThrow();
        _setValue(editor.description, "top-10 of 100 candidates");
        assertThat(view.unsavedFlag).as("the page is told, so a reload asks first").isTrue();
        ShortcutsKt.fireShortcut(Key.KEY_W, Key.CONTROL);
        ConfirmDialog ask = _get(ConfirmDialog.class);
        assertThat(ask.getElement().getProperty("header")).isEqualTo("Save changes to Baselines?");
        ComponentUtil.fireEvent(ask, new ConfirmDialog.ConfirmEvent(ask, false));
        assertThat(tabIds()).containsExactly("welcome");
        assertThat(view.unsavedFlag).isFalse();
        assertThat(projects.find(p.getId())).get().extracting(Project::getDescription).isEqualTo("top-10 of 100 candidates");
    }

    @Test
    void f1_and_the_toolbar_list_every_shortcut_once() {
        ShortcutsKt.fireShortcut(Key.F1);
        assertThat(_find(ShortcutsDialog.class)).hasSize(1);
        ShortcutsKt.fireShortcut(Key.F1);
        assertThat(_find(ShortcutsDialog.class)).as("a second F1 opens no second list").hasSize(1);
        String text = _get(ShortcutsDialog.class).getElement().getTextRecursively();
        assertThat(text).contains("Ctrl+S", "Alt+W", "Ctrl+W", "F2", "Delete", "Shift+F10", "Enter", "F1 or ?", "Ctrl+Space");
        _click(_get(Button.class, s -> s.withId("shortcuts-close")));
        assertThat(_find(ShortcutsDialog.class)).isEmpty();

        _click(view.toolbar.shortcuts);
        assertThat(_find(ShortcutsDialog.class)).hasSize(1);
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void importing_several_templates_lists_them_marked_in_the_explorer_and_opens_none() {
        Project p = projects.create("Paradigms", "");
        reload();
        ExplorerNode folder = ExplorerNode.folder(p.getId(), ExplorerNode.Folder.TEMPLATES);
        ContextMenuKt._clickItemWithCaption(view.explorer.menu, "Import templates from the library...", folder);
        Dialog dialog = _get(Dialog.class);
        Grid grid = _get(dialog, Grid.class);
        List<Object> three = ((java.util.stream.Stream<Object>) grid.getGenericDataView().getItems()).limit(3).toList();
        three.forEach(grid.asMultiSelect()::select);
        int linesBefore = console.lines().size();
        _click(_get(dialog, Button.class, s -> s.withText("Import")));
        MockVaadin.clientRoundtrip();

        assertThat(tabIds()).containsExactly("welcome");
        assertThat(view.explorer.tree.isExpanded(folder)).isTrue();
        List<ExplorerNode> rows = view.explorer.tree.getTreeData().getChildren(folder);
        assertThat(rows).hasSize(3);
        assertThat(rows).allMatch(n -> "rp-fresh".equals(view.explorer.tree.getPartNameGenerator().apply(n)));
        assertThat(view.explorer.tree.getSelectedItems()).containsExactly(rows.get(0));
        assertThat(console.lines().stream().skip(linesBefore).map(ConsoleLog.Line::message))
                .contains("3 prompt templates added to Paradigms: they are marked in the explorer under Prompt templates; "
                        + "double-click one to open it.");
    }

    @Test
    void when_a_login_is_required_each_account_has_its_own_layout() {
        WorkbenchLayout alice = new WorkbenchLayout(settings, "alice");
        alice.opened(view.welcome, WorkbenchLayout.TabState.welcome());
        alice.save(List.of(view.welcome), java.util.Optional.of(view.welcome), List.of());
        try {
            assertThat(new WorkbenchLayout(settings, "alice").load()).get()
                    .extracting(saved -> saved.tabs().size()).isEqualTo(1);
            assertThat(new WorkbenchLayout(settings, "bob").load()).isEmpty();
        } finally {
            settings.remove(alice.tabsKey());
            settings.remove(alice.expandedKey());
        }
    }

    @Test
    void a_long_name_keeps_the_end_that_differs() {
        assertThat(ProjectExplorer.splitForEllipsis("ranking-baselines-20261205-112233"))
                .containsExactly("ranking-baselines-", "20261205-112233");
        assertThat(ProjectExplorer.splitForEllipsis("candidate-ranking")).containsExactly("candidate-ranking", "");
        assertThat(ProjectExplorer.splitForEllipsis("averyveryverylongnamewithoutseparators"))
                .containsExactly("averyveryverylongnamewithout", "separators");
    }
}
