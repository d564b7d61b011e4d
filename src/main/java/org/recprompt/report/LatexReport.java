package org.recprompt.report;

import static org.recprompt.report.Escape.latex;

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
 * The comparison as a LaTeX table with booktabs rules (needs the booktabs package): one
 * row per metric grouped by family, one column per variant, the chance level beside; best per metric
 * in bold, significance against the baseline as a superscript. What the run was, the metric
 * definitions and the templates' full text follow as comments, so the file stays one table to
 * {@code \input}. Every text from the run is escaped.
 */
final class LatexReport {

    private LatexReport() {
    }

    static void write(Report r, Path out) throws IOException {
        FileTrees.writeAtomically(out, render(r));
    }

    static String render(Report r) {
        Comparison c = r.comparison();
        boolean chance = c.rows().stream().anyMatch(row -> !Double.isNaN(row.chance()));
        StringBuilder b = new StringBuilder();
        b.append("% RecPrompt Workbench report: ").append(commentSafe(r.title())).append('\n')
                .append("% Needs \\usepackage{booktabs} in the preamble.\n");
        for (Map.Entry<String, String> e : r.provenance()) {
            comment(b, e.getKey() + ": " + e.getValue());
        }
        for (String f : r.failures()) {
            comment(b, "FAILED CALLS: " + f);
        }
        comment(b, c.method());
        b.append("\\begin{table}[t]\n\\centering\n\\small\n\\caption{").append(latex(caption(r))).append("}\n")
                .append("\\label{tab:").append(label(r.title())).append("}\n")
                .append("\\begin{tabular}{l").append(chance ? "r" : "").append("r".repeat(c.variants().size())).append("}\n\\toprule\n")
                .append("Metric");
        if (chance) {
            b.append(" & Chance");
        }
        for (String v : c.variants()) {
            b.append(" & ").append(c.failed(v) ? "\\textit{" + latex(c.plainLabel(v)) + "}" : latex(c.plainLabel(v)));
        }
        b.append(" \\\\\n");
        int span = c.variants().size() + (chance ? 2 : 1);
        for (Family f : Family.values()) {
            List<Row> rows = c.rows(f);
            if (rows.isEmpty()) {
                continue;
            }
            b.append("\\midrule\n\\multicolumn{").append(span).append("}{l}{\\emph{").append(latex(f.label())).append("}} \\\\\n");
            for (Row row : rows) {
                b.append(latex(row.metric().label()));
                if (chance) {
                    b.append(" & ").append(Double.isNaN(row.chance()) ? "" : Formats.value(row.chance()));
                }
                for (Cell cell : row.cells()) {
                    b.append(" & ").append(c.failed(cell.variant()) ? "\\textit{failed}" : cell(cell, row.metric()));
                }
                b.append(" \\\\\n");
            }
        }
        b.append("\\bottomrule\n\\end{tabular}\n\n\\smallskip\n{\\footnotesize Mean over users, 95\\% interval in brackets. "
                + "Bold: best per metric. $^{+}$/$^{-}$: significantly better/worse than ").append(latex(c.baseline()))
                .append(" (").append(latex(c.test().label())).append(", Holm-corrected over ").append(c.tests())
                .append(" tests, $\\alpha = ").append(Formats.number(c.alpha())).append("$).");
        for (String f : r.failures()) {
            b.append(" ").append(latex(f));
        }
        b.append("}\n\\end{table}\n");
        protocol(b, r);
        cost(b, r);
        sensitivity(b, r);
        groupGaps(b, r);
        definitions(b, r);
        templates(b, r);
        return b.toString();
    }

    /** One booktabs table per sensitivity table (candidate order, paraphrases, spreads). */
    private static void sensitivity(StringBuilder b, Report r) {
        SensitivityStudy s = r.sensitivity();
        if (s == null || s.isEmpty()) {
            return;
        }
        for (SensitivityStudy.Table t : s.tables()) {
            b.append("\n\\begin{table}[t]\n\\centering\n\\small\n\\caption{").append(latex(t.title() + ". " + t.caption())).append("}\n")
                    .append("\\label{tab:").append(label(r.title() + "-" + t.title())).append("}\n\\begin{tabular}{l")
                    .append("r".repeat(t.header().size() - 1)).append("}\n\\toprule\n");
            b.append(String.join(" & ", t.header().stream().map(Escape::latex).toList())).append(" \\\\\n\\midrule\n");
            for (List<String> row : t.rows()) {
                b.append(String.join(" & ", row.stream().map(Escape::latex).toList())).append(" \\\\\n");
            }
            b.append("\\bottomrule\n\\end{tabular}\n\\end{table}\n");
        }
    }

