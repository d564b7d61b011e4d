package org.recprompt.report.ui;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.recprompt.base.BackgroundJobs;
import org.recprompt.base.Charts;
import org.recprompt.report.Comparison;
import org.recprompt.report.Figure;
import org.recprompt.report.MetricDefinitions;
import org.recprompt.report.Report;
import org.recprompt.report.RerankControl;
import org.recprompt.report.SensitivityStudy;
import org.recprompt.report.RunFolder;
import org.recprompt.report.StudyCharts;
import org.recprompt.report.StudyTables;
import org.recprompt.report.Sparsity;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.server.StreamResource;

/**
 * A finished run's results: the comparison (metrics against variants, each value with its 95%
 * interval, the best per metric marked by its direction, paired tests against a chosen baseline
 * with Holm's correction, the chance level, each metric's definition on hover, sorting and
 * filtering), the figures as SVG with PNG and SVG downloads, and the drill-down from a table cell
 * or a figure's item (a bar, a point, a heatmap cell: transparent boxes laid over the image where
 * JFreeChart drew them) to the users behind it, and from a user to the per-user page.
 */
public class RunResults extends Div {

    final Select<String> baseline = new Select<>();
    final Select<Comparison.Test> test = new Select<>();
    final Select<String> family = new Select<>();
    final TextField filter = new TextField();
    final Grid<Comparison.Row> table = new Grid<>();
    final Grid<Map.Entry<String, Double>> users = new Grid<>();
    final Span drill = new Span();
    final H3 drillHeading = new H3("Users");
    final Div figures = new Div();
    final Div studies = new Div();
    final Div failures = new Div();
    final Div sparsity = new Div();
    /** The section's one heading: the sparsity figure below it is shown without its own title. */
    final H3 sparsityHeading = new H3(StudyCharts.SPARSITY_TITLE);
    final Grid<Sparsity.Line> sparsityTable = new Grid<>();
    final RerankPanel rerank;
    final Div sensitivity = new Div();
    private final RunFolder run;
    private final BackgroundJobs jobs;
    private Comparison comparison;
    private String drillVariant;
    private String drillMetric;

