package org.recprompt.experiment.ui;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.recprompt.base.BackgroundJobs;
import org.recprompt.base.ConsoleLog;
import org.recprompt.base.ui.CodeEditor;
import org.recprompt.base.ui.Editor;
import org.recprompt.base.ui.Notifications;
import org.recprompt.experiment.ExperimentException;
import org.recprompt.experiment.ExperimentRun;
import org.recprompt.experiment.ExperimentSchema;
import org.recprompt.experiment.ExperimentService;
import org.recprompt.experiment.RunEstimate;
import org.recprompt.experiment.RunProgress;
import org.recprompt.experiment.RunSetup;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;

/**
 * An experiment's tab: its YAML in the code editor (YAML mode: highlighting, line numbers, keys and
 * values completed from {@link ExperimentSchema}), checked as it is typed (the problem names the key
 * and is marked at its line),
 * the run button (Ctrl+S saves, the toolbar's Run runs), the estimate of calls, tokens and cost per
 * backend before a run (a confirmation above {@link #CONFIRM_ABOVE_DOLLARS}), and while a run
 * goes, its progress per variant with ETA, throughput and errors, with pause, resume and cancel.
 * The dataset is loaded and the run prepared in the background; the UI never waits for either.
 */
class ExperimentEditor implements Editor {

    /** Runs estimated above this many dollars ask before they start. */
    static final double CONFIRM_ABOVE_DOLLARS = 1.0;

