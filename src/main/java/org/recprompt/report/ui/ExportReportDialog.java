package org.recprompt.report.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.recprompt.base.BackgroundJobs;
import org.recprompt.base.ProgressMonitor;
import org.recprompt.report.Comparison;
import org.recprompt.report.Report;
import org.recprompt.report.ReportExport;
import org.recprompt.report.ReportFormat;
import org.recprompt.report.RunFolder;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AnchorTarget;
import com.vaadin.flow.component.html.AttachmentType;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.radiobutton.RadioGroupVariant;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.server.streams.DownloadHandler;

/**
 * "Export report...": a finished run's report in any format the {@code report} command writes, with
 * its baseline, test and optional beta/lambda re-ranking, written by {@link ReportExport} (the
 * command's own path) in a background job into the run folder's {@value ReportExport#FOLDER}
 * folder. While it runs the dialog shows its progress and Cancel stops it; when done, a link opens
 * the file (HTML, PDF: in a new browser tab) or downloads it. The file served is the one the job
 * wrote inside the run folder; nothing the browser sends names a path.
 */
public class ExportReportDialog extends Dialog {

    final RadioButtonGroup<ReportFormat> format = new RadioButtonGroup<>();
    final Select<String> baseline = new Select<>();
    final Select<Comparison.Test> test = new Select<>();
    final NumberField beta = new NumberField("Beta (popularity)");
    final NumberField lambda = new NumberField("Lambda (calibration)");
    final Paragraph target = new Paragraph();
    final Button export = new Button("Export");
    final Button close = new Button("Close");
    final ProgressBar progress = new ProgressBar();
    final Paragraph status = new Paragraph();
    final Div result = new Div();
    private final Path run;
    private final BackgroundJobs jobs;
    private volatile BackgroundJobs.Job job;
    /** Whether an export of this dialog is under way (until the dialog has shown its end). */
    private boolean busy;
    /** The file the last export wrote, null before. */
    volatile Path written;

    public ExportReportDialog(Path run, BackgroundJobs jobs) {
        this.run = run;
        this.jobs = jobs;
        RunFolder folder = RunFolder.open(run);
        setHeaderTitle("Export report of " + run.getFileName());
        setId("export-report-dialog");
        setWidth("34rem");

        format.setLabel("Format");
        format.setId("export-format");
        format.setItems(ReportFormat.values());
        format.setItemLabelGenerator(ReportFormat::description);
        format.addThemeVariants(RadioGroupVariant.LUMO_VERTICAL);
        format.setValue(ReportFormat.HTML);

        List<String> variants = folder.variantIds();
        baseline.setLabel("Baseline");
        baseline.setItems(variants);
        baseline.setValue(folder.variants().stream().filter(v -> !v.failed()).map(RunFolder.Variant::id).findFirst()
                .orElse(variants.get(0)));
        test.setLabel("Paired test");
        test.setItems(Comparison.Test.values());
        test.setItemLabelGenerator(Comparison.Test::label);
        test.setValue(Report.Options.defaults().test());
        test.setMinWidth("18em");

        beta.setId("export-beta");
        beta.setWidth("14rem");
        beta.setPlaceholder("none");
        beta.setClearButtonVisible(true);
        beta.setStep(0.1);
        beta.setHelperText("S + beta * S_pop; below 0 pushes popular items down");
        lambda.setId("export-lambda");
        lambda.setWidth("14rem");
        lambda.setPlaceholder("none");
        lambda.setClearButtonVisible(true);
        lambda.setMin(0);
        lambda.setMax(1);
        lambda.setStep(0.1);
        lambda.setHelperText("Steck's calibration, 0 to 1");
        Paragraph rerankNote = new Paragraph("With beta or lambda the report adds every variant's answers re-ranked at that "
                + "choice (no model is asked), as the results view's sliders do.");
        rerankNote.addClassName("rp-muted");

        target.setId("export-target");
        target.addClassName("rp-muted");
        format.addValueChangeListener(e -> showTarget());
        beta.addValueChangeListener(e -> showTarget());
        lambda.addValueChangeListener(e -> showTarget());

        progress.setId("export-progress");
        progress.setVisible(false);
        status.setId("export-status");
        result.setId("export-result");

        HorizontalLayout comparison = new HorizontalLayout(baseline, test);
        HorizontalLayout rerank = new HorizontalLayout(beta, lambda);
        add(format, comparison, rerank, rerankNote, target, progress, status, result);

        export.setId("export-start");
        export.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        export.addClickListener(e -> start());
        close.setId("export-close");
        close.addClickListener(e -> {
            BackgroundJobs.Job running = job;
            if (busy && running != null) {
                running.cancel();
            }
            close();
        });
        getFooter().add(close, export);
        showTarget();
    }

