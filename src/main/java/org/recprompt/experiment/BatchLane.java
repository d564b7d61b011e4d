package org.recprompt.experiment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.recprompt.backend.BackendRequest;
import org.recprompt.backend.BackendResult;
import org.recprompt.backend.Failure;
import org.recprompt.backend.batch.BatchApi;
import org.recprompt.backend.batch.BatchException;
import org.recprompt.backend.batch.BatchRequest;
import org.recprompt.backend.batch.BatchStatus;

/**
 * One {@code batch: true} backend's calls in a run: answers the response cache holds are served as
 * usual; the rest are rendered, submitted in batches within the provider's limits (and
 * {@code batchSize}), each batch journalled ({@link BatchJournal}) the moment the provider accepts
 * it; the open batches, this run's and those a stopped or killed run left, are polled with growing
 * pauses ({@code batchPoll} to {@code batchPollMax}) and, once ended, collected: each answer goes
 * through the call's usual path (cache, cost at the batch price, grounding, journal) with the batch
 * id in its record; a call the ended batch did not answer (expired, cancelled, failed) is an ERROR,
 * asked again on resume. A call in an open batch is never submitted again. Cancelling the run asks
 * the provider to cancel the open batches; what they answered is collected on resume.
 */
final class BatchLane {

    /** How many times a submission that failed for a reason that may pass (429, 5xx, network) is tried. */
    static final int SUBMIT_ATTEMPTS = 5;

    private final RunSetup setup;
    private final BackendHandle handle;
    private final BatchBackend side;
    private final BatchApi api;
    private final BatchJournal journal;
    private final CallExecutor executor;
    private final BiConsumer<Call, CallRecord> records;
    private final Predicate<String> answered;
    private final BooleanSupplier cancelled;
    private final Consumer<String> message;
    private final Map<String, Call> byKey = new HashMap<>();
    private final Map<String, Integer> index = new HashMap<>();

    /**
     * @param records journals a finished call (and counts it)
     * @param answered whether a call key already has a record that is no ERROR
     */
    BatchLane(RunSetup setup, BackendHandle handle, BatchJournal journal, CallExecutor executor, BiConsumer<Call, CallRecord> records,
            Predicate<String> answered, BooleanSupplier cancelled, Consumer<String> message, String run) {
        this.setup = setup;
        this.handle = handle;
        this.side = handle.batch();
        this.api = side.api;
        this.journal = journal;
        this.executor = executor;
        this.records = records;
        this.answered = answered;
        this.cancelled = cancelled;
        this.message = message;
        side.run(setup.env().project(), run);
        List<Call> all = setup.calls();
        for (int i = 0; i < all.size(); i++) {
            byKey.put(all.get(i).key(), all.get(i));
            index.put(all.get(i).key(), i);
        }
    }

    private String backend() {
        return handle.spec.id();
    }

    /** Sends the lane's calls and collects their answers; returns when every batch is collected or the run stops. */
    void run(List<Call> calls) throws InterruptedException {
        Set<String> inBatch = new HashSet<>();
        journal.open(backend()).forEach(b -> inBatch.addAll(b.calls().values()));
        List<BatchRequest> toSend = new ArrayList<>();
        Map<String, Call> byCustomId = new HashMap<>();
        for (Call call : calls) {
            if (cancelled.getAsBoolean()) {
                break;
            }
            if (inBatch.contains(call.key())) {
                continue; // already at the provider: collected below
            }
            BackendRequest request = executor.request(call);
            String cacheKey = handle.cacheKey(request);
            if (cacheKey != null && setup.runCache() != null && setup.runCache().get(cacheKey).isPresent()) {
                records.accept(call, executor.execute(call)); // a cached answer, as a live lane serves it
                continue;
            }
            Object resolved = side.resolve(request);
            if (resolved instanceof BackendResult failed) { // an item image that cannot be sent: the call's outcome
                records.accept(call, side.answering(failed, () -> executor.execute(call)));
                continue;
            }
            String customId = "call-" + index.get(call.key());
            byCustomId.put(customId, call);
            toSend.add(new BatchRequest(customId, (BackendRequest) resolved));
        }
        submit(toSend, byCustomId);
        poll();
    }

