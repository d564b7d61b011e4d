package org.recprompt.workspace;

/** The workspace database server cannot be reached or refuses the login: one sentence naming the URL, never the password. */
public class DatabaseUnavailableException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
