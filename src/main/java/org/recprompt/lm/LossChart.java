package org.recprompt.lm;

import java.util.List;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.recprompt.base.Charts;

/** The training curve: mean cross-entropy (nats per token) against the epoch. */
public final class LossChart {

    private LossChart() {
    }

    public static JFreeChart of(List<LmTrainer.LossPoint> curve) {
        XYSeries s = new XYSeries("training loss");
        curve.forEach(p -> s.add(p.epoch(), p.loss()));
        JFreeChart chart = ChartFactory.createXYLineChart("Training curve", "epoch", "loss (nats per token)",
                new XYSeriesCollection(s), PlotOrientation.VERTICAL, false, false, false);
        return Charts.styled(chart);
    }
}
