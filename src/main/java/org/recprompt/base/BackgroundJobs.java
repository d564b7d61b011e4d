package org.recprompt.base;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Service;

/**
 * Runs long work (runs, downloads, training) on the background executor, never on a UI thread,
 * and tracks each job's progress, throughput and ETA for the progress view. A job is cancelled
 * cooperatively through its {@link ProgressMonitor}; a failure is recorded on the job and in the
 * console, never thrown at the caller.
 *
 * <p>What a researcher sees ({@link Mode}): a {@link Mode#WATCHED} job (a run, a download, an
 * import) has a row in the progress view and one console line when it ends; a {@link Mode#QUIET}
 * one (a screen's own computation: a slider's re-ranking, a user page, a preview) has no row unless
 * it is still running after {@link #QUIET_ROW_DELAY}, and no console line but a failure's. A job
 * whose result is no longer wanted is {@link Job#supersede superseded}: it stops and goes away
 * without a line (a cancel the user did not ask for is no warning). Finished rows leave the view
 * {@link #KEEP_FINISHED} after they end, failed ones when the user clears them. The ETA comes from
 * an {@link EtaEstimator}: none until the rate is known.
 */
@Service
public class BackgroundJobs {

    /** How visible a job is. */
    public enum Mode {
        /** Work a user watches or cancels: a row, and one console line when it ends. */
        WATCHED,
        /** As {@link #WATCHED}, but the task writes its own outcome line, a cancel's too (only a failure is logged here). */
        WATCHED_SELF_REPORTING,
        /** A screen's quick computation: a row only after {@link #QUIET_ROW_DELAY}, no line but a failure's. */
        QUIET
    }

    /** A quiet job still running after this long gets a row (the user may want to see or cancel it). */
    public static final Duration QUIET_ROW_DELAY = Duration.ofSeconds(1);
    /** A finished (not failed) job's row stays this long. */
    public static final Duration KEEP_FINISHED = Duration.ofSeconds(30);

