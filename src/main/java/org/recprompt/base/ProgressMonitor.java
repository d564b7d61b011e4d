package org.recprompt.base;

/** What a background task reports, and how it learns that it should stop. */
public interface ProgressMonitor {

    /** A monitor that reports nowhere and never cancels, for work done outside a job (CLI, tests). */
    ProgressMonitor NONE = new ProgressMonitor() {
        @Override
        public void begin(long totalWork) {
        }

        @Override
        public void worked(long amount) {
        }

        @Override
        public void message(String message) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }
    };

    /**
     * Starts a phase: announces its total amount of work, in the task's own units (calls, users,
     * bytes), and counts from zero again.
     */
    void begin(long totalWork);

    /** Records {@code amount} more units done. */
    void worked(long amount);

    /** A short description of what the task is doing now. */
    void message(String message);

    /** True once a user asked the task to stop; a task checks it between units and returns. */
    boolean isCancelled();

    /**
     * The task's own estimate of the time left in this phase (null: it cannot tell yet), for a task
     * that knows better than its overall rate (a run whose variants go at different speeds). Once a
     * task gives one, its estimates are shown instead of one from the rate, until the next phase.
     */
    default void estimate(java.time.Duration left) {
    }
}