    public RunResults(Path folder, BackgroundJobs jobs) {
        this.run = RunFolder.open(folder);
        this.jobs = jobs;
        addClassName("rp-results");
        setId("run-results");
        List<String> variants = run.variantIds();
        baseline.setLabel("Baseline");
        baseline.setId("results-baseline");
        baseline.setItems(variants);
        baseline.setValue(run.variants().stream().filter(v -> !v.failed()).map(RunFolder.Variant::id).findFirst()
                .orElse(variants.get(0)));
        baseline.setItemLabelGenerator(v -> run.variant(v).failed() ? v + " (failed)" : v);
        test.setLabel("Paired test");
        test.setItems(Comparison.Test.values());
        test.setItemLabelGenerator(Comparison.Test::label);
        test.setMinWidth("18em"); // "Wilcoxon signed-rank test" whole, not cut to "signed-ranl"
        test.setValue(Report.Options.defaults().test());
        family.setLabel("Metrics");
        List<String> families = new ArrayList<>(List.of("All"));
        for (MetricDefinitions.Family f : MetricDefinitions.Family.values()) {
            families.add(f.label());
        }
        family.setItems(families);
        family.setValue("All");
        filter.setLabel("Filter");
        filter.setPlaceholder("ndcg, hallucination ...");
        filter.setValueChangeMode(ValueChangeMode.LAZY);
        filter.setId("results-filter");
        baseline.addValueChangeListener(e -> compare());
        test.addValueChangeListener(e -> compare());
        family.addValueChangeListener(e -> showRows());
        filter.addValueChangeListener(e -> showRows());
        HorizontalLayout controls = new HorizontalLayout(baseline, test, family, filter);
        controls.setAlignItems(HorizontalLayout.Alignment.BASELINE);

        table.setId("results-table");
        table.addColumn(r -> r.metric().label()).setHeader("Metric").setFrozen(true).setAutoWidth(true)
                .setTooltipGenerator(r -> r.metric().label() + ": " + r.metric().formula() + " (" + r.metric().directionText() + ")")
                .setSortable(true).setComparator(Comparator.comparing(r -> r.metric().label()));
        table.addColumn(r -> Double.isNaN(r.chance()) ? "" : String.format(Locale.ROOT, "%.4f", r.chance()))
                .setHeader("Chance").setAutoWidth(true).setTextAlign(ColumnTextAlign.END);
        for (String v : variants) {
            RunFolder.Variant variant = run.variant(v);
            String header = variant.failed() ? v + " (failed)" : variant.label();
            table.addColumn(r -> variant.failed() ? "failed" : twoLines(cellText(r, r.cell(v)))).setHeader(header).setKey(v).setAutoWidth(true)
                    .setTextAlign(ColumnTextAlign.END)
                    .setPartNameGenerator(r -> variant.failed() ? "rp-failed"
                            : r.cell(v) != null && r.cell(v).best() ? "rp-best" : variant.health().partial() ? "rp-partial" : null)
                    .setTooltipGenerator(r -> cellTooltip(r, v))
                    .setSortable(true).setComparator(Comparator.comparingDouble(r -> r.cell(v) == null ? Double.NaN
                            : r.cell(v).estimate().mean()));
        }
        table.setAllRowsVisible(true);
        table.setWidthFull(); // every variant's column in view: the columns share the panel's width
        table.addCellFocusListener(e -> e.getColumn().ifPresent(c -> e.getItem().ifPresent(row -> {
            if (c.getKey() != null) {
                drillDown(c.getKey(), row.metric().name());
            }
        })));
        // A click (not keyboard focus moving through the table) brings the users it listed into view.
        table.addItemClickListener(e -> {
            if (e.getColumn() != null && e.getColumn().getKey() != null) {
                drillDown(e.getColumn().getKey(), e.getItem().metric().name());
                revealDrill();
            }
        });

        drill.setId("results-drill");
        drill.setText("Click a value to see the users behind it.");
        drill.addClassName("rp-muted");
        users.setId("results-users");
        users.addColumn(Map.Entry::getKey).setHeader("User").setAutoWidth(true);
        users.addColumn(e -> Double.isNaN(e.getValue()) ? "failed" : String.format(Locale.ROOT, "%.4f", e.getValue()))
                .setHeader("Value").setAutoWidth(true)
                .setSortable(true).setComparator(Comparator.comparingDouble(Map.Entry::getValue));
        users.setHeight("16rem");
        users.setVisible(false);
        users.addItemClickListener(e -> new UserPage(run, drillVariant, e.getItem().getKey(), jobs).open());

        Paragraph legend = new Paragraph("Each value: mean [95% interval]. Bold: the best per metric by its direction. "
                + "\u25b2/\u25bc: significantly better/worse than the baseline (paired, Holm-corrected). Hover a metric for its definition. "
                + "Greyed 'failed': every call of that variant failed, so it has no value; \u26a0: some of its calls failed (scored as empty lists).");
        legend.addClassName("rp-muted");
        figures.setId("results-figures");
        sensitivity.setId("results-sensitivity");
        sensitivity.setVisible(false);
        sparsity.setId("results-sparsity");
        sparsityTable.setId("sparsity-table");
        sparsityTable.setAllRowsVisible(true);
        sparsityTable.setVisible(false);
        rerank = new RerankPanel(String.valueOf(run.dir().getFileName()), () -> RerankControl.of(run), jobs);
        Paragraph retrieval = new Paragraph();
        retrieval.setId("results-retrieval");
        run.retrievalNote().ifPresent(retrieval::setText);
        retrieval.setVisible(run.retrievalNote().isPresent());
        Paragraph convention = new Paragraph();
        convention.setId("results-convention-note");
        run.conventionNote().ifPresent(convention::setText);
        convention.setVisible(run.conventionNote().isPresent());
        failures.setId("results-failures");
        failures.addClassName("rp-failures");
        add(new H3("Comparison"), failures, controls, legend, retrieval, convention, table, drillHeading, drill, users,
                new H3("Popularity and calibration control"), rerank, sparsityHeading, sparsity, sparsityTable);
        run.protocol().ifPresent(p -> {
            Div protocol = study(p.table());
            protocol.setId("results-protocol");
            add(protocol); // the table names itself: "Evaluation convention: NAME"
        });
        StudyTables.Table costs = org.recprompt.report.CostTable.of(run);
        if (!costs.rows().isEmpty()) {
            Div cost = study(costs); // input, cached input and output tokens, cost and price basis per variant
            cost.setId("results-cost");
            add(cost);
        }
        List<StudyTables.Table> tables = StudyTables.of(run);
        if (!tables.isEmpty()) {
            studies.setId("results-studies");
            studies.add(new H3("Privacy and fairness"));
            tables.forEach(t -> studies.add(study(t)));
            add(studies);
        }
        add(new H3("Figures"), figures, sensitivity);
        compare();
        showFigures();
    }

