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
import org.recprompt.grounding.AnswerFormat;
import org.recprompt.grounding.GroundedAnswer;
import org.recprompt.grounding.GroundedSlot;
import org.recprompt.grounding.Grounder;
import org.recprompt.grounding.GroundingInput;
import org.recprompt.metrics.grounding.ResponseStatus;
import org.recprompt.metrics.grounding.SlotOutcome;
import org.recprompt.prompt.Message;
import org.recprompt.prompt.RenderedPrompt;
import org.recprompt.prompt.TemplateKind;

/**
 * Runs one call: for a prompt-based variant, render the prompt, ask the backend (retries, limits,
 * cache and cost are the backend's decorators), ground the answer; for a chain, ask its steps in one
 * conversation and ground the last answer; for a scoring-pair template, score the candidates' texts
 * and rank by score; for a ranker, rank the
 * candidates (or retrieve from the catalog) and give each slot the outcome grounding would give it,
 * with method "native". A failure of any kind is an ERROR record, never an exception.
 */
final class CallExecutor {

    static final String NATIVE = "native";
    /** The method of a slot ranked by a scoring-pair template's scores. */
    static final String SCORE = "score";
    /** The method of a slot ranked by its choice letter's log-probability. */
    static final String LOGPROB = "logprob";

    private final RunSetup setup;
    private final String run;

    CallExecutor(RunSetup setup) {
        this(setup, "");
    }

    /** {@code run} names the run in the egress log (the run folder's name). */
    CallExecutor(RunSetup setup, String run) {
        this.setup = setup;
        this.run = run == null ? "" : run;
    }

    CallRecord execute(Call call) {
        Variant v = call.variant();
        BackendHandle backend = setup.backend(v.backend().id());
        try {
            if (v.scores()) {
                return score(call, backend);
            }
            if (v.usesPrompt() && v.template().meta().kind() == TemplateKind.CHAIN) {
                return chain(call, backend);
            }
            return backend.isRanker() ? rank(call, backend.ranker())
                    : backend.generator != null ? generate(call, backend.generator) : ask(call, backend);
        } catch (RuntimeException | LinkageError e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return record(call, ResponseStatus.ERROR.name(), null, "INTERNAL: " + why, List.of(), null, 0, 0, 0, 0, false, 0, null);
        }
    }

    /** The outcome of asking, before recording: the record, and whether the backend failed. */
    private CallRecord ask(Call call, BackendHandle backend) {
        RenderedPrompt prompt = setup.render(call.variant(), call.user(), call.round());
        List<String> labels = labels(call, backend);
        BackendResult r = backend.text.generate(request(call, prompt, labels));
        if (!labels.isEmpty() && r.isOk() && labels.stream().anyMatch(r.labelLogprobs()::containsKey)) {
            return byLabels(call, r, labels, promptHash(prompt)).withEndpoint(r.endpoint());
        }
        return grounded(call, r, promptHash(prompt), r.usage().inputTokens(), r.usage().outputTokens(), r.latencyMillis(), r.cost(),
                r.cached(), r.attempts(), null).withCacheTokens(r.usage().cachedInputTokens(), r.usage().cacheWriteTokens())
                .withEndpoint(r.endpoint());
    }

    /**
     * A chain (NIR): its steps asked in order in one conversation, each request holding the earlier
     * steps' questions and answers, each later step rendered with the earlier answers
     * ({@code {{steps.NAME}}}); the last answer is grounded. Usage, latency, cost and attempts are
     * summed over the steps; a failed step ends the call as an ERROR naming the step.
     */
    private CallRecord chain(Call call, BackendHandle backend) {
        Variant v = call.variant();
        List<String> steps = v.template().blocks().stream().map(b -> b.step()).filter(java.util.Objects::nonNull).toList();
        Map<String, String> answers = new java.util.LinkedHashMap<>();
        long in = 0;
        long out = 0;
        long cachedIn = 0;
        long cacheWrite = 0;
        long latency = 0;
        double cost = 0;
        int attempts = 0;
        boolean cached = true;
        BackendResult last = null;
        RenderedPrompt prompt = null;
        for (String step : steps) {
            prompt = setup.renderChain(v, call.user(), call.round(), answers);
            List<Message> messages = new ArrayList<>();
            for (Message m : prompt.messages()) {
                if (m.step() == null) {
                    messages.add(m);
                } else if (answers.containsKey(m.step())) {
                    messages.add(m);
                    messages.add(new Message("assistant", answers.get(m.step()), List.of(), m.step()));
                } else if (m.step().equals(step)) {
                    messages.add(m);
                    break;
                }
            }
            last = backend.text.generate(new BackendRequest(messages, call.repeat(), List.of(), Map.of("user", call.userId(),
                    "variant", v.id(), "template", prompt.version(), "step", step)));
            in += last.usage().inputTokens();
            out += last.usage().outputTokens();
            cachedIn += last.usage().cachedInputTokens();
            cacheWrite += last.usage().cacheWriteTokens();
            latency += last.latencyMillis();
            cost += last.cost();
            attempts += last.attempts();
            cached &= last.cached();
            if (!last.isOk()) {
                String error = "step " + step + ": " + last.failure().kind() + ": " + last.failure().message();
                return record(call, ResponseStatus.ERROR.name(), null, error, List.of(), promptHash(prompt), in, out, latency, cost,
                        false, attempts, answers).withCacheTokens(cachedIn, cacheWrite).withEndpoint(last.endpoint());
            }
            answers.put(step, last.text());
        }
        String finalStep = steps.get(steps.size() - 1);
        Map<String, String> earlier = new java.util.LinkedHashMap<>(answers);
        earlier.remove(finalStep);
        return grounded(call, last, promptHash(setup.renderChain(v, call.user(), call.round(), earlier)), in, out, latency, cost,
                cached, attempts, earlier).withCacheTokens(cachedIn, cacheWrite).withEndpoint(last.endpoint());
    }

