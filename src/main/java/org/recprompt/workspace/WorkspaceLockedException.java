package org.recprompt.workspace;

/** Another running workbench holds the workspace. The message is one sentence a user can act on. */
public class WorkspaceLockedException extends Exception {

    public WorkspaceLockedException(String message) {
        super(message);
    }
}
