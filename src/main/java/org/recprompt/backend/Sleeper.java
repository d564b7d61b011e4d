package org.recprompt.backend;

import java.time.Duration;

/** Waiting, injectable so that tests of retries and rate limits do not sleep. */
@FunctionalInterface
public interface Sleeper {

    Sleeper REAL = d -> Thread.sleep(d.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
