package org.recprompt.dataset;

import java.util.Arrays;
import java.util.Map;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.recprompt.base.Charts;

/** The charts of a dataset's editor: long tail, history lengths, genres, ratings, user attributes. */
public final class DatasetCharts {

    private DatasetCharts() {
    }

    /** Interactions per item against the item's popularity rank, log scale, with the 80% head marked. */
    public static JFreeChart longTail(Dataset d, DatasetStats stats) {
        int[] counts = d.itemCounts();
        int[] sorted = Arrays.stream(counts).boxed().sorted((a, b) -> Integer.compare(b, a)).mapToInt(Integer::intValue).toArray();
        XYSeries series = new XYSeries("interactions");
        int step = Math.max(1, sorted.length / 2000);
        for (int k = 0; k < sorted.length; k += step) {
            if (sorted[k] > 0) {
                series.add(k + 1, sorted[k]);
            }
        }
        JFreeChart chart = ChartFactory.createXYLineChart("Item popularity (long tail)", "item rank",
                "interactions (log scale)", new XYSeriesCollection(series), PlotOrientation.VERTICAL, false, true, false);
        XYPlot plot = chart.getXYPlot();
        LogAxis log = new LogAxis("interactions (log scale)");
        log.setSmallestValue(1);
        log.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        plot.setRangeAxis(log);
        ValueMarker head = new ValueMarker(stats.headItems());
        head.setLabel("head: 80% of interactions");
        head.setPaint(Charts.PALETTE[3]);
        head.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_RIGHT);
        head.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.TOP_LEFT);
        head.setLabelBackgroundColor(java.awt.Color.WHITE);
        plot.addDomainMarker(head);
        return Charts.styled(chart);
    }

    /** Users by number of interactions, in doubling bins (1, 2-3, 4-7, ...). */
    public static JFreeChart historyLengths(Dataset d) {
        int[] perUser = new int[d.users().size()];
        for (int u : d.interactions().users()) {
            perUser[u]++;
        }
        int max = Arrays.stream(perUser).max().orElse(0);
        int min = Arrays.stream(perUser).filter(c -> c > 0).min().orElse(1);
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        int first = Integer.highestOneBit(Math.max(1, min));
        for (int lo = first; lo <= Math.max(1, max); lo *= 2) {
            int hi = lo * 2 - 1;
            int from = lo;
            long n = Arrays.stream(perUser).filter(c -> c >= from && c <= hi).count();
            data.addValue(n, "users", lo == hi ? String.valueOf(lo) : lo + "-" + hi);
        }
        long none = Arrays.stream(perUser).filter(c -> c == 0).count();
        if (none > 0) {
            data.addValue(none, "users", "0");
        }
        JFreeChart chart = ChartFactory.createBarChart("History length", "interactions per user", "users", data,
                PlotOrientation.VERTICAL, false, true, false);
        chart.getCategoryPlot().getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        return Charts.styled(chart);
    }

    /** Interactions per genre, most frequent first. */
    public static JFreeChart genres(DatasetStats stats) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        stats.genreInteractions().entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> data.addValue(e.getValue(), "interactions", e.getKey()));
        JFreeChart chart = ChartFactory.createBarChart("Genres", null, "interactions", data,
                PlotOrientation.HORIZONTAL, false, true, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.getDomainAxis().setCategoryMargin(0.15);
        return Charts.styled(chart);
    }

    /**
     * Users per value of a user attribute: the age bands of an age in years, else the most frequent
     * values, then the others summed and the users without a value, so that nothing is left out.
     */
    public static JFreeChart userAttribute(UserAttributeStats a) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        if (a.bands() != null) {
            a.bands().forEach((band, n) -> data.addValue(n, "users", band));
        } else {
            a.top().forEach(c -> data.addValue(c.users(), "users", c.value()));
            if (a.otherValues() > 0) {
                data.addValue(a.otherUsers(), "users", "others (" + a.otherValues() + " values)");
            }
        }
        if (a.withoutValue() > 0) {
            data.addValue(a.withoutValue(), "users", "no value");
        }
        JFreeChart chart = ChartFactory.createBarChart("Users by " + a.name(), null, "users", data,
                PlotOrientation.HORIZONTAL, false, true, false);
        chart.getCategoryPlot().getDomainAxis().setCategoryMargin(0.15);
        return Charts.styled(chart);
    }

    /** Interactions per rating value. */
    public static JFreeChart ratings(DatasetStats stats) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        stats.ratings().forEach((r, n) -> data.addValue(n, "interactions", r == Math.rint(r) ? String.valueOf(r.intValue()) : r.toString()));
        JFreeChart chart = ChartFactory.createBarChart("Ratings", "rating", "interactions", data,
                PlotOrientation.VERTICAL, false, true, false);
        return Charts.styled(chart);
    }
}
