package org.recprompt.experiment;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.recprompt.backend.BackendRequest;
import org.recprompt.backend.BackendResult;
import org.recprompt.backend.baseline.Ranker;
import org.recprompt.base.Hashes;
import org.recprompt.dataset.Items;
import org.recprompt.grounding.GroundedAnswer;
import org.recprompt.grounding.GroundedSlot;
import org.recprompt.grounding.Grounder;
import org.recprompt.grounding.GroundingInput;
import org.recprompt.metrics.grounding.ResponseStatus;
import org.recprompt.metrics.grounding.SlotOutcome;
import org.recprompt.prompt.Message;
import org.recprompt.prompt.RenderedPrompt;

/**
 * Runs one call: for a prompt-based variant, render the prompt, ask the backend (retries, limits,
 * cache and cost are the backend's decorators), ground the answer; for a ranker, rank the
 * candidates (or retrieve from the catalog) and give each slot the outcome grounding would give it,
 * with method "native". A failure of any kind is an ERROR record, never an exception.
 */
final class CallExecutor {

    static final String NATIVE = "native";

    private final RunSetup setup;

    CallExecutor(RunSetup setup) {
        this.setup = setup;
    }

    CallRecord execute(Call call) {
        Variant v = call.variant();
        BackendHandle backend = setup.backend(v.backend().id());
        try {
            return backend.isRanker() ? rank(call, backend.ranker()) : ask(call, backend);
        } catch (RuntimeException | LinkageError e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return record(call, ResponseStatus.ERROR.name(), null, "INTERNAL: " + why, List.of(), null, 0, 0, 0, 0, false, 0);
        }
    }

    /** The outcome of asking, before recording: the record, and whether the backend failed. */
    private CallRecord ask(Call call, BackendHandle backend) {
        Variant v = call.variant();
        RenderedPrompt prompt = setup.render(v, call.user(), call.round());
        BackendResult r = backend.text.generate(request(call, prompt));
        int[] shown = setup.shownCandidates(v, call.user(), call.round());
        Grounder g = setup.grounder();
        GroundedAnswer answer = g.ground(new GroundingInput(r.isOk() ? r.text() : null, !r.isOk(), setup.answerFormat(v),
                shown, setup.profile(v, call.user(), call.round()), setup.split().heldOut(call.user()), setup.expectedLength(v)));
        Items items = setup.dataset().items();
        List<CallRecord.Slot> slots = new ArrayList<>(answer.slots().size());
        for (GroundedSlot s : answer.slots()) {
            slots.add(new CallRecord.Slot(s.slot(), s.rawText(), s.item() < 0 ? null : items.id(s.item()), s.outcome().name(),
                    s.method().id(), s.score()));
        }
        String error = r.isOk() ? null : r.failure().kind() + ": " + r.failure().message();
        return record(call, answer.status().name(), r.isOk() ? r.text() : null, error, slots, promptHash(prompt),
                r.usage().inputTokens(), r.usage().outputTokens(), r.latencyMillis(), r.cost(), r.cached(), r.attempts());
    }

    /** The request a prompt-based call sends: the rendered messages, the repeat as the sample index, and tags. */
    BackendRequest request(Call call) {
        return request(call, setup.render(call.variant(), call.user(), call.round()));
    }

    private static BackendRequest request(Call call, RenderedPrompt prompt) {
        return new BackendRequest(prompt.messages(), call.repeat(), List.of(),
                Map.of("user", call.userId(), "variant", call.variant().id(), "template", prompt.version()));
    }

    private CallRecord rank(Call call, Ranker ranker) {
        long t0 = System.nanoTime();
        int user = call.user();
        Variant v = call.variant();
        int[] shown = setup.shownCandidates(v, user, call.round());
        int k = setup.spec().maxK();
        int[] history = setup.profile(v, user, call.round());
        int[] sees = setup.rankerHistory(v, user, call.round());
        int[] ranked;
        if (setup.candidateProtocol()) {
            ranked = ranker.rank(user, sees, shown);
        } else {
            Set<Integer> seen = new HashSet<>();
            Arrays.stream(history).forEach(seen::add);
            ranked = ranker.retrieve(user, sees, k, seen::contains);
        }
        int[] top = Arrays.copyOf(ranked, Math.min(k, ranked.length));
        Set<Integer> earlier = new HashSet<>();
        Set<Integer> historySet = set(history);
        Set<Integer> relevant = set(setup.split().heldOut(user));
        Set<Integer> offered = set(shown);
        Items items = setup.dataset().items();
        List<CallRecord.Slot> slots = new ArrayList<>(top.length);
        for (int s = 0; s < top.length; s++) {
            SlotOutcome o = Grounder.outcome(top[s], earlier, historySet, relevant, offered);
            earlier.add(top[s]);
            slots.add(new CallRecord.Slot(s + 1, items.title(top[s]), items.id(top[s]), o.name(), NATIVE, 1.0));
        }
        ResponseStatus status = slots.isEmpty() ? ResponseStatus.UNPARSEABLE : ResponseStatus.OK;
        return record(call, status.name(), null, null, slots, null, 0, 0, (System.nanoTime() - t0) / 1_000_000, 0, false, 1);
    }

    private CallRecord record(Call call, String status, String response, String error, List<CallRecord.Slot> slots,
            String promptHash, long in, long out, long latency, double cost, boolean cached, int attempts) {
        Variant v = call.variant();
        Items items = setup.dataset().items();
        int[] shown = setup.shownCandidates(v, call.user(), call.round());
        List<String> candidates = IntStream.of(shown).mapToObj(items::id).toList();
        List<String> relevant = IntStream.of(setup.split().heldOut(call.user())).mapToObj(items::id).toList();
        return new CallRecord(v.id(), v.backend().id(), v.usesPrompt() ? v.template().name() : null,
                v.usesPrompt() ? v.template().version() : null, call.userId(), call.repeat(), status, response, error, slots,
                in, out, latency, cost, cached, attempts, promptHash, candidates, relevant, call.round());
    }

    /** SHA-256 (first 16 hex digits) over each message's role and text: equal prompts, equal hashes. */
    static String promptHash(RenderedPrompt p) {
        var digest = Hashes.sha256();
        for (Message m : p.messages()) {
            digest.update((m.role() + "\u0000" + m.text() + "\u0000").getBytes(StandardCharsets.UTF_8));
            for (String image : m.images()) {
                digest.update(("image\u0000" + image + "\u0000").getBytes(StandardCharsets.UTF_8));
            }
        }
        return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    }

    private static Set<Integer> set(int[] a) {
        Set<Integer> s = new HashSet<>(a.length * 2);
        for (int x : a) {
            s.add(x);
        }
        return s;
    }
}
