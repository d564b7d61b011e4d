package org.recprompt.report;

import static org.recprompt.report.Escape.plain;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.recprompt.base.FileTrees;
import org.recprompt.report.Comparison.Cell;
import org.recprompt.report.Comparison.Row;
import org.recprompt.report.MetricDefinitions.Definition;
import org.recprompt.report.MetricDefinitions.Family;

import com.lowagie.text.Chunk;
import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.Image;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.Rectangle;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;

/**
 * The report as PDF (OpenPDF): the run and the comparison table first, then the tests against the
 * baseline, the figures (PNG at twice the drawing resolution) each scaled to the page width, the
 * metric definitions, and an appendix with the templates' full text. Text uses the standard
 * Helvetica and Courier fonts; characters they lack are not shown.
 */
final class PdfReport {

    private static final Font TITLE = new Font(Font.HELVETICA, 16, Font.BOLD);
    private static final Font H2 = new Font(Font.HELVETICA, 12, Font.BOLD);
    private static final Font BODY = new Font(Font.HELVETICA, 9, Font.NORMAL);
    private static final Font SMALL = new Font(Font.HELVETICA, 7.5f, Font.NORMAL, new Color(0x555555));
    private static final Font CELL = new Font(Font.HELVETICA, 7.5f, Font.NORMAL);
    private static final Font CELL_BOLD = new Font(Font.HELVETICA, 7.5f, Font.BOLD);
    private static final Font MONO = new Font(Font.COURIER, 7.5f, Font.NORMAL);
    private static final Color FAMILY = new Color(0xEEEEEE);
    private static final Color FAILED = new Color(0xF3F3F3);
    private static final Font GREY = new Font(Font.HELVETICA, 7.5f, Font.ITALIC, new Color(0x999999));

    private PdfReport() {
    }

    static void write(Report r, Path out) throws IOException {
        FileTrees.writeAtomically(out, render(r));
    }

