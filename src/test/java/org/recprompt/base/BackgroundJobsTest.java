package org.recprompt.base;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.recprompt.base.BackgroundJobs.Job;
import org.recprompt.base.BackgroundJobs.State;
import org.recprompt.base.BackgroundJobs.Task;

class BackgroundJobsTest {

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-01-01T10:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final ManualClock clock = new ManualClock();
    final ExecutorService executor = Executors.newSingleThreadExecutor();
    final ConsoleLog console = new ConsoleLog(clock);
    final BackgroundJobs jobs = new BackgroundJobs(executor, console, clock);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    static void await(Job job) throws InterruptedException {
        for (int i = 0; i < 500 && !job.state().isFinished(); i++) {
            Thread.sleep(10);
        }
        assertThat(job.state().isFinished()).as("job finished").isTrue();
    }

    @Test
    void progress_throughput_and_eta_follow_the_work_done() throws Exception {
        CountDownLatch halfway = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        Job job = jobs.submit("run 200 calls", m -> {
            m.begin(200);
            m.worked(50);
            halfway.countDown();
            resume.await(5, TimeUnit.SECONDS);
            m.worked(150);
        });
        assertThat(halfway.await(5, TimeUnit.SECONDS)).isTrue();
        clock.now = clock.now.plusSeconds(10);

        assertThat(job.state()).isEqualTo(State.RUNNING);
        assertThat(job.fraction()).isEqualTo(0.25);
        // 50 units at once, then 10 s without any: the smoothed rate is below the plain average (5/s)
        Duration eta = job.eta().orElseThrow();
        assertThat(job.throughput()).as("the rate shown is the one the ETA comes from").isLessThan(5.0)
                .isCloseTo(150.0 / eta.toMillis() * 1000, org.assertj.core.api.Assertions.within(0.01));
        assertThat(eta).isGreaterThan(Duration.ofSeconds(30)).isLessThan(Duration.ofSeconds(60));
        clock.now = clock.now.plusSeconds(30);
        assertThat(job.eta().orElseThrow()).as("a stall makes the estimate longer, never shorter").isGreaterThan(eta);
        assertThat(jobs.running()).containsExactly(job);

        resume.countDown();
        await(job);
        assertThat(job.state()).isEqualTo(State.DONE);
        assertThat(job.fraction()).isEqualTo(1.0);
        assertThat(job.eta()).isEmpty();
        assertThat(console.lines()).extracting(ConsoleLog.Line::message)
                .as("one line for the job, when it ends").containsExactly("Finished run 200 calls in 40 s");
    }

    @Test
    void a_cancelled_job_stops_between_units_and_is_recorded_as_cancelled() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicInteger units = new AtomicInteger();
        Job job = jobs.submit("endless", m -> {
            m.begin(1_000_000);
            started.countDown();
            while (!m.isCancelled()) {
                m.worked(1);
                units.incrementAndGet();
                Thread.sleep(1);
            }
        });
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        jobs.cancelAll();
        await(job);

