package org.recprompt.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.base.Charts;
import org.recprompt.metrics.stability.PositionBias;

/** What the figures show, computed by hand on the fixture, and figures skipped for want of data. */
class ReportChartsTest {

    @TempDir
    Path dir;

    @Test
    void position_bias_counts_hits_by_the_held_out_items_prompt_position() throws IOException {
        RunFolder run = RunFolder.open(RunFixture.write(dir));

        Map<String, PositionBias.ByPosition> bias = RunAnalysis.positionBias(run, 3);

        // Held-out positions per user: 1, 2, 3, 1, 2, 3. base hits at position 1 only; A always; the LLM for u1 only.
        assertThat(bias.get("base").totals()).containsExactly(2, 2, 2, 0, 0);
        assertThat(bias.get("base").hits()).containsExactly(2, 0, 0, 0, 0);
        assertThat(bias.get("A").rate(3)).isEqualTo(1.0);
        assertThat(bias.get(RunFixture.LLM).rate(1)).isEqualTo(0.5);
        assertThat(bias.get(RunFixture.LLM).rate(4)).isNaN();
        assertThat(RunAnalysis.positionBias(run, 1).get("base").hits()).as("at K = 1 the first slot decides").containsExactly(2, 0, 0, 0, 0);
    }

    @Test
    void lorenz_curve_and_gini_of_exposure_counts_include_never_recommended_items() throws IOException {
        long[] counts = {0, 0, 1, 3};
        assertThat(RunAnalysis.gini(counts)).isCloseTo(10.0 / 12.0, within(1e-12));
        assertThat(RunAnalysis.lorenz(counts, 10)).isDeepEqualTo(new double[][] {{0, 0}, {0.25, 0}, {0.5, 0}, {0.75, 0.25}, {1, 1}});

        RunFolder run = RunFolder.open(RunFixture.write(dir));
        Map<String, long[]> exposure = RunAnalysis.exposure(run, 3, 20);
        // base: 6 users x 3 distinct items, 20 catalog items; the LLM lost one slot to an invented title.
        assertThat(exposure.get("base")).hasSize(20).startsWith(0, 0, 1).endsWith(1);
        assertThat(java.util.Arrays.stream(exposure.get(RunFixture.LLM)).sum()).isEqualTo(17);
        assertThat(RunAnalysis.topK(run.calls().get(13), 3)).as("the invented slot is not a list item").hasSize(2);
    }

    @Test
    void a_bar_of_the_sparsity_figures_activity_panel_leads_to_the_users_of_its_bucket() throws IOException {
        RunFolder run = RunFolder.open(RunFixture.write(dir));
        Report report = Report.of(run, Report.Options.defaults(), true);
        assertThat(report.figures()).extracting(Figure::id).as("one chart of accuracy by history length: the sparsity study's")
                .contains("sparsity").doesNotContain("history-length");

        // Lengths 3, 8, 15, 40, 90, 250 (u1 ... u6): the bucket 6-20 holds u2 and u3.
        List<Map.Entry<Charts.Hotspot, Figure.Target>> targets = figure(report, "sparsity").targets();
        Figure.Target sixToTwenty = targets.stream().filter(e -> e.getKey().panel() == 0 && "A".equals(e.getKey().series())
                && String.valueOf(e.getKey().category()).startsWith("6-20 (n=")).findFirst().orElseThrow().getValue();
        assertThat(sixToTwenty.values().get().keySet()).containsExactlyInAnyOrder("u2", "u3");
        assertThat(sixToTwenty.label()).contains("6-20");
        assertThat(figure(report, "sparsity").caption()).as("where the lengths came from")
                .contains("User activity: history lengths as the run recorded them");
        assertThat(targets).extracting(e -> String.valueOf(e.getKey().category())).anyMatch(c -> c.startsWith("cold: 0-5 (n=1)"));
    }

    @Test
    void every_figure_gives_a_variant_the_same_colour() throws IOException {
        RunFolder run = RunFolder.open(RunFixture.write(dir));
        Report report = Report.of(run, Report.Options.defaults(), true);

        assertThat(ReportCharts.colour(run, "A")).isEqualTo(Charts.PALETTE[1]);
        JFreeChart accuracy = figure(report, "accuracy").panels().get(0);
        assertThat(accuracy.getCategoryPlot().getRenderer().getSeriesPaint(1)).isEqualTo(Charts.PALETTE[1]);
        XYPlot scatter = figure(report, "accuracy-vs-arp").panels().get(0).getXYPlot();
        int a = scatter.getDataset().indexOf("A");
        assertThat(scatter.getRenderer().getSeriesPaint(a)).isEqualTo(Charts.PALETTE[1]);
        JFreeChart activity = figure(report, "sparsity").panels().get(0);
        assertThat(activity.getCategoryPlot().getRenderer().getSeriesPaint(2)).isEqualTo(Charts.PALETTE[2]);
        assertThat(figure(report, "lorenz").panels().get(0).getXYPlot().getRenderer().getSeriesPaint(2)).isEqualTo(Charts.PALETTE[2]);
        assertThat(report.skippedFigures()).extracting(Figure.Skipped::id).as("the fixture's dataset is not on disk; no history axis, no simulation")
                .containsExactly("cold-start", "calibration", "echo-chamber");
        assertThat(reason(report, "calibration")).contains("/nonexistent/ml-fixture");
        assertThat(figure(report, "accuracy-vs-arp").caption()).as("no dataset, no re-ranking sweep, and it says why")
                .contains("No re-ranking sweep").contains("/nonexistent/ml-fixture");
        assertThat(figure(report, "accuracy-vs-arp").panels().get(0).getXYPlot().getDataset(1)).isNull();
    }

