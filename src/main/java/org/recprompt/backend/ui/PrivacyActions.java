package org.recprompt.backend.ui;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import org.recprompt.backend.EgressEvent;
import org.recprompt.backend.EgressLog;
import org.recprompt.base.ui.Notifications;
import org.recprompt.base.ui.ProjectActions;
import org.recprompt.workspace.Project;
import org.recprompt.workspace.ProjectService;
import org.springframework.stereotype.Component;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.server.StreamResource;

/**
 * The explorer's privacy actions: on a project, "Local only on/off" (every backend whose endpoint is
 * not on this machine refuses to run) and "Egress log..." (what left the machine for this project);
 * anywhere, "Egress log of the workspace..." (every request, including runs of the command line).
 */
@Component
class PrivacyActions implements ProjectActions {

    static final int SHOWN = 5000;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private final ProjectService projects;
    private final EgressLog log;

    PrivacyActions(ProjectService projects, EgressLog log) {
        this.projects = projects;
        this.log = log;
    }

    @Override
    public List<Action> actions() {
        return List.of(new Action("Local only on/off", true, this::toggle), new Action("Egress log...", true, this::project),
                new Action("Egress log of the workspace...", false, (id, done) -> open(null)));
    }

    private void toggle(Long projectId, Consumer<Long> done) {
        Project p = projects.find(projectId).orElse(null);
        if (p == null) {
            return;
        }
        Project now = projects.setLocalOnly(projectId, !p.isLocalOnly());
        Notifications.info(now.isLocalOnly() ? "Local only is on for " + now.getName()
                + ": backends off this machine refuse to run." : "Local only is off for " + now.getName() + ".");
        done.accept(projectId);
    }

    private void project(Long projectId, Consumer<Long> done) {
        projects.find(projectId).ifPresent(p -> open(p.getName()));
    }

    /** The egress log of one project (null: the whole workspace) in a dialog, with CSV export. */
    void open(String project) {
        Dialog d = new Dialog();
        d.setId("egress-log");
        d.setHeaderTitle(project == null ? "Egress log of the workspace" : "Egress log: " + project);
        d.setWidth("min(90vw, 80rem)");
        Grid<EgressEvent> grid = grid();
        Checkbox remoteOnly = new Checkbox("Only requests that left the machine");
        Paragraph summary = new Paragraph();
        summary.addClassName("rp-muted");
        Runnable load = () -> {
            List<EgressEvent> events = log.list(project, remoteOnly.getValue(), SHOWN);
            grid.setItems(events);
            long bytes = events.stream().mapToLong(EgressEvent::bytesSent).sum();
            long remote = events.stream().filter(EgressEvent::remote).count();
            summary.setText(String.format(Locale.ROOT, "%,d requests shown (newest first, at most %,d), %,d of them to remote"
                    + " endpoints, %,d bytes sent. Keys and headers are never logged.", events.size(), SHOWN, remote, bytes));
        };
        remoteOnly.addValueChangeListener(e -> load.run());
        load.run();
        String file = (project == null ? "workspace" : project.replaceAll("[^A-Za-z0-9._-]+", "-")) + "-egress.csv";
        Anchor export = new Anchor(new StreamResource(file, () -> new ByteArrayInputStream(
                EgressLog.csv(log.list(project, remoteOnly.getValue(), 0)).getBytes(StandardCharsets.UTF_8))), "Export CSV");
        export.getElement().setAttribute("download", true);
        export.setId("egress-export");
        d.add(summary, remoteOnly, grid);
        d.getFooter().add(export, new Button("Close", e -> d.close()));
        d.open();
    }

    static Grid<EgressEvent> grid() {
        Grid<EgressEvent> g = new Grid<>();
        g.setId("egress-grid");
        g.addColumn(e -> WHEN.format(e.time())).setHeader("Time").setAutoWidth(true).setSortable(true);
        g.addColumn(EgressEvent::project).setHeader("Project").setAutoWidth(true);
        g.addColumn(EgressEvent::run).setHeader("Run").setAutoWidth(true).setResizable(true);
        g.addColumn(EgressEvent::variant).setHeader("Variant").setAutoWidth(true).setResizable(true);
        g.addColumn(EgressEvent::backend).setHeader("Backend").setAutoWidth(true);
        g.addColumn(EgressEvent::provider).setHeader("Provider").setAutoWidth(true);
        g.addColumn(EgressEvent::endpoint).setHeader("Endpoint").setKey("endpoint").setAutoWidth(true).setResizable(true);
        g.addColumn(e -> e.remote() ? "remote" : "this machine").setHeader("Where").setAutoWidth(true);
        g.addColumn(EgressEvent::bytesSent).setHeader("Bytes").setAutoWidth(true).setSortable(true);
        g.addColumn(e -> String.join(" ", e.users())).setHeader("Users").setKey("users").setAutoWidth(true).setResizable(true);
        g.addColumn(e -> e.status() == 0 ? "no answer" : String.valueOf(e.status())).setHeader("Status").setAutoWidth(true);
        g.setHeight("28rem");
        return g;
    }
}
