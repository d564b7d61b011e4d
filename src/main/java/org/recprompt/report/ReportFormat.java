package org.recprompt.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The formats a report is written in, each with its file extension(s). */
public enum ReportFormat {
    HTML(true, "html", "htm"),
    PDF(true, "pdf"),
    CSV(false, "csv"),
    JSON(false, "json"),
    LATEX(false, "latex", "tex"),
    MD(false, "md", "markdown");

    private final boolean figures;
    private final String[] names;

    ReportFormat(boolean figures, String... names) {
        this.figures = figures;
        this.names = names;
    }

    /** Whether the format shows figures (only then are charts drawn). */
    public boolean hasFigures() {
        return figures;
    }

    public String id() {
        return names[0];
    }

    /** The usual file extension (tex for LaTeX). */
    public String extension() {
        return this == LATEX ? "tex" : names[0];
    }

    /** What a reader gets, for a choice in the workbench. */
    public String description() {
        return switch (this) {
            case HTML -> "HTML: a self-contained page with the figures";
            case PDF -> "PDF: tables, figures and the template appendix";
            case CSV -> "CSV: the aggregates and per-user values";
            case JSON -> "JSON: the aggregates and per-user values";
            case LATEX -> "LaTeX: a booktabs table";
            case MD -> "Markdown: a summary";
        };
    }

    /** Whether a browser shows the file itself (HTML, PDF), so it opens in a new tab rather than downloads. */
    public boolean opensInBrowser() {
        return this == HTML || this == PDF;
    }

    /** By name ("html", "tex", ...), case-insensitive. */
    public static ReportFormat parse(String name) {
        String n = name.toLowerCase(Locale.ROOT).strip();
        for (ReportFormat f : values()) {
            if (Arrays.asList(f.names).contains(n)) {
                return f;
            }
        }
        throw new ReportException("Unknown report format '" + name + "': use one of "
                + Arrays.stream(values()).map(ReportFormat::id).collect(Collectors.joining(", ")));
    }

    /** By the file's extension, or null when it names none of the formats. */
    public static ReportFormat ofFile(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            return null;
        }
        try {
            return parse(name.substring(dot + 1));
        } catch (ReportException e) {
            return null;
        }
    }

    /** Writes the report to {@code out}, all or nothing. */
    public void write(Report report, Path out) throws IOException {
        switch (this) {
            case HTML -> HtmlReport.write(report, out);
            case PDF -> PdfReport.write(report, out);
            case CSV -> DataReports.writeCsv(report, out);
            case JSON -> DataReports.writeJson(report, out);
            case LATEX -> LatexReport.write(report, out);
            case MD -> MarkdownReport.write(report, out);
        }
    }
}
