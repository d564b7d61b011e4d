package org.recprompt.backend;

/**
 * What a remote backend becomes when the project (or the experiment, or {@code run --local-only})
 * is local only: every call is a {@link Failure.Kind#LOCAL_ONLY} failure that says why, at once, and
 * nothing is built that could open a connection (no adapter, no key read). Answers already in the
 * response cache are still served by the cache in front of it: they do not leave the machine.
 */
public final class LocalOnlyBackend implements Backend {

    private final String message;

    public LocalOnlyBackend(String backendId, String endpoint) {
        this.message = "local only: backend " + backendId + " sends data to " + endpoint
                + ", which is not on this machine; the call was not made (turn local-only off to run it)";
    }

    public String message() {
        return message;
    }

    @Override
    public BackendResult generate(BackendRequest request) {
        return BackendResult.failed(new Failure(Failure.Kind.LOCAL_ONLY, message), 0).withAttempts(0);
    }
}