    /** A study table as a grid of text (cells are text, never HTML). */
    static Div study(StudyTables.Table t) {
        Div box = new Div();
        box.addClassName("rp-study");
        Grid<List<String>> grid = new Grid<>();
        grid.setId("study-" + t.id());
        for (int c = 0; c < t.header().size(); c++) {
            int col = c;
            grid.addColumn(row -> col < row.size() ? row.get(col) : "").setHeader(t.header().get(c)).setAutoWidth(true)
                    .setResizable(true).setSortable(true);
        }
        grid.setItems(t.rows());
        grid.setAllRowsVisible(t.rows().size() <= 15);
        if (t.rows().size() > 15) {
            grid.setHeight("24rem");
        }
        Paragraph note = new Paragraph(t.note());
        note.addClassName("rp-muted");
        box.add(new H4(t.title()), note, grid);
        return box;
    }

    private void compare() {
        comparison = Comparison.of(run, baseline.getValue(), test.getValue(), Report.Options.defaults().alpha());
        showFailures();
        showRows();
    }

    /** The banner naming failed and partial variants with their first error (hidden when every call succeeded). */
    private void showFailures() {
        failures.removeAll();
        List<String> lines = Report.failures(run, comparison);
        failures.setVisible(!lines.isEmpty());
        if (lines.isEmpty()) {
            return;
        }
        Span title = new Span("Failed calls in this run");
        title.getStyle().set("font-weight", "600");
        com.vaadin.flow.component.html.UnorderedList list = new com.vaadin.flow.component.html.UnorderedList();
        lines.forEach(l -> list.add(new com.vaadin.flow.component.html.ListItem(l)));
        failures.add(title, list);
    }

    /** The banner's lines as shown. */
    List<String> failureLines() {
        return failures.getChildren().filter(c -> c instanceof com.vaadin.flow.component.html.UnorderedList)
                .flatMap(com.vaadin.flow.component.Component::getChildren)
                .map(c -> ((com.vaadin.flow.component.html.ListItem) c).getText()).toList();
    }

    private void showRows() {
        String f = filter.getValue() == null ? "" : filter.getValue().strip().toLowerCase(Locale.ROOT);
        List<Comparison.Row> rows = comparison.rows().stream()
                .filter(r -> "All".equals(family.getValue()) || r.metric().family().label().equals(family.getValue()))
                .filter(r -> f.isEmpty() || r.metric().name().toLowerCase(Locale.ROOT).contains(f)
                        || r.metric().label().toLowerCase(Locale.ROOT).contains(f))
                .toList();
        table.setItems(rows);
    }

    /** A cell: mean [interval], then ▲/▼ when significantly better/worse by the metric's direction (◆: a difference where neither is better), ★ for the best. */
    static String cellText(Comparison.Row r, Comparison.Cell c) {
        if (c == null || Double.isNaN(c.estimate().mean())) {
            return "";
        }
        RunFolder.Estimate e = c.estimate();
        String s = e.hasInterval() ? String.format(Locale.ROOT, "%.4f [%.4f, %.4f]", e.mean(), e.low(), e.high())
                : String.format(Locale.ROOT, "%.4f", e.mean());
        if (c.test() != null && c.test().significant()) {
            Boolean better = c.better(r.metric().direction());
            s += better == null ? " \u25c6" : better ? " \u25b2" : " \u25bc";
        }
        return c.best() ? s + " \u2605" : s;
    }

    /**
     * A cell as the table shows it: the mean on one line, its interval and marks on the next, so a
     * column is about half as wide and five or more variants fit beside each other.
     */
    static String twoLines(String cell) {
        int bracket = cell.indexOf(" [");
        return bracket < 0 ? cell : cell.substring(0, bracket) + "\n" + cell.substring(bracket + 1);
    }

    private String cellTooltip(Comparison.Row r, String v) {
        Comparison.Cell c = r.cell(v);
        if (c == null) {
            return null;
        }
        if (c.test() == null) {
            return v.equals(comparison.baseline()) ? "the baseline" : "n = " + c.estimate().n();
        }
        return String.format(Locale.ROOT, "difference to %s %.4f [%.4f, %.4f], p %.4g, Holm p %.4g, n %d", comparison.baseline(),
                c.test().meanDifference(), c.test().ciLow(), c.test().ciHigh(), c.test().p(), c.test().pHolm(), c.test().n());
    }