    /** Grounds an answer (or records its failure) with the given accounting. */
    private CallRecord grounded(Call call, BackendResult r, String promptHash, long in, long out, long latency, double cost,
            boolean cached, int attempts, Map<String, String> steps) {
        Variant v = call.variant();
        RecordedTruth recorded = RecordedTruth.of(setup, v, call.user(), call.repeat());
        int[] shown = candidates(call, recorded);
        Grounder g = setup.grounder();
        GroundedAnswer answer = g.ground(new GroundingInput(r.isOk() ? r.text() : null, !r.isOk(), setup.answerFormat(v),
                shown, setup.profile(v, call.user(), call.round()), relevant(call, recorded), setup.expectedLength(v)));
        Items items = setup.dataset().items();
        List<CallRecord.Slot> slots = new ArrayList<>(answer.slots().size());
        for (GroundedSlot s : answer.slots()) {
            slots.add(new CallRecord.Slot(s.slot(), s.rawText(), s.item() < 0 ? null : items.id(s.item()), s.outcome().name(),
                    s.method().id(), s.score()));
        }
        String error = r.isOk() ? null : r.failure().kind() + ": " + r.failure().message();
        return record(call, answer.status().name(), r.isOk() ? r.text() : null, error, slots, promptHash, in, out, latency, cost,
                cached, attempts, steps);
    }

    /**
     * A scoring-pair template (M6-Rec): the user side scored against each candidate's item side by a
     * backend that scores texts (the semantic ranker: cosine of MiniLM embeddings); the candidates
     * ranked by score (ties keep the prompt order), the top K kept with their scores, method "score".
     */
    private CallRecord score(Call call, BackendHandle backend) {
        long t0 = System.nanoTime();
        Variant v = call.variant();
        if (!(backend.isRanker() && backend.ranker() instanceof org.recprompt.backend.adapter.SemanticRanker scorer)) {
            throw new IllegalStateException("backend " + v.backend().id() + " cannot score texts");
        }
        RenderedPrompt prompt = setup.render(v, call.user(), call.round());
        int[] shown = setup.shownCandidates(v, call.user(), call.round());
        double[] scores = scorer.scoreTexts(prompt.userSide() == null ? "" : prompt.userSide(), prompt.itemSides());
        Integer[] order = new Integer[Math.min(shown.length, scores.length)];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        List<CallRecord.Slot> slots = rankedSlots(call, shown, scores, SCORE);
        ResponseStatus status = slots.isEmpty() ? ResponseStatus.UNPARSEABLE : ResponseStatus.OK;
        return record(call, status.name(), null, null, slots, promptHash(prompt), 0, 0, (System.nanoTime() - t0) / 1_000_000, 0,
                false, 1, null);
    }

