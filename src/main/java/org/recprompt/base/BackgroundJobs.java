package org.recprompt.base;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Service;

/**
 * Runs long work (runs, downloads, training) on the background executor, never on a UI thread,
 * and tracks each job's progress, throughput and ETA for the progress view. A job is cancelled
 * cooperatively through its {@link ProgressMonitor}; a failure is recorded on the job and in the
 * console, never thrown at the caller.
 */
@Service
public class BackgroundJobs {

    /** A unit of background work. */
    @FunctionalInterface
    public interface Task {
        void run(ProgressMonitor monitor) throws Exception;
    }

    public enum State { QUEUED, RUNNING, DONE, FAILED, CANCELLED;

        public boolean isFinished() {
            return this == DONE || this == FAILED || this == CANCELLED;
        }
    }

    /** A job's state as the progress view shows it. Thread-safe. */
    public final class Job implements ProgressMonitor {
        private final long id;
        private final String name;
        private final AtomicLong done = new AtomicLong();
        private volatile long total = -1;
        private volatile State state = State.QUEUED;
        private volatile String message = "";
        private volatile Instant startedAt;
        private volatile Instant finishedAt;
        private volatile boolean cancelRequested;
        private volatile Future<?> future;
        // the rate behind the ETA: work done, exponentially discounted with RATE_WINDOW_MS, since the phase began
        private long phaseStart = -1;
        private long lastWork;
        private double discounted;
        private boolean taskEstimates;
        private Duration taskEta;

        private Job(long id, String name) {
            this.id = id;
            this.name = name;
        }

        public long id() {
            return id;
        }

        public String name() {
            return name;
        }

        public State state() {
            return state;
        }

        public String currentMessage() {
            return message;
        }

        public long done() {
            return done.get();
        }

        /** The total work, or -1 while unknown. */
        public long total() {
            return total;
        }

        /** Fraction done in [0, 1], or -1 while the total is unknown. */
        public double fraction() {
            long t = total;
            return t <= 0 ? -1 : Math.min(1.0, (double) done.get() / t);
        }

        /** Units per second since the job started. */
        public double throughput() {
            Instant start = startedAt;
            if (start == null) {
                return 0;
            }
            Instant end = finishedAt == null ? clock.instant() : finishedAt;
            double seconds = Math.max(1e-3, Duration.between(start, end).toMillis() / 1000.0);
            return done.get() / seconds;
        }

        /**
         * Estimated time left: the task's own estimate when it gives one ({@link ProgressMonitor#estimate});
         * otherwise from a smoothed rate (work of the current phase, exponentially discounted over about
         * {@value #RATE_WINDOW_MS} ms, so the estimate neither jumps nor stays optimistic while work stalls).
         * Empty until some work of the phase is done.
         */
        public synchronized Optional<Duration> eta() {
            long t = total;
            long d = done.get();
            if (state != State.RUNNING || t <= 0) {
                return Optional.empty();
            }
            if (taskEstimates) {
                return Optional.ofNullable(taskEta);
            }
            if (d <= 0 || phaseStart < 0) {
                return Optional.empty();
            }
            long now = clock.millis();
            double elapsed = Math.max(1, now - phaseStart);
            double rate = discounted * Math.exp(-(now - lastWork) / RATE_WINDOW_MS) // units per window
                    / (1 - Math.exp(-elapsed / RATE_WINDOW_MS)) / RATE_WINDOW_MS * 1000;
            if (!(rate > 0)) {
                return Optional.empty();
            }
            return Optional.of(Duration.ofMillis(Math.round(Math.max(0, t - d) / rate * 1000)));
        }

        /** Asks the job to stop; a queued job never starts. */
        public void cancel() {
            cancelRequested = true;
            Future<?> f = future;
            if (state == State.QUEUED && f != null && f.cancel(false)) {
                finish(State.CANCELLED, "Cancelled before it started");
            }
        }

        @Override
        public void begin(long totalWork) {
            synchronized (this) {
                done.set(0);
                total = totalWork;
                phaseStart = clock.millis();
                lastWork = phaseStart;
                discounted = 0;
                taskEstimates = false;
                taskEta = null;
            }
            changed(this);
        }

        @Override
        public void worked(long amount) {
            synchronized (this) {
                long now = clock.millis();
                if (phaseStart < 0) {
                    phaseStart = now;
                    lastWork = now;
                }
                discounted = discounted * Math.exp(-(now - lastWork) / RATE_WINDOW_MS) + amount;
                lastWork = now;
                done.addAndGet(amount);
            }
            changed(this);
        }

        @Override
        public synchronized void estimate(Duration left) {
            taskEstimates = true;
            taskEta = left;
        }

        @Override
        public void message(String text) {
            message = text == null ? "" : text;
            changed(this);
        }

        @Override
        public boolean isCancelled() {
            return cancelRequested;
        }

        private void finish(State end, String text) {
            finishedAt = clock.instant();
            message = text;
            state = end;
            changed(this);
        }
    }

    /** The time scale of the smoothed rate behind a job's ETA. */
    static final double RATE_WINDOW_MS = 20_000;

    private final ExecutorService executor;
    private final ConsoleLog console;
    private final Clock clock;
    private final AtomicLong ids = new AtomicLong();
    private final List<Job> jobs = new CopyOnWriteArrayList<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public BackgroundJobs(ExecutorService backgroundExecutor, ConsoleLog console, Clock clock) {
        this.executor = backgroundExecutor;
        this.console = console;
        this.clock = clock;
    }

    public Job submit(String name, Task task) {
        Job job = new Job(ids.incrementAndGet(), name);
        jobs.add(job);
        changed(job);
        job.future = executor.submit(() -> execute(job, task));
        return job;
    }

    private void execute(Job job, Task task) {
        if (job.cancelRequested) {
            job.finish(State.CANCELLED, "Cancelled before it started");
            return;
        }
        job.startedAt = clock.instant();
        job.state = State.RUNNING;
        changed(job);
        console.info("Started " + job.name);
        try {
            task.run(job);
            if (job.cancelRequested) {
                job.finish(State.CANCELLED, "Cancelled after " + job.done() + " units");
                console.warn("Cancelled " + job.name);
            } else {
                job.finish(State.DONE, "Done");
                console.info("Finished " + job.name);
            }
        } catch (Exception | LinkageError e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            job.finish(State.FAILED, why);
            console.error(job.name + " failed: " + why);
        }
    }

    /** All jobs of this session, oldest first. */
    public List<Job> jobs() {
        return List.copyOf(jobs);
    }

    public List<Job> running() {
        return jobs.stream().filter(j -> !j.state().isFinished()).toList();
    }

    /** Asks every unfinished job to stop. */
    public void cancelAll() {
        running().forEach(Job::cancel);
    }

    /** Forgets finished jobs. */
    public void clearFinished() {
        jobs.removeIf(j -> j.state().isFinished());
        listeners.forEach(Runnable::run);
    }

    /** Calls the listener (from any thread) on every change of any job until the handle is run. */
    public Runnable addListener(Runnable listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void changed(Job job) {
        listeners.forEach(Runnable::run);
    }
}
