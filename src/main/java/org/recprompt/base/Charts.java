package org.recprompt.base;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import javax.imageio.ImageIO;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.graphics2d.svg.SVGGraphics2D;
import org.jfree.graphics2d.svg.ViewBox;

/**
 * One look for every chart the workbench draws (JFreeChart), in the Okabe-Ito colour-blind safe
 * palette, and rendering to SVG (for the UI and HTML reports) and PNG (for exports).
 */
public final class Charts {

    /**
     * Okabe & Ito (2008), distinguishable with every common colour-vision deficiency, then eight
     * darker tones from Paul Tol's "muted" and "dark" schemes for experiments with more variants
     * (a p5 comparison has eight backends before any LLM); the palette repeats after sixteen.
     */
    public static final Color[] PALETTE = {
        new Color(0x0072B2), new Color(0xE69F00), new Color(0x009E73), new Color(0xD55E00),
        new Color(0xCC79A7), new Color(0x56B4E9), new Color(0xF0E442), new Color(0x000000),
        new Color(0x332288), new Color(0x999933), new Color(0x882255), new Color(0x44AA99),
        new Color(0xCC6677), new Color(0x117733), new Color(0x8C564B), new Color(0x888888)};

    private static final Font TITLE = new Font("SansSerif", Font.BOLD, 14);
    private static final Font LABEL = new Font("SansSerif", Font.PLAIN, 11);

    private Charts() {
    }

    /** Applies the workbench style: white background, light grid, palette colours, flat bars. */
    public static JFreeChart styled(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        if (chart.getTitle() != null) {
            chart.getTitle().setFont(TITLE);
        }
        if (chart.getLegend() != null) {
            chart.getLegend().setItemFont(LABEL);
            chart.getLegend().setFrame(org.jfree.chart.block.BlockBorder.NONE);
        }
        Plot plot = chart.getPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlineVisible(false);
        plot.setInsets(new RectangleInsets(4, 4, 4, 12));
        if (plot instanceof XYPlot xy) {
            xy.setDomainGridlinePaint(new Color(0xE0E0E0));
            xy.setRangeGridlinePaint(new Color(0xE0E0E0));
            xy.getDomainAxis().setLabelFont(LABEL);
            xy.getRangeAxis().setLabelFont(LABEL);
            for (int s = 0; s < Math.max(1, xy.getSeriesCount()); s++) {
                xy.getRenderer().setSeriesPaint(s, PALETTE[s % PALETTE.length]);
                xy.getRenderer().setSeriesStroke(s, new BasicStroke(2f));
            }
            if (xy.getRenderer() instanceof XYBarRenderer bars) {
                bars.setBarPainter(new StandardXYBarPainter());
                bars.setShadowVisible(false);
            }
        } else if (plot instanceof CategoryPlot cat) {
            cat.setRangeGridlinePaint(new Color(0xE0E0E0));
            cat.getDomainAxis().setLabelFont(LABEL);
            cat.getRangeAxis().setLabelFont(LABEL);
            cat.getDomainAxis().setTickLabelFont(LABEL);
            if (cat.getRenderer() instanceof BarRenderer bars) {
                bars.setBarPainter(new StandardBarPainter());
                bars.setShadowVisible(false);
                bars.setDrawBarOutline(false);
                for (int s = 0; s < Math.max(1, cat.getDataset().getRowCount()); s++) {
                    bars.setSeriesPaint(s, PALETTE[s % PALETTE.length]);
                }
            }
        }
        return chart;
    }

    public static String svg(JFreeChart chart, int width, int height) {
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
        return g.getSVGDocument();
    }

