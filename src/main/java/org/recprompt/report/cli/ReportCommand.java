package org.recprompt.report.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.recprompt.base.FileTrees;
import org.recprompt.base.ProgressMonitor;
import org.recprompt.report.Comparison;
import org.recprompt.report.Figure;
import org.recprompt.report.Report;
import org.recprompt.report.ReportExport;
import org.recprompt.report.ReportFormat;
import org.recprompt.report.RunFolder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code report RUN --format FMT --out FILE}: a finished run's comparison, figures and provenance in one file. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write a report of a finished run: the comparison of its variants (intervals, best per metric, "
                + "paired tests against a baseline with Holm's correction), figures, and what the run was.",
            "html: self-contained page with inline SVG figures; pdf: tables, figures, template appendix; csv/json: aggregates "
                + "and per-user values; latex: booktabs table; md: Markdown summary."})
public final class ReportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN",
            description = "A run folder ('run ... --out DIR'), or the id of a run stored in the workspace (the name the Runs folder shows).")
    Path run;

    @Option(names = "--format", paramLabel = "FMT", description = "html, pdf, csv, json, latex or md (default: from --out's extension).")
    String format;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The report file (written all or nothing).")
    Path out;

    @Option(names = "--baseline", paramLabel = "VARIANT", description = "The variant the others are tested against (default: the first).")
    String baseline;

    @Option(names = "--test", paramLabel = "TEST", defaultValue = "wilcoxon",
            description = "Paired test: wilcoxon (signed-rank) or t (paired t-test) (default: ${DEFAULT-VALUE}).")
    String test;

    @Option(names = "--alpha", paramLabel = "A", defaultValue = "0.05", description = "Significance level after Holm (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--beta", paramLabel = "B",
            description = "Also re-rank every variant's answers with popularity control S + B * S_pop (negative B penalises popular "
                    + "items) and report the measures against the run's, with the sweep figures; no model is asked.")
    Double beta;

    @Option(names = "--lambda", paramLabel = "L",
            description = "Also re-rank with Steck's calibration at weight L in [0, 1] (after --beta when both are given).")
    Double lambda;

    @Option(names = "--figures", paramLabel = "DIR", description = "Also write every figure as DIR/ID.svg and DIR/ID.png.")
    Path figures;

    @Spec
    CommandSpec spec;

    /**
     * The run folder itself, or a stored run of that id in the workspace's projects
     * ({@code <workspace>/projects/<id>/runs/<run>}); the folder as given when neither exists, so
     * the reader names it in its error.
     */
    static Path locate(Path run) throws IOException {
        if (java.nio.file.Files.isDirectory(run) || run.getNameCount() != 1) {
            return run;
        }
        Path projects = org.recprompt.workspace.WorkspaceLocation.resolve(new String[0], System.getenv()).resolve("projects");
        if (java.nio.file.Files.isDirectory(projects)) {
            try (var dirs = java.nio.file.Files.list(projects)) {
                for (Path p : dirs.sorted().toList()) {
                    Path candidate = p.resolve("runs").resolve(run.toString());
                    if (java.nio.file.Files.isDirectory(candidate)) {
                        return candidate;
                    }
                }
            }
        }
        return run;
    }

    @Override
    public Integer call() throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        ReportFormat f = format != null ? ReportFormat.parse(format) : ReportFormat.ofFile(out);
        if (f == null) {
            throw new ParameterException(spec.commandLine(), "Give --format (html, pdf, csv, json, latex, md): '" + out
                    + "' has no known extension.");
        }
        if (beta != null && !Double.isFinite(beta)) {
            throw new ParameterException(spec.commandLine(), "--beta must be a finite number, not " + beta);
        }
        if (lambda != null && !(lambda >= 0 && lambda <= 1)) {
            throw new ParameterException(spec.commandLine(), "--lambda must be between 0 and 1, not " + lambda);
        }
        RunFolder folder = RunFolder.open(locate(run));
        ReportExport.Request request = new ReportExport.Request(f, new Report.Options(baseline, Comparison.Test.parse(test), alpha),
                beta, lambda);
        Report report = ReportExport.prepare(folder, request, f.hasFigures() || figures != null, ProgressMonitor.NONE);
        f.write(report, out);
        if (figures != null) {
            for (Figure fig : report.figures()) {
                FileTrees.writeAtomically(figures.resolve(fig.id() + ".svg"), fig.svgDocument());
                FileTrees.writeAtomically(figures.resolve(fig.id() + ".png"), fig.png(2));
            }
        }
        var o = spec.commandLine().getOut();
        o.println("Wrote " + out + " (" + f.id() + ": " + folder.variants().size() + " variants, " + report.comparison().rows().size()
                + " metrics, baseline " + report.comparison().baseline() + (f.hasFigures() ? ", " + report.figures().size()
                + " figures" : "") + ").");
        if (figures != null) {
            o.println("Wrote " + report.figures().size() + " figures to " + figures + " (SVG and PNG).");
        }
        if (report.reranked() != null && report.reranked().reason() != null) {
            o.println("Note: not re-ranked: " + report.reranked().reason() + ".");
        }
        for (String note : report.notes()) {
            o.println("Note: " + note);
        }
        for (Figure.Skipped s : report.skippedFigures()) {
            o.println("Note: " + s.title() + " not drawn: " + s.reason() + ".");
        }
        return 0;
    }
}
