package org.recprompt.experiment;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a run's calls are executed when not by this process: worker processes
 * ({@code experiment.workers.DistributedDispatch}). The run ({@link ExperimentRun}) still prepares,
 * holds the folder's lock, reads the journal, evaluates and writes the outputs; the dispatch only has
 * the pending calls executed elsewhere, each finished call appended to the folder's journal by whoever
 * executed it, and returns when every call is done, or the run is cancelled (throwing, with the reason,
 * when it cannot go on).
 */
public interface RunDispatch {

    /** Has the context's pending calls executed elsewhere; returns when they are all done or the run is cancelled. */
    void execute(Context context) throws Exception;

    /** What the run tells its dispatch, and how the dispatch reports back. */
    interface Context {

        RunSetup setup();

        /** The run folder (its journal is where the calls' records arrive). */
        Path folder();

        /** The calls to execute (the run's calls without a usable record), in plan order. */
        List<Call> pending();

        /** The journal's size in bytes when the dispatch began: records after it are this dispatch's. */
        long journalOffset();

        /** True once the run is cancelled (Ctrl+C, the workbench's Cancel): queue nothing more, stop what is queued. */
        boolean isCancelled();

        /** The run's progress message (what the run tab and the command's progress show). */
        void message(String text);

        /** Reads the records appended to the journal since the last look; returns how many pending calls have one. */
        int collect();
    }
}
