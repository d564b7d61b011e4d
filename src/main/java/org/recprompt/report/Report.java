package org.recprompt.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.recprompt.base.AppVersion;
import org.recprompt.report.RunFolder.Call;
import org.recprompt.report.RunFolder.Slot;

/**
 * Everything a report of one run shows, whatever the format: where the numbers came from
 * (provenance), the comparison, the figures (or why one is missing), examples of raw answers and
 * the metric definitions. The writers only lay this out.
 */
public final class Report {

    /** How to compare: baseline variant (null: the first), test and level. */
    public record Options(String baseline, Comparison.Test test, double alpha) {

        public static Options defaults() {
            return new Options(null, Comparison.Test.WILCOXON, 0.05);
        }
    }

    /** An invented title and how often a variant wrote it. */
    public record Invented(String variant, String text, long count) {
    }

    private final RunFolder run;
    private final Comparison comparison;
    private final ReportCharts charts;
    private final SensitivityStudy sensitivity;
    private final Sparsity sparsity;
    private final Reranked reranked;

    private Report(RunFolder run, Comparison comparison, ReportCharts charts, SensitivityStudy sensitivity, Sparsity sparsity,
            Reranked reranked) {
        this.run = run;
        this.comparison = comparison;
        this.charts = charts;
        this.sensitivity = sensitivity;
        this.sparsity = sparsity;
        this.reranked = reranked;
    }

    /** One measure of one variant in the run and after re-ranking. */
    public record Change(String variant, String metric, double run, double reranked) {

        public double delta() {
            return reranked - run;
        }
    }

    /**
     * The run's answers re-ranked at a chosen beta and lambda ({@link RerankControl}): each measure
     * against the run's own, and the two sweep figures with the choice marked; reason says why not
     * (then the rest is empty).
     */
    public record Reranked(double beta, double lambda, String reason, List<Change> changes, List<Figure> figures) {
    }

    /**
     * This report with a section of the answers re-ranked at (beta, lambda) (the report command's
     * {@code --beta}/{@code --lambda}); figures only when this report has figures.
     */
    public Report reranked(double beta, double lambda) {
        RerankControl control = RerankControl.of(run);
        Reranked r;
        if (!control.available()) {
            r = new Reranked(beta, lambda, control.reason(), List.of(), List.of());
        } else if (lambda > 0 && !control.calibrates()) {
            r = new Reranked(beta, lambda, "the run's dataset has no genres, so there is no calibration (lambda)", List.of(), List.of());
        } else {
            RerankControl.Values zero = control.at(0, 0);
            RerankControl.Values now = control.at(beta, lambda);
            List<Change> changes = new ArrayList<>();
            for (String v : control.rerankedVariants()) {
                for (String m : control.metrics()) {
                    changes.add(new Change(v, m, zero.get(v, m), now.get(v, m)));
                }
            }
            List<Figure> figures = new ArrayList<>();
            if (charts != null) {
                figures.add(StudyCharts.popularitySweep(control, control.betaCurve(0), beta, 0, lambda == 0 ? now : control.at(beta, 0)));
                if (control.calibrates()) {
                    figures.add(StudyCharts.calibrationSweep(control, control.lambdaCurve(0), 0, lambda,
                            beta == 0 ? now : control.at(0, lambda)));
                }
            }
            r = new Reranked(beta, lambda, null, List.copyOf(changes), List.copyOf(figures));
        }
        return new Report(run, comparison, charts, sensitivity, sparsity, r);
    }

    /** The re-ranked section, null when the report was not asked for one. */
    public Reranked reranked() {
        return reranked;
    }

    /** A report of the run; with {@code figures} false no chart is prepared (the table formats need none). */
    public static Report of(RunFolder run, Options options, boolean figures) {
        Comparison c = Comparison.of(run, options.baseline(), options.test(), options.alpha());
        HistoryLengths history = HistoryLengths.of(run);
        SensitivityStudy s = SensitivityStudy.of(run);
        Sparsity sparsity = Sparsity.of(run, ReportCharts.primaryAccuracy(run, c), history);
        return new Report(run, c, figures ? ReportCharts.of(run, c, history, s, sparsity) : null, s, sparsity, null);
    }

    /** The sparsity study: the primary accuracy metric by user activity and by the held-out item's popularity. */
    public Sparsity sparsity() {
        return sparsity;
    }

    public RunFolder run() {
        return run;
    }

    public Comparison comparison() {
        return comparison;
    }

    /** The candidate-order and paraphrase studies (empty when the run has neither). */
    public SensitivityStudy sensitivity() {
        return sensitivity;
    }

    /** The report's figures, then the re-ranked section's when there is one. */
    public List<Figure> figures() {
        List<Figure> out = new ArrayList<>(charts == null ? List.of() : charts.figures());
        if (reranked != null) {
            out.addAll(reranked.figures());
        }
        return List.copyOf(out);
    }