    @Test
    void figures_without_data_are_skipped_with_the_reason() throws IOException {
        Path run = RunFixture.write(dir);
        Files.delete(run.resolve("responses.jsonl"));
        java.util.List<String> lines = Files.readAllLines(run.resolve("metrics-per-user.csv"));
        Files.write(run.resolve("metrics-per-user.csv"), lines.stream().map(l -> l.replaceAll(",(history_length|\\d+)(,[^,]+,[^,]+,[^,]+)$", "$2")).toList());
        String summary = Files.readString(run.resolve("summary.json")).replace("\"cost\" : 0.006", "\"cost\" : 0.0")
                .replaceAll("\"input_tokens\" : \\d+", "\"input_tokens\" : 0").replaceAll("\"output_tokens\" : \\d+", "\"output_tokens\" : 0");
        Files.writeString(run.resolve("summary.json"), summary);

        Report report = Report.of(RunFolder.open(run), Report.Options.defaults(), true);

        assertThat(report.skippedFigures()).extracting(Figure.Skipped::id).containsExactlyInAnyOrder("position-bias",
                "sparsity", "cold-start", "calibration", "echo-chamber", "lorenz", "cost-vs-accuracy");
        assertThat(reason(report, "cold-start")).contains("no history axis").contains("history: [0, 1, 3, 5, 10, full]");
        assertThat(reason(report, "echo-chamber")).contains("no simulation");
        assertThat(reason(report, "position-bias")).contains("responses.jsonl");
        assertThat(reason(report, "sparsity")).contains("/nonexistent/ml-fixture");
        assertThat(reason(report, "cost-vs-accuracy")).contains("no variant has a recorded cost");
        assertThat(report.figures()).extracting(Figure::id).contains("accuracy", "beyond-accuracy", "grounding", "accuracy-vs-arp",
                "grounding-outcomes");
        assertThat(report.notes()).anyMatch(n -> n.contains("neither responses.jsonl nor recommendations.csv"));
        assertThat(HtmlReport.render(report)).contains("class=\"skipped\"><b>Position bias:</b> not drawn");
    }

    @Test
    void a_figures_bars_points_and_cells_lead_to_the_users_behind_them() throws IOException {
        RunFolder run = RunFolder.open(RunFixture.write(dir));
        Report report = Report.of(run, Report.Options.defaults(), true);

        // A bar of the accuracy figure: one variant's metric, every evaluated user's value.
        Figure accuracy = figure(report, "accuracy");
        Map.Entry<Charts.Hotspot, Figure.Target> bar = accuracy.targets().stream()
                .filter(t -> t.getKey().series().equals("A") && String.valueOf(t.getKey().category()).startsWith("NDCG@3"))
                .findFirst().orElseThrow();
        assertThat(bar.getValue().variant()).isEqualTo("A");
        assertThat(bar.getValue().values().get()).isEqualTo(run.perUser("A", "ndcg@3")).hasSize(6);
        assertThat(bar.getKey().x()).isBetween(0.0, (double) accuracy.width());
        assertThat(bar.getKey().y() + bar.getKey().height()).isBetween(0.0, (double) accuracy.height());
        assertThat(accuracy.targets()).extracting(t -> t.getValue().variant()).containsOnly("base", "A", RunFixture.LLM);

        // Small multiples: the second panel's bars lie right of the first; only metrics with per-user values (ARP) lead to users.
        Figure beyond = figure(report, "beyond-accuracy");
        assertThat(Charts.hotspots(beyond.panels(), beyond.columns(), beyond.panelWidth(), beyond.panelHeight()))
                .filteredOn(h -> h.panel() == 1).isNotEmpty().allSatisfy(h -> assertThat(h.x()).isGreaterThanOrEqualTo(beyond.panelWidth()));
        assertThat(beyond.targets()).extracting(t -> t.getValue().label()).contains("arp of A").allMatch(l -> l.startsWith("arp of"));

        // A heatmap cell: the users whose held-out item the prompt showed at that position (u2, u5 at 2), their HR@3.
        Figure bias = figure(report, "position-bias");
        Figure.Target cell = bias.targets().stream().map(Map.Entry::getValue)
                .filter(t -> t.variant().equals("base") && t.label().endsWith("position 2")).findFirst().orElseThrow();
        assertThat(cell.values().get()).containsOnlyKeys("u2", "u5").containsValues(0.0);

        // A stacked segment: the users with an invented title in the LLM's answers, one slot each.
        Figure outcomes = figure(report, "grounding-outcomes");
        Figure.Target invented = outcomes.targets().stream()
                .filter(t -> t.getKey().panel() == 0 && t.getKey().series().equals("HALLUCINATED")).map(Map.Entry::getValue)
                .findFirst().orElseThrow();
        assertThat(invented.variant()).isEqualTo(RunFixture.LLM);
        assertThat(invented.values().get()).hasSize(1).containsValue(1.0);

        // Curves and reference lines stand for no users.
        assertThat(figure(report, "lorenz").targets()).isEmpty();
    }

    private static Figure figure(Report r, String id) {
        return r.figures().stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow();
    }

    private static String reason(Report r, String id) {
        return r.skippedFigures().stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow().reason();
    }
}
