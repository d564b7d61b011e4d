package org.recprompt.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The cold-start curve (metrics against the history axis) and the echo-chamber trajectories
 * (rounds.csv), on a run folder written here: most-popular and item-kNN at history 0, 5 and full,
 * with a three-round simulation.
 */
class ColdStartAndEchoChamberTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** ndcg@3 of item-kNN rises with history (0.1, 0.4, 0.5); most-popular is flat at 0.3. */
    Path run(boolean withRounds) throws IOException {
        Path run = Files.createDirectories(dir.resolve("run"));
        List<Map<String, Object>> variants = new ArrayList<>();
        List<String> perUser = new ArrayList<>(List.of("variant,user,ndcg@3"));
        String[] histories = {"0", "5", "full"};
        double[] knn = {0.1, 0.4, 0.5};
        for (String backend : List.of("pop", "knn")) {
            for (int h = 0; h < 3; h++) {
                String id = "h" + histories[h] + "/" + backend;
                double ndcg = backend.equals("pop") ? 0.3 : knn[h];
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("id", id);
                v.put("backend", backend);
                v.put("backend_type", backend.equals("pop") ? "most-popular" : "item-knn");
                v.put("history", h == 2 ? "full" : Integer.parseInt(histories[h]));
                v.put("n_users", 2);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("ndcg@3", Map.of("mean", ndcg, "ci", List.of(ndcg - 0.05, ndcg + 0.05), "n", 2));
                m.put("arp", Map.of("mean", backend.equals("pop") ? 40.0 : 10.0 + h, "n", 2));
                m.put("hallucination_rate", Map.of("mean", 0.0, "n", 2));
                v.put("metrics", m);
                variants.add(v);
                perUser.add(id + ",u1," + ndcg);
                perUser.add(id + ",u2," + ndcg);
            }
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("experiment", "cold");
        summary.put("k", List.of(3));
        summary.put("candidates", Map.of("size", 10, "chance_level", Map.of("ndcg@3", 0.2)));
        summary.put("variants", variants);
        if (withRounds) {
            summary.put("simulation", Map.of("rounds", 3, "accept", "top-1", "seed", 7));
            List<String> rounds = new ArrayList<>(List.of("variant,round,metric,value"));
            for (Map<String, Object> v : variants) {
                for (int r = 0; r <= 3; r++) {
                    rounds.add(v.get("id") + "," + r + ",history_entropy," + (2.0 - r * (v.get("id").toString().endsWith("pop") ? 0.25 : 0.1)));
                    if (r < 3) {
                        rounds.add(v.get("id") + "," + r + ",homogenisation," + (0.1 * (r + 1)));
                    }
                }
            }
            Files.write(run.resolve(RunFolder.ROUNDS), rounds);
        }
        Files.writeString(run.resolve(RunFolder.SUMMARY), JSON.writeValueAsString(summary));
        Files.write(run.resolve(RunFolder.METRICS_PER_USER), perUser);
        return run;
    }

    @Test
    void the_cold_start_figure_draws_each_metric_against_history_length_one_line_per_backend() throws IOException {
        RunFolder folder = RunFolder.open(run(false));
        assertThat(folder.variant("h5/knn").history()).isEqualTo("5");
        assertThat(folder.variant("hfull/pop").history()).isEqualTo("full");

        Report report = Report.of(folder, Report.Options.defaults(), true);

        Figure f = report.figures().stream().filter(x -> x.id().equals("cold-start")).findFirst().orElseThrow();
        assertThat(f.panels()).hasSize(3);
        CategoryPlot accuracy = f.panels().get(0).getCategoryPlot();
        CategoryDataset data = accuracy.getDataset();
        assertThat(data.getRowKeys()).containsExactly("pop", "knn");
        assertThat(data.getColumnKeys()).as("numbers ascending, full last").containsExactly("0", "5", "full");
        assertThat(data.getValue("knn", "0").doubleValue()).isCloseTo(0.1, within(1e-9));
        assertThat(data.getValue("knn", "full").doubleValue()).isCloseTo(0.5, within(1e-9));
        assertThat(data.getValue("pop", "5").doubleValue()).isCloseTo(0.3, within(1e-9));
        assertThat(accuracy.getRenderer().getSeriesPaint(1)).as("the colour of knn's first variant")
                .isEqualTo(ReportCharts.colour(folder, "h0/knn"));
        assertThat(accuracy.getRangeAxis().getUpperBound()).isEqualTo(1.0);
        assertThat(accuracy.getRangeMarkers(org.jfree.chart.ui.Layer.FOREGROUND)).as("the chance line").hasSize(1);
        assertThat(f.panels().get(2).getCategoryPlot().getDataset().getValue("knn", "full").doubleValue()).as("ARP")
                .isCloseTo(12.0, within(1e-9));
        assertThat(HtmlReport.render(report)).contains("Cold start");
    }

    @Test
    void the_echo_chamber_figure_draws_each_metric_against_round_one_line_per_variant() throws IOException {
        RunFolder folder = RunFolder.open(run(true));
        Map<String, double[]> pop = folder.rounds().get("h0/pop");
        assertThat(pop.get("history_entropy")).containsExactly(2.0, 1.75, 1.5, 1.25);
        assertThat(pop.get("homogenisation")[3]).as("no list after the last round").isNaN();

        Report report = Report.of(folder, Report.Options.defaults(), true);

        Figure f = report.figures().stream().filter(x -> x.id().equals("echo-chamber")).findFirst().orElseThrow();
        assertThat(f.panels()).hasSize(2);
        assertThat(f.caption()).contains("top-1").contains("3 rounds");
        JFreeChart entropy = f.panels().get(0);
        assertThat(entropy.getTitle().getText()).contains("entropy");
        XYPlot plot = entropy.getXYPlot();
        XYDataset data = plot.getDataset();
        int knn = data.indexOf("h5/knn");
        assertThat(data.getItemCount(knn)).isEqualTo(4);
        assertThat(data.getYValue(knn, 3)).isCloseTo(1.7, within(1e-9));
        assertThat(plot.getRenderer().getSeriesPaint(knn)).isEqualTo(ReportCharts.colour(folder, "h5/knn"));
        assertThat(f.panels().get(1).getXYPlot().getDataset().getItemCount(knn)).as("homogenisation: rounds 0-2").isEqualTo(3);
        assertThat(PdfReport.render(report)).isNotEmpty();
    }

    @Test
    void a_malformed_rounds_file_is_named_with_its_line() throws IOException {
        Path run = run(true);
        Files.writeString(run.resolve(RunFolder.ROUNDS), "variant,round,metric,value\nh0/pop,one,history_entropy,1\n");

        assertThatThrownBy(() -> RunFolder.open(run)).isInstanceOf(ReportException.class).hasMessageContaining("rounds.csv")
                .hasMessageContaining("line 2");
    }
}
