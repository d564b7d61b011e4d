package org.recprompt.report;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;

import org.recprompt.base.ProgressMonitor;

/**
 * How a report is made, for the {@code report} command and the workbench's "Export report...":
 * the run folder read, the comparison and (for the formats that show them) the figures prepared,
 * the answers re-ranked when a beta or lambda is asked for, then the format's writer, which writes
 * all or nothing. The workbench writes into the run folder's {@value #FOLDER} folder, under a name
 * made from the format and the choice, never a name from the browser.
 */
public final class ReportExport {

    /** The run folder's sub-folder the workbench writes its reports into. */
    public static final String FOLDER = "reports";

    /**
     * What to write: the format, how to compare, and the optional re-ranking choice (null: none).
     * {@link #problem()} says what is wrong with it.
     */
    public record Request(ReportFormat format, Report.Options options, Double beta, Double lambda) {

        /** Why this request cannot be written (one sentence), or null. */
        public String problem() {
            if (format == null) {
                return "Choose a format.";
            }
            if (beta != null && !Double.isFinite(beta)) {
                return "Beta must be a finite number, not " + beta + ".";
            }
            if (lambda != null && !(lambda >= 0 && lambda <= 1)) {
                return "Lambda must be between 0 and 1, not " + lambda + ".";
            }
            return null;
        }

        /** Whether the report has the re-ranked section. */
        public boolean reranks() {
            return beta != null || lambda != null;
        }

        /**
         * The file's name in the run's {@value #FOLDER} folder: {@code report.html}, or with the
         * re-ranking choice, {@code report-beta=-0.5-lambda=0.2.html}.
         */
        public String fileName() {
            StringBuilder b = new StringBuilder("report");
            if (beta != null) {
                b.append("-beta=").append(plain(beta));
            }
            if (lambda != null) {
                b.append("-lambda=").append(plain(lambda));
            }
            return b.append('.').append(format.extension()).toString();
        }

        private static String plain(double x) {
            return BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
        }
    }

    private ReportExport() {
    }

    /**
     * The report of a run as the request asks (the re-ranked section when it has a beta or lambda);
     * {@code figures}: prepare the figures (the formats that show them, or {@code --figures}).
     * Returns null when the monitor was cancelled between the steps.
     */
    public static Report prepare(RunFolder folder, Request request, boolean figures, ProgressMonitor monitor) {
        monitor.message("Comparing the variants" + (figures ? " and drawing the figures" : ""));
        Report report = Report.of(folder, request.options(), figures);
        monitor.worked(1);
        if (request.reranks()) {
            if (monitor.isCancelled()) {
                return null;
            }
            monitor.message("Re-ranking the answers");
            report = report.reranked(request.beta() == null ? 0 : request.beta(), request.lambda() == null ? 0 : request.lambda());
        }
        monitor.worked(1);
        return report;
    }

    /** The run's reports folder (not created). */
    public static Path folderOf(Path run) {
        return run.resolve(FOLDER);
    }

    /**
     * Writes the report of the run folder {@code run} into its {@value #FOLDER} folder (through a
     * temporary file moved into place, replacing an earlier report of the same name) and returns
     * the file, or null when cancelled before anything was written.
     */
    public static Path write(Path run, Request request, ProgressMonitor monitor) throws IOException {
        String problem = request.problem();
        if (problem != null) {
            throw new ReportException(problem);
        }
        monitor.begin(4);
        monitor.message("Reading the run folder");
        RunFolder folder = RunFolder.open(run);
        monitor.worked(1);
        if (monitor.isCancelled()) {
            return null;
        }
        Report report = prepare(folder, request, request.format().hasFigures(), monitor);
        if (report == null || monitor.isCancelled()) {
            return null;
        }
        Path out = folderOf(run).resolve(request.fileName());
        monitor.message("Writing " + FOLDER + "/" + out.getFileName());
        Files.createDirectories(out.getParent());
        request.format().write(report, out);
        monitor.worked(1);
        return out;
    }
}
