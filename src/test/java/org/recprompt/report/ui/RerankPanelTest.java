package org.recprompt.report.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.base.BackgroundJobs;
import org.recprompt.base.ConsoleLog;
import org.recprompt.report.ReportFixtures;
import org.recprompt.report.RerankControl;
import org.recprompt.report.RunFolder;

import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.html.Image;

/** The results view's beta/lambda control, browserless: slider and field move together, the table and figures follow. */
class RerankPanelTest {

    @TempDir
    Path dir;

    final ExecutorService executor = Executors.newSingleThreadExecutor();
    final ConsoleLog console = new ConsoleLog(Clock.systemUTC());
    final BackgroundJobs jobs = new BackgroundJobs(executor, console, Clock.systemUTC());

    @BeforeEach
    void ui() {
        MockVaadin.setup();
    }

    @AfterEach
    void stop() {
        MockVaadin.tearDown();
        executor.shutdownNow();
    }

    static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        for (int i = 0; i < 1000 && !condition.getAsBoolean(); i++) {
            Thread.sleep(10);
            MockVaadin.clientRoundtrip();
        }
        assertThat(condition.getAsBoolean()).as(what).isTrue();
    }

    static boolean hasImage(com.vaadin.flow.component.Component c) {
        return c instanceof Image || c.getChildren().anyMatch(RerankPanelTest::hasImage);
    }

    static RerankPanel.Change change(RerankPanel p, String metric) {
        return p.table.getListDataView().getItems().filter(c -> c.metric().equals(metric)).findFirst().orElseThrow();
    }

    @Test
    void moving_the_beta_slider_re_ranks_in_the_background_and_updates_table_field_and_figure() throws Exception {
        RunFolder run = RunFolder.open(ReportFixtures.runWithDataset(dir));
        AtomicInteger prepared = new AtomicInteger();
        RerankPanel panel = new RerankPanel("six", () -> {
            prepared.incrementAndGet();
            return RerankControl.of(run);
        }, jobs);
        assertThat(panel.isEnabled()).as("disabled until prepared").isFalse();

        eventually(() -> panel.table.isVisible(), "the table after preparing");
        assertThat(panel.isEnabled()).isTrue();
        assertThat(panel.lambda.isEnabled()).as("the dataset has genres").isTrue();
        List<RerankPanel.Change> atZero = panel.table.getListDataView().getItems().toList();
        assertThat(atZero).extracting(RerankPanel.Change::metric).containsExactly("ndcg@2", "hr@2", "arp", "aplt", "calibration_kl",
                "coverage");
        assertThat(atZero).allMatch(c -> c.delta() == 0 || Double.isNaN(c.delta()));
        assertThat(hasImage(panel.popularityFigure)).as("the popularity sweep is drawn").isTrue();

        panel.betaSlider.setValue("-1");
        assertThat(panel.beta.getValue()).as("the field follows the slider").isEqualTo(-1.0);
        eventually(() -> panel.status.getText().startsWith("Re-ranked at beta -1.00"), "re-ranked at beta -1: " + panel.status.getText());
        // u6's answer [1, 4, 5]: item 1 (S 1, S_pop 1) drops to 0 below item 4 (2/3): ARP falls.
        RerankPanel.Change arp = change(panel, "arp");
        assertThat(arp.reranked()).isLessThan(arp.run());
        assertThat(RerankPanel.better(arp)).as("lower ARP is better").isTrue();

        panel.lambda.setValue(0.5);
        assertThat(panel.lambdaSlider.getValue()).as("the slider follows the field").isEqualTo("0.5");
        eventually(() -> panel.status.getText().startsWith("Re-ranked at beta -1.00, lambda 0.50"), panel.status.getText());
        assertThat(hasImage(panel.calibrationFigure)).as("the calibration sweep is drawn").isTrue();

        // Several moves in a row: each supersedes the one before, silently; none leaves a row or a line.
        for (double b : new double[] {0.1, 0.2, 0.3, 0.4}) {
            panel.beta.setValue(b);
        }
        eventually(() -> panel.status.getText().startsWith("Re-ranked at beta 0.40"), panel.status.getText());
        eventually(() -> jobs.allJobs().stream().allMatch(j -> j.state().isFinished()), "every re-ranking ended");
        assertThat(jobs.allJobs()).filteredOn(BackgroundJobs.Job::isSuperseded).as("the older moves were superseded")
                .isNotEmpty();
        assertThat(jobs.jobs()).as("no progress row for a slider's re-ranking").isEmpty();
        assertThat(console.lines()).as("no Started/Finished/Cancelled lines").isEmpty();

        panel.reset.click();
        eventually(() -> panel.status.getText().startsWith("Re-ranked at beta 0.00, lambda 0.00"), panel.status.getText());
        assertThat(change(panel, "arp").delta()).isZero();
        assertThat(prepared.get()).as("prepared once; every move only re-ranks").isEqualTo(1);
    }

    @Test
    void a_run_without_its_dataset_says_why_and_stays_disabled() throws Exception {
        RunFolder run = RunFolder.open(ReportFixtures.run(dir));
        RerankPanel panel = new RerankPanel("fixture", () -> RerankControl.of(run), jobs);

        eventually(() -> panel.status.getText().startsWith("No re-ranking"), panel.status.getText());
        assertThat(panel.status.getText()).contains("/nonexistent/ml-fixture");
        assertThat(panel.isEnabled()).isFalse();
        assertThat(RerankPanel.format(-0.001)).isEqualTo("0");
        assertThat(RerankPanel.format(0.25)).isEqualTo("0.25");
    }
}
