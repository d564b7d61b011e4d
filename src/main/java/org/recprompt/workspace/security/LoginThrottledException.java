package org.recprompt.workspace.security;

import java.time.Duration;

import org.springframework.security.core.AuthenticationException;

/** A login refused unchecked because of earlier failures; says how long to wait. */
public class LoginThrottledException extends AuthenticationException {

    private final Duration wait;

    public LoginThrottledException(Duration wait) {
        super("Too many failed logins: try again in " + seconds(wait) + " s.");
        this.wait = wait;
    }

    /** Whole seconds to wait, at least 1. */
    public long waitSeconds() {
        return seconds(wait);
    }

    private static long seconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }
}
