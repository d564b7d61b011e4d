package org.recprompt.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.backend.EgressEvent;
import org.recprompt.backend.EgressSink;

/** A run's egress: the run folder's file at once, the workspace's log in batches from one writer, drained on close. */
class RunEgressTest {

    @TempDir
    Path dir;

    static EgressEvent event(int n) {
        return new EgressEvent(Instant.ofEpochSecond(n), "p", "r", "v", "llm", "openai", "m", "http://127.0.0.1:1/v1/chat/completions",
                100 + n, false, List.of("u" + n), 200);
    }

    @Test
    void requests_never_wait_for_the_workspace_log_which_gets_every_event_in_order_in_batches_by_close() throws Exception {
        CountDownLatch firstBatchHeld = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<List<EgressEvent>> batches = Collections.synchronizedList(new ArrayList<>());
        EgressSink slowLog = new EgressSink() {
            @Override
            public void record(EgressEvent e) {
                throw new AssertionError("the writer hands events over in batches");
            }

            @Override
            public void recordAll(List<EgressEvent> events) {
                batches.add(List.copyOf(events));
                firstBatchHeld.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        RunEgress egress = new RunEgress(slowLog);
        egress.attach(dir);
        egress.record(event(0));
        assertThat(firstBatchHeld.await(10, TimeUnit.SECONDS)).isTrue();
        // the workspace's log is stuck on the first batch: recording goes on, the run folder's file has every line
        for (int n = 1; n < 100; n++) {
            egress.record(event(n));
        }
        assertThat(Files.readAllLines(dir.resolve(RunEgress.FILE))).hasSize(100);
        release.countDown();
        egress.close();
        List<EgressEvent> all = batches.stream().flatMap(List::stream).toList();
        assertThat(all).hasSize(100);
        assertThat(all.stream().mapToLong(EgressEvent::bytesSent)).isSorted();
        assertThat(batches.size()).isLessThan(100);
    }

    @Test
    void a_failed_workspace_write_is_thrown_from_a_later_record() throws Exception {
        CountDownLatch failed = new CountDownLatch(1);
        RunEgress egress = new RunEgress(new EgressSink() {
            @Override
            public void record(EgressEvent e) {
            }

            @Override
            public void recordAll(List<EgressEvent> events) {
                failed.countDown();
                throw new IllegalStateException("disk full");
            }
        });
        IllegalStateException reported = null;
        try {
            egress.record(event(1));
        } catch (IllegalStateException e) {
            reported = e; // the writer failed so fast that this very call saw it
        }
        assertThat(failed.await(10, TimeUnit.SECONDS)).isTrue();
        // the writer stores the failure just after the sink throws: a later record reports it
        for (int n = 2; n < 500 && reported == null; n++) {
            try {
                egress.record(event(n));
                Thread.sleep(10);
            } catch (IllegalStateException e) {
                reported = e;
            }
        }
        assertThat(reported).hasMessage("disk full");
        egress.close();
    }

    @Test
    void a_request_in_flight_when_the_process_was_killed_is_recorded_on_resume_once_with_status_0() throws Exception {
        List<EgressEvent> log = Collections.synchronizedList(new ArrayList<>());
        EgressSink workspace = new EgressSink() {
            @Override
            public void record(EgressEvent e) {
                log.add(e);
            }

            @Override
            public List<EgressEvent> recorded(String project, String run) {
                return List.copyOf(log);
            }
        };
        RunEgress killed = new RunEgress(workspace);
        killed.attach(dir);
        EgressSink.InFlight answered = killed.sending(event(1));
        killed.record(event(1));
        answered.settled();
        assertThat(Files.size(dir.resolve(RunEgress.IN_FLIGHT))).as("nothing in flight: the note is emptied, not grown").isZero();
        killed.sending(event(2)); // the process dies before its answer: never recorded, never settled
        assertThat(Files.size(dir.resolve(RunEgress.IN_FLIGHT))).isPositive();
        for (int i = 0; i < 500 && log.isEmpty(); i++) {
            Thread.sleep(10); // the killed process's writer had handed over the first request
        }
        assertThat(log).hasSize(1);
        assertThat(RunEgress.read(dir)).hasSize(1);

        RunEgress resumed = new RunEgress(workspace);
        resumed.attach(dir);
        assertThat(resumed.reconcile(dir)).isEqualTo(1);
        resumed.close();

        List<EgressEvent> file = RunEgress.read(dir);
        assertThat(file).hasSize(2);
        assertThat(file.get(1).bytesSent()).isEqualTo(102);
        assertThat(file.get(1).status()).as("no answer came").isZero();
        assertThat(log).hasSize(2);

        RunEgress again = new RunEgress(workspace);
        again.attach(dir);
        assertThat(again.reconcile(dir)).as("nothing left to add").isZero();
        again.close();
        assertThat(RunEgress.read(dir)).hasSize(2);
        assertThat(log).hasSize(2);
    }
}
