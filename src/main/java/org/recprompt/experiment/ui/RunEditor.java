package org.recprompt.experiment.ui;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import org.recprompt.base.ConsoleLog;
import org.recprompt.base.ui.Editor;
import org.recprompt.base.ui.Notifications;
import org.recprompt.experiment.ExperimentService;

import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;

/**
 * A run's tab: its experiment, state and settings, and its results ({@link
 * org.recprompt.report.ui.RunResults}: the comparison, the figures, the drill-down to users); a run
 * that stopped before it finished can be resumed from here (every call in its journal is kept), a
 * complete one re-evaluated from its stored answers with no call.
 */
class RunEditor implements Editor {

    final Span state = new Span();
    final Button resume = new Button("Resume", VaadinIcon.PLAY.create());
    final Button exportReport = new Button("Export report...", VaadinIcon.DOWNLOAD.create());
    private final Div content = new Div();
    private final ExperimentService experiments;
    private final long projectId;
    private final Path folder;

    private final org.recprompt.base.BackgroundJobs jobs;
    /** The background repair of an interrupted run's cache and egress log this opening started, if any. */
    final java.util.Optional<org.recprompt.base.BackgroundJobs.Job> repair;

    RunEditor(ExperimentService experiments, ConsoleLog console, org.recprompt.base.BackgroundJobs jobs, long projectId,
            Path folder) {
        this(experiments, console, jobs, projectId, folder, null);
    }

    /** With {@code workers}: a run made on worker processes shows its shards and workers ({@link RunWorkersPanel}). */
    RunEditor(ExperimentService experiments, ConsoleLog console, org.recprompt.base.BackgroundJobs jobs, long projectId,
            Path folder, org.recprompt.experiment.workers.WorkerRuns workers) {
        this.jobs = jobs;
        this.experiments = experiments;
        this.projectId = projectId;
        this.folder = folder;
        content.addClassNames("rp-editor", "rp-run-editor");
        content.setId("run-editor-" + folder.getFileName());
        ExperimentService.RunInfo info = experiments.info(folder);
        repair = experiments.repairOnOpen(projectId, folder); // a killed run's cache and egress log, in the background
        state.setId("run-state");
        state.setText(info.shownState().toLowerCase(Locale.ROOT) + " \u00b7 " + folder);
        if ("FAILED".equals(info.shownState())) {
            state.addClassName("rp-error");
        }
        resume.setId("run-resume");
        resume.setVisible(!"ACTIVE".equals(info.state()));
        if (info.isComplete()) {
            resume.setText("Re-evaluate from stored answers");
            resume.setTooltipText("Grounds and scores the answers in the run's journal again: no call is made");
        }
        if (!experiments.mayControlRuns(projectId)) {
            resume.setEnabled(false);
            resume.setTooltipText("Read only: only the project's editors and owners can resume or re-evaluate its runs");
        }
        resume.addClickListener(e -> {
            resume.setEnabled(false);
            try {
                experiments.resume(projectId, folder);
                console.info("Resumed run " + folder.getFileName());
                Notifications.info("Resumed run " + folder.getFileName() + "; its progress is in the Progress view");
            } catch (IOException | RuntimeException ex) {
                resume.setEnabled(true);
                Notifications.error("The run cannot be resumed: " + ex.getMessage());
            }
        });
        exportReport.setId("run-export-report");
        exportReport.setTooltipText("Writes a report of this run (HTML, PDF, CSV, JSON, LaTeX or Markdown) into its reports folder");
        exportReport.setVisible(info.summary().isPresent());
        exportReport.addClickListener(e -> RunExplorer.exportReport(experiments, folder, jobs));
        HorizontalLayout actions = new HorizontalLayout(resume, exportReport);
        actions.setSpacing(true);
        content.add(new H2(info.experiment().isEmpty() ? info.id() : info.experiment()), state, actions);
        if (workers != null && workers.available()) {
            try {
                workers.status(folder).ifPresent(s -> content.add(new RunWorkersPanel(workers, folder, s)));
            } catch (RuntimeException e) {
                content.add(new Paragraph("The run's shards cannot be read from the database: " + e.getMessage()));
            }
        }
        info.summary().ifPresentOrElse(s -> {
            showSummary(s);
            try {
                content.add(new org.recprompt.report.ui.RunResults(folder, jobs));
            } catch (RuntimeException e) {
                content.add(new Paragraph("The results cannot be shown: " + e.getMessage()));
            }
        }, () -> content.add(new Paragraph(
                "No results yet: the run has not finished. Its answers so far are in the folder's journal.")));
    }

    private void showSummary(JsonNode s) {
        JsonNode ds = s.path("dataset");
        Paragraph setting = new Paragraph(String.format(Locale.ROOT, "Dataset %s (%d users, %d items) \u00b7 split %s \u00b7 "
                + "%s users evaluated \u00b7 k %s \u00b7 app %s", ds.path("name").asText(), ds.path("users").asInt(),
                ds.path("items").asInt(), s.path("split").path("method").asText(), s.path("users").path("evaluated").asText(),
                s.path("k"), s.path("app_version").asText()));
        setting.addClassName("rp-muted");
        content.add(setting);
    }

    @Override
    public String id() {
        return "project:" + projectId + "/run:" + folder.getFileName();
    }

    @Override
    public String title() {
        return folder.getFileName().toString();
    }

    @Override
    public Component content() {
        return content;
    }
}
