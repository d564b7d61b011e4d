package org.recprompt.experiment;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.recprompt.backend.Backend;
import org.recprompt.backend.BackendRequest;
import org.recprompt.backend.BackendResult;
import org.recprompt.backend.EgressEvent;
import org.recprompt.backend.EgressSink;
import org.recprompt.backend.Failure;
import org.recprompt.backend.ImageCache;
import org.recprompt.backend.ImageResolvingBackend;
import org.recprompt.backend.Usage;
import org.recprompt.backend.batch.BatchApi;
import org.recprompt.experiment.ExperimentSpec.BatchSpec;

/**
 * The batch side of a backend with {@code batch: true}: the provider's {@link BatchApi}, and the
 * innermost backend of the handle's chain, which answers a request with the batch answer handed to
 * it ({@link #answering}), so a batch answer goes through the same cache, costing, grounding and
 * recording as a live one. Item images are made what the provider takes before submission
 * ({@link #resolve}).
 */
final class BatchBackend {

    final BatchApi api;
    final BatchSpec spec;
    private final ThreadLocal<BackendResult> next = new ThreadLocal<>();
    private final ImageCache images;
    private final ImageResolvingBackend.Delivery delivery;
    private final Tagging egress;

    /** The innermost backend: the batch answer handed over on this thread, or a failure saying there is none. */
    final Backend answers = request -> {
        BackendResult r = next.get();
        return r != null ? r : BackendResult.failed(new Failure(Failure.Kind.OTHER, "no batch answer for this request"), 0);
    };

    BatchBackend(BatchApi api, BatchSpec spec, ImageCache images, ImageResolvingBackend.Delivery delivery, Tagging egress) {
        this.api = api;
        this.spec = spec;
        this.images = images;
        this.delivery = delivery;
        this.egress = egress;
    }

    /** Runs {@code body} (a call's usual path) with {@code answer} as what the backend answers on this thread. */
    <T> T answering(BackendResult answer, Supplier<T> body) {
        next.set(answer);
        try {
            return body.get();
        } finally {
            next.remove();
        }
    }

    /** Names the run in the egress events of the batch requests (uploads name it from their requests). */
    void run(String project, String run) {
        egress.project = project == null ? "" : project;
        egress.run = run == null ? "" : run;
    }

    /** The request as it is submitted (item images fetched or inlined as for a live call), or the failure that stops it. */
    Object resolve(BackendRequest request) {
        if (images == null) {
            return request;
        }
        AtomicReference<BackendRequest> seen = new AtomicReference<>();
        BackendResult r = new ImageResolvingBackend(req -> {
            seen.set(req);
            return BackendResult.ok("", Usage.NONE, 0);
        }, images, delivery).generate(request);
        return r.isOk() && seen.get() != null ? seen.get() : r;
    }

    /**
     * The egress sink given to the batch client: it fills in the project and run where an event
     * does not name them (polls, downloads, cancels) and marks the events remote as the backend is
     * ({@code remote: true} included).
     */
    static final class Tagging implements EgressSink {

        private final EgressSink sink;
        private final boolean remote;
        volatile String project = "";
        volatile String run = "";

        Tagging(EgressSink sink, boolean remote) {
            this.sink = sink == null ? EgressSink.NONE : sink;
            this.remote = remote;
        }

        private EgressEvent tagged(EgressEvent e) {
            return new EgressEvent(e.time(), e.project().isEmpty() ? project : e.project(), e.run().isEmpty() ? run : e.run(),
                    e.variant(), e.backend(), e.provider(), e.model(), e.endpoint(), e.bytesSent(), remote || e.remote(), e.users(),
                    e.status());
        }

        @Override
        public void record(EgressEvent event) {
            sink.record(tagged(event));
        }

        @Override
        public InFlight sending(EgressEvent event) {
            return sink.sending(tagged(event));
        }
    }
}