    public static byte[] png(JFreeChart chart, int width, int height) {
        BufferedImage image = chart.createBufferedImage(width, height);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The palette colour of the n-th series (or variant): the palette repeats after sixteen. */
    public static Color colour(int n) {
        return PALETTE[Math.floorMod(n, PALETTE.length)];
    }

    /**
     * Charts drawn side by side in a grid of {@code columns} (row by row), each panel
     * {@code panelWidth x panelHeight}, as one SVG element for inline use in HTML: scalable (viewBox),
     * its defs keys prefixed with {@code id} so several on one page do not clash.
     */
    public static String svgElement(List<JFreeChart> panels, int columns, int panelWidth, int panelHeight, String id) {
        int width = columns(panels, columns) * panelWidth;
        int height = rows(panels, columns) * panelHeight;
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        g.setDefsKeyPrefix(id + "-");
        drawGrid(g, panels, columns, panelWidth, panelHeight);
        return g.getSVGElement(id, true, new ViewBox(0, 0, width, height), null, null);
    }

    /** The grid of {@link #svgElement} as a stand-alone SVG document (for export files). */
    public static String svg(List<JFreeChart> panels, int columns, int panelWidth, int panelHeight) {
        SVGGraphics2D g = new SVGGraphics2D(columns(panels, columns) * panelWidth, rows(panels, columns) * panelHeight);
        drawGrid(g, panels, columns, panelWidth, panelHeight);
        return g.getSVGDocument();
    }

    /** The grid of {@link #svgElement} as PNG, at {@code scale} pixels per unit (2: for print). */
    public static byte[] png(List<JFreeChart> panels, int columns, int panelWidth, int panelHeight, double scale) {
        int width = columns(panels, columns) * panelWidth;
        int height = rows(panels, columns) * panelHeight;
        BufferedImage image = new BufferedImage((int) Math.ceil(width * scale), (int) Math.ceil(height * scale),
                BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.scale(scale, scale);
            drawGrid(g, panels, columns, panelWidth, panelHeight);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * A clickable part of a drawn chart (a bar, a point, a heatmap cell) in the coordinates of the
     * grid of {@link #svgElement} (units of its viewBox): the panel, the bounds, and what it shows.
     *
     * @param series the series key (for category charts the row key)
     * @param category the category (column) key of a category chart, null for an XY chart
     * @param item the item's index in an XY series, -1 for a category chart
     * @param dataset the index of the plot's dataset the item belongs to (0: the main one)
     */
    public record Hotspot(int panel, double x, double y, double width, double height, Comparable<?> series,
            Comparable<?> category, int item, int dataset) {
    }

    /**
     * The items of the grid of {@link #svgElement} with their bounds, as JFreeChart's rendering
     * records them while drawing (each panel drawn once more, off screen): what a viewer needs to
     * turn a click on the figure into what was clicked.
     */
    public static List<Hotspot> hotspots(List<JFreeChart> panels, int columns, int panelWidth, int panelHeight) {
        List<Hotspot> out = new java.util.ArrayList<>();
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = scratch.createGraphics();
        try {
            int c = columns(panels, columns);
            for (int i = 0; i < panels.size(); i++) {
                org.jfree.chart.ChartRenderingInfo info = new org.jfree.chart.ChartRenderingInfo();
                JFreeChart chart = panels.get(i);
                chart.draw(g, new Rectangle2D.Double((i % c) * panelWidth, (i / c) * panelHeight, panelWidth, panelHeight), info);
                for (Object o : info.getEntityCollection().getEntities()) {
                    Hotspot h = hotspot(i, chart, (org.jfree.chart.entity.ChartEntity) o);
                    if (h != null) {
                        out.add(h);
                    }
                }
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    private static Hotspot hotspot(int panel, JFreeChart chart, org.jfree.chart.entity.ChartEntity e) {
        Rectangle2D b = e.getArea().getBounds2D();
        if (e instanceof org.jfree.chart.entity.CategoryItemEntity ce) {
            int dataset = chart.getPlot() instanceof CategoryPlot p ? Math.max(0, p.indexOf(ce.getDataset())) : 0;
            return new Hotspot(panel, b.getX(), b.getY(), b.getWidth(), b.getHeight(), ce.getRowKey(), ce.getColumnKey(), -1, dataset);
        }
        if (e instanceof org.jfree.chart.entity.XYItemEntity xe) {
            int dataset = chart.getPlot() instanceof XYPlot p ? Math.max(0, p.indexOf(xe.getDataset())) : 0;
            return new Hotspot(panel, b.getX(), b.getY(), b.getWidth(), b.getHeight(),
                    xe.getDataset().getSeriesKey(xe.getSeriesIndex()), null, xe.getItem(), dataset);
        }
        return null;
    }

    private static int columns(List<JFreeChart> panels, int columns) {
        return Math.max(1, Math.min(columns, panels.size()));
    }

    private static int rows(List<JFreeChart> panels, int columns) {
        int c = columns(panels, columns);
        return Math.max(1, (panels.size() + c - 1) / c);
    }

    private static void drawGrid(java.awt.Graphics2D g, List<JFreeChart> panels, int columns, int panelWidth, int panelHeight) {
        int c = columns(panels, columns);
        for (int i = 0; i < panels.size(); i++) {
            panels.get(i).draw(g, new Rectangle2D.Double((i % c) * panelWidth, (i / c) * panelHeight, panelWidth, panelHeight));
        }
    }
}