    void drillDown(String variant, String metric) {
        if (run.variant(variant).failed()) { // no values: the users, to see on each page what failed
            Map<String, Double> none = new java.util.LinkedHashMap<>();
            run.usersOf(variant).forEach(u -> none.put(u, Double.NaN));
            show(variant, metric, none, variant + " (failed: every call)");
            return;
        }
        show(variant, metric, run.perUser(variant, metric), metric + " of " + variant);
    }

    /** The users behind an item of a figure (a bar, a point, a heatmap cell). */
    void drillDown(Figure.Target target) {
        show(target.variant(), target.label(), target.values().get(), target.label());
        revealDrill();
    }

    /** Scrolls the users the drill-down listed into view (they sit below the table and the figures' top). */
    void revealDrill() {
        drillHeading.scrollIntoView();
        scrolledToDrill++;
    }

    /** How often the view scrolled to the drill-down (for tests: the browser's scroll is not observable here). */
    int scrolledToDrill;

    private void show(String variant, String what, Map<String, Double> values, String label) {
        drillVariant = variant;
        drillMetric = what;
        List<Map.Entry<String, Double>> rows = new ArrayList<>(values.entrySet());
        rows.sort(Map.Entry.comparingByValue());
        users.setItems(rows);
        users.setVisible(true);
        drill.setText(String.format(Locale.ROOT, "%s: %d users, lowest first: click a user for the per-user page.",
                label, rows.size()));
    }

    private void showFigures() {
        UI ui = UI.getCurrent();
        figures.add(new Paragraph("Drawing the figures..."));
        jobs.submitQuiet("Figures of " + run.dir().getFileName(), m -> {
            Report report = Report.of(run, new Report.Options(baseline.getValue(), test.getValue(), Report.Options.defaults().alpha()), true);
            List<Figure> list = report.figures();
            List<Figure.Skipped> skipped = report.skippedFigures();
            Map<String, List<Map.Entry<Charts.Hotspot, Figure.Target>>> targets = new java.util.HashMap<>();
            for (Figure f : list) {
                targets.put(f.id(), f.targets());
            }
            SensitivityStudy study = report.sensitivity();
            Sparsity sparsityStudy = report.sparsity();
            ui.access(() -> {
                showSensitivity(study);
                figures.removeAll();
                showSparsity(sparsityStudy, list.stream().filter(f -> f.id().equals("sparsity")).findFirst().orElse(null),
                        targets.getOrDefault("sparsity", List.of()));
                for (Figure f : list) {
                    if (!f.id().equals("sparsity")) {
                        figures.add(figure(f, targets.getOrDefault(f.id(), List.of())));
                    }
                }
                for (Figure.Skipped s : skipped) {
                    Paragraph p = new Paragraph(s.title() + ": not drawn (" + s.reason() + ")");
                    p.addClassName("rp-muted");
                    figures.add(p);
                }
            });
        });
    }

    /** The sparsity study: its two grouped-bar panels side by side and the table of every bucket. */
    private void showSparsity(Sparsity study, Figure figure, List<Map.Entry<Charts.Hotspot, Figure.Target>> targets) {
        sparsity.removeAll();
        if (figure != null) {
            Div box = figure(figure, targets);
            box.getChildren().filter(H4.class::isInstance).findFirst().ifPresent(box::remove); // the section's heading says it
            sparsity.add(box);
        } else {
            Paragraph about = new Paragraph(study.description());
            about.addClassName("rp-muted");
            sparsity.add(about);
        }
        if (study.isEmpty()) {
            return;
        }
        sparsityTable.removeAllColumns();
        sparsityTable.addColumn(Sparsity.Line::dimension).setHeader("By").setAutoWidth(true);
        sparsityTable.addColumn(l -> l.group().bucket()).setHeader("Bucket").setAutoWidth(true);
        sparsityTable.addColumn(l -> l.group().users()).setHeader("Users").setAutoWidth(true).setTextAlign(ColumnTextAlign.END);
        for (String v : run.variantIds()) {
            sparsityTable.addColumn(l -> Sparsity.cell(l.group().byVariant().get(v))).setHeader(v).setAutoWidth(true)
                    .setTextAlign(ColumnTextAlign.END);
        }
        sparsityTable.setItems(study.lines());
        sparsityTable.setVisible(true);
    }

