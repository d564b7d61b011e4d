package org.recprompt.backend.batch;

import org.recprompt.backend.BackendRequest;

/** One request of a batch: the caller's id for it (unique within the batch; echoed back with its answer) and the request. */
public record BatchRequest(String customId, BackendRequest request) {

    public BatchRequest {
        if (customId == null || customId.isBlank() || customId.length() > 64) {
            throw new IllegalArgumentException("a batch request needs a custom id of 1 to 64 characters");
        }
        if (request == null) {
            throw new IllegalArgumentException("a batch request needs a request");
        }
    }
}
