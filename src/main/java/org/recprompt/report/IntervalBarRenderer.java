package org.recprompt.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.Stroke;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.HashMap;
import java.util.Map;

import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.CategoryItemRendererState;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.category.CategoryDataset;

/**
 * Bars with an asymmetric interval whisker on each (a bootstrap interval is rarely symmetric, so
 * JFreeChart's mean +- sd renderer does not fit), and optionally a reference level per category (a
 * line across the category, over its bars). Optionally colours each bar by its column instead of
 * its series, for charts whose categories are the variants.
 */
final class IntervalBarRenderer extends BarRenderer {

    private static final long serialVersionUID = 1L;

    private final Map<String, double[]> intervals = new HashMap<>();
    private final Map<String, Double> levels = new HashMap<>();
    private transient Paint levelPaint = Color.DARK_GRAY;
    private transient Stroke levelStroke = new BasicStroke(1.5f);
    private transient Paint[] columnPaints;

    /** The interval of the bar (row, column) by the dataset's keys. */
    void interval(Comparable<?> row, Comparable<?> column, double low, double high) {
        if (!Double.isNaN(low) && !Double.isNaN(high)) {
            intervals.put(row + "\u0000" + column, new double[] {low, high});
        }
    }

    /** A reference level (the chance level) drawn as a line across the whole category. */
    void level(Comparable<?> column, double value, Paint paint, Stroke stroke) {
        if (!Double.isNaN(value)) {
            levels.put(String.valueOf(column), value);
            levelPaint = paint;
            levelStroke = stroke;
        }
    }

    /** Colour bars by column (category) rather than by series. */
    void columnPaints(Paint[] paints) {
        this.columnPaints = paints.clone();
    }

    @Override
    public Paint getItemPaint(int row, int column) {
        return columnPaints != null && column < columnPaints.length ? columnPaints[column] : super.getItemPaint(row, column);
    }

    @Override
    public void drawItem(Graphics2D g2, CategoryItemRendererState state, Rectangle2D dataArea, CategoryPlot plot,
            CategoryAxis domainAxis, ValueAxis rangeAxis, CategoryDataset dataset, int row, int column, int pass) {
        super.drawItem(g2, state, dataArea, plot, domainAxis, rangeAxis, dataset, row, column, pass);
        if (row == dataset.getRowCount() - 1) {
            drawLevel(g2, dataArea, plot, domainAxis, rangeAxis, dataset, column);
        }
        int visibleRow = state.getVisibleSeriesIndex(row);
        double[] ci = intervals.get(dataset.getRowKey(row) + "\u0000" + dataset.getColumnKey(column));
        if (visibleRow < 0 || ci == null || ci[0] == ci[1]) {
            return;
        }
        PlotOrientation orientation = plot.getOrientation();
        double w0 = calculateBarW0(plot, orientation, dataArea, domainAxis, state, visibleRow, column);
        double middle = w0 + state.getBarWidth() / 2;
        double cap = Math.max(2, state.getBarWidth() / 4);
        RectangleEdge edge = plot.getRangeAxisEdge();
        double lo = rangeAxis.valueToJava2D(ci[0], dataArea, edge);
        double hi = rangeAxis.valueToJava2D(ci[1], dataArea, edge);
        g2.setPaint(Color.BLACK);
        g2.setStroke(new BasicStroke(1f));
        if (orientation == PlotOrientation.VERTICAL) {
            g2.draw(new Line2D.Double(middle, lo, middle, hi));
            g2.draw(new Line2D.Double(middle - cap, lo, middle + cap, lo));
            g2.draw(new Line2D.Double(middle - cap, hi, middle + cap, hi));
        } else {
            g2.draw(new Line2D.Double(lo, middle, hi, middle));
            g2.draw(new Line2D.Double(lo, middle - cap, lo, middle + cap));
            g2.draw(new Line2D.Double(hi, middle - cap, hi, middle + cap));
        }
    }

    private void drawLevel(Graphics2D g2, Rectangle2D dataArea, CategoryPlot plot, CategoryAxis domainAxis, ValueAxis rangeAxis,
            CategoryDataset dataset, int column) {
        Double level = levels.get(String.valueOf(dataset.getColumnKey(column)));
        if (level == null) {
            return;
        }
        RectangleEdge domainEdge = plot.getDomainAxisEdge();
        double start = domainAxis.getCategoryStart(column, dataset.getColumnCount(), dataArea, domainEdge);
        double end = domainAxis.getCategoryEnd(column, dataset.getColumnCount(), dataArea, domainEdge);
        double at = rangeAxis.valueToJava2D(level, dataArea, plot.getRangeAxisEdge());
        g2.setPaint(levelPaint);
        g2.setStroke(levelStroke);
        if (plot.getOrientation() == PlotOrientation.VERTICAL) {
            g2.draw(new Line2D.Double(start, at, end, at));
        } else {
            g2.draw(new Line2D.Double(at, start, at, end));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IntervalBarRenderer other && super.equals(o) && intervals.keySet().equals(other.intervals.keySet());
    }

    @Override
    public int hashCode() {
        return super.hashCode();
    }
}