        assertThat(job.state()).isEqualTo(State.CANCELLED);
        assertThat(job.done()).isEqualTo(units.get()).isLessThan(1_000_000);
        assertThat(jobs.running()).isEmpty();
    }

    @Test
    void a_queued_job_that_is_cancelled_never_runs() throws Exception {
        CountDownLatch block = new CountDownLatch(1);
        Job first = jobs.submit("first", m -> block.await(5, TimeUnit.SECONDS));
        AtomicInteger ran = new AtomicInteger();
        Job second = jobs.submit("second", m -> ran.incrementAndGet());

        second.cancel();
        block.countDown();
        await(first);
        await(second);

        assertThat(second.state()).isEqualTo(State.CANCELLED);
        assertThat(ran).hasValue(0);
    }

    @Test
    void a_failure_is_recorded_on_the_job_and_in_the_console_not_thrown() throws Exception {
        Job job = jobs.submit("download ml-1m", m -> {
            throw new java.io.IOException("checksum mismatch for ml-1m.zip");
        });
        await(job);

        assertThat(job.state()).isEqualTo(State.FAILED);
        assertThat(job.currentMessage()).isEqualTo("checksum mismatch for ml-1m.zip");
        assertThat(console.lines()).last().satisfies(line -> {
            assertThat(line.level()).isEqualTo(ConsoleLog.Level.ERROR);
            assertThat(line.message()).isEqualTo("download ml-1m failed: checksum mismatch for ml-1m.zip");
        });
        jobs.clearFinished();
        assertThat(jobs.jobs()).isEmpty();
    }

    @Test
    void listeners_hear_every_change_until_they_unsubscribe() throws Exception {
        AtomicInteger heard = new AtomicInteger();
        Runnable off = jobs.addListener(heard::incrementAndGet);
        await(jobs.submit("short", m -> {
            m.begin(2);
            m.worked(2);
        }));
        int count = heard.get();
        assertThat(count).isGreaterThanOrEqualTo(4);
        off.run();
        await(jobs.submit("unheard", m -> m.worked(1)));
        assertThat(heard.get()).isEqualTo(count);
    }

    @Test
    void no_eta_before_work_of_the_phase_is_done_and_the_tasks_own_estimate_wins() throws Exception {
        CountDownLatch step = new CountDownLatch(1);
        CountDownLatch next = new CountDownLatch(1);
        CountDownLatch step2 = new CountDownLatch(1);
        CountDownLatch end = new CountDownLatch(1);
        Job job = jobs.submit("prepare then run", m -> {
            m.begin(1000); // a preparation phase
            m.worked(1000);
            m.begin(200); // the calls: none done yet
            step.countDown();
            next.await(5, TimeUnit.SECONDS);
            m.worked(100);
            m.estimate(null); // the task cannot tell yet (a variant has not finished a call)
            step2.countDown();
            end.await(5, TimeUnit.SECONDS);
        });
        assertThat(step.await(5, TimeUnit.SECONDS)).isTrue();
        clock.now = clock.now.plusSeconds(5);
        assertThat(job.eta()).as("nothing of this phase done").isEmpty();
        next.countDown();
        assertThat(step2.await(5, TimeUnit.SECONDS)).isTrue();
        clock.now = clock.now.plusSeconds(5);
        assertThat(job.eta()).as("the task said it cannot tell").isEmpty();
        job.estimate(Duration.ofSeconds(42));
        assertThat(job.eta()).contains(Duration.ofSeconds(42));
        end.countDown();
        await(job);
    }

    @Test
    void a_quiet_job_has_no_row_for_its_first_second_and_no_console_line() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch end = new CountDownLatch(1);
        Job job = jobs.submitQuiet("Re-ranking at beta 0.30", m -> {
            started.countDown();
            end.await(5, TimeUnit.SECONDS);
        });
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

        assertThat(jobs.jobs()).as("a quick computation has no row").isEmpty();
        assertThat(jobs.running()).isEmpty();
        clock.now = clock.now.plus(BackgroundJobs.QUIET_ROW_DELAY);
        assertThat(jobs.jobs()).as("still running after a second: the user may want to see it").containsExactly(job);
        assertThat(jobs.running()).containsExactly(job);
        end.countDown();
        await(job);

        assertThat(job.state()).isEqualTo(State.DONE);
        assertThat(jobs.jobs()).as("its row goes when it is done").isEmpty();
        assertThat(console.lines()).isEmpty();
    }

    @Test
    void a_quiet_job_that_fails_still_says_so_in_the_console() throws Exception {
        Job job = jobs.submitQuiet("User 7 of llm", m -> {
            throw new java.io.IOException("responses.jsonl cannot be read");
        });
        await(job);

        assertThat(job.state()).isEqualTo(State.FAILED);
        assertThat(console.lines()).singleElement().satisfies(line -> {
            assertThat(line.level()).isEqualTo(ConsoleLog.Level.ERROR);
            assertThat(line.message()).isEqualTo("User 7 of llm failed: responses.jsonl cannot be read");
        });
    }

    @Test
    void a_superseded_job_stops_and_vanishes_without_a_line_while_a_users_cancel_is_one_info_line() throws Exception {
        CountDownLatch started = new CountDownLatch(2);
        Task untilCancelled = m -> {
            started.countDown();
            while (!m.isCancelled()) {
                Thread.sleep(1);
            }
        };
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            BackgroundJobs both = new BackgroundJobs(two, console, clock);
            Job old = both.submit("Re-ranking at beta 0.10", BackgroundJobs.Mode.WATCHED, untilCancelled);
            Job download = both.submit("Download dataset ml-1m", untilCancelled);
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

            old.supersede();
            download.cancel();
            await(old);
            await(download);

            assertThat(old.state()).isEqualTo(State.CANCELLED);
            assertThat(download.state()).isEqualTo(State.CANCELLED);
            assertThat(both.jobs()).as("the superseded row is gone; the cancelled one stays a while").containsExactly(download);
            assertThat(console.lines()).singleElement().satisfies(line -> {
                assertThat(line.level()).as("the user asked for it: no warning").isEqualTo(ConsoleLog.Level.INFO);
                assertThat(line.message()).isEqualTo("Cancelled Download dataset ml-1m");
            });
        } finally {
            two.shutdownNow();
        }
    }

    @Test
    void finished_rows_clear_after_a_while_but_a_failed_one_stays_until_cleared() throws Exception {
        Job ok = jobs.submit("Import dataset a", m -> m.worked(1));
        Job bad = jobs.submit("Import dataset b", m -> {
            throw new IllegalStateException("no ratings file");
        });
        await(ok);
        await(bad);
        assertThat(jobs.jobs()).containsExactly(ok, bad);

        clock.now = clock.now.plus(BackgroundJobs.KEEP_FINISHED);
        assertThat(jobs.jobs()).containsExactly(bad);
        assertThat(jobs.allJobs()).as("the finished row is forgotten, not only hidden").containsExactly(bad);
        jobs.clearFinished();
        assertThat(jobs.jobs()).isEmpty();
    }

    @Test
    void a_running_phase_shows_no_eta_from_its_first_unit() throws Exception {
        CountDownLatch first = new CountDownLatch(1);
        CountDownLatch second = new CountDownLatch(1);
        CountDownLatch stepped = new CountDownLatch(1);
        CountDownLatch end = new CountDownLatch(1);
        Job job = jobs.submit("four coarse steps", m -> {
            m.begin(4);
            m.worked(1); // the first step happened to be done at once
            first.countDown();
            second.await(5, TimeUnit.SECONDS);
            m.worked(1);
            stepped.countDown();
            end.await(5, TimeUnit.SECONDS);
        });
        assertThat(first.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(job.eta()).as("one unit done at once tells nothing about the next").isEmpty();
        clock.now = clock.now.plusSeconds(45);
        assertThat(job.eta()).as("still one unit").isEmpty();
        second.countDown();
        assertThat(stepped.await(5, TimeUnit.SECONDS)).isTrue();
        Duration eta = job.eta().orElseThrow();
        assertThat(eta).as("two steps in 45 s: the other two take about as long, not 4 s")
                .isGreaterThan(Duration.ofSeconds(30)).isLessThan(Duration.ofSeconds(90));
        end.countDown();
        await(job);
    }
}
