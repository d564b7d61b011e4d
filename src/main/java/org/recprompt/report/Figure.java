package org.recprompt.report;

import java.util.List;

import org.jfree.chart.JFreeChart;
import org.recprompt.base.Charts;

/**
 * One figure of a report: one chart, or several side by side (small multiples, each with its own
 * axis), drawn by {@link Charts} as inline SVG, an SVG document or PNG.
 *
 * @param id a short name, unique in the report (also the export file name)
 * @param caption what the figure shows and how to read it
 */
public record Figure(String id, String title, String caption, List<JFreeChart> panels, int columns, int panelWidth,
        int panelHeight) {

    public Figure {
        panels = List.copyOf(panels);
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
