package org.recprompt.report;

/** A report cannot be made: the run folder is missing a file or a file is not as expected. The message names the file. */
public class ReportException extends RuntimeException {

    public ReportException(String message) {
        super(message);
    }

    public ReportException(String message, Throwable cause) {
        super(message, cause);
    }
}
