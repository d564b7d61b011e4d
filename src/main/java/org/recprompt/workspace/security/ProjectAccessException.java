package org.recprompt.workspace.security;

/** A signed-in account tried what its role in a project does not allow; the message says which role may. */
public class ProjectAccessException extends RuntimeException {
    public ProjectAccessException(String message) {
        super(message);
    }
}
