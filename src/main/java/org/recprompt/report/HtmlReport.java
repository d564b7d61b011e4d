package org.recprompt.report;

import static org.recprompt.report.Escape.html;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.recprompt.base.FileTrees;
import org.recprompt.report.Comparison.Cell;
import org.recprompt.report.Comparison.Row;
import org.recprompt.report.MetricDefinitions.Definition;
import org.recprompt.report.MetricDefinitions.Family;
import org.recprompt.report.RunFolder.Call;

/**
 * The report as one self-contained HTML file: CSS inline, figures as inline SVG, no script (a
 * Content-Security-Policy forbids any), every text from the run HTML-escaped: model answers are
 * untrusted. Metric names carry their definition as hover text.
 */
final class HtmlReport {

    private static final String CSS = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;color:#222;line-height:1.4}
            h1{font-size:1.6em;margin-bottom:.2em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:2em}
            table{border-collapse:collapse;margin:.5em 0;font-size:.9em}th,td{padding:.25em .6em;text-align:left;vertical-align:top}
            table.cmp td{text-align:right;white-space:nowrap}table.cmp thead th{border-bottom:2px solid #333}
            table.cmp tbody tr:hover{background:#f4f8fb}tr.family th{background:#f0f0f0;font-style:italic}
            th[title]{text-decoration:underline dotted;cursor:help}.best{font-weight:bold}.ci{color:#666;font-size:.85em}
            .up{color:#009E73}.down{color:#D55E00}.sig{color:#555}.swatch{display:inline-block;width:.9em;height:.9em;margin-right:.3em;vertical-align:middle;border-radius:2px}
            table.meta th{white-space:nowrap;color:#555;font-weight:normal}figure{margin:1.5em 0}figure svg{max-width:100%;height:auto;border:1px solid #eee}
            figcaption{font-size:.9em;color:#444;margin-top:.3em}.skipped{color:#8a5a00;background:#fff8e6;padding:.4em .6em;border-left:3px solid #E69F00}
            .failures{color:#7a1f00;background:#fdecea;padding:.5em .8em;border-left:4px solid #D55E00;margin:1em 0}.failures ul{margin:.2em 0;padding-left:1.2em}
            th.failed,td.failed{color:#999;background:#f3f3f3}.partial{color:#8a5a00}
            pre{background:#f7f7f7;padding:.6em;overflow-x:auto;white-space:pre-wrap;word-break:break-word;font-size:.85em}dt{font-weight:bold;margin-top:.5em}
            """;

    private HtmlReport() {
    }

    static void write(Report r, Path out) throws IOException {
        FileTrees.writeAtomically(out, render(r));
    }

    static String render(Report r) {
        StringBuilder b = new StringBuilder(256 * 1024);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(html(r.title())).append(" - RecPrompt report</title>\n<style>").append(CSS).append("</style>\n</head>\n<body>\n");
        b.append("<h1>").append(html(r.title())).append("</h1>\n<p>Report of ").append(r.run().variants().size())
                .append(" variants, made with RecPrompt Workbench ").append(html(Report.reportVersion())).append(".</p>\n");
        failures(b, r);
        provenance(b, r);
        comparison(b, r);
        protocol(b, r);
        cost(b, r);
        pairs(b, r);
        figures(b, r);
        sparsity(b, r);
        reranked(b, r);
        sensitivity(b, r);
        studies(b, r);
        answers(b, r);
        definitions(b, r);
        notes(b, r);
        appendix(b, r);
        return b.append("</body>\n</html>\n").toString();
    }

    private static void studies(StringBuilder b, Report r) {
        List<StudyTables.Table> tables = StudyTables.of(r.run());
        if (tables.isEmpty()) {
            return;
        }
        b.append("<h2 id=\"studies\">Privacy and fairness</h2>\n");
        for (StudyTables.Table t : tables) {
            b.append("<h3 id=\"study-").append(html(t.id())).append("\">").append(html(t.title())).append("</h3>\n<p>")
                    .append(html(t.note())).append("</p>\n<table>\n<tr>");
            t.header().forEach(h -> b.append("<th>").append(html(h)).append("</th>"));
            b.append("</tr>\n");
            for (List<String> row : t.rows()) {
                b.append("<tr>");
                row.forEach(c -> b.append("<td>").append(html(c)).append("</td>"));
                b.append("</tr>\n");
            }
            b.append("</table>\n");
        }
    }

    /** Tokens (input, cached input, output) and cost per variant, with the price basis. */
    private static void cost(StringBuilder b, Report r) {
        StudyTables.Table t = CostTable.of(r.run());
        if (t.rows().isEmpty()) {
            return;
        }
        b.append("<h2 id=\"cost\">").append(html(t.title())).append("</h2>\n<p>").append(html(t.note()))
                .append("</p>\n<table class=\"cmp\" id=\"cost-table\">\n<thead><tr>");
        t.header().forEach(h -> b.append("<th>").append(html(h)).append("</th>"));
        b.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : t.rows()) {
            b.append("<tr><th>").append(html(row.get(0))).append("</th>");
            row.subList(1, row.size()).forEach(c -> b.append("<td>").append(html(c)).append("</td>"));
            b.append("</tr>\n");
        }
        b.append("</tbody>\n</table>\n");
    }

    /** The table under the run's evaluation convention, with the line stating the convention. */
    private static void protocol(StringBuilder b, Report r) {
        r.run().protocol().ifPresent(p -> {
            StudyTables.Table t = p.table();
            b.append("<h2 id=\"protocol\">").append(html(t.title())).append("</h2>\n<p id=\"protocol-convention\">")
                    .append(html(t.note())).append("</p>\n<table class=\"cmp\">\n<thead><tr>");
            t.header().forEach(h -> b.append("<th>").append(html(h)).append("</th>"));
            b.append("</tr></thead>\n<tbody>\n");
            for (List<String> row : t.rows()) {
                b.append("<tr><th>").append(html(row.get(0))).append("</th>");
                row.subList(1, row.size()).forEach(c -> b.append("<td>").append(html(c)).append("</td>"));
                b.append("</tr>\n");
            }
            b.append("</tbody>\n</table>\n");
        });
    }

    /** The banner naming failed and partial variants with their first error. */
    private static void failures(StringBuilder b, Report r) {
        List<String> lines = r.failures();
        if (lines.isEmpty()) {
            return;
        }
        b.append("<div class=\"failures\" id=\"failures\"><b>Failed calls in this run</b>\n<ul>\n");
        lines.forEach(l -> b.append("<li>").append(html(l)).append("</li>\n"));
        b.append("</ul></div>\n");
    }

    private static void provenance(StringBuilder b, Report r) {
        b.append("<h2 id=\"run\">Run</h2>\n<table class=\"meta\">\n");
        for (Map.Entry<String, String> e : r.provenance()) {
            b.append("<tr><th>").append(html(e.getKey())).append("</th><td>").append(html(e.getValue())).append("</td></tr>\n");
        }
        b.append("</table>\n");
    }

    private static void comparison(StringBuilder b, Report r) {
        Comparison c = r.comparison();
        boolean chance = c.rows().stream().anyMatch(row -> !Double.isNaN(row.chance()));
        b.append("<h2 id=\"comparison\">Comparison</h2>\n<p>Mean over the evaluated users with its 95% interval. <b>Bold</b>: best per metric "
                + "(by its direction; none when all tie). <span class=\"up\">&#9650;</span>/<span class=\"down\">&#9660;</span>: "
                + "significantly better/worse than the baseline. ").append(html(c.method())).append("</p>\n");
        r.run().retrievalNote().ifPresent(note -> b.append("<p id=\"retrieval-recall\">").append(html(note)).append("</p>\n"));
        r.run().conventionNote().ifPresent(note -> b.append("<p id=\"convention-note\">").append(html(note)).append("</p>\n"));
        b.append("<table class=\"cmp\">\n<thead><tr><th>Metric</th>");
        if (chance) {
            b.append("<th>Chance</th>");
        }
        for (String v : c.variants()) {
            b.append(c.failed(v) ? "<th class=\"failed\">" : c.status(v).partial() ? "<th class=\"partial\">" : "<th>")
                    .append(swatch(r, v)).append(html(c.label(v))).append(v.equals(c.baseline()) ? " (baseline)" : "")
                    .append(c.failed(v) ? " (failed)" : "").append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        int span = c.variants().size() + (chance ? 2 : 1);
        for (Family f : Family.values()) {
            List<Row> rows = c.rows(f);
            if (rows.isEmpty()) {
                continue;
            }
            b.append("<tr class=\"family\"><th colspan=\"").append(span).append("\">").append(html(f.label())).append("</th></tr>\n");
            for (Row row : rows) {
                row(b, c, row, chance);
            }
        }
        b.append("</tbody>\n</table>\n");
    }

    private static void row(StringBuilder b, Comparison c, Row row, boolean chance) {
        Definition d = row.metric();
        b.append("<tr><th title=\"").append(html(d.hoverText())).append("\">").append(html(d.label())).append("</th>");
        if (chance) {
            b.append("<td>").append(Double.isNaN(row.chance()) ? "" : Formats.value(row.chance())).append("</td>");
        }
        for (Cell cell : row.cells()) {
            if (c.failed(cell.variant())) {
                b.append("<td class=\"failed\" title=\"every call of this variant failed: no value\">failed</td>");
                continue;
            }
            b.append("<td").append(cell.best() ? " class=\"best\"" : "").append(">").append(Formats.value(cell.estimate().mean()));
            Boolean better = cell.better(d.direction());
            if (cell.test() != null && cell.test().significant()) {
                String cls = better == null ? "sig" : better ? "up" : "down";
                String mark = better == null ? "&#9670;" : better ? "&#9650;" : "&#9660;";
                b.append(" <span class=\"").append(cls).append("\" title=\"p = ").append(Formats.p(cell.test().p()))
                        .append(", Holm-adjusted p = ").append(Formats.p(cell.test().pHolm())).append("\">").append(mark).append("</span>");
            }
            String ci = Formats.interval(cell.estimate().low(), cell.estimate().high());
            if (!ci.isEmpty()) {
                b.append("<br><span class=\"ci\">").append(ci).append("</span>");
            }
            b.append("</td>");
        }
        b.append("</tr>\n");
    }

    private static void pairs(StringBuilder b, Report r) {
        Comparison c = r.comparison();
        b.append("<h3>Against the baseline (").append(html(c.baseline())).append(")</h3>\n");
        if (c.tests() == 0) {
            b.append("<p>No paired test: no other variant shares per-user values with the baseline.</p>\n");
            return;
        }
        b.append("<table class=\"cmp\">\n<thead><tr><th>Metric</th><th>Variant</th><th>Users</th><th>Difference</th><th>95% CI</th>"
                + "<th>p</th><th>Holm p</th><th>Effect</th><th>Significant</th></tr></thead>\n<tbody>\n");
        for (Row row : c.rows()) {
            for (Cell cell : row.cells()) {
                Comparison.Pair p = cell.test();
                if (p == null || Double.isNaN(p.p())) {
                    continue;
                }
                b.append("<tr><th title=\"").append(html(row.metric().hoverText())).append("\">").append(html(row.metric().label()))
                        .append("</th><td>").append(swatch(r, cell.variant())).append(html(cell.variant())).append("</td><td>").append(p.n())
                        .append("</td><td>").append(Formats.difference(p.meanDifference())).append("</td><td>")
                        .append(Formats.interval(p.ciLow(), p.ciHigh())).append("</td><td>").append(Formats.p(p.p())).append("</td><td>")
                        .append(Formats.p(p.pHolm())).append("</td><td>").append(Formats.value(p.effectSize())).append("</td><td>")
                        .append(p.significant() ? "yes" : "no").append("</td></tr>\n");
            }
        }
        b.append("</tbody>\n</table>\n<p class=\"ci\">Effect: ")
                .append(c.test() == Comparison.Test.WILCOXON ? "matched-pairs rank-biserial r" : "Cohen's d for paired data (d_z)")
                .append(". Difference: variant minus baseline, with a seeded bootstrap interval. Pairs whose values are equal "
                        + "for every user have no test and are not listed.</p>\n");
    }

    private static void figures(StringBuilder b, Report r) {
        b.append("<h2 id=\"figures\">Figures</h2>\n<p>");
        for (String v : r.run().variantIds()) {
            b.append("<span style=\"margin-right:1em\">").append(swatch(r, v)).append(html(v)).append("</span>");
        }
        b.append("</p>\n");
        for (Figure f : r.figures()) {
            b.append("<figure id=\"").append(html(f.id())).append("\">\n").append(f.svgElement()).append("\n<figcaption><b>")
                    .append(html(f.title())).append(".</b> ").append(html(f.caption())).append("</figcaption>\n</figure>\n");
        }
        for (Figure.Skipped s : r.skippedFigures()) {
            b.append("<p class=\"skipped\"><b>").append(html(s.title())).append(":</b> not drawn, ").append(html(s.reason())).append(".</p>\n");
        }
    }

    private static void sparsity(StringBuilder b, Report r) {
        Sparsity s = r.sparsity();
        b.append("<h2 id=\"sparsity\">Sparsity</h2>\n<p>").append(html(s.description())).append("</p>\n");
        if (s.isEmpty()) {
            return;
        }
        b.append("<table class=\"cmp\">\n<thead><tr><th>By</th><th>Bucket</th><th>Users</th>");
        for (String v : r.run().variantIds()) {
            b.append(r.run().variant(v).failed() ? "<th class=\"failed\">" : "<th>").append(swatch(r, v))
                    .append(html(r.run().variant(v).label())).append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        for (Sparsity.Line line : s.lines()) {
            b.append("<tr><th>").append(html(line.dimension())).append("</th><th>").append(html(line.group().bucket())).append("</th><td>")
                    .append(line.group().users()).append("</td>");
            for (String v : r.run().variantIds()) {
                b.append("<td>").append(html(Sparsity.cell(line.group().byVariant().get(v)))).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</tbody>\n</table>\n");
    }

    private static void reranked(StringBuilder b, Report r) {
        Report.Reranked x = r.reranked();
        if (x == null) {
            return;
        }
        b.append("<h2 id=\"reranked\">Re-ranked at beta ").append(Formats.value(x.beta())).append(", lambda ")
                .append(Formats.value(x.lambda())).append("</h2>\n");
        if (x.reason() != null) {
            b.append("<p class=\"skipped\">Not re-ranked: ").append(html(x.reason())).append(".</p>\n");
            return;
        }
        b.append("<p>").append(html(RERANK_NOTE)).append(" The figures are above.</p>\n<table class=\"cmp\">\n<thead><tr><th>Variant</th>"
                + "<th>Metric</th><th>Run</th><th>Re-ranked</th><th>Change</th></tr></thead>\n<tbody>\n");
        for (Report.Change c : x.changes()) {
            Definition d = MetricDefinitions.of(c.metric());
            b.append("<tr><td>").append(swatch(r, c.variant())).append(html(c.variant())).append("</td><th title=\"").append(html(d.hoverText()))
                    .append("\">").append(html(d.label())).append("</th><td>").append(Formats.value(c.run())).append("</td><td>")
                    .append(Formats.value(c.reranked())).append("</td><td>").append(Formats.difference(c.delta())).append("</td></tr>\n");
        }
        b.append("</tbody>\n</table>\n");
    }

    static final String RERANK_NOTE = "Every variant's recorded answers re-ranked after the fact, with no new model call: "
            + "S(p) + beta * S_pop(p) (S a rank-derived score, S_pop training popularity over the most popular item's), then Steck's "
            + "calibration with weight lambda; the measures at the run's largest K against the run's own.";

    private static void sensitivity(StringBuilder b, Report r) {
        SensitivityStudy s = r.sensitivity();
        if (s == null || s.isEmpty()) {
            return;
        }
        b.append("<h2 id=\"sensitivity\">Sensitivity</h2>\n");
        for (SensitivityStudy.Table t : s.tables()) {
            b.append("<h3>").append(html(t.title())).append("</h3>\n<p>").append(html(t.caption())).append("</p>\n<table class=\"cmp\">\n<thead><tr>");
            t.header().forEach(h -> b.append("<th>").append(html(h)).append("</th>"));
            b.append("</tr></thead>\n<tbody>\n");
            for (List<String> row : t.rows()) {
                b.append("<tr>");
                for (int i = 0; i < row.size(); i++) {
                    b.append(i == 0 ? "<th>" : "<td>").append(html(row.get(i))).append(i == 0 ? "</th>" : "</td>");
                }
                b.append("</tr>\n");
            }
            b.append("</tbody>\n</table>\n");
        }
    }

    private static void answers(StringBuilder b, Report r) {
        List<Report.Invented> invented = r.invented(5);
        List<Call> examples = r.examples();
        if (invented.isEmpty() && examples.isEmpty()) {
            return;
        }
        b.append("<h2 id=\"answers\">Answers</h2>\n<p>Model output, shown as text exactly as received.</p>\n");
        if (!invented.isEmpty()) {
            b.append("<h3>Most frequent invented titles</h3>\n<table>\n<tr><th>Variant</th><th>Text</th><th>Times</th></tr>\n");
            for (Report.Invented i : invented) {
                b.append("<tr><td>").append(html(i.variant())).append("</td><td>").append(html(i.text())).append("</td><td>")
                        .append(i.count()).append("</td></tr>\n");
            }
            b.append("</table>\n");
        }
        for (Call c : examples) {
            b.append("<h4>").append(html(c.variant())).append(", user ").append(html(c.user())).append(", repeat ").append(c.repeat())
                    .append(": ").append(html(String.valueOf(c.status()))).append("</h4>\n<pre>").append(html(c.response())).append("</pre>\n");
        }
    }

    private static void definitions(StringBuilder b, Report r) {
        b.append("<h2 id=\"definitions\">Metric definitions</h2>\n<p>").append(html(MetricDefinitions.notation())).append("</p>\n<dl>\n");
        for (Definition d : r.definitions()) {
            b.append("<dt>").append(html(d.label())).append(" <span class=\"ci\">(").append(html(d.name())).append(", ")
                    .append(html(d.directionText())).append(")</span></dt><dd>")
                    .append(html(d.formula().isEmpty() ? "No definition recorded for this metric." : d.formula())).append("</dd>\n");
        }
        b.append("</dl>\n");
    }

    private static void notes(StringBuilder b, Report r) {
        List<String> notes = r.notes();
        if (notes.isEmpty()) {
            return;
        }
        b.append("<h2 id=\"notes\">Notes</h2>\n<ul>\n");
        notes.forEach(n -> b.append("<li>").append(html(n)).append("</li>\n"));
        b.append("</ul>\n");
    }

    private static void appendix(StringBuilder b, Report r) {
        b.append("<h2 id=\"appendix\">Appendix: templates</h2>\n");
        if (r.run().templates().isEmpty()) {
            b.append("<p>The run used no prompt template.</p>\n");
        }
        for (RunFolder.Template t : r.run().templates()) {
            b.append("<h3>").append(html(t.name() == null ? t.path() : t.name())).append(" <span class=\"ci\">version ")
                    .append(html(t.version())).append("</span></h3>\n");
            if (t.note() != null) {
                b.append("<p class=\"skipped\">").append(html(t.note())).append("</p>\n");
            }
            if (t.text() != null) {
                b.append("<pre>").append(html(t.text())).append("</pre>\n");
            }
        }
        for (RunFolder.PromptExample p : r.run().promptExamples()) {
            b.append("<h3>Rendered prompt: ").append(html(p.template())).append(", user ").append(html(p.user())).append("</h3>\n");
            for (Map.Entry<String, String> m : p.messages()) {
                b.append("<p><b>").append(html(m.getKey())).append("</b></p>\n<pre>").append(html(m.getValue())).append("</pre>\n");
            }
        }
    }

    private static String swatch(Report r, String variant) {
        Color c = ReportCharts.colour(r.run(), variant);
        return String.format("<span class=\"swatch\" style=\"background:#%02x%02x%02x\"></span>", c.getRed(), c.getGreen(), c.getBlue());
    }
}
