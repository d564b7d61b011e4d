package org.recprompt.experiment.ui;

import java.util.List;

import org.recprompt.base.ConsoleLog;
import org.recprompt.base.ui.Editor;
import org.recprompt.base.ui.ExplorerContribution;
import org.recprompt.experiment.ExperimentService;
import org.springframework.stereotype.Component;

/** The "Runs" folder of each project: every run folder, newest first, with its state. */
@Component
class RunExplorer implements ExplorerContribution {

    private final ExperimentService experiments;
    private final ConsoleLog console;
    private final org.recprompt.base.BackgroundJobs jobs;

    private final org.recprompt.experiment.workers.WorkerRuns workers;

    RunExplorer(ExperimentService experiments, ConsoleLog console, org.recprompt.base.BackgroundJobs jobs,
            org.recprompt.experiment.workers.WorkerRuns workers) {
        this.workers = workers;
        this.experiments = experiments;
        this.console = console;
        this.jobs = jobs;
    }

    @Override
    public String folder() {
        return "Runs";
    }

    @Override
    public List<Entry> entries(long projectId) {
        return experiments.runs(projectId).stream()
                .map(r -> new Entry(r.id(), r.id(), r.shownState().toLowerCase(java.util.Locale.ROOT))).toList();
    }

    @Override
    public Editor open(long projectId, Entry entry) {
        return new RunEditor(experiments, console, jobs, projectId, experiments.runsFolder(projectId).resolve(entry.key()), workers);
    }

    /** "Export report..." on a run: the report dialog of a finished run, or why there is nothing to report yet. */
    @Override
    public List<EntryAction> entryActions() {
        return List.of(new EntryAction("Export report...", (projectId, entry) -> exportReport(experiments,
                experiments.runsFolder(projectId).resolve(entry.key()), jobs)));
    }

    /** Opens the export dialog for a run that has results; otherwise says why not. */
    static void exportReport(ExperimentService experiments, java.nio.file.Path folder, org.recprompt.base.BackgroundJobs jobs) {
        if (experiments.info(folder).summary().isEmpty()) {
            org.recprompt.base.ui.Notifications.error("The run " + folder.getFileName()
                    + " has not finished: there is no result to report yet.");
            return;
        }
        try {
            new org.recprompt.report.ui.ExportReportDialog(folder, jobs).open();
        } catch (RuntimeException e) {
            org.recprompt.base.ui.Notifications.error("The run " + folder.getFileName() + " cannot be reported: " + e.getMessage());
        }
    }

    @Override
    public boolean canDelete() {
        return true;
    }

    @Override
    public void delete(long projectId, Entry entry) {
        experiments.deleteRun(experiments.runsFolder(projectId).resolve(entry.key()));
    }

    @Override
    public Runnable addChangeListener(Runnable listener) {
        return experiments.addListener(listener);
    }
}
