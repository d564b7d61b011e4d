package org.recprompt.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;

import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sparsity study and the re-ranking control's figures on small run folders ({@link SixUserRun}:
 * 9 training interactions, so the head (20% = 1.8 interactions) is {1}, the 80% prefix {1, 2}: mid
 * {2}, tail {3, 4, 5, 6}).
 */
class SparsityTest {

    @TempDir
    Path dir;

    Path dataset() throws IOException {
        return new SixUserRun(dir).dataset();
    }

    Path run(Path dataset, String split) throws IOException {
        return new SixUserRun(dir).run(dataset, split);
    }

    @Test
    void head_mid_and_tail_split_the_training_interactions_at_twenty_and_eighty_percent() {
        // 50, 20, 10, 10, 5, 5, 0 of 100: head {0} (50 >= 20); the 80% prefix {0, 1, 2} (ties by id); tail the rest.
        assertThat(Sparsity.buckets(new int[] {50, 20, 10, 10, 5, 5, 0})).containsExactly("head", "mid", "mid", "tail", "tail", "tail",
                "tail");
        assertThat(Sparsity.buckets(new int[] {0, 0})).as("no interactions: nothing is popular").containsExactly("tail", "tail");
        assertThat(Sparsity.buckets(new int[] {})).isEmpty();
    }

    @Test
    void the_study_groups_users_by_activity_and_by_the_held_out_items_popularity_with_intervals() throws IOException {
        RunFolder folder = RunFolder.open(run(dataset(), "leave-last-out"));
        Sparsity s = Sparsity.of(folder, "ndcg@2", HistoryLengths.of(folder));

        assertThat(s.popularityReason()).isNull();
        assertThat(s.popularity()).extracting(Sparsity.Group::bucket).containsExactly("head", "mid", "tail");
        assertThat(s.popularity()).extracting(Sparsity.Group::users).containsExactly(1, 1, 4);
        RunFolder.Estimate tail = s.popularity().get(2).byVariant().get("v");
        assertThat(tail.mean()).isCloseTo((0.1 + 0.2 + 0.3 + 0.5) / 4, within(1e-12));
        assertThat(tail.low()).isBetween(0.1, tail.mean());
        assertThat(tail.high()).isBetween(tail.mean(), 0.5);
        assertThat(s.popularity().get(0).byVariant().get("v").mean()).isCloseTo(0.6, within(1e-12));
        // Histories of 1 or 2 items: everybody is cold (0-5).
        assertThat(s.activity()).extracting(Sparsity.Group::bucket).containsExactly("cold: 0-5");
        assertThat(s.activity().get(0).byVariant().get("v").mean()).isCloseTo(0.35, within(1e-12));
        assertThat(s.lines()).extracting(Sparsity.Line::dimension).containsExactly("user activity", "item popularity", "item popularity",
                "item popularity");

        Report report = Report.of(folder, Report.Options.defaults(), true);
        Figure figure = report.figures().stream().filter(f -> f.id().equals("sparsity")).findFirst().orElseThrow();
        assertThat(figure.panels()).as("two panels side by side").hasSize(2);
        assertThat(figure.columns()).isEqualTo(2);
        assertThat(HtmlReport.render(report)).contains("<h2 id=\"sparsity\">Sparsity</h2>").contains("<th>item popularity</th><th>tail</th><td>4</td>");
        assertThat(MarkdownReport.render(report)).contains("| item popularity | head | 1 | 0.6000");
        assertThat(DataReports.json(report)).containsKey("sparsity");
    }

    @Test
    void the_fixed_activity_buckets_hold_the_recorded_history_lengths_and_a_missing_dataset_is_named() throws IOException {
        RunFolder folder = RunFolder.open(RunFixture.write(dir));
        Sparsity s = Sparsity.of(folder, "ndcg@3", HistoryLengths.of(folder));

        // Lengths 3, 8, 15, 40, 90, 250; base's ndcg@3 is .3 + user index / 100.
        assertThat(s.activity()).extracting(Sparsity.Group::bucket).containsExactly("cold: 0-5", "6-20", "21-50", "51-200", "201+");
        assertThat(s.activity().get(1).users()).isEqualTo(2);
        assertThat(s.activity().get(1).byVariant().get("base").mean()).isCloseTo(0.315, within(1e-12));
        assertThat(s.popularity()).isEmpty();
        assertThat(s.popularityReason()).contains("/nonexistent/ml-fixture");
        assertThat(s.description()).contains("Not by item popularity");

        assertThat(Sparsity.of(folder, null, HistoryLengths.of(folder)).isEmpty()).isTrue();
    }

    @Test
    void the_control_needs_the_runs_dataset_and_a_leave_last_out_split_and_marks_the_current_beta() throws IOException {
        assertThat(RerankControl.of(RunFolder.open(RunFixture.write(dir))).reason()).contains("/nonexistent/ml-fixture");
        Path data = dataset();
        assertThat(RerankControl.of(RunFolder.open(run(data, "random-holdout"))).reason()).contains("random-holdout");

        RerankControl control = RerankControl.of(RunFolder.open(run(data, "leave-last-out")));
        assertThat(control.available()).as(String.valueOf(control.reason())).isTrue();
        // u1's answer [4, 5, 3] (pop 0, 0, 1), K = 2: the run's list [4, 5]; at beta 2 item 3 (.33 + 2 * 1/5) passes item 5 (.67)
        // and enters the top 2, so ARP rises.
        RerankControl.Values now = control.at(-0.5, 0);
        Figure f = StudyCharts.popularitySweep(control, control.betaCurve(0), -0.5, 0, now);
        XYPlot left = f.panels().get(0).getXYPlot();
        assertThat(left.getDataset(0).getItemCount(0)).isEqualTo(RerankControl.BETAS.length);
        assertThat(left.getDataset(1).getXValue(0, 0)).as("the square sits at the current ARP").isEqualTo(now.get("v", "arp"));
        assertThat(left.getDataset(1).getYValue(0, 0)).isEqualTo(now.get("v", "ndcg@2"));
        assertThat(f.caption()).contains("beta = -0.50");
        assertThat(control.at(2, 0).get("v", "arp")).isGreaterThan(control.at(0, 0).get("v", "arp"));

        // The report's accuracy/ARP figure draws the same sweep, through the run's own lists at beta = 0.
        Report report = Report.of(RunFolder.open(dir.resolve("run")), Report.Options.defaults(), true);
        XYPlot scatter = report.figures().stream().filter(x -> x.id().equals("accuracy-vs-arp")).findFirst().orElseThrow()
                .panels().get(0).getXYPlot();
        int zero = java.util.Arrays.binarySearch(RerankControl.BETAS, 0.0);
        assertThat(scatter.getDataset(1).getXValue(0, zero)).isEqualTo(control.at(0, 0).get("v", "arp"));
        assertThat(scatter.getDataset(1).getYValue(0, zero)).isEqualTo(control.at(0, 0).get("v", "ndcg@2"));
    }
}
