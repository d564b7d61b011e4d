package org.recprompt.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.recprompt.base.Charts;
import org.recprompt.dataset.UserActivity;

/**
 * The figures of the popularity/calibration control and of the sparsity study: sweep curves with
 * the current parameter marked, and the two grouped-bar panels of {@link Sparsity}. Colours follow
 * the variants' positions in the run, as in every other figure.
 */
public final class StudyCharts {

    /** The sparsity figure's title (also the run tab's one heading of its Sparsity section). */
    public static final String SPARSITY_TITLE = "Sparsity: accuracy by user activity and by item popularity";

    private StudyCharts() {
    }

    /**
     * Accuracy against ARP (left) and against item coverage (right) along the popularity sweep
     * ({@link RerankControl#BETAS}, at the given lambda), each variant a line in its colour, the current beta a large
     * square (its value in the caption).
     */
    public static Figure popularitySweep(RerankControl control, List<RerankControl.Point> curve, double beta, double lambda,
            RerankControl.Values current) {
        String acc = "ndcg@" + control.k();
        List<JFreeChart> panels = List.of(
                sweepPanel(control, curve, current, acc, "arp", "ARP: mean training popularity of recommended items"),
                sweepPanel(control, curve, current, acc, "coverage", "item coverage of all lists"));
        return new Figure("popularity-control", "Accuracy against popularity under re-ranking",
                "Each variant's answers re-ranked by S(p) + beta * S_pop(p) (S: rank-derived score, S_pop: training popularity over "
                        + "the most popular item's) for beta from " + value(RerankControl.BETAS[0])
                        + " (penalise popularity) to " + value(RerankControl.BETAS[RerankControl.BETAS.length - 1]) + " (promote it)"
                        + (lambda > 0 ? ", then calibrated with lambda = " + value(lambda) : "") + ". The square marks beta = "
                        + value(beta) + "; the run's own lists are at beta = 0. No model was asked again.",
                panels, 2, 520, 420);
    }

    /** Accuracy against calibration KL along the calibration sweep (lambda 0 to 1, at the given beta), the current lambda marked. */
    public static Figure calibrationSweep(RerankControl control, List<RerankControl.Point> curve, double beta, double lambda,
            RerankControl.Values current) {
        String acc = "ndcg@" + control.k();
        return new Figure("calibration-control", "Accuracy against calibration under re-ranking",
                "Each variant's answers re-ranked by Steck's calibration (greedy (1 - lambda) * sum S - lambda * C_KL) for lambda from 0 "
                        + "to 1" + (beta != 0 ? ", after popularity control with beta = " + value(beta) : "")
                        + "; lower KL is better calibrated. The square marks lambda = " + value(lambda) + ". No model was asked again.",
                List.of(sweepPanel(control, curve, current, acc, "calibration_kl", "calibration KL (bits), lower is better calibrated")),
                1, 640, 420);
    }

    private static JFreeChart sweepPanel(RerankControl control, List<RerankControl.Point> curve, RerankControl.Values current,
            String yMetric, String xMetric, String xLabel) {
        XYSeriesCollection lines = new XYSeriesCollection();
        XYSeriesCollection marks = new XYSeriesCollection();
        List<String> variants = control.rerankedVariants();
        for (String v : variants) {
            XYSeries s = new XYSeries(v, false, true);
            for (RerankControl.Point p : curve) {
                addIfFinite(s, p.values().get(v, xMetric), p.values().get(v, yMetric));
            }
            lines.addSeries(s);
            XYSeries m = new XYSeries(v + " now", false, true);
            addIfFinite(m, current.get(v, xMetric), current.get(v, yMetric));
            marks.addSeries(m);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(null, xLabel, MetricDefinitions.of(yMetric).label(), lines);
        Charts.styled(chart);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) plot.getRenderer();
        XYLineAndShapeRenderer m = new XYLineAndShapeRenderer(false, true);
        for (int s = 0; s < variants.size(); s++) {
            Color c = Charts.colour(control.variants().indexOf(variants.get(s)));
            r.setSeriesPaint(s, c);
            r.setSeriesStroke(s, new BasicStroke(1.5f));
            r.setSeriesShapesVisible(s, true);
            r.setSeriesShape(s, new Ellipse2D.Double(-2, -2, 4, 4));
            m.setSeriesPaint(s, c);
            m.setSeriesShape(s, new Rectangle2D.Double(-6, -6, 12, 12));
            m.setSeriesVisibleInLegend(s, false);
            m.setSeriesOutlinePaint(s, Color.BLACK);
        }
        m.setUseOutlinePaint(true);
        m.setDrawOutlines(true);
        plot.setDataset(1, marks);
        plot.setRenderer(1, m);
        ((NumberAxis) plot.getDomainAxis()).setAutoRangeIncludesZero(false);
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        return chart;
    }

