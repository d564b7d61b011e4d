package org.recprompt.backend;

import java.time.Instant;
import java.util.List;

/**
 * One request that went over the network to a language-model server: when, to which provider and
 * endpoint (scheme, host, port and path only: {@link Egress#endpoint}), how many bytes its body
 * had, whether the endpoint is off this machine ({@link Egress#isRemote}), whose data it carried
 * (the dataset's user ids: the user asked about and the users of few-shot examples), and what it was
 * for (project, run, variant, backend). {@code status} is the HTTP status, or 0 when no answer came
 * (a timeout, a reset connection: the bytes left all the same). Never holds a key or a header.
 */
public record EgressEvent(Instant time, String project, String run, String variant, String backend, String provider,
        String model, String endpoint, long bytesSent, boolean remote, List<String> users, int status) {

    public EgressEvent {
        time = time == null ? null : toMicros(time);
        users = users == null ? List.of() : List.copyOf(users);
        project = project == null ? "" : project;
        run = run == null ? "" : run;
        variant = variant == null ? "" : variant;
    }

    /**
     * A time to the microsecond, rounded half up, as the workspace's log stores it (TIMESTAMP WITH
     * TIME ZONE keeps six digits and rounds the rest). The folder's egress.jsonl and the log then hold
     * the same instant, so a run's repair matches a request in both to the millisecond; with
     * nanoseconds, 12:00:00.123999600 in the file was 12:00:00.124000 in the log, a millisecond later,
     * and the repair added that request a second time. A folder written before holds nanoseconds and is
     * read the same way.
     */
    static Instant toMicros(Instant t) {
        long nanos = t.getNano() % 1_000;
        Instant micros = t.minusNanos(nanos);
        return nanos >= 500 ? micros.plusNanos(1_000) : micros;
    }
}
