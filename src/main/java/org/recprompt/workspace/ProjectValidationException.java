package org.recprompt.workspace;

/** A project change was refused; the message says why, in one sentence, for the named field. */
public class ProjectValidationException extends RuntimeException {

    private final String field;

    public ProjectValidationException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
