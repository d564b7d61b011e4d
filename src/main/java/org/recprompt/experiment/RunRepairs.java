package org.recprompt.experiment;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.recprompt.base.BackgroundJobs;
import org.recprompt.base.ConsoleLog;

/**
 * The repairs of interrupted run folders started when a run's tab opens ({@link RunRecovery#reopen}
 * as a quiet background job), at most one pending per folder, and not again for a folder repaired
 * already that has not changed since.
 */
final class RunRepairs {

    private final BackgroundJobs jobs;
    private final ConsoleLog console;
    /** Interrupted run folders repaired on opening, with what their files looked like after it ({@link RunRecovery#signature}). */
    private final Map<Path, String> repaired = new ConcurrentHashMap<>();
    private final Map<Path, BackgroundJobs.Job> repairing = new ConcurrentHashMap<>();

    RunRepairs(BackgroundJobs jobs, ConsoleLog console) {
        this.jobs = jobs;
        this.console = console;
    }

    /** Whether a folder in this state needs a repair: interrupted, changed since its last repair, none pending. */
    boolean needed(Path runFolder, String state) {
        BackgroundJobs.Job pending = repairing.get(runFolder);
        return "INTERRUPTED".equals(state) && !RunRecovery.signature(runFolder).equals(repaired.get(runFolder))
                && !(pending != null && !pending.state().isFinished());
    }

    /** Starts the repair; it says what it did in one console line (none when nothing was missing). */
    BackgroundJobs.Job start(Path runFolder, String runId, RunEnvironment env, Supplier<RunSetup> setup) {
        String name = "Check interrupted run " + runId + " against the response cache and the egress log";
        BackgroundJobs.Job job = jobs.submitQuiet(name, monitor -> {
            RunRecovery.Outcome outcome = RunRecovery.reopen(runFolder, env.egress(), setup);
            if (outcome == null) {
                return; // another process writes the folder: it repairs what it needs itself
            }
            repaired.put(runFolder, RunRecovery.signature(runFolder)); // warned once, not at every opening
            if (outcome.problem() != null) {
                console.warn("Run " + runId + ": " + outcome.sentence());
            } else if (!outcome.isEmpty()) {
                console.info("Run " + runId + ": " + outcome.sentence());
            }
        });
        repairing.put(runFolder, job);
        return job;
    }

    /**
     * A resume of a folder whose opening repair has not started cancels it (the resume repairs the
     * same), and waits for one that is running (it holds the folder's lock for a moment).
     */
    void await(Path folder) throws InterruptedException {
        BackgroundJobs.Job repair = repairing.remove(folder);
        if (repair != null && repair.state() == BackgroundJobs.State.QUEUED) {
            repair.cancel();
        }
        while (repair != null && !repair.state().isFinished()) {
            Thread.sleep(50);
        }
    }
}
