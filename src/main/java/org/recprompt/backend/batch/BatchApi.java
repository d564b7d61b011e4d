package org.recprompt.backend.batch;

import java.util.List;
import java.util.Map;

import org.recprompt.backend.BackendResult;

/**
 * A provider's asynchronous batch endpoint (OpenAI's Files + Batches API, Anthropic's Message
 * Batches): requests are submitted together, answered within the provider's window (24 hours) at
 * a discount, and collected later. One instance serves one configured backend (its URL, model,
 * parameters and key). Implementations talk HTTP themselves and report every request to the
 * egress log like the live adapters. Every method throws {@link BatchException} for a failure
 * of the batch as a whole (unreachable, refused, malformed); a failure of one request is in
 * its {@link BackendResult}.
 */
public interface BatchApi {

    /** The provider's name as the egress log and summary.json say it: "openai" or "anthropic". */
    String provider();

    /** The most requests one batch may hold (OpenAI 50,000; Anthropic 100,000). */
    int maxRequests();

    /** The most bytes one batch's input may take (OpenAI 200 MB per file; Anthropic 256 MB). */
    long maxBytes();

    /** The bytes one request takes in this provider's batch input (to cut chunks within {@link #maxBytes()}). */
    long sizeOf(BatchRequest request);

    /** Submits the requests as one batch (uploading its input first where the API asks) and returns the batch id. */
    String submit(List<BatchRequest> requests) throws BatchException;

    /** The batch's state and counts now. */
    BatchStatus status(String batchId) throws BatchException;

    /**
     * The answers of an ended batch (completed, expired, cancelled, or failed part-way), by
     * custom id: each a successful {@link BackendResult} or a failed one saying why (the line's
     * error, expired, cancelled). A request the provider returned nothing for is absent.
     */
    Map<String, BackendResult> results(String batchId) throws BatchException;

    /**
     * {@link #results(String)}, with each answer's labels' log-probabilities read for the labels its
     * request carried ({@code labelsOf}: custom id to labels, empty when none); a provider without
     * log-probabilities ignores them.
     */
    default Map<String, BackendResult> results(String batchId, java.util.function.Function<String, List<String>> labelsOf)
            throws BatchException {
        return results(batchId);
    }

    /** Asks the provider to cancel the batch; requests already answered stay answered. */
    void cancel(String batchId) throws BatchException;
}
