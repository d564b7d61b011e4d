package org.recprompt.workspace.ui;

import java.time.Duration;

import org.recprompt.base.BackgroundJobs;
import org.recprompt.base.BackgroundJobs.Job;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.progressbar.ProgressBar;

/** Background jobs: progress, throughput, ETA, state, and a button to cancel each. */
class ProgressView extends Composite<Grid<Job>> {

    private final BackgroundJobs jobs;
    private final UiUpdates updates;
    private Runnable unsubscribe = () -> { };

    ProgressView(BackgroundJobs jobs) {
        this.jobs = jobs;
        this.updates = new UiUpdates(this, this::refresh);
        Grid<Job> grid = getContent();
        grid.setId("progress-view");
        grid.setSizeFull();
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_NO_BORDER);
        grid.addColumn(Job::name).setHeader("Job").setFlexGrow(3);
        grid.addComponentColumn(ProgressView::bar).setHeader("Progress").setFlexGrow(2);
        grid.addColumn(j -> j.total() < 0 ? String.valueOf(j.done()) : j.done() + " / " + j.total()).setHeader("Done");
        grid.addColumn(ProgressView::rate).setHeader("Rate");
        grid.addColumn(ProgressView::eta).setHeader("ETA");
        grid.addColumn(j -> j.state().name().toLowerCase()).setHeader("State");
        grid.addColumn(Job::currentMessage).setHeader("Message").setFlexGrow(3);
        grid.addComponentColumn(this::cancelButton).setHeader("").setFlexGrow(0).setWidth("4rem");
        grid.setEmptyStateText("No background jobs. Runs, downloads and training show their progress here.");
    }

    private static ProgressBar bar(Job job) {
        ProgressBar bar = new ProgressBar();
        double f = job.fraction();
        if (f < 0 && !job.state().isFinished()) {
            bar.setIndeterminate(true);
        } else {
            bar.setValue(job.state().isFinished() && f < 0 ? 1 : Math.max(0, f));
        }
        return bar;
    }

    private Button cancelButton(Job job) {
        Button cancel = new Button(VaadinIcon.STOP.create(), e -> job.cancel());
        cancel.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_ERROR);
        cancel.setAriaLabel("Cancel " + job.name());
        cancel.setTooltipText("Cancel");
        cancel.setEnabled(!job.state().isFinished() && !job.isCancelled());
        // with accounts, a job is cancelled here by whoever started it or an administrator (issue 23)
        String me = org.recprompt.workspace.security.AccountService.currentUser();
        if (!job.startedBy().isEmpty() && !job.startedBy().equals(me) && !org.recprompt.workspace.security.AccountService.isAdmin()) {
            cancel.setEnabled(false);
            cancel.setTooltipText("Started by " + job.startedBy() + ": only they or an administrator can cancel it here");
        }
        return cancel;
    }

    /** Units per second, once known (a job that counts no units, or whose rate is still estimated, shows none). */
    static String rate(Job job) {
        double r = job.throughput();
        return job.done() <= 0 || r <= 0 ? "" : String.format(java.util.Locale.ROOT, "%.1f/s", r);
    }

    /** The ETA; "estimating..." while a running job's rate is not known yet; nothing when it cannot be told. */
    static String eta(Job job) {
        if (job.state() != BackgroundJobs.State.RUNNING || job.total() <= 0 || job.done() >= job.total()) {
            return "";
        }
        return job.eta().map(ProgressView::format).orElse("estimating\u2026");
    }

    static String format(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format("%dh %02dm", s / 3600, s % 3600 / 60)
                : s >= 60 ? String.format("%dm %02ds", s / 60, s % 60) : s + "s";
    }

    void refresh() {
        getContent().setItems(jobs.jobs());
    }

    @Override
    protected void onAttach(AttachEvent event) {
        refresh();
        unsubscribe = jobs.addListener(updates::request);
    }

    @Override
    protected void onDetach(DetachEvent event) {
        unsubscribe.run();
    }
}
