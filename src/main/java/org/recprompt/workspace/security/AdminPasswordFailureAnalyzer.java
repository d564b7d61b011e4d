package org.recprompt.workspace.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a refused start (no administrator, a bad password) into one sentence on the console instead of a stack trace. */
class AdminPasswordFailureAnalyzer extends AbstractFailureAnalyzer<IllegalStateException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, IllegalStateException cause) {
        if (cause instanceof AdminPasswordMissingException) {
            return new FailureAnalysis(cause.getMessage(), "See README.md, \"Serve it to a group\".", cause);
        }
        return null;
    }
}
