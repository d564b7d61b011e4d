package org.recprompt.experiment.ui;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import org.recprompt.base.BackgroundJobs;
import org.recprompt.base.ui.Notifications;
import org.recprompt.base.ui.ProjectActions;
import org.recprompt.experiment.ProjectArchive;
import org.recprompt.workspace.ProjectService;
import org.springframework.stereotype.Component;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.TextField;

/** "Export project..." on a project and "Import project..." anywhere in the explorer. */
@Component
class ProjectTransfer implements ProjectActions {

    private final ProjectArchive archive;
    private final ProjectService projects;
    private final BackgroundJobs jobs;

    ProjectTransfer(ProjectArchive archive, ProjectService projects, BackgroundJobs jobs) {
        this.archive = archive;
        this.projects = projects;
        this.jobs = jobs;
    }

    @Override
    public List<Action> actions() {
        return List.of(new Action("Export project...", true, this::export), new Action("Import project...", false, this::importProject));
    }

    private void export(Long projectId, Consumer<Long> done) {
        String name = projects.find(projectId).map(p -> p.getName()).orElse("project").replaceAll("[^A-Za-z0-9._-]+", "-");
        Path suggested = Path.of(System.getProperty("user.home"), "recprompt-exports", name + ".zip");
        pathDialog("Export project", "A zip, or a new folder (any name without .zip). Datasets are described, not copied; "
                + "backends are kept in backends.yaml, where `run` finds an experiment's backend: NAME; keys are never exported.", suggested.toString(), "Export", "export-project", path -> {
                    if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                        ConfirmDialog ask = new ConfirmDialog();
                        ask.setId("export-project-replace");
                        ask.setHeader("Replace " + path.getFileName() + "?");
                        ask.setText(path + " already exists. Exporting replaces it; it cannot be undone.");
                        ask.setConfirmText("Replace");
                        ask.setConfirmButtonTheme("error primary");
                        ask.setCancelable(true);
                        ask.addConfirmListener(e -> export(projectId, path, true));
                        ask.open();
                    } else {
                        export(projectId, path, false);
                    }
                });
    }

    private void export(Long projectId, Path path, boolean replace) {
        UI ui = UI.getCurrent();
        jobs.submit("Export project", m -> {
            archive.export(projectId, path, replace);
            ui.access(() -> Notifications.info("Exported to " + path));
        });
    }

    private void importProject(Long ignored, Consumer<Long> done) {
        pathDialog("Import project", "An exported project: its zip or its folder.", "", "Import", "import-project", path -> {
            if (!Files.exists(path)) {
                Notifications.error("There is nothing at " + path + ".");
                return;
            }
            UI ui = UI.getCurrent();
            jobs.submit("Import project", m -> {
                var p = archive.importFrom(path);
                ui.access(() -> {
                    Notifications.info("Imported project " + p.getName());
                    done.accept(p.getId());
                });
            });
        });
    }

    private static void pathDialog(String title, String help, String value, String confirm, String id, Consumer<Path> onConfirm) {
        Dialog d = new Dialog();
        d.setHeaderTitle(title);
        d.setWidth("36rem");
        TextField path = new TextField("Path");
        path.setId(id + "-path");
        path.setWidthFull();
        path.setValue(value);
        Paragraph p = new Paragraph(help);
        p.addClassName("rp-muted");
        d.add(path, p);
        Button ok = new Button(confirm, e -> {
            if (path.getValue().isBlank()) {
                path.setInvalid(true);
                path.setErrorMessage("Enter a path.");
                return;
            }
            d.close();
            onConfirm.accept(Path.of(path.getValue().strip()));
        });
        ok.setId(id + "-confirm");
        ok.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        d.getFooter().add(new Button("Cancel", e -> d.close()), ok);
        d.open();
    }
}