    /** Cuts the requests into batches within the provider's count and size limits and submits them in turn. */
    private void submit(List<BatchRequest> requests, Map<String, Call> byCustomId) throws InterruptedException {
        int most = side.spec.size() == null ? api.maxRequests() : Math.min(api.maxRequests(), side.spec.size());
        long maxBytes = api.maxBytes();
        List<BatchRequest> chunk = new ArrayList<>();
        long bytes = 0;
        for (BatchRequest r : requests) {
            long size = api.sizeOf(r);
            if (!chunk.isEmpty() && (chunk.size() >= most || bytes + size > maxBytes)) {
                submitOne(chunk, byCustomId);
                chunk = new ArrayList<>();
                bytes = 0;
            }
            chunk.add(r);
            bytes += size;
        }
        if (!chunk.isEmpty()) {
            submitOne(chunk, byCustomId);
        }
    }

    private void submitOne(List<BatchRequest> chunk, Map<String, Call> byCustomId) throws InterruptedException {
        if (cancelled.getAsBoolean()) {
            return; // not sent: asked on resume
        }
        message.accept("Submitting a batch of " + String.format(Locale.ROOT, "%,d", chunk.size()) + " calls to " + backend());
        long pause = pollMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                String id = api.submit(chunk);
                Map<String, String> calls = new LinkedHashMap<>();
                chunk.forEach(r -> calls.put(r.customId(), byCustomId.get(r.customId()).key()));
                journal.submitted(id, backend(), calls);
                return;
            } catch (BatchException e) {
                if (!e.failure().kind().retryable() || attempt >= SUBMIT_ATTEMPTS || cancelled.getAsBoolean()) {
                    Failure f = new Failure(e.failure().kind(), "the batch was not accepted: " + e.failure().message());
                    for (BatchRequest r : chunk) {
                        Call call = byCustomId.get(r.customId());
                        records.accept(call, side.answering(BackendResult.failed(f, 0), () -> executor.execute(call)));
                    }
                    return;
                }
                sleep(e.failure().retryAfter() != null ? Math.max(pause, e.failure().retryAfter().toMillis()) : pause);
                pause = Math.min(pollMaxMillis(), pause * 2);
            }
        }
    }

    /** Polls the backend's open batches until each is collected; on cancel, asks the provider to cancel them and returns. */
    private void poll() throws InterruptedException {
        long pause = pollMillis();
        while (true) {
            List<BatchJournal.Batch> open = journal.open(backend());
            if (open.isEmpty()) {
                return;
            }
            if (cancelled.getAsBoolean()) {
                cancelAll(open);
                return;
            }
            List<String> states = new ArrayList<>();
            List<BatchJournal.Batch> mine = journal.all().stream().filter(b -> b.backend().equals(backend())).toList();
            for (BatchJournal.Batch b : open) {
                if (cancelled.getAsBoolean()) {
                    break;
                }
                String label = "batch " + (mine.indexOf(b) + 1) + " of " + mine.size();
                try {
                    BatchStatus s = api.status(b.id());
                    journal.state(b.id(), s.state().name().toLowerCase(Locale.ROOT), s.succeeded(), s.failed());
                    states.add(label + ": " + describe(s));
                    if (s.state().terminal()) {
                        collect(b, s);
                    }
                } catch (BatchException e) {
                    states.add(label + ": " + (e.failure().kind().retryable() ? "not reachable now (" + e.failure().kind() + "), polled again"
                            : "cannot be polled: " + e.failure().message()));
                    if (!e.failure().kind().retryable()) {
                        unanswered(b, e.failure()); // ERROR now; the batch stays open, polled again on resume
                        return;
                    }
                }
            }
            message.accept(backend() + ": " + String.join("; ", states));
            if (journal.open(backend()).isEmpty()) {
                return;
            }
            sleep(pause);
            pause = Math.min(pollMaxMillis(), pause * 2);
        }
    }

    static String describe(BatchStatus s) {
        String state = switch (s.state()) {
            case RUNNING -> "in progress";
            case CANCELLING -> "cancelling";
            case ENDED -> "ended";
            case EXPIRED -> "expired";
            case CANCELLED -> "cancelled";
            case FAILED -> "failed";
        };
        String counts = String.format(Locale.ROOT, "%,d/%,d answered", s.succeeded(), s.total());
        return state + ", " + counts + (s.failed() > 0 ? String.format(Locale.ROOT, ", %,d failed", s.failed()) : "");
    }

    /** Reads an ended batch's answers into the run: each through the call's usual path, the batch id in its record. */
    private void collect(BatchJournal.Batch b, BatchStatus s) throws BatchException {
        Map<String, List<String>> labels = new HashMap<>();
        if (handle.spec.scoresLabels()) {
            b.calls().forEach((customId, key) -> {
                Call call = byKey.get(key);
                if (call != null) {
                    labels.put(customId, executor.request(call).labels());
                }
            });
        }
        Map<String, BackendResult> answers = api.results(b.id(), id -> labels.getOrDefault(id, List.of()));
        for (Map.Entry<String, String> e : b.calls().entrySet()) {
            Call call = byKey.get(e.getValue());
            if (call == null || answered.test(call.key())) {
                continue; // collected before a kill, or no longer planned
            }
            BackendResult answer = answers.get(e.getKey());
            if (answer == null) {
                answer = BackendResult.failed(missing(b.id(), s.state()), 0);
            }
            BackendResult given = answer;
            records.accept(call, side.answering(given, () -> executor.execute(call)).withBatch(b.id()));
        }
        journal.collected(b.id());
    }

    private static Failure missing(String id, BatchStatus.State state) {
        return switch (state) {
            case EXPIRED -> new Failure(Failure.Kind.TIMEOUT, "batch " + id + " expired before this call was answered");
            case CANCELLED -> new Failure(Failure.Kind.CANCELLED, "batch " + id + " was cancelled before this call was answered");
            case FAILED -> new Failure(Failure.Kind.BAD_REQUEST, "batch " + id + " failed at the provider (its input was refused)");
            default -> new Failure(Failure.Kind.MALFORMED_RESPONSE, "batch " + id + " ended without an answer for this call");
        };
    }

    /** ERROR records for a batch's calls that cannot be collected now (the batch stays open in the journal). */
    private void unanswered(BatchJournal.Batch b, Failure why) {
        Failure f = new Failure(why.kind(), "batch " + b.id() + " could not be read: " + why.message());
        for (String key : b.calls().values()) {
            Call call = byKey.get(key);
            if (call != null && !answered.test(key)) {
                records.accept(call, side.answering(BackendResult.failed(f, 0), () -> executor.execute(call)).withBatch(b.id()));
            }
        }
    }

    private void cancelAll(List<BatchJournal.Batch> open) {
        List<String> said = new ArrayList<>();
        for (BatchJournal.Batch b : open) {
            try {
                if (!b.cancelAsked()) {
                    api.cancel(b.id());
                    journal.cancelAsked(b.id());
                }
                said.add(b.id() + " cancel asked");
            } catch (BatchException e) {
                said.add(b.id() + " could not be cancelled: " + e.failure().message());
            }
        }
        message.accept(backend() + ": " + String.join("; ", said) + "; resume to collect what they answered");
    }

    private long pollMillis() {
        return Math.max(1, Math.round(side.spec.poll() * 1000));
    }

    private long pollMaxMillis() {
        return Math.max(pollMillis(), Math.round(side.spec.pollMax() * 1000));
    }

    /** Sleeps in short steps so that a cancel is seen within a quarter second. */
    private void sleep(long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000;
        while (!cancelled.getAsBoolean()) {
            long left = (end - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return;
            }
            Thread.sleep(Math.min(250, left));
        }
    }
}