    /**
     * The shown candidates ranked by score (ties keep the prompt order), the top K kept as slots
     * with their scores and outcomes; {@code scores[j]} belongs to {@code shown[j]}.
     */
    private List<CallRecord.Slot> rankedSlots(Call call, int[] shown, double[] scores, String method) {
        Variant v = call.variant();
        Integer[] order = new Integer[Math.min(shown.length, scores.length)];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        int k = Math.min(setup.spec().maxK(), order.length);
        Set<Integer> earlier = new HashSet<>();
        Set<Integer> historySet = set(setup.profile(v, call.user(), call.round()));
        Set<Integer> relevant = set(setup.split().heldOut(call.user()));
        Set<Integer> offered = set(shown);
        Items items = setup.dataset().items();
        List<CallRecord.Slot> slots = new ArrayList<>(k);
        for (int s = 0; s < k; s++) {
            int item = shown[order[s]];
            SlotOutcome o = Grounder.outcome(item, earlier, historySet, relevant, offered);
            earlier.add(item);
            slots.add(new CallRecord.Slot(s + 1, items.title(item), items.id(item), o.name(), method, scores[order[s]]));
        }
        return slots;
    }

    /**
     * The letters of the shown candidates (A, B, ... in prompt order) when the backend reads a
     * choice template's answer from the first token's log-probabilities ({@code logprobs: true});
     * empty otherwise.
     */
    private List<String> labels(Call call, BackendHandle backend) {
        Variant v = call.variant();
        if (!backend.spec.scoresLabels() || !v.usesPrompt() || setup.answerFormat(v) != AnswerFormat.CHOICE) {
            return List.of();
        }
        int[] shown = setup.shownCandidates(v, call.user(), call.round());
        List<String> letters = new ArrayList<>(shown.length);
        for (int k = 0; k < shown.length; k++) {
            letters.add(org.recprompt.prompt.PromptContext.letter(k));
        }
        return letters;
    }

    /**
     * M6-Rec-style plausibility with a chat model: the candidates ranked by their letters'
     * log-probabilities as the first answer token, method "logprob". The answer text is kept.
     */
    private CallRecord byLabels(Call call, BackendResult r, List<String> labels, String promptHash) {
        int[] shown = setup.shownCandidates(call.variant(), call.user(), call.round());
        double[] scores = labelScores(r.labelLogprobs(), labels);
        List<CallRecord.Slot> slots = rankedSlots(call, shown, scores, LOGPROB);
        return record(call, ResponseStatus.OK.name(), r.text(), null, slots, promptHash, r.usage().inputTokens(),
                r.usage().outputTokens(), r.latencyMillis(), r.cost(), r.cached(), r.attempts(), null)
                .withCacheTokens(r.usage().cachedInputTokens(), r.usage().cacheWriteTokens());
    }

    /** How far below every returned letter a missing one scores: visible in responses.jsonl's three decimals. */
    static final double MISSING_MARGIN = 0.001;

    /**
     * Each letter's score: its returned log-probability; a letter outside the returned alternatives
     * gets an even share of the probability the returned tokens leave (letters and other tokens such as
     * "N" of "N/A" alike), at most the least likely returned token's, and then {@link #MISSING_MARGIN}
     * lower, so it ranks below every returned letter (never tied); such letters keep their prompt order.
     */
    static double[] labelScores(Map<String, Double> logprobs, List<String> labels) {
        double[] scores = new double[labels.size()];
        double taken = 0;
        double lowest = 0;
        int missing = 0;
        for (String label : labels) {
            Double lp = logprobs.get(label);
            if (lp == null) {
                missing++;
            } else {
                taken += Math.exp(lp);
                lowest = Math.min(lowest, lp);
            }
        }
        Double other = logprobs.get(BackendResult.OTHER_TOKENS);
        if (other != null) {
            taken += Math.exp(other);
        }
        Double lowestToken = logprobs.get(BackendResult.LOWEST_TOKEN);
        if (lowestToken != null) {
            lowest = Math.min(lowest, lowestToken);
        }
        double rest = missing == 0 ? 0 : Math.min(Math.log(Math.max(1e-12, 1 - taken) / missing), lowest) - MISSING_MARGIN;
        for (int j = 0; j < scores.length; j++) {
            scores[j] = logprobs.getOrDefault(labels.get(j), rest);
        }
        return scores;
    }

    /** A native generator's call (a p5 word model): its numbered list of titles, grounded like an LLM's answer. */
    private CallRecord generate(Call call, BackendHandle.NativeGenerator generator) {
        long t0 = System.nanoTime();
        Variant v = call.variant();
        int[] profile = setup.profile(v, call.user(), call.round());
        String text = generator.generate(call.user(), setup.rankerHistory(v, call.user(), call.round()), setup.spec().maxK());
        long latency = (System.nanoTime() - t0) / 1_000_000;
        int[] shown = setup.shownCandidates(v, call.user(), call.round());
        GroundedAnswer answer = setup.grounder().ground(new GroundingInput(text, false, AnswerFormat.LIST, shown,
                profile, setup.split().heldOut(call.user()), setup.expectedLength(v)));
        Items items = setup.dataset().items();
        List<CallRecord.Slot> slots = new ArrayList<>(answer.slots().size());
        for (GroundedSlot s : answer.slots()) {
            slots.add(new CallRecord.Slot(s.slot(), s.rawText(), s.item() < 0 ? null : items.id(s.item()), s.outcome().name(),
                    s.method().id(), s.score()));
        }
        return record(call, answer.status().name(), text, null, slots, null, 0, 0, latency, 0, false, 1, null);
    }

