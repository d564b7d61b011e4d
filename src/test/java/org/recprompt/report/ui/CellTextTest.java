package org.recprompt.report.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.recprompt.report.Comparison;
import org.recprompt.report.MetricDefinitions;
import org.recprompt.report.RunFolder;

/** The results table's cells mark a significant difference by the metric's direction, not by its sign. */
class CellTextTest {

    static Comparison.Row row(String metric, double variantMean) {
        Comparison.Pair higher = new Comparison.Pair(200, 0.5, 0.4, 0.6, 1e-9, 1e-9, true, 0.9);
        Comparison.Cell base = new Comparison.Cell("random", new RunFolder.Estimate(0.0, 0.0, 0.0, 200), false, null);
        Comparison.Cell v = new Comparison.Cell("free", new RunFolder.Estimate(variantMean, 0.7, 0.8, 200), false, higher);
        return new Comparison.Row(MetricDefinitions.of(metric), Double.NaN, List.of(base, v));
    }

    @Test
    void more_hallucination_is_worse_and_more_ndcg_is_better() {
        Comparison.Row hallucination = row("hallucination_rate", 0.764);
        assertThat(RunResults.cellText(hallucination, hallucination.cell("free"))).isEqualTo("0.7640 [0.7000, 0.8000] \u25bc");
        Comparison.Row ndcg = row("ndcg@10", 0.764);
        assertThat(RunResults.cellText(ndcg, ndcg.cell("free"))).isEqualTo("0.7640 [0.7000, 0.8000] \u25b2");
        assertThat(RunResults.cellText(ndcg, ndcg.cell("random"))).isEqualTo("0.0000 [0.0000, 0.0000]");
    }

    @Test
    void the_table_shows_the_mean_above_its_interval_and_marks() {
        assertThat(RunResults.twoLines("0.7640 [0.7000, 0.8000] \u25b2 \u2605")).isEqualTo("0.7640\n[0.7000, 0.8000] \u25b2 \u2605");
        assertThat(RunResults.twoLines("0.7640 \u2605")).as("no interval: one line").isEqualTo("0.7640 \u2605");
        assertThat(RunResults.twoLines("")).isEmpty();
    }
}