    /** The Sensitivity section: shown only when the run has more than one candidate order or a paraphrase set. */
    private void showSensitivity(SensitivityStudy study) {
        sensitivity.removeAll();
        sensitivity.setVisible(!study.isEmpty());
        if (study.isEmpty()) {
            return;
        }
        sensitivity.add(new H3("Sensitivity"));
        for (SensitivityStudy.Table t : study.tables()) {
            Grid<List<String>> grid = new Grid<>();
            for (int i = 0; i < t.header().size(); i++) {
                int column = i;
                grid.addColumn(row -> row.get(column)).setHeader(t.header().get(i)).setAutoWidth(true).setFlexGrow(column == 1 ? 2 : 1);
            }
            grid.setItems(t.rows());
            grid.setAllRowsVisible(true);
            grid.addClassName("rp-sensitivity-table");
            Paragraph caption = new Paragraph(t.caption());
            caption.addClassName("rp-muted");
            sensitivity.add(new H4(t.title()), caption, grid);
        }
    }

    /** The tables of the Sensitivity section as shown (for tests): title and rows. */
    List<String> sensitivityTitles() {
        return sensitivity.getChildren().filter(H4.class::isInstance).map(c -> ((H4) c).getText()).toList();
    }

    /** At most this many clickable items per figure (beyond it the figure is shown without them). */
    static final int MAX_HOTSPOTS = 2000;

    private Div figure(Figure f, List<Map.Entry<Charts.Hotspot, Figure.Target>> targets) {
        return figure(f, frame -> {
            if (targets.size() <= MAX_HOTSPOTS) {
                for (Map.Entry<Charts.Hotspot, Figure.Target> t : targets) {
                    frame.add(hotspot(f, t.getKey(), t.getValue()));
                }
            }
        });
    }

    /** A figure without clickable items (the re-ranking control's sweeps). */
    static Div figure(Figure f) {
        return figure(f, frame -> { });
    }

    /** The figure as SVG in a frame (which {@code decorate} may add clickable boxes to), its caption and downloads. */
    private static Div figure(Figure f, java.util.function.Consumer<Div> decorate) {
        Div box = new Div();
        box.addClassName("rp-figure");
        byte[] svg = f.svgDocument().getBytes(StandardCharsets.UTF_8);
        StreamResource svgResource = new StreamResource(f.id() + ".svg", () -> new ByteArrayInputStream(svg));
        svgResource.setContentType("image/svg+xml");
        Image image = new Image(svgResource, f.title());
        image.addClassName("rp-chart");
        image.setWidth("100%");
        Div frame = new Div(image);
        frame.addClassName("rp-chart-frame");
        frame.getStyle().set("width", f.width() + "px");
        decorate.accept(frame);
        Anchor downloadSvg = new Anchor(svgResource, "SVG");
        downloadSvg.getElement().setAttribute("download", true);
        StreamResource pngResource = new StreamResource(f.id() + ".png", () -> new ByteArrayInputStream(f.png(2.0)));
        pngResource.setContentType("image/png");
        Anchor downloadPng = new Anchor(pngResource, "PNG");
        downloadPng.getElement().setAttribute("download", true);
        Span caption = new Span(f.caption());
        caption.addClassName("rp-muted");
        HorizontalLayout links = new HorizontalLayout(new Span("Download:"), downloadSvg, downloadPng);
        box.add(new H4(f.title()), frame, caption, links);
        return box;
    }

    /** A transparent box over one item of a figure, placed in percent so it follows the scaled image. */
    private Div hotspot(Figure f, Charts.Hotspot h, Figure.Target target) {
        Div spot = new Div();
        spot.addClassName("rp-hotspot");
        spot.getElement().setAttribute("title", target.label() + ": click for the users");
        spot.getElement().setAttribute("data-variant", target.variant());
        spot.getStyle().set("left", percent(h.x(), f.width())).set("top", percent(h.y(), f.height()))
                .set("width", percent(h.width(), f.width())).set("height", percent(h.height(), f.height()));
        spot.addClickListener(e -> drillDown(target));
        return spot;
    }

    private static String percent(double part, double whole) {
        return String.format(Locale.ROOT, "%.3f%%", 100.0 * part / whole);
    }

    String drillState() {
        return drillVariant + "/" + drillMetric;
    }
}