    private static void addIfFinite(XYSeries s, double x, double y) {
        if (Double.isFinite(x) && Double.isFinite(y)) {
            s.add(x, y);
        }
    }

    /**
     * The sparsity study as two grouped-bar panels side by side: the metric by user activity (left)
     * and by the held-out item's popularity (right), bars by variant with their 95% intervals; a
     * half without data is left out and the caption says why.
     */
    public static Figure sparsity(RunFolder run, Sparsity s) {
        List<JFreeChart> panels = new ArrayList<>();
        String label = MetricDefinitions.of(s.metric()).label();
        if (!s.activity().isEmpty()) {
            panels.add(bars(run, s.activity(), "training history length (items)", label));
        }
        if (!s.popularity().isEmpty()) {
            panels.add(bars(run, s.popularity(), "held-out item's training popularity", label));
        }
        String left = "by user activity (training history length in fixed buckets; cold: at most " + UserActivity.COLD_MAX + " items)";
        String right = "by the held-out item's popularity (head: the most popular items holding 20% of training interactions; "
                + "tail: the least popular holding the last 20%; mid: the rest)";
        String caption;
        if (panels.size() == 2) {
            caption = "Mean " + label + " of the users in each bucket with its 95% bootstrap interval; left " + left + ", right " + right
                    + ". n: users in the bucket.";
        } else if (!s.activity().isEmpty()) {
            caption = "Mean " + label + " " + left + " with 95% intervals; not by item popularity: " + s.popularityReason() + ".";
        } else {
            caption = "Mean " + label + " " + right + " with 95% intervals; not by user activity: " + s.activityReason() + ".";
        }
        return new Figure("sparsity", SPARSITY_TITLE, caption, panels, 2, 520, 400);
    }

    private static JFreeChart bars(RunFolder run, List<Sparsity.Group> groups, String xLabel, String yLabel) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        IntervalBarRenderer bars = new IntervalBarRenderer();
        double top = 0;
        for (Sparsity.Group g : groups) {
            String column = column(g);
            for (String v : run.variantIds()) {
                RunFolder.Estimate e = g.byVariant().get(v);
                data.addValue(e == null ? null : e.mean(), v, column);
                if (e != null) {
                    bars.interval(v, column, e.low(), e.high());
                    top = Math.max(top, Double.isNaN(e.high()) ? e.mean() : e.high());
                }
            }
        }
        JFreeChart chart = ChartFactory.createBarChart(null, xLabel, yLabel + " (95% CI)", data);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setRenderer(bars);
        Charts.styled(chart);
        for (int s = 0; s < data.getRowCount(); s++) {
            bars.setSeriesPaint(s, ReportCharts.colour(run, (String) data.getRowKey(s)));
        }
        bars.setItemMargin(0.05);
        plot.getDomainAxis().setTickLabelFont(new Font("SansSerif", Font.PLAIN, 10));
        plot.getDomainAxis().setMaximumCategoryLabelLines(2);
        ((NumberAxis) plot.getRangeAxis()).setRange(0, top <= 1 ? 1 : top * 1.05);
        return chart;
    }

    /** A bar group's column: the bucket and its users, "cold: 0-5 (n=12)". */
    static String column(Sparsity.Group g) {
        return g.bucket() + " (n=" + g.users() + ")";
    }

    /** The bucket of a column made by {@link #column}. */
    static String bucketOf(String column) {
        int n = column.lastIndexOf(" (n=");
        return n < 0 ? column : column.substring(0, n);
    }

    static String value(double x) {
        return String.format(Locale.ROOT, "%.2f", x);
    }
}
