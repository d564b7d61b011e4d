package org.recprompt.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.geom.Line2D;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.recprompt.base.Charts;
import org.recprompt.dataset.UserActivity;
import org.recprompt.metrics.stability.PositionBias;
import org.recprompt.report.Comparison.Cell;
import org.recprompt.report.Comparison.Row;
import org.recprompt.report.MetricDefinitions.Family;
import org.recprompt.report.RunFolder.Estimate;

/**
 * The report's figures, drawn with JFreeChart in the workbench style ({@link Charts}): one colour
 * per variant, the same in every figure (the variant's position in the run, Okabe-Ito). A figure
 * whose data the run does not have is returned as {@link Figure.Skipped} with the reason.
 */
public final class ReportCharts {

    static final Color CHANCE = new Color(0x444444);
    private static final BasicStroke DASHED = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {6f, 4f}, 0f);

    private final RunFolder run;
    private final Comparison comparison;
    private final HistoryLengths history;
    private final List<Figure> figures = new ArrayList<>();
    private final List<Figure.Skipped> skipped = new ArrayList<>();

    private ReportCharts(RunFolder run, Comparison comparison, HistoryLengths history) {
        this.run = run;
        this.comparison = comparison;
        this.history = history;
    }

    /** Every figure the run has data for, in report order, and the ones skipped with their reasons. */
    public static ReportCharts of(RunFolder run, Comparison comparison, HistoryLengths history) {
        return of(run, comparison, history, SensitivityStudy.of(run));
    }

    /** As {@link #of(RunFolder, Comparison, HistoryLengths)}, with the run's sensitivity studies already computed. */
    public static ReportCharts of(RunFolder run, Comparison comparison, HistoryLengths history, SensitivityStudy sensitivity) {
        return of(run, comparison, history, sensitivity, Sparsity.of(run, primaryAccuracy(run, comparison), history));
    }

    /** As {@link #of(RunFolder, Comparison, HistoryLengths)}, with the sensitivity and sparsity studies already made. */
    public static ReportCharts of(RunFolder run, Comparison comparison, HistoryLengths history, SensitivityStudy sensitivity,
            Sparsity sparsity) {
        ReportCharts c = new ReportCharts(run, comparison, history);
        c.familyBars("accuracy", Family.ACCURACY, "Accuracy per variant",
                "Mean over all evaluated users with its 95% bootstrap interval; the grey dashed line over each metric is the chance level "
                        + "of a random ranking of the candidates.");
        c.smallMultiples();
        c.familyBars("grounding", Family.GROUNDING, "Grounding per variant",
                "Grounding rates (pooled over slots or responses) with their 95% intervals from resampling users.");
        c.accuracyVsPopularity();
        c.groundingOutcomes();
        if (!comparison.rows(Family.EXPLANATION).isEmpty()) {
            c.familyBars("explanations", Family.EXPLANATION, "Explanations per variant",
                    "The explanation metrics in [0, 1] (invented history rate, unique-sentence ratio) with their 95% intervals; "
                            + "only variants whose template asks for explanations have them.");
        }
        c.positionBias();
        c.orderSensitivity(sensitivity);
        c.sparsity(sparsity);
        c.coldStart();
        c.genreCalibration();
        c.echoChamber();
        c.lorenz();
        c.costVsAccuracy();
        c.privacyTradeOff();
        c.fairnessProbes();
        c.groupGaps();
        return c;
    }

    public List<Figure> figures() {
        return List.copyOf(figures);
    }

    public List<Figure.Skipped> skipped() {
        return List.copyOf(skipped);
    }

    /** The colour of a variant in every figure. */
    public static Color colour(RunFolder run, String variant) {
        return Charts.colour(run.variantIds().indexOf(variant));
    }

    private void skip(String id, String title, String reason) {
        skipped.add(new Figure.Skipped(id, title, reason));
    }

    // ---- drill-down: the users behind a figure's item ------------------------------------------------

    /** A metric's per-user values of a variant (restricted to {@code only} when given), or null when the run has none. */
    private Figure.Target metricTarget(String variant, String metric, java.util.Set<String> only, String which) {
        if (metric == null || !run.variantIds().contains(variant) || run.perUser(variant, metric).isEmpty()) {
            return null;
        }
        return new Figure.Target(variant, metric + " of " + variant + which, () -> {
            Map<String, Double> values = new LinkedHashMap<>(run.perUser(variant, metric));
            if (only != null) {
                values.keySet().retainAll(only);
            }
            return values;
        });
    }

    /** Users of a variant with at least one slot of that outcome (or response of that status), and how many each. */
    private Figure.Target outcomeTarget(String variant, String outcome, boolean slots) {
        if (!run.variantIds().contains(variant) || run.calls().isEmpty()) {
            return null;
        }
        String what = slots ? outcome + " slots of " + variant : outcome + " responses of " + variant;
        Map<String, Double> counts = new LinkedHashMap<>();
        for (RunFolder.Call c : run.calls()) {
            if (!c.variant().equals(variant)) {
                continue;
            }
            long n = slots ? c.slots().stream().filter(x -> outcome.equals(String.valueOf(x.outcome()))).count()
                    : outcome.equals(c.status()) ? 1 : 0;
            if (n > 0) {
                counts.merge(c.user(), (double) n, Double::sum);
            }
        }
        return counts.isEmpty() ? null : new Figure.Target(variant, what + " (count per user)", () -> counts);
    }

    /** HR@K of a variant's users whose held-out item the prompt showed at {@code position} (1-based). */
    private Figure.Target positionTarget(String variant, int position) {
        java.util.Set<String> users = new java.util.LinkedHashSet<>();
        for (RunFolder.Call c : run.calls()) {
            if (c.variant().equals(variant) && c.candidates().size() >= position && !c.relevant().isEmpty()
                    && c.relevant().contains(c.candidates().get(position - 1))) {
                users.add(c.user());
            }
        }
        return users.isEmpty() ? null
                : metricTarget(variant, "hr@" + run.maxK(), users, ", users whose held-out item was at position " + position);
    }

    /** A metric of a variant's users in one activity (history-length) bucket. */
    private Figure.Target historyTarget(String variant, String metric, UserActivity.Bucket bucket) {
        if (bucket == null) {
            return null;
        }
        java.util.Set<String> users = new java.util.LinkedHashSet<>();
        history.byUser().forEach((u, len) -> {
            if (UserActivity.bucketOf(len).equals(bucket)) { // as the Sparsity study buckets them
                users.add(u);
            }
        });
        return metricTarget(variant, metric, users, ", users in the activity bucket " + bucket.label() + " (history items)");
    }

    // ---- bars per family -------------------------------------------------------------------------

    private void familyBars(String id, Family family, String title, String caption) {
        List<String> order = comparison.rows().stream().map(x -> base(x.metric().name())).distinct().toList();
        List<Row> rows = comparison.rows(family).stream().filter(r -> r.metric().unitScale())
                .sorted(java.util.Comparator.comparingInt(r -> order.indexOf(base(r.metric().name())))).toList();
        if (rows.isEmpty()) {
            skip(id, title, "the run reports no " + family.label().toLowerCase(Locale.ROOT) + " metrics");
            return;
        }
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        IntervalBarRenderer bars = new IntervalBarRenderer();
        for (Row r : rows) {
            for (Cell cell : r.cells()) {
                data.addValue(nanToNull(cell.estimate().mean()), cell.variant(), r.metric().label());
                bars.interval(cell.variant(), r.metric().label(), cell.estimate().low(), cell.estimate().high());
            }
            bars.level(r.metric().label(), r.chance(), CHANCE, DASHED);
        }
        JFreeChart chart = ChartFactory.createBarChart(null, null, "mean (95% CI)", data);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setRenderer(bars);
        Charts.styled(chart);
        variantColours(bars);
        bars.setItemMargin(0.05);
        if (rows.stream().anyMatch(r -> !Double.isNaN(r.chance()))) {
            LegendItemCollection legend = plot.getLegendItems();
            legend.add(new LegendItem("chance level", null, null, null, new Line2D.Double(-8, 0, 8, 0), DASHED, CHANCE));
            plot.setFixedLegendItems(legend);
        }
        ((NumberAxis) plot.getRangeAxis()).setRange(0, 1.0);
        if (rows.size() > 6) {
            plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        } else {
            plot.getDomainAxis().setMaximumCategoryLabelLines(2);
        }
        int width = Math.max(640, 90 + rows.size() * (run.variants().size() * 16 + 24));
        Map<String, String> names = new LinkedHashMap<>();
        rows.forEach(r -> names.put(r.metric().label(), r.metric().name()));
        figures.add(new Figure(id, title, caption, List.of(chart), 1, Math.min(width, 1400), 380)
                .withDrill(h -> metricTarget(String.valueOf(h.series()), names.get(String.valueOf(h.category())), null, "")));
    }

    /** Beyond-accuracy metrics on their own scales: one small panel per metric, bars coloured by variant. */
    private void smallMultiples() {
        List<Row> rows = comparison.rows(Family.BEYOND_ACCURACY);
        String title = "Beyond accuracy per variant";
        if (rows.isEmpty()) {
            skip("beyond-accuracy", title, "the run reports no popularity, diversity or coverage metrics");
            return;
        }
        List<JFreeChart> panels = new ArrayList<>();
        for (Row r : rows) {
            panels.add(panel(r));
        }
        figures.add(new Figure("beyond-accuracy", title, "One panel per metric on its own scale (direction in the panel title); "
                + "whiskers: 95% intervals where the run has per-user values (coverage, Gini and entropy are over all lists).",
                panels, 4, 260, 230).withDrill(h -> metricTarget(String.valueOf(h.category()), rows.get(h.panel()).metric().name(), null, "")));
    }

    private JFreeChart panel(Row r) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        IntervalBarRenderer bars = new IntervalBarRenderer();
        double top = 0;
        for (Cell cell : r.cells()) {
            Estimate e = cell.estimate();
            data.addValue(nanToNull(e.mean()), "value", cell.variant());
            bars.interval("value", cell.variant(), e.low(), e.high());
            top = Math.max(top, Math.max(nanToZero(e.mean()), nanToZero(e.high())));
        }
        JFreeChart chart = ChartFactory.createBarChart(r.metric().label() + " (" + arrow(r) + ")", null, null, data,
                PlotOrientation.VERTICAL, false, false, false);
        chart.getCategoryPlot().setRenderer(bars);
        Charts.styled(chart);
        chart.getTitle().setFont(new Font("SansSerif", Font.BOLD, 11));
        bars.columnPaints(variantPaints());
        bars.setItemMargin(0);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.getDomainAxis().setTickLabelFont(new Font("SansSerif", Font.PLAIN, 9));
        plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        double upper = r.metric().unitScale() ? 1.0 : (top <= 0 ? 1 : top * 1.1);
        ((NumberAxis) plot.getRangeAxis()).setRange(0, upper);
        return chart;
    }

    /** A metric's name without its cut-off ("ndcg@10" -> "ndcg"). */
    private static String base(String name) {
        int at = name.indexOf('@');
        return at < 0 ? name : name.substring(0, at);
    }

    private static String arrow(Row r) {
        return switch (r.metric().direction()) {
            case HIGHER -> "higher is better";
            case LOWER -> "lower is better";
            case NEUTRAL -> "no better direction";
        };
    }

    // ---- accuracy against popularity, cost ---------------------------------------------------------

    /** The accuracy metric the scatter plots use: NDCG at the largest K, else the first accuracy metric. */
    Row primaryAccuracy() {
        List<Row> acc = comparison.rows(Family.ACCURACY);
        return acc.stream().filter(r -> r.metric().name().equals("ndcg@" + run.maxK())).findFirst()
                .orElse(acc.isEmpty() ? null : acc.get(0));
    }

    /** The name of {@link #primaryAccuracy()}'s metric, null when the run reports no accuracy metric. */
    static String primaryAccuracy(RunFolder run, Comparison comparison) {
        Row r = new ReportCharts(run, comparison, null).primaryAccuracy();
        return r == null ? null : r.metric().name();
    }

    /** The sparsity study ({@link Sparsity}): two grouped-bar panels side by side, or skipped with both reasons. */
    private void sparsity(Sparsity s) {
        String title = StudyCharts.SPARSITY_TITLE;
        if (s.isEmpty()) {
            skip("sparsity", title, s.metric() == null ? s.activityReason()
                    : "not by user activity: " + s.activityReason() + "; not by item popularity: " + s.popularityReason());
            return;
        }
        Map<String, UserActivity.Bucket> byLabel = new LinkedHashMap<>();
        UserActivity.BUCKETS.forEach(b -> byLabel.put(b.label(), b));
        // The activity panel (the first, when there is one) leads to the users of a bucket; the popularity panel to none.
        Figure f = StudyCharts.sparsity(run, s);
        if (!s.activity().isEmpty()) { // where the history lengths came from (recorded, or derived from the dataset)
            f = new Figure(f.id(), f.title(), f.caption() + " User activity: " + history.reason() + ".", f.panels(), f.columns(),
                    f.panelWidth(), f.panelHeight());
        }
        figures.add(f.withDrill(h -> s.activity().isEmpty() || h.panel() != 0 || h.category() == null ? null
                : historyTarget(String.valueOf(h.series()), s.metric(), byLabel.get(StudyCharts.bucketOf(String.valueOf(h.category()))))));
    }

    private void accuracyVsPopularity() {
        String title = "Accuracy against popularity";
        Row acc = primaryAccuracy();
        Row arp = comparison.rows().stream().filter(r -> r.metric().name().equals("arp")).findFirst().orElse(null);
        if (acc == null || arp == null) {
            skip("accuracy-vs-arp", title, "the run reports no " + (acc == null ? "accuracy metric" : "ARP"));
            return;
        }
        Map<String, double[]> x = new LinkedHashMap<>();
        for (Cell c : arp.cells()) {
            x.put(c.variant(), new double[] {c.estimate().mean(), c.estimate().low(), c.estimate().high()});
        }
        JFreeChart chart = scatter(acc, x, "ARP: mean popularity of recommended items (training users)");
        String sweeps = acc.metric().name().equals("ndcg@" + run.maxK()) ? popularitySweeps(chart) : "";
        figures.add(new Figure("accuracy-vs-arp", title, "One point per variant: " + acc.metric().label()
                + " against ARP, both with 95% intervals; the dashed line is the chance level of " + acc.metric().label() + "."
                + sweeps, List.of(chart), 1, 640, 420).withDrill(h -> h.dataset() == 0
                        ? metricTarget(String.valueOf(h.series()), acc.metric().name(), null, "") : null));
    }

    /**
     * Re-ranking sweep curves on the accuracy/ARP plane (Abdollahpouri et al.'s popularity control,
     * {@link RerankControl}: each variant's answers, scored by their rank, re-ranked with S(p) + beta *
     * S_pop(p) for beta in {@link RerankControl#BETAS}), drawn as a line in the variant's colour through
     * the variant's own point (beta = 0 is the run's lists). Needs the run's dataset (training
     * popularity) and a leave-last-out split; returns the caption's sentence, or why there is none.
     */
    private String popularitySweeps(JFreeChart chart) {
        RerankControl control = RerankControl.of(run);
        if (!control.available()) {
            return " No re-ranking sweep: " + control.reason() + ".";
        }
        List<RerankControl.Point> curve = control.betaCurve(0);
        XYSeriesCollection curves = new XYSeriesCollection();
        XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, true);
        int s = 0;
        for (String v : control.rerankedVariants()) {
            XYSeries series = new XYSeries(v + " sweep", false);
            for (RerankControl.Point p : curve) {
                double x = p.values().get(v, "arp");
                double y = p.values().get(v, "ndcg@" + control.k());
                if (Double.isFinite(x) && Double.isFinite(y)) {
                    series.add(x, y);
                }
            }
            curves.addSeries(series);
            lines.setSeriesPaint(s, colour(run, v));
            lines.setSeriesStroke(s, new BasicStroke(1.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, new float[] {4f, 3f}, 0f));
            lines.setSeriesShape(s, new java.awt.geom.Ellipse2D.Double(-2, -2, 4, 4));
            lines.setSeriesVisibleInLegend(s, false);
            s++;
        }
        XYPlot plot = chart.getXYPlot();
        plot.setDataset(1, curves);
        plot.setRenderer(1, lines);
        return " Dotted lines: each variant's answers re-ranked by S(p) + beta * S_pop(p) for beta from "
                + StudyCharts.value(RerankControl.BETAS[0]) + " (penalise popularity) to "
                + StudyCharts.value(RerankControl.BETAS[RerankControl.BETAS.length - 1])
                + ", recomputed on the run's dataset (training popularity of the leave-last-out split); each line passes through "
                + "its variant's point at beta = 0.";
    }

    private void costVsAccuracy() {
        String title = "Cost against accuracy";
        Row acc = primaryAccuracy();
        Map<String, double[]> costs = RunAnalysis.costs(run);
        boolean anyCost = costs.values().stream().anyMatch(c -> c[0] > 0);
        boolean anyTokens = costs.values().stream().anyMatch(c -> c[1] > 0);
        if (acc == null || !anyCost && !anyTokens) {
            skip("cost-vs-accuracy", title, acc == null ? "the run reports no accuracy metric"
                    : "no variant has a recorded cost or token usage (baselines and unpriced backends cost nothing)");
            return;
        }
        Map<String, double[]> x = new LinkedHashMap<>();
        costs.forEach((v, c) -> x.put(v, new double[] {anyCost ? c[0] : c[1], Double.NaN, Double.NaN}));
        String axis = anyCost ? "total cost of the variant's calls (USD)" : "total tokens of the variant's calls (no prices recorded)";
        figures.add(new Figure("cost-vs-accuracy", title, "One point per variant: " + acc.metric().label() + " against "
                + axis + ".", List.of(scatter(acc, x, axis)), 1, 640, 420)
                .withDrill(h -> metricTarget(String.valueOf(h.series()), acc.metric().name(), null, "")));
    }

    /** Variants as points (x with optional interval, y = the row's mean and interval) and the row's chance line. */
    private JFreeChart scatter(Row y, Map<String, double[]> x, String xLabel) {
        XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
        for (Cell c : y.cells()) {
            double[] xv = x.get(c.variant());
            if (xv == null) {
                continue; // a variant the figure does not place (a ranker on a prompt-only axis): no empty legend entry
            }
            XYIntervalSeries s = new XYIntervalSeries(c.variant());
            if (xv != null && !Double.isNaN(xv[0]) && !Double.isNaN(c.estimate().mean())) {
                Estimate e = c.estimate();
                s.add(xv[0], orSelf(xv[1], xv[0]), orSelf(xv[2], xv[0]), e.mean(), orSelf(e.low(), e.mean()), orSelf(e.high(), e.mean()));
            }
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createScatterPlot(null, xLabel, y.metric().label() + " (95% CI)", data);
        XYPlot plot = chart.getXYPlot();
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setErrorPaint(Color.DARK_GRAY);
        plot.setRenderer(renderer);
        Charts.styled(chart);
        for (int s = 0; s < data.getSeriesCount(); s++) {
            renderer.setSeriesPaint(s, ReportCharts.colour(run, (String) data.getSeriesKey(s)));
            renderer.setSeriesShape(s, new java.awt.geom.Ellipse2D.Double(-5, -5, 10, 10));
        }
        ((NumberAxis) plot.getDomainAxis()).setAutoRangeIncludesZero(false);
        chanceMarker(plot, y.chance());
        return chart;
    }

    private static void chanceMarker(XYPlot plot, double chance) {
        if (Double.isNaN(chance)) {
            return;
        }
        ValueMarker m = new ValueMarker(chance, CHANCE, DASHED);
        m.setLabel("chance");
        m.setLabelFont(new Font("SansSerif", Font.PLAIN, 10));
        m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        m.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
        plot.addRangeMarker(m);
        NumberAxis axis = (NumberAxis) plot.getRangeAxis();
        if (axis.getUpperBound() < chance * 1.05) {
            axis.setUpperBound(chance * 1.1);
        }
        if (axis.getLowerBound() > chance) {
            axis.setLowerBound(Math.max(0, chance * 0.9));
        }
    }

    // ---- grounding outcomes ------------------------------------------------------------------------

    private static final Map<String, Color> OUTCOME_COLOURS = new LinkedHashMap<>();

    static {
        OUTCOME_COLOURS.put("HIT", new Color(0x009E73));
        OUTCOME_COLOURS.put("VALID", new Color(0x56B4E9));
        OUTCOME_COLOURS.put("OUT_OF_CANDIDATES", new Color(0xE69F00));
        OUTCOME_COLOURS.put("SEEN", new Color(0xCC79A7));
        OUTCOME_COLOURS.put("DUPLICATE", new Color(0xF0E442));
        OUTCOME_COLOURS.put("HALLUCINATED", new Color(0xD55E00));
        OUTCOME_COLOURS.put("OK", new Color(0x009E73));
        OUTCOME_COLOURS.put("WRONG_LENGTH", new Color(0xE69F00));
        OUTCOME_COLOURS.put("ABSTAINED", new Color(0x56B4E9));
        OUTCOME_COLOURS.put("UNPARSEABLE", new Color(0xCC79A7));
        OUTCOME_COLOURS.put("ERROR", new Color(0x000000));
    }

    private void groundingOutcomes() {
        String title = "Grounding outcomes per variant";
        Map<String, Map<String, Long>> slots = new LinkedHashMap<>();
        Map<String, Map<String, Long>> statuses = new LinkedHashMap<>();
        for (RunFolder.Variant v : run.variants()) {
            slots.put(v.id(), v.slotOutcomes().isEmpty() ? countSlots(v.id()) : v.slotOutcomes());
            statuses.put(v.id(), v.statuses().isEmpty() ? countStatuses(v.id()) : v.statuses());
        }
        boolean hasSlots = slots.values().stream().anyMatch(m -> total(m) > 0);
        boolean hasStatuses = statuses.values().stream().anyMatch(m -> total(m) > 0);
        if (!hasSlots && !hasStatuses) {
            skip("grounding-outcomes", title, "the run recorded no grounded slots and no response statuses");
            return;
        }
        List<JFreeChart> panels = new ArrayList<>();
        List<String> parts = new ArrayList<>();
        if (hasSlots) {
            panels.add(stacked(slots, "share of slots"));
            parts.add("what each recommended slot was (HIT: a held-out item; VALID: a catalog item among the candidates; "
                    + "OUT_OF_CANDIDATES, SEEN, DUPLICATE, HALLUCINATED)");
        }
        if (hasStatuses) {
            panels.add(stacked(statuses, "share of responses"));
            parts.add("what each response was as a whole (OK, WRONG_LENGTH, ABSTAINED, UNPARSEABLE, ERROR)");
        }
        String caption = parts.size() == 2 ? "Left: " + parts.get(0) + ". Right: " + parts.get(1) + "."
                : Character.toUpperCase(parts.get(0).charAt(0)) + parts.get(0).substring(1) + "; the run recorded "
                        + (hasSlots ? "no response statuses." : "no grounded slots.");
        figures.add(new Figure("grounding-outcomes", title, caption, panels, 2, Math.max(360, 120 + run.variants().size() * 60), 400)
                .withDrill(h -> outcomeTarget(String.valueOf(h.category()), String.valueOf(h.series()), hasSlots && h.panel() == 0)));
    }

    private JFreeChart stacked(Map<String, Map<String, Long>> counts, String axis) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        List<String> keys = new ArrayList<>();
        counts.values().forEach(m -> m.forEach((k, n) -> {
            if (n > 0 && !keys.contains(k)) {
                keys.add(k);
            }
        }));
        keys.sort(java.util.Comparator.comparingInt(k -> OUTCOME_COLOURS.containsKey(k)
                ? new ArrayList<>(OUTCOME_COLOURS.keySet()).indexOf(k) : 99));
        counts.forEach((variant, m) -> keys.forEach(k -> data.addValue(m.getOrDefault(k, 0L), k, variant)));
        JFreeChart chart = ChartFactory.createStackedBarChart(null, null, axis, data);
        Charts.styled(chart);
        StackedBarRenderer r = (StackedBarRenderer) chart.getCategoryPlot().getRenderer();
        r.setRenderAsPercentages(true);
        for (int s = 0; s < keys.size(); s++) {
            r.setSeriesPaint(s, OUTCOME_COLOURS.getOrDefault(keys.get(s), Color.GRAY));
        }
        NumberAxis range = (NumberAxis) chart.getCategoryPlot().getRangeAxis();
        range.setNumberFormatOverride(java.text.NumberFormat.getPercentInstance(Locale.ROOT));
        range.setRange(0, 1);
        chart.getCategoryPlot().getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        return chart;
    }

    private Map<String, Long> countSlots(String variant) {
        Map<String, Long> m = new LinkedHashMap<>();
        run.calls().stream().filter(c -> c.variant().equals(variant))
                .forEach(c -> c.slots().forEach(s -> m.merge(String.valueOf(s.outcome()), 1L, Long::sum)));
        return m;
    }

    private Map<String, Long> countStatuses(String variant) {
        Map<String, Long> m = new LinkedHashMap<>();
        run.calls().stream().filter(c -> c.variant().equals(variant) && c.status() != null)
                .forEach(c -> m.merge(c.status(), 1L, Long::sum));
        return m;
    }

    private static long total(Map<String, Long> m) {
        return m.values().stream().mapToLong(Long::longValue).sum();
    }

    // ---- position bias, history length, exposure --------------------------------------------------

    private void positionBias() {
        String title = "Position bias";
        Map<String, PositionBias.ByPosition> byVariant = RunAnalysis.positionBias(run, run.maxK());
        if (byVariant.isEmpty()) {
            skip("position-bias", title, run.hasResponses()
                    ? "the answers record no candidates in prompt order with the held-out item (no candidate protocol?)"
                    : "the run folder has no " + RunFolder.RESPONSES + " (candidates in prompt order and held-out items)");
            return;
        }
        List<String> heatmapRows = List.copyOf(byVariant.keySet());
        int heatmapColumns = Heatmap.columns(byVariant);
        figures.add(new Figure("position-bias", title, "HR@" + run.maxK() + " by the prompt position of the held-out item "
                + "(each cell: hits / answers with the item there, so few answers per cell make it noisy; grey: no answer). Without position bias every column is alike; "
                + "the chance level is " + Formats.value(Math.min(run.maxK(), Math.max(1, run.candidateCount()))
                        / (double) Math.max(1, run.candidateCount())) + ".",
                List.of(Heatmap.of(byVariant)), 1, Math.max(640, 140 + 34 * Heatmap.columns(byVariant)), 120 + 34 * byVariant.size())
                .withDrill(h -> h.item() < 0 ? null : positionTarget(heatmapRows.get(h.item() / heatmapColumns), h.item() % heatmapColumns + 1)));
    }

    /**
     * The candidate-order study: per order group (the variants that differ only in their order),
     * HR@K by the held-out item's prompt position with every order pooled, and the share of answers
     * whose top item was offered at each position against 1/C. Nothing when the run has one order.
     */
    private void orderSensitivity(SensitivityStudy s) {
        if (s.orders().isEmpty()) {
            return;
        }
        Map<String, PositionBias.ByPosition> pooled = new LinkedHashMap<>();
        s.orders().forEach(g -> pooled.put(g.label(), g.hitRate()));
        figures.add(new Figure("order-hit-rate", "Hit rate by held-out position, orders pooled",
                "HR@" + s.k() + " by the prompt position of the held-out item, one row per group of variants that differ only in the "
                        + "candidate order (every order pooled, so each position has answers from several orders). Without position "
                        + "bias every column is alike.",
                List.of(Heatmap.of(pooled)), 1, Math.max(640, 140 + 34 * Heatmap.columns(pooled)), 120 + 34 * pooled.size()));
        XYSeriesCollection data = new XYSeriesCollection();
        double chance = Double.NaN;
        for (SensitivityStudy.OrderGroup g : s.orders()) {
            XYSeries series = new XYSeries(g.label());
            for (int p = 1; p <= g.selection().length; p++) {
                series.add(p, nanToNull(g.selection()[p - 1]));
            }
            data.addSeries(series);
            chance = g.chance();
        }
        JFreeChart chart = ChartFactory.createXYLineChart(null, "prompt position of the candidate", "share of answers ranking it first",
                data, PlotOrientation.VERTICAL, true, false, false);
        Charts.styled(chart);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, Charts.colour(i));
        }
        plot.setRenderer(renderer);
        NumberAxis x = (NumberAxis) plot.getDomainAxis();
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        ((NumberAxis) plot.getRangeAxis()).setRange(0, 1);
        chanceMarker(plot, chance);
        figures.add(new Figure("first-slot-selection", "First-slot selection by prompt position",
                "For each prompt position, the share of answers whose first-ranked item is the candidate offered there, per order "
                        + "group; the dashed line is 1/C (" + Formats.value(chance) + "), the rate without position bias. A peak at "
                        + "position 1 is primacy bias, at the last position recency bias.",
                List.of(chart), 1, 760, 380));
    }

    /**
     * Calibration (Steck 2018): the genre distribution of the evaluated users' histories (their
     * interactions minus the held-out items, each item's genres sharing its unit) against that of
     * each variant's recommended items, over the ten genres most common in the histories; the
     * caption gives each variant's KL(histories || recommendations) as the metrics compute it
     * ({@link org.recprompt.metrics.diversity.CalibrationKl}).
     */
    private void genreCalibration() {
        String title = "Genres of histories and of recommendations (calibration)";
        if (run.calls().isEmpty()) {
            skip("calibration", title, "the run folder has no recommended items per answer");
            return;
        }
        RunDataset loaded = RunDataset.of(run);
        if (loaded.dataset() == null || loaded.dataset().items().genreNames().isEmpty()) {
            skip("calibration", title, loaded.dataset() == null ? loaded.reason() : "the dataset has no genres");
            return;
        }
        org.recprompt.dataset.Dataset d = loaded.dataset();
        int genres = d.items().genreNames().size();
        double[] history = new double[genres];
        Map<String, double[]> recommended = new LinkedHashMap<>();
        java.util.Set<String> users = new java.util.HashSet<>();
        for (RunFolder.Call c : run.calls()) {
            double[] g = recommended.computeIfAbsent(c.variant(), v -> new double[genres]);
            for (RunFolder.Slot slot : c.slots()) {
                int item = slot.itemId() == null ? -1 : d.items().indexOf(slot.itemId());
                if (item >= 0 && slot.rank() <= run.maxK()) {
                    addGenres(d, item, g);
                }
            }
            if (users.add(c.user())) {
                int u = d.users().indexOf(c.user());
                java.util.Set<String> held = new java.util.HashSet<>(c.relevant());
                if (u >= 0) {
                    for (int row : d.rowsOf(u)) {
                        int item = d.interactions().item(row);
                        if (!held.contains(d.items().id(item))) {
                            addGenres(d, item, history);
                        }
                    }
                }
            }
        }
        double[] p = normalise(history);
        Integer[] order = new Integer[genres];
        for (int i = 0; i < genres; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        StringBuilder kl = new StringBuilder();
        for (int k = 0; k < Math.min(10, genres); k++) {
            data.addValue(p[order[k]], "histories", d.items().genreNames().get(order[k]));
        }
        recommended.forEach((variant, counts) -> {
            double[] q = normalise(counts);
            for (int k = 0; k < Math.min(10, genres); k++) {
                data.addValue(q[order[k]], variant, d.items().genreNames().get(order[k]));
            }
            kl.append(kl.length() == 0 ? "" : ", ").append(variant).append(' ')
                    .append(String.format(Locale.ROOT, "%.3f", org.recprompt.metrics.diversity.CalibrationKl.divergence(p, q,
                            org.recprompt.metrics.diversity.CalibrationKl.DEFAULT_ALPHA)));
        });
        JFreeChart chart = ChartFactory.createBarChart(null, null, "share of genre assignments", data);
        Charts.styled(chart);
        org.jfree.chart.renderer.category.BarRenderer bars = (org.jfree.chart.renderer.category.BarRenderer) chart.getCategoryPlot().getRenderer();
        bars.setSeriesPaint(0, new Color(0xBBBBBB));
        for (int s = 1; s < data.getRowCount(); s++) {
            bars.setSeriesPaint(s, colour(run, (String) data.getRowKey(s)));
        }
        chart.getCategoryPlot().getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        figures.add(new Figure("calibration", title, "Genre shares over the ten genres most common in the evaluated users' "
                + "histories (grey) and in each variant's top-" + run.maxK() + " recommendations; KL(histories || recommendations), "
                + "lower is better calibrated: " + kl + ".", List.of(chart), 1, 900, 400));
    }

    private static void addGenres(org.recprompt.dataset.Dataset d, int item, double[] into) {
        int[] g = d.items().genres()[item];
        for (int x : g) {
            into[x] += 1.0 / g.length;
        }
    }

    private static double[] normalise(double[] v) {
        double sum = java.util.Arrays.stream(v).sum();
        return java.util.Arrays.stream(v).map(x -> sum == 0 ? 0 : x / sum).toArray();
    }


    private void lorenz() {
        String title = "Exposure (Lorenz curves)";
        Object items = run.dataset().get("items");
        int catalog = items instanceof Number n ? n.intValue() : 0;
        Map<String, long[]> exposure = RunAnalysis.exposure(run, run.maxK(), catalog);
        if (exposure.isEmpty()) {
            skip("lorenz", title, "the run folder has no recommended items per answer");
            return;
        }
        Map<String, long[]> recommended = new LinkedHashMap<>();
        exposure.forEach((v, counts) -> recommended.put(v, java.util.Arrays.stream(counts).filter(x -> x > 0).toArray()));
        List<JFreeChart> panels = new ArrayList<>();
        panels.add(lorenzPanel(exposure, catalog > 0 ? "share of the " + catalog + " catalog items" : "share of recommended items", true));
        if (catalog > 0) {
            panels.add(lorenzPanel(recommended, "share of the items recommended at least once", false));
        }
        figures.add(new Figure("lorenz", title, "Cumulative share of top-" + run.maxK() + " recommendations against the cumulative "
                + "share of items, least recommended first; the further below the diagonal, the more concentrated the exposure. "
                + (catalog > 0 ? "Left: the whole catalog, never-recommended items included (the Gini in the legend). "
                        + "Right: only the items each variant recommended at least once." : ""),
                panels, 2, 480, 460));
    }

    private JFreeChart lorenzPanel(Map<String, long[]> exposure, String xLabel, boolean gini) {
        XYSeriesCollection data = new XYSeriesCollection();
        exposure.forEach((variant, counts) -> {
            XYSeries s = new XYSeries(gini ? variant + " (Gini " + Formats.value(RunAnalysis.gini(counts)) + ")" : variant, false, false);
            for (double[] p : RunAnalysis.lorenz(counts, 200)) {
                s.add(p[0], p[1]);
            }
            data.addSeries(s);
        });
        XYSeries equality = new XYSeries("equal exposure", false, false);
        equality.add(0, 0);
        equality.add(1, 1);
        data.addSeries(equality);
        JFreeChart chart = ChartFactory.createXYLineChart(null, xLabel + " (least recommended first)", "share of recommendations", data);
        Charts.styled(chart);
        XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) chart.getXYPlot().getRenderer();
        r.setDrawSeriesLineAsPath(true);
        int s = 0;
        for (String variant : exposure.keySet()) {
            r.setSeriesPaint(s++, colour(run, variant));
        }
        r.setSeriesPaint(s, CHANCE);
        r.setSeriesStroke(s, DASHED);
        ((NumberAxis) chart.getXYPlot().getDomainAxis()).setRange(0, 1);
        ((NumberAxis) chart.getXYPlot().getRangeAxis()).setRange(0, 1);
        return chart;
    }

    // ---- cold start: metrics against the history-length axis -------------------------------------

    /** The metrics of the cold-start figure, when the run reports them: accuracy, hallucination rate, ARP. */
    private List<Row> coldStartRows() {
        List<Row> out = new ArrayList<>();
        Row acc = primaryAccuracy();
        if (acc != null) {
            out.add(acc);
        }
        for (String name : List.of("hallucination_rate", "arp")) {
            comparison.rows().stream().filter(r -> r.metric().name().equals(name)).findFirst().ifPresent(out::add);
        }
        return out;
    }

    /**
     * Cold start (the history axis): each metric against the number of history items the backend was
     * shown (0: none, the zero-shot prompt; full: all), one line per variant with the history taken
     * out of its id (so per backend, template, ...), in the colour of its first variant. Only when the
     * run has at least two history lengths.
     */
    private void coldStart() {
        String id = "cold-start";
        String title = "Cold start: metrics against the history items shown";
        Map<String, String> historyOf = new LinkedHashMap<>();
        for (RunFolder.Variant v : run.variants()) {
            if (v.history() != null && !v.history().equals("template")) {
                historyOf.put(v.id(), v.history());
            }
        }
        List<String> lengths = historyOf.values().stream().distinct().sorted(java.util.Comparator.comparingLong(ReportCharts::lengthOrder))
                .toList();
        List<Row> rows = coldStartRows();
        if (lengths.size() < 2 || rows.isEmpty()) {
            skip(id, title, rows.isEmpty() ? "the run reports no accuracy, hallucination rate or ARP"
                    : "the run has " + (lengths.isEmpty() ? "no history axis" : "one history length (" + lengths.get(0) + ")")
                            + ": add history: [0, 1, 3, 5, 10, full] to the experiment for a cold-start curve");
            return;
        }
        Map<String, String> lineOf = new LinkedHashMap<>();
        Map<String, String> firstVariant = new LinkedHashMap<>();
        historyOf.forEach((variant, h) -> {
            List<String> parts = new ArrayList<>(List.of(variant.split("/")));
            parts.remove("h" + h);
            String line = String.join("/", parts);
            lineOf.put(variant, line);
            firstVariant.putIfAbsent(line, variant);
        });
        List<JFreeChart> panels = new ArrayList<>();
        for (Row r : rows) {
            DefaultCategoryDataset data = new DefaultCategoryDataset();
            for (String line : firstVariant.keySet()) {
                for (String h : lengths) {
                    data.addValue(null, line, h);
                }
            }
            for (Cell cell : r.cells()) {
                String line = lineOf.get(cell.variant());
                if (line != null) {
                    data.addValue(nanToNull(cell.estimate().mean()), line, historyOf.get(cell.variant()));
                }
            }
            JFreeChart chart = ChartFactory.createLineChart(r.metric().label() + " (" + arrow(r) + ")",
                    "history items shown (0: none)", r.metric().label(), data, PlotOrientation.VERTICAL, panels.isEmpty(), false, false);
            Charts.styled(chart);
            chart.getTitle().setFont(new Font("SansSerif", Font.BOLD, 11));
            CategoryPlot plot = chart.getCategoryPlot();
            org.jfree.chart.renderer.category.LineAndShapeRenderer lines = new org.jfree.chart.renderer.category.LineAndShapeRenderer(true, true);
            int s = 0;
            for (String line : firstVariant.keySet()) {
                lines.setSeriesPaint(s, colour(run, firstVariant.get(line)));
                lines.setSeriesStroke(s, new BasicStroke(2f));
                lines.setSeriesShape(s, new java.awt.geom.Ellipse2D.Double(-3, -3, 6, 6));
                s++;
            }
            plot.setRenderer(lines);
            if (r.metric().unitScale()) {
                ((NumberAxis) plot.getRangeAxis()).setRange(0, 1);
            }
            if (!Double.isNaN(r.chance())) {
                ValueMarker m = new ValueMarker(r.chance(), CHANCE, DASHED);
                m.setLabel("chance");
                m.setLabelFont(new Font("SansSerif", Font.PLAIN, 10));
                m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
                m.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
                plot.addRangeMarker(m);
            }
            panels.add(chart);
        }
        figures.add(new Figure(id, title, "Each metric against the number of most recent history items the backend saw (0: "
                + "none, the zero-shot prompt; full: the whole training history), one line per variant without its history "
                + "(rankers that read no history, such as most-popular, are flat: a reference line); the dashed line is the "
                + "chance level. Where a language model's line lies above the rankers' at few items, zero-shot knowledge helps; "
                + "where they cross, it stops helping.", panels, rows.size(), 420, 340));
    }

    /** Sorts history lengths: numbers ascending, then "full", then anything else. */
    private static long lengthOrder(String h) {
        if (h.matches("\\d+")) {
            return Long.parseLong(h);
        }
        return h.equals("full") ? Long.MAX_VALUE - 1 : Long.MAX_VALUE;
    }

    // ---- the echo-chamber simulation ------------------------------------------------------------

    static final List<String> TRAJECTORY_METRICS = List.of("history_entropy", "homogenisation", "calibration_kl", "arp",
            "coverage", "history_kl");
    private static final Map<String, String> TRAJECTORY_LABELS = Map.of(
            "history_entropy", "History genre entropy (bits)",
            "homogenisation", "Homogenisation (mean Jaccard of lists)",
            "calibration_kl", "Calibration KL of lists vs round-0 profile",
            "arp", "ARP of lists",
            "coverage", "Catalog coverage of lists",
            "history_kl", "History drift: KL vs round-0 profile");

    /**
     * The simulation's trajectories (rounds.csv): one panel per metric, value against round, one line
     * per variant in its colour. A narrowing history entropy with rising homogenisation is the echo
     * chamber forming.
     */
    private void echoChamber() {
        String id = "echo-chamber";
        String title = "Echo chamber over simulated rounds";
        Map<String, Map<String, double[]>> rounds = run.rounds();
        if (rounds.isEmpty()) {
            skip(id, title, "the run has no simulation (add simulation: { rounds: 5, accept: top-1 } to the experiment)");
            return;
        }
        List<JFreeChart> panels = new ArrayList<>();
        for (String metric : TRAJECTORY_METRICS) {
            XYSeriesCollection data = new XYSeriesCollection();
            List<String> variants = new ArrayList<>();
            for (Map.Entry<String, Map<String, double[]>> e : rounds.entrySet()) {
                double[] values = e.getValue().get(metric);
                if (values == null) {
                    continue;
                }
                XYSeries series = new XYSeries(e.getKey(), false);
                for (int r = 0; r < values.length; r++) {
                    if (!Double.isNaN(values[r])) {
                        series.add(r, values[r]);
                    }
                }
                data.addSeries(series);
                variants.add(e.getKey());
            }
            if (variants.isEmpty()) {
                continue;
            }
            JFreeChart chart = ChartFactory.createXYLineChart(TRAJECTORY_LABELS.get(metric), "round", null, data,
                    PlotOrientation.VERTICAL, panels.isEmpty(), false, false);
            Charts.styled(chart);
            chart.getTitle().setFont(new Font("SansSerif", Font.BOLD, 11));
            XYPlot plot = chart.getXYPlot();
            XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, true);
            for (int s = 0; s < variants.size(); s++) {
                lines.setSeriesPaint(s, colour(run, variants.get(s)));
                lines.setSeriesStroke(s, new BasicStroke(2f));
                lines.setSeriesShape(s, new java.awt.geom.Ellipse2D.Double(-3, -3, 6, 6));
            }
            plot.setRenderer(lines);
            NumberAxis x = (NumberAxis) plot.getDomainAxis();
            x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
            ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
            panels.add(chart);
        }
        Map<String, Object> sim = run.simulation();
        String how = sim.isEmpty() ? "" : " Choice model: " + sim.getOrDefault("accept", "?") + ", " + sim.getOrDefault("rounds", "?")
                + " rounds, seed " + sim.getOrDefault("seed", "?") + (sim.containsKey("note") ? " (" + sim.get("note") + ")" : "") + ".";
        figures.add(new Figure(id, title, "Each round the users accepted items from their lists, which joined their histories"
                + " for the next round. History entropy and drift are of the histories at the start of each round (the last"
                + " point is after the last acceptance); the other panels are of each round's lists. A falling entropy with"
                + " rising homogenisation is a filter bubble forming." + how, panels, 3, 380, 300));
    }

    // ---- helpers -------------------------------------------------------------------------------

    // ---- privacy and fairness studies ---------------------------------------------------------------

    /** Accuracy against the information each variant sent (the privacy axis): real history titles, prompt bytes. */
    private void privacyTradeOff() {
        String title = "Accuracy against information sent";
        Studies st = run.studies();
        Row acc = primaryAccuracy();
        if (!st.privacyVaries()) {
            return; // not a privacy study: no figure and no note
        }
        if (acc == null) {
            skip("privacy-trade-off", title, "the run reports no accuracy metric");
            return;
        }
        Map<String, double[]> titles = new LinkedHashMap<>();
        Map<String, double[]> bytes = new LinkedHashMap<>();
        List<String> failed = new ArrayList<>();
        for (Studies.Privacy p : st.privacy()) {
            RunFolder.Variant v = run.variant(p.variant());
            if (v != null && v.calls() > 0 && v.statuses().getOrDefault("ERROR", 0L) >= v.calls()) {
                failed.add(p.variant()); // every call failed (refused under local only, unreachable): no point to draw
                continue;
            }
            titles.put(p.variant(), new double[] {p.realHistoryItems(), Double.NaN, Double.NaN});
            bytes.put(p.variant(), new double[] {p.promptBytes(), Double.NaN, Double.NaN});
        }
        JFreeChart byTitles = scatter(acc, titles, "real history titles sent per prompt (mean)");
        ((NumberAxis) byTitles.getXYPlot().getDomainAxis()).setAutoRangeIncludesZero(true);
        JFreeChart byBytes = scatter(acc, bytes, "prompt size in bytes (mean)");
        figures.add(new Figure("privacy-trade-off", title, "One point per prompt-based variant: " + acc.metric().label()
                + " (95% interval) against how much of the user's data its prompts carried: left, the mean number of the"
                + " user's real history titles shown (0 with genres only; replaced items do not count); right, the mean"
                + " prompt size. The dashed line is the chance level."
                + (failed.isEmpty() ? "" : " Not drawn, every call failed: " + String.join(", ", failed) + "."),
                List.of(byTitles, byBytes), 2, 560, 400));
    }

    /** FaiRLLM: each sensitive value's similarity to the neutral lists, one panel per measure; SNSR/SNSV in the caption. */
    private void fairnessProbes() {
        String title = "Fairness probes: similarity to the neutral request";
        Studies.Probes probes = run.studies().probes();
        if (probes == null) {
            return; // not a probe study: no figure and no note
        }
        if (probes.values().isEmpty()) {
            skip("fairness-probes", title, "the probe study has no sensitive value with a prompt-based backend");
            return;
        }
        String[] measures = {"Jaccard", "SERP*", "PRAG*"};
        List<JFreeChart> panels = new ArrayList<>();
        for (int m = 0; m < 3; m++) {
            DefaultCategoryDataset data = new DefaultCategoryDataset();
            for (Studies.ProbeValue v : probes.values()) {
                double x = m == 0 ? v.jaccard() : m == 1 ? v.serp() : v.prag();
                data.addValue(nanToNull(x), v.group(), v.attribute() + "=" + v.value());
            }
            JFreeChart chart = ChartFactory.createBarChart(measures[m] + "@" + probes.k(), null, null, data,
                    PlotOrientation.VERTICAL, m == 0, false, false);
            Charts.styled(chart);
            chart.getTitle().setFont(new Font("SansSerif", Font.BOLD, 11));
            CategoryPlot plot = chart.getCategoryPlot();
            for (int s = 0; s < data.getRowCount(); s++) {
                plot.getRenderer().setSeriesPaint(s, Charts.colour(s));
            }
            plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
            ((NumberAxis) plot.getRangeAxis()).setRange(0, 1.0);
            panels.add(chart);
        }
        StringBuilder caption = new StringBuilder("Each bar: the mean similarity, over users, of the list for a sensitive value"
                + " to the same user's neutral list (top " + probes.k() + ", grounded to the catalog); 1 = identical. "
                + "Unfairness per attribute, SNSR = max - min and SNSV = standard deviation over its values:");
        for (Studies.ProbeAttribute a : probes.attributes()) {
            caption.append(String.format(Locale.ROOT, " %s%s: SNSR %s, SNSV %s (Jaccard);", a.group().isEmpty() ? ""
                    : a.group() + " ", a.attribute(), fmt(a.snsr().get("jaccard")), fmt(a.snsv().get("jaccard"))));
        }
        caption.setLength(caption.length() - 1);
        caption.append(". ").append(probes.normalisation()).append('.');
        int categories = (int) probes.values().stream().map(v -> v.attribute() + "=" + v.value()).distinct().count();
        figures.add(new Figure("fairness-probes", title, caption.toString(), panels, 3, Math.max(300, 60 + categories * 40), 340));
    }

    /** Group accuracy gaps: one panel per grouping, each group's mean of the gap metric per variant. */
    private void groupGaps() {
        String title = "Accuracy by user group";
        Studies.Gaps gaps = run.studies().gaps();
        if (gaps == null) {
            return; // runs written before group gaps: no figure and no note
        }
        if (gaps.rows().isEmpty()) {
            skip("group-gaps", title, "no grouping of the run's users has two groups (activity needs users of different"
                    + " history lengths; gender, age and occupation need a dataset that records them, such as ml-100k)"
                    + (gaps.reading().isEmpty() ? "" : ". " + gaps.reading()));
            return;
        }
        Map<String, List<Studies.Gap>> byGrouping = new LinkedHashMap<>();
        gaps.rows().forEach(g -> byGrouping.computeIfAbsent(g.by(), k -> new ArrayList<>()).add(g));
        List<JFreeChart> panels = new ArrayList<>();
        StringBuilder caption = new StringBuilder("Each group's mean " + gaps.metric() + " per variant; gap = best - worst group,"
                + " p from a " + gaps.test() + ".");
        for (Map.Entry<String, List<Studies.Gap>> e : byGrouping.entrySet()) {
            DefaultCategoryDataset data = new DefaultCategoryDataset();
            for (Studies.Gap g : e.getValue()) {
                for (Studies.Group group : g.groups()) {
                    data.addValue(nanToNull(group.mean()), g.variant(), group.name() + " (" + group.n()
                            + (group.small() ? ", small)" : ")"));
                }
            }
            JFreeChart chart = ChartFactory.createBarChart(e.getKey(), null, gaps.metric(), data, PlotOrientation.VERTICAL,
                    panels.isEmpty(), false, false);
            Charts.styled(chart);
            chart.getTitle().setFont(new Font("SansSerif", Font.BOLD, 11));
            var renderer = chart.getCategoryPlot().getRenderer();
            for (int sIdx = 0; sIdx < data.getRowCount(); sIdx++) {
                renderer.setSeriesPaint(sIdx, colour(run, (String) data.getRowKey(sIdx)));
            }
            chart.getCategoryPlot().getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
            chart.getCategoryPlot().getDomainAxis().setTickLabelFont(new Font("SansSerif", Font.PLAIN, 9));
            panels.add(chart);
            Studies.Gap widest = e.getValue().stream().max(java.util.Comparator.comparingDouble(Studies.Gap::gap)).orElseThrow();
            if (widest.gap() == 0) {
                caption.append(String.format(Locale.ROOT, " %s: no gap (every group has the same mean).", e.getKey()));
            } else {
                caption.append(String.format(Locale.ROOT, " %s: largest gap %s (%s, %s vs %s, Holm p %s).", e.getKey(),
                        fmt(widest.gap()), widest.variant(), widest.best(), widest.worst(), fmt(widest.pHolm())));
            }
        }
        if (!gaps.reading().isEmpty()) {
            caption.append(' ').append(gaps.reading());
        }
        figures.add(new Figure("group-gaps", title, caption.toString(), panels, 2, 520, 340));
    }

    private static String fmt(Double x) {
        return x == null || Double.isNaN(x) ? "-" : String.format(Locale.ROOT, "%.3f", x);
    }

    private void variantColours(org.jfree.chart.renderer.category.BarRenderer bars) {
        for (int s = 0; s < run.variants().size(); s++) {
            bars.setSeriesPaint(s, Charts.colour(s));
        }
    }

    private Paint[] variantPaints() {
        Paint[] p = new Paint[run.variants().size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = Charts.colour(i);
        }
        return p;
    }

    private static Double nanToNull(double x) {
        return Double.isNaN(x) ? null : x;
    }

    private static double nanToZero(double x) {
        return Double.isNaN(x) ? 0 : x;
    }

    private static double orSelf(double x, double fallback) {
        return Double.isNaN(x) ? fallback : x;
    }
}
