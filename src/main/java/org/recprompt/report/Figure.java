package org.recprompt.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.jfree.chart.JFreeChart;
import org.recprompt.base.Charts;

/**
 * One figure of a report: one chart, or several side by side (small multiples, each with its own
 * axis), drawn by {@link Charts} as inline SVG, an SVG document or PNG.
 *
 * @param id a short name, unique in the report (also the export file name)
 * @param caption what the figure shows and how to read it
 * @param drill what a click on one of its items (a bar, a point, a cell) stands for, or null
 */
public record Figure(String id, String title, String caption, List<JFreeChart> panels, int columns, int panelWidth,
        int panelHeight, Drill drill) {

    public Figure {
        panels = List.copyOf(panels);
    }

    public Figure(String id, String title, String caption, List<JFreeChart> panels, int columns, int panelWidth,
            int panelHeight) {
        this(id, title, caption, panels, columns, panelWidth, panelHeight, null);
    }

    /** This figure, its items leading to the users behind them as {@code drill} says. */
    public Figure withDrill(Drill drill) {
        return new Figure(id, title, caption, panels, columns, panelWidth, panelHeight, drill);
    }

    /**
     * The users behind one item of a figure: a variant, the per-user values to list (a metric of
     * the run, or counts the figure derives), and what they are.
     *
     * @param label what the item shows, for the viewer ("ndcg@10 of llm, users whose held-out item was at position 3")
     * @param values user to value, computed when asked
     */
    public record Target(String variant, String label, Supplier<Map<String, Double>> values) {
    }

    /** Maps a clicked item to the users behind it; null where an item stands for no users (a chance line, a curve). */
    @FunctionalInterface
    public interface Drill {
        Target at(Charts.Hotspot item);
    }

    /** The figure's items that lead to users, with their bounds in the figure's coordinates. */
    public List<Map.Entry<Charts.Hotspot, Target>> targets() {
        List<Map.Entry<Charts.Hotspot, Target>> out = new ArrayList<>();
        if (drill == null) {
            return out;
        }
        for (Charts.Hotspot h : Charts.hotspots(panels, columns, panelWidth, panelHeight)) {
            Target t = drill.at(h);
            if (t != null) {
                out.add(Map.entry(h, t));
            }
        }
        return out;
    }

    public int width() {
        return Math.max(1, Math.min(columns, panels.size())) * panelWidth;
    }

    public int height() {
        int c = Math.max(1, Math.min(columns, panels.size()));
        return (panels.size() + c - 1) / c * panelHeight;
    }

    /** The figure as an {@code <svg>} element for an HTML page (ids prefixed "fig-ID"). */
    public String svgElement() {
        return Charts.svgElement(panels, columns, panelWidth, panelHeight, "fig-" + id);
    }

    /** The figure as a stand-alone SVG file. */
    public String svgDocument() {
        return Charts.svg(panels, columns, panelWidth, panelHeight);
    }

    /** The figure as PNG at {@code scale} pixels per unit. */
    public byte[] png(double scale) {
        return Charts.png(panels, columns, panelWidth, panelHeight, scale);
    }

    /** A figure the run has no data for, with the reason shown in its place. */
    public record Skipped(String id, String title, String reason) {
    }
}
