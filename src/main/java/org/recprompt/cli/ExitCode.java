package org.recprompt.cli;

/** The process exit codes every command uses. */
public final class ExitCode {

    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;
    /** {@code run} finished, but a variant failed or lost more calls than {@code --max-error-rate} allows. */
    public static final int VARIANT_FAILURES = 3;

    private ExitCode() {
    }
}
