package org.recprompt.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.util.List;
import java.util.Map;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultXYZDataset;
import org.recprompt.base.Charts;
import org.recprompt.metrics.stability.PositionBias;

/**
 * The position-bias heatmap: one row per variant, one column per prompt position of the held-out
 * item, each cell's shade its hit rate on a white-to-blue scale (monotone in lightness, so it reads in
 * grey and with every colour-vision deficiency), the rate written in the cell.
 */
final class Heatmap {

    private static final Color HIGH = new Color(0x0072B2);
    private static final Color NONE = new Color(0xEEEEEE);

    private Heatmap() {
    }

    static int columns(Map<String, PositionBias.ByPosition> byVariant) {
        return byVariant.values().stream().mapToInt(b -> b.totals().length).max().orElse(0);
    }

    static JFreeChart of(Map<String, PositionBias.ByPosition> byVariant) {
        List<String> variants = List.copyOf(byVariant.keySet());
        int columns = columns(byVariant);
        int cells = variants.size() * columns;
        double[] x = new double[cells];
        double[] y = new double[cells];
        double[] z = new double[cells];
        XYPlot plot = new XYPlot();
        int i = 0;
        for (int v = 0; v < variants.size(); v++) {
            PositionBias.ByPosition b = byVariant.get(variants.get(v));
            for (int p = 1; p <= columns; p++, i++) {
                x[i] = p;
                y[i] = v;
                z[i] = p <= b.totals().length ? b.rate(p) : Double.NaN;
                if (!Double.isNaN(z[i])) {
                    XYTextAnnotation a = new XYTextAnnotation(Formats.shortValue(z[i]), p, v);
                    a.setFont(new Font("SansSerif", Font.PLAIN, 9));
                    a.setPaint(z[i] > 0.55 ? Color.WHITE : Color.BLACK);
                    plot.addAnnotation(a);
                }
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("hit rate", new double[][] {x, y, z});
        plot.setDataset(data);
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(new Scale());
        plot.setRenderer(renderer);
        NumberAxis positions = new NumberAxis("position of the held-out item in the prompt");
        positions.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        positions.setRange(0.5, columns + 0.5);
        plot.setDomainAxis(positions);
        SymbolAxis rows = new SymbolAxis(null, variants.toArray(String[]::new));
        rows.setRange(-0.5, variants.size() - 0.5);
        rows.setGridBandsVisible(false);
        rows.setInverted(true);
        plot.setRangeAxis(rows);
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        Charts.styled(chart);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        NumberAxis scaleAxis = new NumberAxis("hit rate");
        scaleAxis.setRange(0, 1);
        PaintScaleLegend legend = new PaintScaleLegend(new Scale(), scaleAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setStripWidth(12);
        legend.setMargin(4, 8, 4, 4);
        chart.addSubtitle(legend);
        return chart;
    }

    /** White (0) to Okabe-Ito blue (1); light grey for cells without data. */
    static final class Scale implements PaintScale {

        @Override
        public double getLowerBound() {
            return 0;
        }

        @Override
        public double getUpperBound() {
            return 1;
        }

        @Override
        public Paint getPaint(double value) {
            if (Double.isNaN(value)) {
                return NONE;
            }
            double t = Math.max(0, Math.min(1, value));
            return new Color(mix(255, HIGH.getRed(), t), mix(255, HIGH.getGreen(), t), mix(255, HIGH.getBlue(), t));
        }

        private static int mix(int a, int b, double t) {
            return (int) Math.round(a + (b - a) * t);
        }
    }
}
