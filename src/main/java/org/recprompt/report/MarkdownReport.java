package org.recprompt.report;

import static org.recprompt.report.Escape.markdown;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.recprompt.base.FileTrees;
import org.recprompt.report.Comparison.Cell;
import org.recprompt.report.Comparison.Row;
import org.recprompt.report.MetricDefinitions.Definition;
import org.recprompt.report.MetricDefinitions.Family;

/**
 * A Markdown summary: the run, the comparison table (best in bold, significance marks), the
 * significant differences against the baseline, which figures the other formats hold, invented
 * titles, definitions and the templates in fenced blocks. Text from the run is escaped; answers
 * and templates sit in fences longer than any backtick run they contain.
 */
final class MarkdownReport {

    private MarkdownReport() {
    }

    static void write(Report r, Path out) throws IOException {
        FileTrees.writeAtomically(out, render(r));
    }

    static String render(Report r) {
        Comparison c = r.comparison();
        StringBuilder b = new StringBuilder();
        b.append("# ").append(markdown(r.title())).append("\n\n");
        if (!r.failures().isEmpty()) {
            b.append("> **Failed calls in this run**\n");
            r.failures().forEach(f -> b.append("> - ").append(markdown(f)).append('\n'));
            b.append('\n');
        }
        for (Map.Entry<String, String> e : r.provenance()) {
            b.append("- **").append(markdown(e.getKey())).append("**: ").append(markdown(e.getValue())).append('\n');
        }
        b.append("\n## Comparison\n\n").append(markdown(c.method())).append(" Bold: best per metric; ▲/▼: significantly better/worse "
                + "than the baseline; brackets: 95% interval.\n\n");
        r.run().retrievalNote().ifPresent(note -> b.append(markdown(note)).append("\n\n"));
        r.run().conventionNote().ifPresent(note -> b.append(markdown(note)).append("\n\n"));
        table(b, c);
        significant(b, c);
        r.run().protocol().ifPresent(p -> {
            StudyTables.Table t = p.table();
            b.append("\n## ").append(markdown(t.title())).append("\n\n").append(markdown(t.note())).append("\n\n");
            grid(b, t.header(), t.rows());
        });
        StudyTables.Table cost = CostTable.of(r.run());
        if (!cost.rows().isEmpty()) {
            b.append("\n## ").append(markdown(cost.title())).append("\n\n").append(markdown(cost.note())).append("\n\n");
            grid(b, cost.header(), cost.rows());
        }
        b.append("\n## Figures\n\n");
        if (r.figures().isEmpty() && r.skippedFigures().isEmpty()) {
            b.append("The HTML and PDF reports hold the figures.\n");
        }
        r.figures().forEach(f -> b.append("- ").append(markdown(f.title())).append(": ").append(markdown(f.caption())).append('\n'));
        r.skippedFigures().forEach(s -> b.append("- ").append(markdown(s.title())).append(": not drawn, ").append(markdown(s.reason()))
                .append('\n'));
        sparsity(b, r);
        reranked(b, r);
        SensitivityStudy s = r.sensitivity();
        if (s != null && !s.isEmpty()) {
            b.append("\n## Sensitivity\n");
            for (SensitivityStudy.Table t : s.tables()) {
                b.append("\n### ").append(markdown(t.title())).append("\n\n").append(markdown(t.caption())).append("\n\n");
                grid(b, t.header(), t.rows());
            }
        }
        for (StudyTables.Table t : StudyTables.of(r.run())) {
            b.append("\n## ").append(markdown(t.title())).append("\n\n").append(markdown(t.note())).append("\n\n|");
            t.header().forEach(h -> b.append(' ').append(markdown(h)).append(" |"));
            b.append("\n|");
            t.header().forEach(h -> b.append(" --- |"));
            b.append('\n');
            for (List<String> row : t.rows()) {
                b.append('|');
                row.forEach(cell -> b.append(" ").append(markdown(cell)).append(" |"));
                b.append('\n');
            }
        }
        List<Report.Invented> invented = r.invented(5);
        if (!invented.isEmpty()) {
            b.append("\n## Most frequent invented titles\n\n| Variant | Text | Times |\n| --- | --- | ---: |\n");
            invented.forEach(i -> b.append("| ").append(markdown(i.variant())).append(" | ").append(markdown(i.text())).append(" | ")
                    .append(i.count()).append(" |\n"));
        }
        b.append("\n## Metric definitions\n\n").append(markdown(MetricDefinitions.notation())).append("\n\n");
        for (Definition d : r.definitions()) {
            b.append("- **").append(markdown(d.label())).append("** (").append(markdown(d.directionText())).append("): ")
                    .append(markdown(d.formula().isEmpty() ? "no definition recorded" : d.formula())).append('\n');
        }
        if (!r.notes().isEmpty()) {
            b.append("\n## Notes\n\n");
            r.notes().forEach(n -> b.append("- ").append(markdown(n)).append('\n'));
        }
        appendix(b, r);
        return b.toString();
    }