    /** Tokens (input, cached input, output) and cost per variant, with the price basis. */
    private static void cost(StringBuilder b, Report r) {
        StudyTables.Table t = CostTable.of(r.run());
        if (t.rows().isEmpty()) {
            return;
        }
        b.append("\n\\begin{table}[t]\n\\centering\n\\small\n\\caption{").append(latex(t.title() + ". " + t.note()))
                .append("}\n\\label{tab:").append(label(r.title() + "-cost")).append("}\n\\begin{tabular}{lrrrrp{5cm}}\n\\toprule\n");
        b.append(String.join(" & ", t.header().stream().map(Escape::latex).toList())).append(" \\\\\n\\midrule\n");
        for (List<String> row : t.rows()) {
            b.append(String.join(" & ", row.stream().map(Escape::latex).toList())).append(" \\\\\n");
        }
        b.append("\\bottomrule\n\\end{tabular}\n\\end{table}\n");
    }

    /** The table under the run's evaluation convention, its caption stating the convention. */
    private static void protocol(StringBuilder b, Report r) {
        r.run().protocol().ifPresent(p -> {
            StudyTables.Table t = p.table();
            b.append("\n\\begin{table}[t]\n\\centering\n\\small\n\\caption{").append(latex(t.title() + ". " + t.note()))
                    .append("}\n\\label{tab:").append(label(r.title() + "-protocol")).append("}\n\\begin{tabular}{l")
                    .append("r".repeat(t.header().size() - 1)).append("}\n\\toprule\n");
            b.append(String.join(" & ", t.header().stream().map(Escape::latex).toList())).append(" \\\\\n\\midrule\n");
            for (List<String> row : t.rows()) {
                b.append(String.join(" & ", row.stream().map(Escape::latex).toList())).append(" \\\\\n");
            }
            b.append("\\bottomrule\n\\end{tabular}\n\\end{table}\n");
        });
    }

    /** The group-gaps table of the run's studies (the same rows as every other format). */
    private static void groupGaps(StringBuilder b, Report r) {
        for (StudyTables.Table t : StudyTables.of(r.run())) {
            if (!t.id().equals("group-gaps")) {
                continue;
            }
            b.append("\n\\begin{table}[t]\n\\centering\n\\small\n\\caption{").append(latex(t.title() + ". " + t.note()))
                    .append("}\n\\label{tab:").append(label(r.title() + "-group-gaps")).append("}\n\\begin{tabular}{llllrrrrp{6cm}}\n\\toprule\n");
            b.append(String.join(" & ", t.header().stream().map(Escape::latex).toList())).append(" \\\\\n\\midrule\n");
            for (List<String> row : t.rows()) {
                b.append(String.join(" & ", row.stream().map(Escape::latex).toList())).append(" \\\\\n");
            }
            b.append("\\bottomrule\n\\end{tabular}\n\\end{table}\n");
        }
    }

    private static String cell(Cell cell, Definition d) {
        String value = Formats.value(cell.estimate().mean());
        StringBuilder s = new StringBuilder(cell.best() ? "\\textbf{" + value + "}" : value);
        Boolean better = cell.better(d.direction());
        if (cell.test() != null && cell.test().significant()) {
            s.append(better == null ? "$^{*}$" : better ? "$^{+}$" : "$^{-}$");
        }
        String ci = Formats.interval(cell.estimate().low(), cell.estimate().high());
        if (!ci.isEmpty()) {
            s.append(" {\\scriptsize ").append(ci).append("}");
        }
        return s.toString();
    }

    private static String caption(Report r) {
        Object users = r.run().users().getOrDefault("evaluated", r.run().users().get("sample"));
        return "Comparison of " + r.run().variants().size() + " variants on " + Formats.setting(r.run().dataset().get("name"))
                + " (" + Formats.setting(r.run().split().get("method")) + ", " + Formats.setting(users) + " users"
                + (r.run().candidateCount() > 0 ? ", " + r.run().candidateCount() + " candidates" : "") + ")."
                + r.run().retrievalNote().map(n -> " " + n).orElse("")
                + r.run().conventionNote().map(n -> " " + n).orElse("");
    }

    /** A label key from the title: letters, digits and hyphens only. */
    static String label(String title) {
        String s = title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return "recprompt-" + (s.isEmpty() ? "run" : s);
    }

    private static void definitions(StringBuilder b, Report r) {
        b.append("%\n% Metric definitions. ").append(commentSafe(MetricDefinitions.notation())).append('\n');
        for (Definition d : r.definitions()) {
            comment(b, d.label() + " (" + d.directionText() + "): " + (d.formula().isEmpty() ? "no definition recorded" : d.formula()));
        }
    }

    private static void templates(StringBuilder b, Report r) {
        for (RunFolder.Template t : r.run().templates()) {
            b.append("%\n% Template ").append(commentSafe(String.valueOf(t.name()))).append(", version ")
                    .append(commentSafe(String.valueOf(t.version()))).append(":\n");
            if (t.note() != null) {
                comment(b, t.note());
            }
            if (t.text() != null) {
                for (String line : t.text().split("\r?\n", -1)) {
                    b.append("%   ").append(commentSafe(line)).append('\n');
                }
            }
        }
    }

    private static void comment(StringBuilder b, String text) {
        b.append("% ").append(commentSafe(text)).append('\n');
    }

    /** A line kept verbatim inside a comment: control characters and TeX's ^^ notation defused. */
    private static String commentSafe(String line) {
        return Escape.plain(line).replace("\t", "    ").replace('\n', ' ').replace("^^", "^ ^");
    }
}