    private static final ScheduledExecutorService TIMERS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "background-jobs-timer");
        t.setDaemon(true);
        return t;
    });

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
        private volatile boolean superseded;
        private final Mode mode;
        private final EtaEstimator rate = new EtaEstimator();
        private boolean taskEstimates;
        private Duration taskEta;
        /** The signed-in account that started it, "" when none (no login, start-up). */
        private volatile String startedBy = "";

        private Job(long id, String name, Mode mode) {
            this.id = id;
            this.name = name;
            this.mode = mode;
        }

        /** The account that started the job, "" when nobody was signed in. */
        public String startedBy() {
            return startedBy;
        }

        public Mode mode() {
            return mode;
        }

        /**
         * Whether the progress view shows this job at {@code now}: a watched job until
         * {@link #KEEP_FINISHED} after it ended (a failed one until cleared), a quiet one only while it
         * runs past {@link #QUIET_ROW_DELAY}; a superseded job never.
         */
        boolean shownAt(Instant now) {
            if (superseded) {
                return false;
            }
            if (mode == Mode.QUIET) {
                Instant start = startedAt;
                return !state.isFinished() && start != null && !now.isBefore(start.plus(QUIET_ROW_DELAY));
            }
            Instant end = finishedAt;
            return !state.isFinished() || state == State.FAILED || end == null || now.isBefore(end.plus(KEEP_FINISHED));
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

        /**
         * Units per second: while the job runs, the smoothed rate its ETA comes from (0 until known,
         * so the view's rate and ETA never disagree); once it ended, units over the whole run.
         */
        public synchronized double throughput() {
            if (state == State.RUNNING && !taskEstimates) {
                return rate.rate(clock.millis());
            }
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
         * otherwise from the phase's smoothed rate ({@link EtaEstimator}: work exponentially discounted,
         * so the estimate neither jumps nor stays optimistic while work stalls). Empty until the rate is
         * known (a few units and a few seconds into the phase): the view then says it is estimating.
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
            return rate.eta(clock.millis(), t - d);
        }

        /** Asks the job to stop (the user's cancel: one console line says so); a queued job never starts. */
        public void cancel() {
            cancelRequested = true;
            Future<?> f = future;
            if (state == State.QUEUED && f != null && f.cancel(false)) {
                finish(State.CANCELLED, "Cancelled before it started");
                if (mode != Mode.QUIET && !superseded) {
                    console.info("Cancelled " + name + " before it started");
                }
            }
        }

        /**
         * Stops a job whose result is no longer wanted (a newer request replaced it): it stops as on
         * {@link #cancel}, but silently, and its row goes away at once.
         */
        public void supersede() {
            superseded = true;
            cancel();
            changed(this);
        }

        public boolean isSuperseded() {
            return superseded;
        }

        @Override
        public void begin(long totalWork) {
            synchronized (this) {
                done.set(0);
                total = totalWork;
                rate.begin(clock.millis());
                taskEstimates = false;
                taskEta = null;
            }
            changed(this);
        }

        @Override
        public void worked(long amount) {
            synchronized (this) {
                rate.worked(clock.millis(), amount);
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

    /** Submits a {@link Mode#WATCHED} job. */
    public Job submit(String name, Task task) {
        return submit(name, Mode.WATCHED, task);
    }

    /** Submits a {@link Mode#QUIET} job: a screen's own computation. */
    public Job submitQuiet(String name, Task task) {
        return submit(name, Mode.QUIET, task);
    }

    public Job submit(String name, Mode mode, Task task) {
        Job job = new Job(ids.incrementAndGet(), name, mode);
        jobs.add(job);
        changed(job);
        // the job acts as whoever started it: services check that account's project role (issue 23)
        org.springframework.security.core.context.SecurityContext who =
                org.springframework.security.core.context.SecurityContextHolder.getContext();
        if (who.getAuthentication() != null && who.getAuthentication().isAuthenticated()
                && !(who.getAuthentication() instanceof org.springframework.security.authentication.AnonymousAuthenticationToken)) {
            job.startedBy = who.getAuthentication().getName();
        }
        job.future = executor.submit(() -> {
            org.springframework.security.core.context.SecurityContextHolder.setContext(who);
            try {
                execute(job, task);
            } finally {
                org.springframework.security.core.context.SecurityContextHolder.clearContext();
            }
        });
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
        if (job.mode == Mode.QUIET) {
            later(QUIET_ROW_DELAY); // its row appears if it is still running then
        }
        try {
            task.run(job);
            // the console line first: whoever sees the job finished finds its line written
            if (job.cancelRequested) {
                if (job.mode == Mode.WATCHED && !job.superseded) {
                    console.info("Cancelled " + job.name);
                }
                job.finish(State.CANCELLED, "Cancelled after " + job.done() + " units");
            } else {
                if (job.mode == Mode.WATCHED) {
                    console.info("Finished " + job.name + " in " + seconds(Duration.between(job.startedAt, clock.instant())));
                }
                job.finish(State.DONE, "Done");
            }
        } catch (Exception | LinkageError e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (!job.superseded) {
                console.error(job.name + " failed: " + why);
            }
            job.finish(State.FAILED, why);
        }
        later(KEEP_FINISHED.plusMillis(100)); // its row goes then
    }

    private static String seconds(Duration d) {
        long s = d.toSeconds();
        return s < 1 ? "under a second" : s < 60 ? s + " s" : s / 60 + " min " + s % 60 + " s";
    }

    /** Tells the listeners again after a while: a row appears or goes with time alone. */
    private void later(Duration delay) {
        TIMERS.schedule(() -> listeners.forEach(Runnable::run), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The jobs the progress view shows now, oldest first: see {@link Job#shownAt}. Jobs that will not
     * be shown again are forgotten here.
     */
    public List<Job> jobs() {
        Instant now = clock.instant();
        jobs.removeIf(j -> j.state().isFinished() && !j.shownAt(now));
        return jobs.stream().filter(j -> j.shownAt(now)).toList();
    }

    /** Every job of this session not yet forgotten, shown or not, oldest first. */
    public List<Job> allJobs() {
        return List.copyOf(jobs);
    }

    /** The unfinished jobs the progress view shows (the status bar's count). */
    public List<Job> running() {
        Instant now = clock.instant();
        return jobs.stream().filter(j -> !j.state().isFinished() && j.shownAt(now)).toList();
    }

    /** Asks every unfinished job to stop, shown or not. */
    public void cancelAll() {
        jobs.stream().filter(j -> !j.state().isFinished()).forEach(Job::cancel);
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
