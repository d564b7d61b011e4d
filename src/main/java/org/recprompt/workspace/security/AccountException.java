package org.recprompt.workspace.security;

/** An account change that was refused; the message is one sentence for the person who asked. */
public class AccountException extends RuntimeException {

    public AccountException(String message) {
        super(message);
    }
}
