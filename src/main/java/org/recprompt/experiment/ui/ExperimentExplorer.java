package org.recprompt.experiment.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

import org.recprompt.base.BackgroundJobs;
import org.recprompt.base.ConsoleLog;
import org.recprompt.base.ui.Editor;
import org.recprompt.base.ui.ExplorerContribution;
import org.recprompt.base.ui.Notifications;
import org.recprompt.experiment.ExperimentService;
import org.springframework.stereotype.Component;

/** The "Experiments" folder of each project: new experiment, open, delete. */
@Component
class ExperimentExplorer implements ExplorerContribution {

    private final ExperimentService experiments;
    private final ExperimentStarter starter;
    private final BackgroundJobs jobs;
    private final ConsoleLog console;
    private final org.recprompt.experiment.workers.WorkerRuns workers;

    private final org.recprompt.workspace.security.ProjectAccess access;

    ExperimentExplorer(ExperimentService experiments, ExperimentStarter starter, BackgroundJobs jobs, ConsoleLog console,
            org.recprompt.workspace.security.ProjectAccess access, org.recprompt.experiment.workers.WorkerRuns workers) {
        this.access = access;
        this.workers = workers;
        this.experiments = experiments;
        this.starter = starter;
        this.jobs = jobs;
        this.console = console;
    }

    @Override
    public String folder() {
        return "Experiments";
    }

    @Override
    public List<Entry> entries(long projectId) {
        return experiments.experiments(projectId).stream().map(n -> new Entry(n, n, "yaml")).toList();
    }

    @Override
    public Editor open(long projectId, Entry entry) {
        try {
            ExperimentEditor editor = new ExperimentEditor(experiments, jobs, console, projectId, entry.key(),
                    run -> Notifications.info("Run " + run + " is under Runs"));
            editor.offerTemplates(starter.templateReferences(projectId));
            editor.offerValues("backends[].backend", starter.backendReferences(projectId));
            editor.offerWorkers(workers);
            org.recprompt.workspace.security.ui.RoleNotice.unless(access, projectId,
                    org.recprompt.workspace.security.ProjectRole.EDITOR, "change experiments and run them").ifPresent(editor::readOnly);
            return editor;
        } catch (IOException e) {
            throw new UncheckedIOException("The experiment " + entry.label() + " cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public List<FolderAction> folderActions() {
        return List.of(new FolderAction("New experiment...", (projectId, onCreated) ->
                new NewExperimentDialog(experiments, starter, projectId, name -> onCreated.accept(new Entry(name, name, "yaml")))
                        .open()));
    }

    @Override
    public boolean canDelete() {
        return true;
    }

    @Override
    public void delete(long projectId, Entry entry) {
        try {
            experiments.delete(projectId, entry.key());
        } catch (IOException e) {
            Notifications.error("Could not delete " + entry.label() + ": " + e.getMessage());
        }
    }

    @Override
    public Optional<String> renameProblem(long projectId, Entry entry, String newName) {
        return experiments.nameProblem(projectId, newName);
    }

    /** Renames the file; its runs follow (their link to the experiment is by file), its {@code name:} stays as written. */
    @Override
    public boolean canRename() {
        return true;
    }

    @Override
    public Entry rename(long projectId, Entry entry, String newName) {
        try {
            experiments.rename(projectId, entry.key(), newName);
        } catch (IOException e) {
            throw new IllegalArgumentException("Could not rename " + entry.label() + ": " + e.getMessage(), e);
        }
        String n = newName.strip();
        return new Entry(n, n, "yaml");
    }

    @Override
    public Runnable addChangeListener(Runnable listener) {
        return experiments.addListener(listener);
    }
}
