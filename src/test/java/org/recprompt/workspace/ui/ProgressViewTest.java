package org.recprompt.workspace.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.recprompt.base.BackgroundJobs;
import org.recprompt.base.BackgroundJobs.Job;
import org.recprompt.base.ConsoleLog;

import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.grid.Grid;

/** The progress view: rows for watched jobs only, "estimating..." until the ETA is known, no rate for a job that counts nothing. */
class ProgressViewTest {

    static final class ManualClock extends Clock {
        volatile Instant now = Instant.parse("2026-01-01T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final ManualClock clock = new ManualClock();
    final ExecutorService executor = Executors.newFixedThreadPool(2);
    final BackgroundJobs jobs = new BackgroundJobs(executor, new ConsoleLog(clock), clock);
    final CountDownLatch end = new CountDownLatch(1);

    @BeforeEach
    void ui() {
        MockVaadin.setup();
    }

    @AfterEach
    void stop() {
        end.countDown();
        MockVaadin.tearDown();
        executor.shutdownNow();
    }

    @Test
    void a_run_shows_estimating_until_its_rate_is_known_and_a_quiet_job_shows_no_row() throws Exception {
        CountDownLatch first = new CountDownLatch(1);
        CountDownLatch more = new CountDownLatch(1);
        CountDownLatch second = new CountDownLatch(1);
        CountDownLatch quietStarted = new CountDownLatch(1);
        Job run = jobs.submit("Run ranking-1", m -> {
            m.begin(100);
            m.worked(1);
            first.countDown();
            more.await(5, TimeUnit.SECONDS);
            m.worked(9);
            second.countDown();
            end.await(5, TimeUnit.SECONDS);
        });
        jobs.submitQuiet("Re-ranking at beta 0.30", m -> {
            quietStarted.countDown();
            end.await(5, TimeUnit.SECONDS);
        });
        assertThat(first.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(quietStarted.await(5, TimeUnit.SECONDS)).isTrue();
        ProgressView view = new ProgressView(jobs);
        view.refresh();
        @SuppressWarnings("unchecked")
        Grid<Job> grid = (Grid<Job>) view.getContent();

        assertThat(grid.getGenericDataView().getItems().toList()).as("only the run has a row").containsExactly(run);
        assertThat(ProgressView.eta(run)).isEqualTo("estimating\u2026");
        clock.now = clock.now.plusSeconds(20);
        more.countDown();
        assertThat(second.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ProgressView.eta(run)).as("10 calls in 20 s: 90 left").matches("\\dm \\d\\ds");
        assertThat(ProgressView.rate(run)).as("a rate once it is known").matches("\\d+\\.\\d/s");
        double shown = Double.parseDouble(ProgressView.rate(run).replace("/s", ""));
        long etaSeconds = run.eta().orElseThrow().toSeconds();
        assertThat(90 / shown).as("the rate shown is the one the ETA comes from").isCloseTo(etaSeconds,
                org.assertj.core.api.Assertions.within(0.06 * etaSeconds + 1));
    }

    @Test
    void a_job_that_counts_no_units_shows_no_rate_and_no_eta() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Job job = jobs.submit("Export project", m -> {
            started.countDown();
            end.await(5, TimeUnit.SECONDS);
        });
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ProgressView.rate(job)).isEmpty();
        assertThat(ProgressView.eta(job)).isEmpty();
    }
}