    public List<Figure.Skipped> skippedFigures() {
        return charts == null ? List.of() : charts.skipped();
    }

    /** The experiment's name, or the run folder's. */
    public String title() {
        String name = run.experiment();
        return name == null || name.isBlank() ? String.valueOf(run.dir().getFileName()) : name;
    }

    /** The application version that made this report. */
    public static String reportVersion() {
        return AppVersion.version();
    }

    /**
     * What the run was, as (label, text) pairs in reading order: experiment, dataset, split, users,
     * candidates, K, repeats, seeds, templates, each backend's settings (without secrets), versions.
     */
    public List<Map.Entry<String, String>> provenance() {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        add(out, "Experiment", title() + (run.fingerprint() == null ? "" : " (fingerprint " + run.fingerprint() + ")"));
        add(out, "Run", (run.started() == null ? "" : "started " + run.started())
                + (run.finished() == null ? "" : ", finished " + run.finished()) + ", folder " + run.dir());
        add(out, "Dataset", join(run.dataset()));
        add(out, "Split", join(run.split()));
        add(out, "Users", join(run.users()));
        if (!run.candidates().isEmpty()) {
            add(out, "Candidates", join(run.candidates()));
        }
        add(out, "K", Formats.setting(new ArrayList<>(run.k())));
        add(out, "Repeats", String.valueOf(run.repeats()));
        add(out, "Seeds", join(run.seeds()));
        for (RunFolder.Template t : run.templates()) {
            add(out, "Template", nz(t.name()) + " version " + nz(t.version()) + " (" + nz(t.path()) + ")"
                    + (t.note() == null ? "" : "; " + t.note()));
        }
        for (Map<String, Object> b : run.backends()) {
            Map<String, Object> rest = new LinkedHashMap<>(b);
            Object id = rest.remove("id");
            add(out, "Backend " + Formats.setting(id), join(rest));
        }
        add(out, "Application", "run made with " + nz(run.appVersion()) + ", report with " + reportVersion());
        return out;
    }

    private static void add(List<Map.Entry<String, String>> out, String label, String text) {
        if (text != null && !text.isBlank()) {
            out.add(Map.entry(label, text.strip()));
        }
    }

    static String join(Map<String, Object> m) {
        return m.entrySet().stream().map(e -> e.getKey() + " " + Formats.setting(e.getValue())).collect(Collectors.joining(", "));
    }

    private static String nz(String s) {
        return s == null ? "-" : s;
    }

    /** Raw answers kept as examples (a few per variant), in run order. */
    public List<Call> examples() {
        return run.calls().stream().filter(c -> c.response() != null).toList();
    }

    /** The most frequent invented (hallucinated) titles per variant, up to {@code limit} each. */
    public List<Invented> invented(int limit) {
        List<Invented> out = new ArrayList<>();
        for (String v : run.variantIds()) {
            Map<String, Long> counts = new LinkedHashMap<>();
            for (Call c : run.calls()) {
                if (c.variant().equals(v)) {
                    for (Slot s : c.slots()) {
                        if ("HALLUCINATED".equals(s.outcome()) && s.rawText() != null) {
                            counts.merge(s.rawText().strip(), 1L, Long::sum);
                        }
                    }
                }
            }
            counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(limit)
                    .forEach(e -> out.add(new Invented(v, e.getKey(), e.getValue())));
        }
        return out;
    }

    /**
     * The failure banner every format shows first, one line each: that the run failed (every LLM
     * variant did), each failed or partial variant with its first error, and a baseline taken in
     * place of a failed one. Empty when every call succeeded.
     */
    public List<String> failures() {
        return failures(run, comparison);
    }

    /** The failure banner of a run compared as {@code comparison} (the run tab shows the same lines as every report). */
    public static List<String> failures(RunFolder run, Comparison comparison) {
        List<String> out = new ArrayList<>();
        if (VariantStatus.FAILED.equals(run.status())) {
            out.add("The run failed: every LLM variant failed, so it measured no model.");
        }
        for (RunFolder.Variant v : run.troubled()) {
            out.add(v.health().describe(v.id()) + (v.failed() ? " It has no values (greyed), is never best and never the baseline."
                    : " Its values count the failed calls as empty lists (marked " + VariantStatus.PARTIAL_MARK + ")."));
        }
        if (comparison.baselineNote() != null) {
            out.add(comparison.baselineNote());
        }
        return out;
    }

    /** What the reader noticed about the run folder (figures not drawn are in {@link #skippedFigures()}). */
    public List<String> notes() {
        return run.notes();
    }

    /** Whether figures were prepared (only the formats that show them prepare them). */
    public boolean hasFigures() {
        return charts != null;
    }

    /** The definitions of the metrics the run reports, in table order. */
    public List<MetricDefinitions.Definition> definitions() {
        return comparison.rows().stream().map(Comparison.Row::metric).toList();
    }
}
