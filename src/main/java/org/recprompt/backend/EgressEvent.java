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
        users = users == null ? List.of() : List.copyOf(users);
        project = project == null ? "" : project;
        run = run == null ? "" : run;
        variant = variant == null ? "" : variant;
    }
}