    private static void sparsity(StringBuilder b, Report r) {
        Sparsity s = r.sparsity();
        b.append("\n## Sparsity\n\n").append(markdown(s.description())).append('\n');
        if (s.isEmpty()) {
            return;
        }
        b.append("\n| By | Bucket | Users |");
        r.run().variantIds().forEach(v -> b.append(' ').append(markdown(r.comparison().label(v)))
                .append(r.comparison().failed(v) ? " (failed)" : "").append(" |"));
        b.append("\n| --- | --- | ---: |").append(" ---: |".repeat(r.run().variantIds().size())).append('\n');
        for (Sparsity.Line line : s.lines()) {
            b.append("| ").append(markdown(line.dimension())).append(" | ").append(markdown(line.group().bucket())).append(" | ")
                    .append(line.group().users()).append(" |");
            r.run().variantIds().forEach(v -> b.append(' ').append(markdown(Sparsity.cell(line.group().byVariant().get(v)))).append(" |"));
            b.append('\n');
        }
    }

    private static void reranked(StringBuilder b, Report r) {
        Report.Reranked x = r.reranked();
        if (x == null) {
            return;
        }
        b.append("\n## Re-ranked at beta ").append(Formats.value(x.beta())).append(", lambda ").append(Formats.value(x.lambda()))
                .append("\n\n");
        if (x.reason() != null) {
            b.append("Not re-ranked: ").append(markdown(x.reason())).append(".\n");
            return;
        }
        b.append(markdown(HtmlReport.RERANK_NOTE)).append("\n\n| Variant | Metric | Run | Re-ranked | Change |\n| --- | --- | ---: | ---: | ---: |\n");
        for (Report.Change c : x.changes()) {
            b.append("| ").append(markdown(c.variant())).append(" | ").append(markdown(MetricDefinitions.of(c.metric()).label())).append(" | ")
                    .append(Formats.value(c.run())).append(" | ").append(Formats.value(c.reranked())).append(" | ")
                    .append(Formats.difference(c.delta())).append(" |\n");
        }
    }

    private static void table(StringBuilder b, Comparison c) {
        boolean chance = c.rows().stream().anyMatch(row -> !Double.isNaN(row.chance()));
        b.append("| Metric |").append(chance ? " Chance |" : "");
        c.variants().forEach(v -> b.append(' ').append(markdown(c.label(v))).append(v.equals(c.baseline()) ? " (baseline)" : "")
                .append(c.failed(v) ? " (failed)" : "").append(" |"));
        b.append("\n| --- |").append(chance ? " ---: |" : "").append(" ---: |".repeat(c.variants().size())).append('\n');
        for (Family f : Family.values()) {
            for (Row row : c.rows(f)) {
                b.append("| ").append(markdown(row.metric().label())).append(" |");
                if (chance) {
                    b.append(' ').append(Double.isNaN(row.chance()) ? "" : Formats.value(row.chance())).append(" |");
                }
                for (Cell cell : row.cells()) {
                    if (c.failed(cell.variant())) {
                        b.append(" _failed_ |");
                        continue;
                    }
                    String v = Formats.value(cell.estimate().mean());
                    b.append(' ').append(cell.best() ? "**" + v + "**" : v);
                    Boolean better = cell.better(row.metric().direction());
                    if (cell.test() != null && cell.test().significant()) {
                        b.append(better == null ? " ◆" : better ? " ▲" : " ▼");
                    }
                    String ci = Formats.interval(cell.estimate().low(), cell.estimate().high());
                    b.append(ci.isEmpty() ? "" : " " + markdown(ci)).append(" |");
                }
                b.append('\n');
            }
        }
    }

    private static void significant(StringBuilder b, Comparison c) {
        b.append("\n### Significant differences against ").append(markdown(c.baseline())).append("\n\n");
        int n = 0;
        for (Row row : c.rows()) {
            for (Cell cell : row.cells()) {
                if (cell.test() != null && cell.test().significant()) {
                    Comparison.Pair p = cell.test();
                    b.append("- ").append(markdown(cell.variant())).append(", ").append(markdown(row.metric().label())).append(": ")
                            .append(Formats.difference(p.meanDifference())).append(' ').append(markdown(Formats.interval(p.ciLow(), p.ciHigh())))
                            .append(", p = ").append(Formats.p(p.p())).append(", Holm p = ").append(Formats.p(p.pHolm())).append(", ")
                            .append(p.n()).append(" users\n");
                    n++;
                }
            }
        }
        if (n == 0) {
            b.append("None after Holm's correction (").append(c.tests()).append(" tests).\n");
        }
    }

    private static void appendix(StringBuilder b, Report r) {
        b.append("\n## Appendix: templates\n\n");
        if (r.run().templates().isEmpty()) {
            b.append("The run used no prompt template.\n");
        }
        for (RunFolder.Template t : r.run().templates()) {
            b.append("### ").append(markdown(t.name() == null ? t.path() : t.name())).append(" (version ").append(markdown(t.version()))
                    .append(")\n\n");
            if (t.note() != null) {
                b.append(markdown(t.note())).append("\n\n");
            }
            if (t.text() != null) {
                b.append(Escape.markdownBlock(t.text())).append('\n');
            }
        }
    }

    /** A Markdown table: the header, the separator row, a row per list. */
    private static void grid(StringBuilder b, List<String> header, List<List<String>> rows) {
        b.append('|');
        header.forEach(h -> b.append(' ').append(markdown(h)).append(" |"));
        b.append("\n|").append(" --- |".repeat(header.size())).append('\n');
        for (List<String> row : rows) {
            b.append('|');
            row.forEach(cell -> b.append(' ').append(markdown(cell)).append(" |"));
            b.append('\n');
        }
    }
}