    private static final ScheduledExecutorService TICKS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "experiment-progress");
        t.setDaemon(true);
        return t;
    });

    final CodeEditor yaml = new CodeEditor();
    final Span status = new Span();
    final Button run = new Button("Run", VaadinIcon.PLAY.create());
    final Button pause = new Button("Pause", VaadinIcon.PAUSE.create());
    final Button cancel = new Button("Cancel", VaadinIcon.STOP.create());
    /** "On workers": the run's calls go to worker processes (shown when the workbench's database is shared). */
    final com.vaadin.flow.component.checkbox.Checkbox onWorkers = new com.vaadin.flow.component.checkbox.Checkbox("On workers");
    private org.recprompt.experiment.workers.WorkerRuns workers;
    final ProgressBar bar = new ProgressBar();
    final Span summary = new Span();
    final Grid<RunProgress.VariantProgress> variants = new Grid<>();
    final Grid<RunEstimate.Line> estimate = new Grid<>();
    /** The plan's warnings (users.sample above the evaluable users, k above the candidates, ...), shown before a run starts. */
    final Div warnings = new Div();
    private final Div content = new Div();
    private final ExperimentService experiments;
    private final BackgroundJobs jobs;
    private final ConsoleLog console;
    private final long projectId;
    private final String name;
    private final Consumer<String> openRun;
    private String saved;
    /** The file's stamp when this editor read it (the version check on save). */
    private String readStamp;
    /** Why this editor is read only (the caller's role), or null when it may save and run. */
    private String readOnly;
    private Runnable onChange = () -> { };
    private volatile ExperimentRun active;
    private ScheduledFuture<?> ticking;
    private boolean invalid;
    /** Values offered beyond the schema's closed lists (the project's templates, ...), by key path. */
    private final Map<String, List<ExperimentSchema.Entry>> offered = new LinkedHashMap<>();

    ExperimentEditor(ExperimentService experiments, BackgroundJobs jobs, ConsoleLog console, long projectId, String name,
            Consumer<String> openRun) throws IOException {
        this.experiments = experiments;
        this.jobs = jobs;
        this.console = console;
        this.projectId = projectId;
        this.name = name;
        this.openRun = openRun;
        this.readStamp = experiments.stamp(projectId, name);
        this.saved = experiments.read(projectId, name);
        content.addClassNames("rp-editor", "rp-experiment-editor");
        content.setId("experiment-editor-" + name);
        yaml.setMode(CodeEditor.Mode.YAML);
        yaml.setWidthFull();
        yaml.setHeight("24rem");
        yaml.addClassName("rp-experiment-text");
        yaml.setId("experiment-yaml");
        yaml.setValue(saved);
        sendSchema();
        yaml.addValueChangeListener(e -> changed());
        status.setId("experiment-status");
        Paragraph help = new Paragraph("The experiment as YAML (docs/EXPERIMENTS.md): dataset, split, users, candidates, "
                + "templates, backends, k and the axes. Relative paths are read from the project's experiments folder. "
                + "Ctrl+S saves; Run saves, estimates the calls and cost, and runs in the background.");
        help.addClassName("rp-muted");

        run.setId("experiment-run");
        run.addThemeVariants(ButtonVariant.LUMO_SUCCESS);
        run.addClickListener(e -> startRun());
        pause.setId("experiment-pause");
        pause.addClickListener(e -> togglePause());
        cancel.setId("experiment-cancel");
        cancel.addThemeVariants(ButtonVariant.LUMO_ERROR);
        cancel.addClickListener(e -> {
            ExperimentRun r = active;
            if (r != null) {
                experiments.requireRunControl(projectId);
                r.cancel();
                console.info("Cancelling run " + r.folder().getFileName() + "; every finished call is kept for a resume");
            }
        });
        onWorkers.setId("experiment-on-workers");
        onWorkers.setTooltipText("Queue the calls for 'worker' processes on the shared database (java -jar recprompt.jar worker)"
                + " instead of running them in this workbench; the results are written here when every shard is done");
        onWorkers.setVisible(false);
        HorizontalLayout actions = new HorizontalLayout(run, pause, cancel, onWorkers);
        actions.setAlignItems(com.vaadin.flow.component.orderedlayout.FlexComponent.Alignment.BASELINE);
        bar.setWidthFull();
        bar.setId("experiment-progress");
        summary.setId("experiment-progress-summary");
        variants.setId("experiment-variants");
        variants.addColumn(RunProgress.VariantProgress::id).setHeader("Variant").setAutoWidth(true).setFlexGrow(2);
        variants.addColumn(v -> v.done() + " / " + v.total()).setHeader("Calls").setAutoWidth(true);
        variants.addColumn(v -> String.format(Locale.ROOT, "%.0f%%", 100 * v.fraction())).setHeader("Done").setAutoWidth(true);
        variants.addColumn(v -> v.resumed() == 0 ? "" : String.valueOf(v.resumed())).setHeader("Resumed").setAutoWidth(true);
        variants.addColumn(RunProgress.VariantProgress::errors).setHeader("Errors").setAutoWidth(true);
        variants.addColumn(v -> v.eta().map(ExperimentEditor::duration).orElse("")).setHeader("ETA").setAutoWidth(true);
        variants.setAllRowsVisible(true);
        estimate.setId("experiment-estimate");
        estimate.addColumn(RunEstimate.Line::backend).setHeader("Backend").setAutoWidth(true);
        estimate.addColumn(l -> l.model() == null ? l.type() : l.type() + " " + l.model()).setHeader("Type").setAutoWidth(true);
        estimate.addColumn(RunEstimate.Line::calls).setHeader("Calls").setAutoWidth(true);
        estimate.addColumn(l -> l.inputTokens() + l.outputTokens() == 0 ? "" : String.format(Locale.ROOT, "%,d in / %,d out",
                l.inputTokens(), l.outputTokens())).setHeader("Tokens (est.)").setAutoWidth(true);
        estimate.addColumn(l -> String.format(Locale.ROOT, "$%.4f", l.cost())).setHeader("Cost (est.)").setAutoWidth(true);
        estimate.addColumn(l -> l.caching().note()).setHeader("Prompt caching (est.)").setAutoWidth(true).setFlexGrow(3);
        estimate.setAllRowsVisible(true);
        estimate.setVisible(false);
        showIdle();
        warnings.setId("experiment-warnings");
        warnings.addClassName("rp-warning");
        warnings.setVisible(false);
        content.add(help, yaml, status, actions, new H3("Run"), estimate, warnings, bar, summary, variants);
        content.addDetachListener(e -> stopTicking());
        changed();
    }

    private void changed() {
        try {
            experiments.validate(projectId, name, yaml.getValue());
            status.setText("Valid.");
            status.setClassName("rp-error", false);
            invalid = false;
            yaml.setProblems(List.of());
        } catch (ExperimentException e) {
            status.setText(e.getMessage());
            status.setClassName("rp-error", true);
            invalid = true;
            // The marker sits on the problem's line (the first when the problem is about the whole file).
            String key = e.key() == null || e.key().isEmpty() ? "" : e.key() + ": ";
            yaml.setProblems(List.of(new CodeEditor.Problem(Math.max(1, e.line()), key + e.problem(), true)));
        } catch (RuntimeException e) {
            status.setText(String.valueOf(e.getMessage()));
            status.setClassName("rp-error", true);
            invalid = true;
            yaml.setProblems(List.of(new CodeEditor.Problem(1, String.valueOf(e.getMessage()), true)));
        }
        onChange.run();
    }

    /**
     * Offers these values after the key at {@code path} (for example {@code templates[]} for the
     * project's template files, {@code backends[].backend} for its saved backends), besides the
     * schema's own; replaces what was offered there before.
     */
    void offerValues(String path, List<ExperimentSchema.Entry> values) {
        offered.put(path, List.copyOf(values));
        sendSchema();
    }

    /** Offers these template files wherever an experiment names its templates. */
    void offerTemplates(List<ExperimentSchema.Entry> files) {
        for (String path : List.of("templates", "templates[]", "template", "template[]")) {
            offered.put(path, List.copyOf(files));
        }
        sendSchema();
    }

    private void sendSchema() {
        Map<String, List<CodeEditor.Completion>> keys = new LinkedHashMap<>();
        ExperimentSchema.keys().forEach((path, entries) -> keys.put(path, completions(entries)));
        Map<String, List<CodeEditor.Completion>> values = new LinkedHashMap<>();
        ExperimentSchema.values().forEach((path, entries) -> values.put(path, completions(entries)));
        offered.forEach((path, entries) -> {
            List<CodeEditor.Completion> merged = new ArrayList<>(completions(entries));
            merged.addAll(values.getOrDefault(path, List.of()));
            values.put(path, List.copyOf(merged));
        });
        yaml.setSchema(keys, values);
    }

    private static List<CodeEditor.Completion> completions(List<ExperimentSchema.Entry> entries) {
        return entries.stream().map(e -> new CodeEditor.Completion(e.label(), e.detail())).toList();
    }

    /** Offers "On workers" in the run controls when the workbench's database is shared (workers can reach it). */
    void offerWorkers(org.recprompt.experiment.workers.WorkerRuns runs) {
        this.workers = runs;
        onWorkers.setVisible(runs != null && runs.available());
    }

    /** Whether the text as typed has a problem (shown in the status and marked at its line). */
    boolean isInvalid() {
        return invalid;
    }

    private void startRun() {
        if (active != null) {
            return;
        }
        if (isDirty() && !save()) {
            return;
        }
        if (invalid) {
            Notifications.error("Fix the experiment first: " + status.getText());
            return;
        }
        if (readOnly != null) {
            Notifications.error(readOnly);
            return;
        }
        UI ui = UI.getCurrent();
        run.setEnabled(false);
        summary.setText("Preparing: loading the dataset, sampling users and candidates, building the backends...");
        jobs.submitQuiet("Prepare " + name, monitor -> {
            try {
                RunSetup setup = experiments.prepare(projectId, name);
                RunEstimate e = RunEstimate.of(setup);
                ui.access(() -> confirmAndStart(setup, e));
            } catch (RuntimeException ex) {
                ui.access(() -> {
                    showIdle();
                    summary.setText("The run could not start: " + ex.getMessage());
                    Notifications.error("The run could not start: " + ex.getMessage());
                });
                throw ex;
            }
        });
    }

    private void confirmAndStart(RunSetup setup, RunEstimate e) {
        estimate.setItems(e.lines());
        estimate.setVisible(true);
        warnings.removeAll();
        for (String w : setup.warnings()) {
            Paragraph p = new Paragraph();
            p.setText("Warning: " + w);
            warnings.add(p);
            console.warn(name + ": " + w);
        }
        warnings.setVisible(!setup.warnings().isEmpty());
        String text = String.format(Locale.ROOT, "%,d calls, estimated cost $%.4f.", e.totalCalls(), e.totalCost());
        if (!setup.warnings().isEmpty()) {
            text += " " + setup.warnings().size() + (setup.warnings().size() == 1 ? " warning" : " warnings")
                    + " (under the estimate).";
        }
        if (!RunEstimate.batchNote(setup).isEmpty()) {
            text += " " + RunEstimate.batchNote(setup);
        }
        if (!setup.refusedBackends().isEmpty()) {
            String refused = "Local only: " + String.join(", ", setup.refusedBackends())
                    + " not on this machine; their calls fail with LOCAL_ONLY and send nothing.";
            text += " " + refused;
            Notifications.info(refused);
        }
        if (e.totalCost() > CONFIRM_ABOVE_DOLLARS) {
            ConfirmDialog d = new ConfirmDialog("Start this run?", text + " Cached answers cost nothing; the estimate "
                    + "counts every call.", "Run", x -> launch(setup), "Cancel", x -> showIdle());
            d.setId("experiment-confirm");
            d.open();
        } else {
            launch(setup);
        }
    }

    private void launch(RunSetup setup) {
        try {
            boolean remote = workers != null && onWorkers.isVisible() && onWorkers.getValue();
            active = experiments.start(projectId, setup, null,
                    remote ? workers.dispatch(setup, experiments.workingFolder(projectId)) : null);
            console.info("Started run " + active.folder().getFileName() + " of " + name + (remote ? " on workers" : ""));
            showRunning();
            bar.scrollIntoView();
            startTicking(UI.getCurrent());
        } catch (IOException | RuntimeException ex) {
            showIdle();
            summary.setText("The run could not start: " + ex.getMessage());
            Notifications.error("The run could not start: " + ex.getMessage());
        }
    }

    private void togglePause() {
        ExperimentRun r = active;
        if (r == null) {
            return;
        }
        experiments.requireRunControl(projectId);
        if (r.isPaused()) {
            r.resume();
            pause.setText("Pause");
        } else {
            r.pause();
            pause.setText("Resume");
        }
    }

    private void startTicking(UI ui) {
        stopTicking();
        ticking = TICKS.scheduleAtFixedRate(() -> ui.access(this::refresh), 0, 500, TimeUnit.MILLISECONDS);
    }

    private void stopTicking() {
        if (ticking != null) {
            ticking.cancel(false);
            ticking = null;
        }
    }

    private void refresh() {
        ExperimentRun r = active;
        if (r == null) {
            stopTicking();
            return;
        }
        RunProgress p = r.progress();
        variants.setItems(p.variants());
        bar.setValue(p.total() == 0 ? 0 : Math.min(1.0, p.done() / (double) p.total()));
        double seconds = Math.max(0.001, p.elapsed().toMillis() / 1000.0);
        summary.setText(String.format(Locale.ROOT, "%s: %,d of %,d calls, %,d errors, %.1f calls/s, %s elapsed%s",
                p.state().name().toLowerCase(Locale.ROOT), p.done(), p.total(), p.errors(), p.done() / seconds,
                duration(p.elapsed()), p.message() == null || p.message().isBlank() ? "" : " \u00b7 " + p.message()));
        if (p.state().isFinished()) {
            stopTicking();
            String folder = r.folder().getFileName().toString();
            active = null;
            showIdle();
            if (p.state() == RunProgress.State.COMPLETE) {
                Notifications.info("Run " + folder + " finished");
                openRun.accept(folder);
            }
        }
    }

    /** Makes the editor read only (no save, run, pause or cancel), with the notice saying why at its top. */
    void readOnly(Div notice) {
        readOnly = notice.getText();
        yaml.setReadOnly(true);
        for (Button b : List.of(run, pause, cancel)) {
            b.setEnabled(false);
            b.setTooltipText(readOnly);
        }
        content.addComponentAsFirst(notice);
    }

    private void showIdle() {
        run.setEnabled(readOnly == null);
        pause.setEnabled(false);
        pause.setText("Pause");
        cancel.setEnabled(false);
    }

    private void showRunning() {
        run.setEnabled(false);
        pause.setEnabled(readOnly == null);
        cancel.setEnabled(readOnly == null);
    }

    static String duration(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format(Locale.ROOT, "%dh %02dm", s / 3600, s % 3600 / 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60) : s + " s";
    }

    @Override
    public String id() {
        return "project:" + projectId + "/experiment:" + name;
    }

    @Override
    public String title() {
        return name;
    }

    @Override
    public Component content() {
        return content;
    }

    @Override
    public boolean isDirty() {
        return !yaml.getValue().equals(saved);
    }

    @Override
    public boolean save() {
        if (readOnly != null) {
            Notifications.error(readOnly);
            return false;
        }
        try {
            readStamp = experiments.save(projectId, name, yaml.getValue(), readStamp);
            saved = yaml.getValue();
            onChange.run();
            return true;
        } catch (org.recprompt.base.StaleEditException e) {
            org.recprompt.base.ui.StaleEditDialog.open(e, this::reload, () -> {
                try {
                    readStamp = experiments.stamp(projectId, name);
                    save();
                } catch (IOException io) {
                    Notifications.error("Could not save " + name + ": " + io.getMessage());
                }
            });
            return false;
        } catch (IOException | ExperimentException | org.recprompt.workspace.security.ProjectAccessException e) {
            Notifications.error("Could not save " + name + ": " + e.getMessage());
            return false;
        }
    }

    /** Shows the file as saved now (after another session or process changed it), dropping this editor's changes. */
    void reload() {
        try {
            readStamp = experiments.stamp(projectId, name);
            saved = experiments.read(projectId, name);
            yaml.setValue(saved);
            onChange.run();
        } catch (IOException | ExperimentException e) {
            Notifications.error("Could not read " + name + ": " + e.getMessage());
        }
    }

    @Override
    public void setChangeListener(Runnable listener) {
        this.onChange = listener;
    }

    @Override
    public Optional<Runnable> runAction() {
        return Optional.of(this::startRun);
    }

    List<RunProgress.VariantProgress> shownVariants() {
        return variants.getGenericDataView().getItems().toList();
    }
}