    /** The request a prompt-based call sends: the rendered messages, the repeat as the sample index, labels, and tags. */
    BackendRequest request(Call call) {
        return request(call, setup.render(call.variant(), call.user(), call.round()),
                labels(call, setup.backend(call.variant().backend().id())));
    }

    /**
     * Tags say what the request is for, for replay and the egress log; they are not part of the cache
     * key, so the egress tags (run, project, users) never stop a cached answer from being found.
     */
    private BackendRequest request(Call call, RenderedPrompt prompt, List<String> labels) {
        Map<String, String> tags = new java.util.HashMap<>();
        tags.put("user", call.userId());
        tags.put("variant", call.variant().id());
        tags.put("template", prompt.version());
        tags.put("run", run);
        tags.put("users", setup.facts(call.variant(), call.user()).users());
        String project = setup.env().project();
        if (project != null) {
            tags.put("project", project);
        }
        return new BackendRequest(prompt.messages(), call.repeat(), labels, tags);
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
        return record(call, status.name(), null, null, slots, null, 0, 0, (System.nanoTime() - t0) / 1_000_000, 0, false, 1, null);
    }

    private CallRecord record(Call call, String status, String response, String error, List<CallRecord.Slot> slots,
            String promptHash, long in, long out, long latency, double cost, boolean cached, int attempts, Map<String, String> steps) {
        Variant v = call.variant();
        Items items = setup.dataset().items();
        RecordedTruth recorded = RecordedTruth.of(setup, v, call.user(), call.repeat());
        int[] shown = candidates(call, recorded);
        List<String> candidates = IntStream.of(shown).mapToObj(items::id).toList();
        List<String> relevant = IntStream.of(relevant(call, recorded)).mapToObj(items::id).toList();
        return new CallRecord(v.id(), v.backend().id(), v.usesPrompt() ? v.template().name() : null,
                v.usesPrompt() ? v.template().version() : null, call.userId(), call.repeat(), status, response, error, slots,
                in, out, latency, cost, cached, attempts, promptHash, candidates, relevant, steps, call.round());
    }

    /** The candidates a call's answer is grounded against: a replay line's recorded ones, else those the prompt showed. */
    private int[] candidates(Call call, RecordedTruth recorded) {
        return recorded != null && recorded.candidates() != null ? recorded.candidates()
                : setup.shownCandidates(call.variant(), call.user(), call.round());
    }

    /** The held-out items a call's answer is grounded against: a replay line's recorded ones, else the split's. */
    private int[] relevant(Call call, RecordedTruth recorded) {
        return recorded != null && recorded.relevant() != null ? recorded.relevant() : setup.split().heldOut(call.user());
    }

    /** Recent prompts' hashes (value equality): a user's repeats and the run's prompts file share a prompt. */
    private static final Map<RenderedPrompt, String> PROMPT_HASHES = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<RenderedPrompt, String> eldest) {
                    return size() > 2048;
                }
            });

    /** SHA-256 (first 16 hex digits) over each message's role and text: equal prompts, equal hashes. */
    static String promptHash(RenderedPrompt p) {
        String hash = PROMPT_HASHES.get(p);
        if (hash == null) {
            hash = computePromptHash(p);
            PROMPT_HASHES.put(p, hash);
        }
        return hash;
    }

    private static String computePromptHash(RenderedPrompt p) {
        var digest = Hashes.sha256();
        for (Message m : p.messages()) {
            digest.update((m.role() + "\u0000" + m.text() + "\u0000").getBytes(StandardCharsets.UTF_8));
            for (String image : m.images()) {
                digest.update(("image\u0000" + image + "\u0000").getBytes(StandardCharsets.UTF_8));
            }
        }
        if (p.userSide() != null) { // a scoring-pair template: its two sides are the prompt
            digest.update(("user-side\u0000" + p.userSide() + "\u0000").getBytes(StandardCharsets.UTF_8));
            for (String side : p.itemSides()) {
                digest.update(("item-side\u0000" + side + "\u0000").getBytes(StandardCharsets.UTF_8));
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
