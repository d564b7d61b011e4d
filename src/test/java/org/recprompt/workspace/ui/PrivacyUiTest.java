package org.recprompt.workspace.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.recprompt.KaribuTestBase;
import org.recprompt.backend.EgressEvent;
import org.recprompt.backend.EgressLog;
import org.recprompt.workspace.Project;
import org.recprompt.workspace.ProjectService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import com.github.mvysny.kaributesting.v10.ContextMenuKt;
import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;

/** The project's local-only switch and the egress log in the workbench, without a browser. */
class PrivacyUiTest extends KaribuTestBase {

    @Autowired
    ProjectService projects;
    @Autowired
    EgressLog egress;
    @Autowired
    JdbcTemplate jdbc;

    WorkbenchView view;

    @BeforeEach
    void openWorkbench() {
        projects.list().forEach(p -> projects.delete(p.getId()));
        jdbc.update("DELETE FROM egress_log");
        newWindow();
        view = _get(WorkbenchView.class);
    }

    @Test
    void the_menu_toggle_and_the_checkbox_switch_local_only_and_the_tab_shows_it() {
        Project p = projects.create("Private study", "");
        view.explorer.refresh();
        ExplorerNode node = ExplorerNode.project(p.getId(), p.getName());
        ContextMenuKt._clickItemWithCaption(view.explorer.menu, "Open", node);
        ProjectEditor editor = (ProjectEditor) view.editors.active().orElseThrow();
        assertThat(editor.localOnly.getValue()).isFalse();
        assertThat(editor.localBadge.isVisible()).isFalse();

        ContextMenuKt._clickItemWithCaption(view.explorer.menu, "Local only on/off", node);
        MockVaadin.clientRoundtrip();

        assertThat(projects.find(p.getId()).orElseThrow().isLocalOnly()).isTrue();
        assertThat(editor.localOnly.getValue()).isTrue();
        assertThat(editor.localBadge.isVisible()).isTrue();

        _setValue(editor.localOnly, false);
        assertThat(projects.find(p.getId()).orElseThrow().isLocalOnly()).isFalse();
        assertThat(editor.localBadge.isVisible()).isFalse();
        assertThat(editor.isDirty()).isFalse(); // the switch applies at once, it is not an unsaved edit
    }

    @Test
    void the_egress_log_lists_the_projects_requests_and_filters_remote_ones() {
        Project p = projects.create("Audited", "");
        egress.record(new EgressEvent(Instant.parse("2026-01-01T10:00:00Z"), "Audited", "run-1", "llm", "llm", "openai",
                "m", "https://api.openai.com/v1/chat/completions", 1200, true, List.of("7", "9"), 200));
        egress.record(new EgressEvent(Instant.parse("2026-01-01T10:00:01Z"), "Audited", "run-1", "local", "local", "openai",
                "m", "http://127.0.0.1:8000/v1/chat/completions", 900, false, List.of("7"), 200));
        egress.record(new EgressEvent(Instant.parse("2026-01-01T10:00:02Z"), "Other", "run-2", "llm", "llm", "openai",
                "m", "https://api.openai.com/v1/chat/completions", 50, true, List.of("1"), 200));
        view.explorer.refresh();
        ContextMenuKt._clickItemWithCaption(view.explorer.menu, "Egress log...", ExplorerNode.project(p.getId(), p.getName()));

        Dialog dialog = _get(Dialog.class, spec -> spec.withId("egress-log"));
        @SuppressWarnings("unchecked")
        Grid<EgressEvent> grid = _get(dialog, Grid.class, spec -> spec.withId("egress-grid"));
        assertThat(GridKt._size(grid)).isEqualTo(2);
        assertThat(GridKt._get(grid, 0).endpoint()).isEqualTo("http://127.0.0.1:8000/v1/chat/completions"); // newest first
        _setValue(_get(dialog, com.vaadin.flow.component.checkbox.Checkbox.class), true);
        assertThat(GridKt._size(grid)).isEqualTo(1);
        assertThat(GridKt._get(grid, 0).remote()).isTrue();
        assertThat(GridKt._getFormatted(grid, 0, "users")).isEqualTo("7 9");
    }
}