    private ReportExport.Request request() {
        return new ReportExport.Request(format.getValue(), new Report.Options(baseline.getValue(), test.getValue(),
                Report.Options.defaults().alpha()), beta.getValue(), lambda.getValue());
    }

    private void showTarget() {
        ReportExport.Request r = request();
        String problem = format.getValue() == null ? null : r.problem();
        target.setText(format.getValue() == null ? "Choose a format."
                : problem != null ? problem
                : "Writes " + ReportExport.FOLDER + "/" + r.fileName() + " in the run folder (replacing an earlier one of that name).");
        export.setEnabled(problem == null && format.getValue() != null && !busy);
    }

    /** Starts the export job (the Export button). */
    void start() {
        ReportExport.Request request = request();
        if (request.problem() != null) {
            status.setText(request.problem());
            return;
        }
        UI ui = UI.getCurrent();
        busy = true;
        export.setEnabled(false);
        close.setText("Cancel");
        result.removeAll();
        status.removeClassName("rp-error");
        status.setText("Starting...");
        progress.setVisible(true);
        progress.setIndeterminate(false);
        progress.setValue(0);
        job = jobs.submit("Export report of " + run.getFileName() + " (" + request.format().id() + ")", m -> {
            Path file;
            try {
                file = ReportExport.write(run, request, new Shown(m, ui));
            } catch (IOException | RuntimeException e) {
                ui.access(() -> failed(e));
                throw e;
            }
            ui.access(() -> done(request.format(), file));
        });
    }

    /** Forwards to the job's monitor and shows the progress in the dialog. */
    private final class Shown implements ProgressMonitor {
        private final ProgressMonitor job;
        private final UI ui;
        private long total;
        private long done;

        Shown(ProgressMonitor job, UI ui) {
            this.job = job;
            this.ui = ui;
        }

        @Override
        public void begin(long totalWork) {
            job.begin(totalWork);
            total = totalWork;
            done = 0;
        }

        @Override
        public void worked(long amount) {
            job.worked(amount);
            done += amount;
            double fraction = total <= 0 ? 0 : Math.min(1, (double) done / total);
            ui.access(() -> progress.setValue(fraction));
        }

        @Override
        public void message(String message) {
            job.message(message);
            ui.access(() -> status.setText(message + "..."));
        }

        @Override
        public boolean isCancelled() {
            return job.isCancelled();
        }
    }

    private void done(ReportFormat f, Path file) {
        busy = false;
        progress.setVisible(false);
        close.setText("Close");
        showTarget();
        if (file == null) {
            status.setText("Cancelled: no report was written.");
            return;
        }
        written = file;
        status.setText("Wrote " + ReportExport.FOLDER + "/" + file.getFileName() + ".");
        result.removeAll();
        result.add(link(f, file));
    }

    private void failed(Exception e) {
        busy = false;
        progress.setVisible(false);
        close.setText("Close");
        showTarget();
        status.addClassName("rp-error");
        status.setText("The report was not written: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    }

    /**
     * The link to the written file: opened in a new tab (HTML, PDF) or downloaded. Only a file
     * inside this run's reports folder is ever served.
     */
    Anchor link(ReportFormat f, Path file) {
        Path reports = ReportExport.folderOf(run);
        try {
            if (!file.toRealPath().startsWith(reports.toRealPath())) {
                throw new IllegalStateException("The report " + file + " is outside the run's reports folder.");
            }
        } catch (IOException e) {
            throw new IllegalStateException("The report " + file + " cannot be read: " + e.getMessage(), e);
        }
        var handler = DownloadHandler.forFile(file.toFile(), file.getFileName().toString());
        if (f.opensInBrowser()) {
            handler.inline(); // Content-Disposition inline: the new tab shows the page or PDF rather than saving it
        }
        String name = String.valueOf(file.getFileName());
        Anchor a = f.opensInBrowser()
                ? new Anchor(handler, AttachmentType.INLINE, "Open " + name)
                : new Anchor(handler, AttachmentType.DOWNLOAD, "Download " + name);
        if (f.opensInBrowser()) {
            a.setTarget(AnchorTarget.BLANK);
        }
        a.setId("export-link");
        a.getElement().setAttribute("title", formatSize(file));
        return a;
    }

    private static String formatSize(Path file) {
        try {
            return String.format(java.util.Locale.ROOT, "%,d bytes", Files.size(file));
        } catch (IOException e) {
            return "";
        }
    }
}