    static byte[] render(Report r) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean wide = r.comparison().variants().size() > 5;
        Document doc = new Document(wide ? PageSize.A4.rotate() : PageSize.A4, 40, 40, 40, 40);
        try {
            PdfWriter writer = PdfWriter.getInstance(doc, bytes);
            writer.setStrictImageSequence(true);
            doc.addTitle(plain(r.title()));
            doc.addCreator("RecPrompt Workbench " + Report.reportVersion());
            doc.open();
            doc.add(new Paragraph(plain(r.title()), TITLE));
            doc.add(new Paragraph("RecPrompt Workbench report, " + r.run().variants().size() + " variants", SMALL));
            failures(doc, r);
            provenance(doc, r);
            comparison(doc, r);
            doc.newPage();
            pairs(doc, r);
            figures(doc, r);
            sparsity(doc, r);
            reranked(doc, r);
            protocol(doc, r);
            cost(doc, r);
            sensitivity(doc, r);
            groupGaps(doc, r);
            definitions(doc, r);
            appendix(doc, r);
            doc.close();
        } catch (DocumentException | IOException e) {
            throw new ReportException("Cannot write the PDF report: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    private static void sensitivity(Document doc, Report r) {
        SensitivityStudy s = r.sensitivity();
        if (s == null || s.isEmpty()) {
            return;
        }
        heading(doc, "Sensitivity");
        for (SensitivityStudy.Table t : s.tables()) {
            doc.add(new Paragraph(plain(t.title()), CELL_BOLD));
            doc.add(new Paragraph(plain(t.caption()), SMALL));
            doc.add(grid(t.header(), t.rows()));
        }
    }

    /** A study table: a bold header row, the first column bold and left, the values right-aligned. */
    private static PdfPTable grid(List<String> header, List<List<String>> rows) {
        PdfPTable table = new PdfPTable(header.size());
        table.setWidthPercentage(100);
        table.setSpacingBefore(3);
        table.setSpacingAfter(8);
        header.forEach(h -> table.addCell(cell(h, CELL_BOLD, Element.ALIGN_LEFT)));
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                table.addCell(cell(row.get(i), i == 0 ? CELL_BOLD : CELL, i == 0 ? Element.ALIGN_LEFT : Element.ALIGN_RIGHT));
            }
        }
        return table;
    }

    /** Tokens (input, cached input, output) and cost per variant, with the price basis. */
    private static void cost(Document doc, Report r) throws DocumentException {
        StudyTables.Table t = CostTable.of(r.run());
        if (t.rows().isEmpty()) {
            return;
        }
        heading(doc, t.title());
        doc.add(new Paragraph(plain(t.note()), SMALL));
        doc.add(grid(t.header(), t.rows()));
    }

    /** The table under the run's evaluation convention, with the line stating the convention. */
    private static void protocol(Document doc, Report r) {
        r.run().protocol().ifPresent(p -> {
            StudyTables.Table t = p.table();
            heading(doc, t.title());
            doc.add(new Paragraph(plain(t.note()), SMALL));
            doc.add(grid(t.header(), t.rows()));
        });
    }

    /** The group-gaps table of the run's studies (the same rows as every other format). */
    private static void groupGaps(Document doc, Report r) {
        for (StudyTables.Table t : StudyTables.of(r.run())) {
            if (!t.id().equals("group-gaps")) {
                continue;
            }
            heading(doc, t.title());
            doc.add(new Paragraph(plain(t.note()), SMALL));
            PdfPTable table = new PdfPTable(t.header().size());
            table.setWidthPercentage(100);
            table.setSpacingBefore(3);
            table.setSpacingAfter(8);
            t.header().forEach(h -> table.addCell(cell(h, CELL_BOLD, Element.ALIGN_LEFT)));
            for (List<String> row : t.rows()) {
                row.forEach(x -> table.addCell(cell(x, CELL, Element.ALIGN_LEFT)));
            }
            doc.add(table);
        }
    }

    private static void heading(Document doc, String text) {
        Paragraph p = new Paragraph(plain(text), H2);
        p.setSpacingBefore(10);
        p.setSpacingAfter(4);
        doc.add(p);
    }

    private static void provenance(Document doc, Report r) {
        heading(doc, "Run");
        PdfPTable t = new PdfPTable(new float[] {1, 5});
        t.setWidthPercentage(100);
        for (Map.Entry<String, String> e : r.provenance()) {
            t.addCell(cell(e.getKey(), CELL_BOLD, Element.ALIGN_LEFT));
            t.addCell(cell(e.getValue(), CELL, Element.ALIGN_LEFT));
        }
        doc.add(t);
    }

    /** The banner naming failed and partial variants with their first error. */
    private static void failures(Document doc, Report r) throws DocumentException {
        List<String> lines = r.failures();
        if (lines.isEmpty()) {
            return;
        }
        Font warn = new Font(Font.HELVETICA, 8.5f, Font.NORMAL, new Color(0x7A1F00));
        Paragraph p = new Paragraph(new Chunk("Failed calls in this run\n", new Font(Font.HELVETICA, 9, Font.BOLD, new Color(0x7A1F00))));
        lines.forEach(l -> p.add(new Chunk("- " + plain(l) + "\n", warn)));
        p.setSpacingBefore(6);
        doc.add(p);
    }

    private static void comparison(Document doc, Report r) {
        Comparison c = r.comparison();
        heading(doc, "Comparison");
        doc.add(new Paragraph(plain("Mean with its 95% interval. Bold: best per metric. + / -: significantly better / worse than the "
                + "baseline. " + c.method()), SMALL));
        r.run().conventionNote().ifPresent(note -> doc.add(new Paragraph(plain(note), SMALL)));
        boolean chance = c.rows().stream().anyMatch(row -> !Double.isNaN(row.chance()));
        int columns = c.variants().size() + (chance ? 2 : 1);
        float[] widths = new float[columns];
        java.util.Arrays.fill(widths, 1);
        widths[0] = 1.5f;
        PdfPTable t = new PdfPTable(widths);
        t.setWidthPercentage(100);
        t.setHeaderRows(1);
        t.setSpacingBefore(4);
        t.addCell(cell("Metric", CELL_BOLD, Element.ALIGN_LEFT));
        if (chance) {
            t.addCell(cell("Chance", CELL_BOLD, Element.ALIGN_RIGHT));
        }
        for (String v : c.variants()) {
            PdfPCell h = cell(c.plainLabel(v) + (v.equals(c.baseline()) ? " (baseline)" : ""), CELL_BOLD, Element.ALIGN_RIGHT);
            if (c.failed(v)) {
                h.setBackgroundColor(FAILED);
            }
            t.addCell(h);
        }
        for (Family f : Family.values()) {
            List<Row> rows = c.rows(f);
            if (rows.isEmpty()) {
                continue;
            }
            PdfPCell family = cell(f.label(), CELL_BOLD, Element.ALIGN_LEFT);
            family.setColspan(columns);
            family.setBackgroundColor(FAMILY);
            t.addCell(family);
            for (Row row : rows) {
                t.addCell(cell(row.metric().label(), CELL, Element.ALIGN_LEFT));
                if (chance) {
                    t.addCell(cell(Double.isNaN(row.chance()) ? "" : Formats.value(row.chance()), CELL, Element.ALIGN_RIGHT));
                }
                for (Cell cell : row.cells()) {
                    if (c.failed(cell.variant())) {
                        PdfPCell grey = cell("failed", GREY, Element.ALIGN_RIGHT);
                        grey.setBackgroundColor(FAILED);
                        t.addCell(grey);
                    } else {
                        t.addCell(value(cell, row.metric()));
                    }
                }
            }
        }
        doc.add(t);
    }

    private static PdfPCell value(Cell cell, Definition d) {
        Phrase p = new Phrase();
        p.add(new Chunk(Formats.value(cell.estimate().mean()), cell.best() ? CELL_BOLD : CELL));
        Boolean better = cell.better(d.direction());
        if (cell.test() != null && cell.test().significant()) {
            Chunk mark = new Chunk(better == null ? " *" : better ? " +" : " \u2013", CELL_BOLD);
            mark.setTextRise(3);
            p.add(mark);
        }
        String ci = Formats.interval(cell.estimate().low(), cell.estimate().high());
        if (!ci.isEmpty()) {
            p.add(new Chunk("\n" + ci, SMALL));
        }
        PdfPCell c = new PdfPCell(p);
        c.setHorizontalAlignment(Element.ALIGN_RIGHT);
        c.setPadding(3);
        c.setBorderColor(new Color(0xCCCCCC));
        return c;
    }

    private static void pairs(Document doc, Report r) {
        Comparison c = r.comparison();
        heading(doc, "Against the baseline (" + c.baseline() + ")");
        if (c.tests() == 0) {
            doc.add(new Paragraph("No paired test: no other variant shares per-user values with the baseline.", BODY));
            return;
        }
        PdfPTable t = new PdfPTable(new float[] {1.4f, 1.4f, 0.6f, 0.9f, 1.5f, 0.8f, 0.8f, 0.7f});
        t.setWidthPercentage(100);
        t.setHeaderRows(1);
        for (String h : List.of("Metric", "Variant", "Users", "Difference", "95% CI", "p", "Holm p", "Effect")) {
            t.addCell(cell(h, CELL_BOLD, Element.ALIGN_LEFT));
        }
        for (Row row : c.rows()) {
            for (Cell cell : row.cells()) {
                Comparison.Pair p = cell.test();
                if (p != null && !Double.isNaN(p.p())) {
                    Font f = p.significant() ? CELL_BOLD : CELL;
                    for (String s : List.of(row.metric().label(), cell.variant(), String.valueOf(p.n()), Formats.difference(p.meanDifference()),
                            Formats.interval(p.ciLow(), p.ciHigh()), Formats.p(p.p()), Formats.p(p.pHolm()), Formats.value(p.effectSize()))) {
                        t.addCell(cell(s, f, Element.ALIGN_LEFT));
                    }
                }
            }
        }
        doc.add(t);
        doc.add(new Paragraph("Bold rows: significant after Holm's correction. Effect: "
                + (c.test() == Comparison.Test.WILCOXON ? "rank-biserial r" : "Cohen's d_z")
                + ". Pairs whose values are equal for every user have no test and are not listed.", SMALL));
    }

    private static void figures(Document doc, Report r) throws IOException {
        heading(doc, "Figures");
        float width = doc.getPageSize().getWidth() - doc.leftMargin() - doc.rightMargin();
        float height = doc.getPageSize().getHeight() - doc.topMargin() - doc.bottomMargin() - 60;
        for (Figure f : r.figures()) {
            Image image = Image.getInstance(f.png(2));
            image.scaleToFit(Math.min(width, f.width() * 0.75f), height);
            image.setAlignment(Image.MIDDLE);
            doc.add(image);
            Paragraph caption = new Paragraph(plain(f.title() + ". " + f.caption()), SMALL);
            caption.setSpacingAfter(10);
            doc.add(caption);
        }
        for (Figure.Skipped s : r.skippedFigures()) {
            doc.add(new Paragraph(plain(s.title() + ": not drawn, " + s.reason() + "."), SMALL));
        }
    }

    private static void sparsity(Document doc, Report r) {
        Sparsity s = r.sparsity();
        heading(doc, "Sparsity");
        doc.add(new Paragraph(plain(s.description()), SMALL));
        if (s.isEmpty()) {
            return;
        }
        List<String> variants = r.run().variantIds();
        float[] widths = new float[variants.size() + 3];
        java.util.Arrays.fill(widths, 1.4f);
        widths[1] = 0.8f;
        widths[2] = 0.6f;
        PdfPTable t = new PdfPTable(widths);
        t.setWidthPercentage(100);
        t.setHeaderRows(1);
        t.setSpacingBefore(4);
        t.addCell(cell("By", CELL_BOLD, Element.ALIGN_LEFT));
        t.addCell(cell("Bucket", CELL_BOLD, Element.ALIGN_LEFT));
        t.addCell(cell("Users", CELL_BOLD, Element.ALIGN_RIGHT));
        for (String v : variants) {
            t.addCell(cell(r.comparison().plainLabel(v), CELL_BOLD, Element.ALIGN_RIGHT));
        }
        for (Sparsity.Line line : s.lines()) {
            t.addCell(cell(line.dimension(), CELL, Element.ALIGN_LEFT));
            t.addCell(cell(line.group().bucket(), CELL, Element.ALIGN_LEFT));
            t.addCell(cell(String.valueOf(line.group().users()), CELL, Element.ALIGN_RIGHT));
            for (String v : variants) {
                t.addCell(cell(Sparsity.cell(line.group().byVariant().get(v)), CELL, Element.ALIGN_RIGHT));
            }
        }
        doc.add(t);
    }

    private static void reranked(Document doc, Report r) {
        Report.Reranked x = r.reranked();
        if (x == null) {
            return;
        }
        heading(doc, "Re-ranked at beta " + Formats.value(x.beta()) + ", lambda " + Formats.value(x.lambda()));
        if (x.reason() != null) {
            doc.add(new Paragraph(plain("Not re-ranked: " + x.reason() + "."), SMALL));
            return;
        }
        doc.add(new Paragraph(plain(HtmlReport.RERANK_NOTE + " The figures are in the Figures section."), SMALL));
        PdfPTable t = new PdfPTable(new float[] {2, 2, 1, 1, 1});
        t.setWidthPercentage(100);
        t.setHeaderRows(1);
        t.setSpacingBefore(4);
        for (String h : List.of("Variant", "Metric", "Run", "Re-ranked", "Change")) {
            t.addCell(cell(h, CELL_BOLD, h.equals("Variant") || h.equals("Metric") ? Element.ALIGN_LEFT : Element.ALIGN_RIGHT));
        }
        for (Report.Change c : x.changes()) {
            t.addCell(cell(c.variant(), CELL, Element.ALIGN_LEFT));
            t.addCell(cell(MetricDefinitions.of(c.metric()).label(), CELL, Element.ALIGN_LEFT));
            t.addCell(cell(Formats.value(c.run()), CELL, Element.ALIGN_RIGHT));
            t.addCell(cell(Formats.value(c.reranked()), CELL, Element.ALIGN_RIGHT));
            t.addCell(cell(Formats.difference(c.delta()), CELL, Element.ALIGN_RIGHT));
        }
        doc.add(t);
    }

    private static void definitions(Document doc, Report r) {
        heading(doc, "Metric definitions");
        doc.add(new Paragraph(plain(MetricDefinitions.notation()), SMALL));
        for (Definition d : r.definitions()) {
            Paragraph p = new Paragraph();
            p.add(new Chunk(plain(d.label() + " (" + d.directionText() + "): "), CELL_BOLD));
            p.add(new Chunk(plain(d.formula().isEmpty() ? "no definition recorded" : d.formula()), CELL));
            doc.add(p);
        }
        for (String n : r.notes()) {
            doc.add(new Paragraph(plain("Note: " + n), SMALL));
        }
    }

    private static void appendix(Document doc, Report r) {
        doc.newPage();
        heading(doc, "Appendix: templates");
        if (r.run().templates().isEmpty()) {
            doc.add(new Paragraph("The run used no prompt template.", BODY));
        }
        for (RunFolder.Template t : r.run().templates()) {
            doc.add(new Paragraph(plain((t.name() == null ? t.path() : t.name()) + ", version " + t.version()), CELL_BOLD));
            if (t.note() != null) {
                doc.add(new Paragraph(plain(t.note()), SMALL));
            }
            if (t.text() != null) {
                doc.add(new Paragraph(plain(t.text()), MONO));
            }
        }
    }

    private static PdfPCell cell(String text, Font font, int align) {
        PdfPCell c = new PdfPCell(new Phrase(plain(text), font));
        c.setHorizontalAlignment(align);
        c.setPadding(3);
        c.setBorderColor(new Color(0xCCCCCC));
        c.setBorder(Rectangle.BOX);
        return c;
    }
}
