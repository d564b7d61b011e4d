package org.recprompt.experiment;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.recprompt.base.Hashes;
import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.DuplicatePolicy;
import org.recprompt.dataset.io.DatasetFormat;
import org.recprompt.dataset.io.DatasetFormatException;
import org.recprompt.dataset.io.DatasetLoader;
import org.recprompt.dataset.split.CandidateSampler;
import org.recprompt.dataset.split.CandidateSet;
import org.recprompt.dataset.split.PredefinedSplits;
import org.recprompt.dataset.split.Seeds;
import org.recprompt.dataset.split.Split;
import org.recprompt.dataset.split.Splits;
import org.recprompt.dataset.split.UserSampler;
import org.recprompt.experiment.ExperimentSpec.BackendSpec;
import org.recprompt.experiment.ExperimentSpec.CandidatesSpec;
import org.recprompt.experiment.ExperimentSpec.FewShotSpec;
import org.recprompt.experiment.ExperimentSpec.Kind;
import org.recprompt.experiment.ExperimentSpec.PrivacySpec;
import org.recprompt.experiment.ExperimentSpec.Sensitive;
import org.recprompt.experiment.ExperimentSpec.SplitSpec;
import org.recprompt.grounding.AnswerFormat;
import org.recprompt.grounding.CatalogMatcher;
import org.recprompt.grounding.Grounder;
import org.recprompt.prompt.PromptContext;
import org.recprompt.prompt.PromptTemplate;
import org.recprompt.prompt.RenderedPrompt;
import org.recprompt.prompt.TemplateKind;
import org.recprompt.prompt.TemplateRenderer;
import org.recprompt.prompt.cli.RenderCommand;
import org.recprompt.prompt.fewshot.FewShotSampler;

/**
 * An experiment made concrete before it runs: the dataset loaded and split, the users sampled,
 * each user's candidate set drawn, the variants and calls of the matrix listed in output order,
 * and the backends built (so a missing API key is a configuration error before any call). Rendering
 * a prompt and grounding an answer are deterministic functions of this setup, which is what makes a
 * run reproducible and resumable. Thread-safe once prepared.
 */
public final class RunSetup {

    private static final int RENDERED_KEPT = 4096;

    private final ExperimentFile file;
    private final ExperimentSpec spec;
    private final RunEnvironment env;
    private final Dataset dataset;
    /** The catalog's item fields as prompts show them, computed once for every user's prompt; made at the first prompt. */
    private volatile org.recprompt.prompt.ItemTexts itemTexts;
    private final Split split;
    private final int[] users;
    private final Map<Integer, CandidateSet> baseCandidates;
    private final boolean candidateProtocol;
    private final List<Variant> variants;
    private final List<Call> calls;
    private final Map<String, BackendHandle> backends;
    private final RunCache runCache;
    private final Map<String, CandidateSet> ordered = new ConcurrentHashMap<>();
    private volatile Grounder grounder;
    /** The grounder's build begun with the setup ({@link #prepareToRun}); null: built on first use. */
    private java.util.concurrent.CompletableFuture<Grounder> grounding;
    private final Map<String, RenderedPrompt> rendered = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, RenderedPrompt> eldest) {
                    return size() > RENDERED_KEPT;
                }
            });
    private volatile String fingerprint;
    private RunEgress egress;
    private boolean localOnly;
    private List<String> warnings = List.of();
    /** Draws candidate sets (a simulation's fresh rounds too); null without a candidate protocol. */
    private CandidateSampler sampler;
    /** Recent prompts' facts (a prompt evicted here is rendered again when asked: memory stays bounded on big runs). */
    private final Map<String, PromptFacts> facts = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, PromptFacts> eldest) {
                    return size() > 4 * RENDERED_KEPT;
                }
            });
    private final Simulation simulation;

    private RunSetup(ExperimentFile file, RunEnvironment env, Dataset dataset, Split split, int[] users,
            Map<Integer, CandidateSet> baseCandidates, boolean candidateProtocol, List<Variant> variants, List<Call> calls,
            Map<String, BackendHandle> backends, RunCache runCache) {
        this.runCache = runCache;
        this.file = file;
        this.spec = file.spec();
        this.env = env;
        this.dataset = dataset;
        this.split = split;
        this.users = users;
        this.baseCandidates = baseCandidates;
        this.candidateProtocol = candidateProtocol;
        this.variants = variants;
        this.calls = calls;
        this.backends = backends;
        this.simulation = spec.simulation() == null ? null : new Simulation(spec.simulation(), split, spec.maxK());
    }

    /**
     * The data with its publisher's domain and facts (the shipped descriptor that describes it,
     * {@link org.recprompt.dataset.DatasetDescriptors#describing}) and the experiment's
     * {@code dataset.domain}, which wins.
     */
    static Dataset described(Dataset d, java.nio.file.Path path, String domain) {
        Dataset out = org.recprompt.dataset.DatasetDescriptors.shipped().describing(path, d)
                .map(m -> m.descriptor().describe(d)).orElse(d);
        return domain == null ? out : out.withDomain(org.recprompt.dataset.Domain.byName(domain));
    }

    /** The format named, else generic CSV when columns or an item file are given, else null (detect). */
    static DatasetFormat format(ExperimentSpec.DatasetSpec ds) {
        return ds.format() != null ? DatasetFormat.byId(ds.format()) : ds.columns() != null ? DatasetFormat.CSV : null;
    }

    /** The generic CSV mapping the experiment names, its item file resolved; the usual names when none. */
    static org.recprompt.dataset.io.ColumnMapping mapping(ExperimentFile file) {
        var columns = file.spec().dataset().columns();
        if (columns == null) {
            return org.recprompt.dataset.io.ColumnMapping.guess();
        }
        return file.items() == null ? columns : columns.withItems(columns.items().at(file.items().toString()));
    }

    /** Loads the dataset and prepares everything a run needs; configuration problems are {@link ExperimentException}s. */
    public static RunSetup prepare(ExperimentFile file, RunEnvironment env) {
        return prepare(file, env, false);
    }

    /**
     * As {@link #prepare(ExperimentFile, RunEnvironment)} for a run that starts at once: the index
     * that grounds answers to the catalog is built from the moment the dataset is loaded, on a
     * thread of its own, so that it is ready when the first answers arrive (built on first use, it
     * held up every call thread's first answer). A setup prepared only to show a plan builds none.
     */
    public static RunSetup prepareToRun(ExperimentFile file, RunEnvironment env) {
        return prepare(file, env, true);
    }

    private static RunSetup prepare(ExperimentFile file, RunEnvironment env, boolean toRun) {
        ExperimentSpec spec = file.spec();
        RunCache runCache = env.cache() == null ? null : new RunCache(env.cache());
        RunEgress egress = new RunEgress(env.egress());
        boolean localOnly = env.localOnly() || spec.localOnly();
        org.recprompt.backend.ImageCache images = BackendHandle.images(env, localOnly);
        BackendBuild llms = BackendBuild.begin(file, env, runCache, localOnly, egress, images);
        try {
            return prepare(file, env, runCache, egress, localOnly, images, llms, toRun);
        } catch (RuntimeException | Error e) {
            llms.discard();
            throw e;
        }
    }

    private static RunSetup prepare(ExperimentFile file, RunEnvironment env, RunCache runCache, RunEgress egress, boolean localOnly,
            org.recprompt.backend.ImageCache images, BackendBuild llms, boolean toRun) {
        ExperimentSpec spec = file.spec();
        Dataset d;
        try {
            d = DatasetLoader.load(file.dataset(), format(spec.dataset()), mapping(file),
                    spec.dataset().duplicates() == null ? null : DuplicatePolicy.byId(spec.dataset().duplicates()));
            d = described(d, file.dataset(), spec.dataset().domain());
            if (spec.split().fileOrder()) {
                d = d.inFileOrder();
            }
        } catch (RuntimeException e) {
            throw new ExperimentException(file.origin(), file.line("dataset"), "dataset", "cannot load " + file.dataset()
                    + ": " + e.getMessage());
        }
        java.util.concurrent.CompletableFuture<Grounder> grounding = toRun && spec.usesPrompts() ? groundingIndex(d, spec) : null;
        Split split = split(d, spec.split(), file);
        int[] users = spec.users().sample() == null ? split.evaluableUsers()
                : spec.users().stratified() ? UserSampler.stratified(split, spec.users().sample(), spec.users().seed(),
                        UserSampler.DEFAULT_BUCKETS)
                        : UserSampler.sample(split, spec.users().sample(), spec.users().seed());
        if (users.length == 0) {
            throw new ExperimentException(file.origin(), file.line("split"), "split", "the split leaves no user with both"
                    + " training and held-out interactions");
        }
        boolean candidateProtocol = spec.candidates() != null
                || file.templates().stream().anyMatch(RenderCommand::usesCandidates);
        Map<String, BackendHandle> backends = new LinkedHashMap<>();
        for (int b = 0; b < spec.backends().size(); b++) {
            BackendSpec bs = spec.backends().get(b);
            try {
                backends.put(bs.id(), isLlm(bs) ? llms.take(bs)
                        : BackendHandle.create(bs, split, spec.seed(), file, env, runCache, localOnly, egress, images));
            } catch (IllegalArgumentException e) {
                throw new ExperimentException(file.origin(), file.line("backends[" + (b + 1) + "]"), "backends[" + (b + 1) + "]",
                        e.getMessage());
            }
        }
        for (int b = 0; b < spec.backends().size(); b++) {
            BackendSpec bs = spec.backends().get(b);
            PromptTemplate chain = file.templates().stream().filter(t -> t.meta().kind() == TemplateKind.CHAIN).findFirst()
                    .orElse(null);
            if (bs.isBatch() && chain != null) {
                throw new ExperimentException(file.origin(), file.line("backends[" + (b + 1) + "].batch"),
                        "backends[" + (b + 1) + "].batch", "batch mode sends each call as one request, but the template "
                        + chain.name() + " is a chain whose later steps need the earlier answers: run it with a backend"
                        + " without batch: true");
            }
        }
        for (int b = 0; b < spec.backends().size(); b++) {
            BackendHandle h = backends.get(spec.backends().get(b).id());
            if (!candidateProtocol && h.ranksOnlyCandidates()) {
                throw new ExperimentException(file.origin(), file.line("backends[" + (b + 1) + "]"), "backends[" + (b + 1) + "]",
                        "a word-token p5 model ranks candidates (add candidates:) or generates titles (set decoding:"
                                + " free, greedy or constrained)");
            }
        }
        Map<Integer, CandidateSet> candidates = new LinkedHashMap<>();
        CandidateSampler sampler = null;
        if (candidateProtocol) {
            sampler = sampler(spec, split, file);
            for (int u : users) {
                try {
                    candidates.put(u, sampler.sample(u));
                } catch (IllegalArgumentException e) {
                    throw new ExperimentException(file.origin(), file.line("candidates"), "candidates", e.getMessage());
                }
            }
        }
        List<Variant> variants = variants(file);
        List<Call> calls = new ArrayList<>();
        int rounds = spec.simulation() == null ? 1 : spec.simulation().rounds();
        for (Variant v : variants) {
            int repeats = v.repeats(spec.repeats());
            for (int u : users) {
                for (int round = 0; round < rounds; round++) {
                    for (int r = 0; r < repeats; r++) {
                        calls.add(new Call(v, u, d.users().id(u), r, round, calls.size()));
                    }
                }
            }
        }
        RunSetup setup = new RunSetup(file, env, d, split, users, candidates, candidateProtocol, List.copyOf(variants),
                List.copyOf(calls), backends, runCache);
        setup.egress = egress;
        setup.localOnly = localOnly;
        setup.grounding = grounding;
        setup.sampler = sampler;
        setup.warnings = PlanChecks.warnings(file, split, users, candidates.values());
        UserGroupings.check(file, d.users());
        setup.checkFairness();
        setup.checkTemplates();
        return setup;
    }

    /** A probe study needs templates that show the sensitive attribute, else every list would be the neutral one. */
    private void checkFairness() {
        if (spec.fairness() == null) {
            return;
        }
        for (PromptTemplate t : file.templates()) {
            boolean shows = t.blocks().stream().anyMatch(b -> b.text().contains("{{#sensitive}}")
                    || b.text().contains("sensitive.value") || b.text().contains("sensitive.attribute"));
            if (!shows) {
                throw new ExperimentException(file.origin(), file.line("fairness"), "fairness", "template " + t.name()
                        + " does not show the sensitive attribute: add {{#sensitive}}I am a {{value}} fan of {{domains}}."
                        + " {{/sensitive}} (see prompt-templates/fairness-probe.mustache)");
            }
        }
        if (spec.backends().stream().noneMatch(b -> b.kind().usesPrompt())) {
            throw new ExperimentException(file.origin(), file.line("fairness"), "fairness",
                    "a probe study needs a backend that answers prompts (an LLM or a replay)");
        }
    }

    /** The plan's warnings (users.sample above the evaluable users, k above the candidates, ...), each naming its line. */
    public List<String> warnings() {
        return warnings;
    }

    /** Whether remote backends refuse to run (the experiment's localOnly, a project's switch or --local-only). */
    public boolean localOnly() {
        return localOnly;
    }

    /** The ids of the remote backends that local-only refuses (empty when local-only is off). */
    public List<String> refusedBackends() {
        return localOnly ? spec.backends().stream().filter(BackendSpec::isRemote).map(BackendSpec::id).toList() : List.of();
    }

    /** Where this run's egress goes (the workspace's log and the run folder's egress.jsonl). */
    RunEgress egress() {
        return egress;
    }

    /** Renders each distinct prompt for the first user, so that a template error stops the run before any call. */
    private void checkTemplates() {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Variant v : variants) {
            if (!v.usesPrompt() || !seen.add(v.promptId())) {
                continue;
            }
            try {
                render(v, users[0]);
            } catch (org.recprompt.prompt.TemplateException | IllegalArgumentException e) {
                int t = file.templates().indexOf(v.template());
                String key = "templates[" + (t + 1) + "]";
                throw new ExperimentException(file.origin(), file.line(key), key, "cannot be rendered: " + e.getMessage());
            }
        }
    }

    private static Split split(Dataset d, SplitSpec s, ExperimentFile file) {
        try {
            return switch (s.method()) {
                case "leave-last-n" -> Splits.leaveLastN(d, s.n() == null ? 1 : s.n());
                case "random-holdout" -> Splits.randomHoldout(d, s.fraction(), s.seed() == null ? file.spec().seed() : s.seed());
                case "time-cut" -> Splits.timeCut(d, epochSeconds(s.cut()));
                case SplitSpec.PREDEFINED -> predefined(d, file);
                default -> Splits.leaveLastOut(d);
            };
        } catch (Splits.NoTimestampsException e) {
            int line = file.line("split.method") > 0 ? file.line("split.method") : file.line("split");
            throw new ExperimentException(file.origin(), line > 0 ? line : file.line("dataset"), "split", e.getMessage()
                    .replace(" (--order file on the command line)", " (in the split block)"));
        } catch (RuntimeException e) {
            throw new ExperimentException(file.origin(), file.line("split"), "split", e.getMessage());
        }
    }

    /** The experiment's split files read against the dataset; a problem names the file's key (split.train, ...). */
    private static Split predefined(Dataset d, ExperimentFile file) {
        Path[] files = file.splitFiles();
        try {
            return PredefinedSplits.read(d, files[0], files[1], files[2]);
        } catch (DatasetFormatException e) {
            String key = e.file() == null ? "split" : e.file().equals(files[0]) ? "split.train"
                    : e.file().equals(files[1]) ? "split.test" : "split.valid";
            int line = file.line(key) > 0 ? file.line(key) : file.line("split");
            throw new ExperimentException(file.origin(), line, key, e.getMessage());
        }
    }

    private static long epochSeconds(String cut) {
        if (cut.matches("\\d+")) {
            return Long.parseLong(cut);
        }
        if (cut.length() == 10) {
            return LocalDate.parse(cut).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        }
        return Instant.parse(cut).getEpochSecond();
    }

    private static CandidateSampler sampler(ExperimentSpec spec, Split split, ExperimentFile file) {
        CandidatesSpec c = spec.candidates();
        if (c == null) {
            Integer count = PlanChecks.templateCandidateCount(file);
            return CandidateSampler.random(split, count == null ? 20 : count, spec.users().seed());
        }
        return switch (c.negatives()) {
            case "popular" -> new CandidateSampler(split, c.size(), CandidateSampler.Negatives.POPULAR, c.seed(), null);
            case "retrieved" -> {
                BackendHandle retriever = BackendHandle.create(BackendSpec.ranker("retriever", c.retriever()), split,
                        spec.seed(), file, RunEnvironment.offline(), null);
                yield new CandidateSampler(split, c.size(), CandidateSampler.Negatives.RETRIEVED, c.seed(), retriever.ranker());
            }
            default -> new CandidateSampler(split, c.size(), CandidateSampler.Negatives.RANDOM, c.seed(), null);
        };
    }

    /**
     * The matrix: per backend, prompt-based ones over templates x few-shot x history x privacy x
     * fairness probes x orders, rankers over history x orders (a ranker that reads no history, such as
     * most-popular, gives the same lists at every length: the reference line of a cold-start curve).
     * Scoring-pair templates (M6-Rec) go to the backends that score texts (the semantic ranker, which
     * then runs over them instead of natively); the other templates to those that answer.
     */
    static List<Variant> variants(ExperimentFile file) {
        ExperimentSpec spec = file.spec();
        List<Variant> out = new ArrayList<>();
        List<Integer> histories = spec.history().isEmpty() ? Arrays.asList((Integer) null) : spec.history();
        List<Sensitive> probes = spec.fairness() == null ? Arrays.asList((Sensitive) null) : spec.fairness().probes();
        int orders = spec.orders().permutations();
        List<PromptTemplate> answered = file.templates().stream().filter(t -> t.meta().kind() != TemplateKind.SCORING_PAIR).toList();
        List<PromptTemplate> scored = file.templates().stream().filter(t -> t.meta().kind() == TemplateKind.SCORING_PAIR).toList();
        for (BackendSpec b : spec.backends()) {
            boolean scorer = b.kind() == Kind.SEMANTIC && !scored.isEmpty();
            if (b.kind().usesPrompt() || scorer) {
                for (PromptTemplate t : scorer ? scored : answered) {
                    for (FewShotSpec f : spec.fewShot()) {
                        for (Integer h : histories) {
                            for (PrivacySpec p : spec.privacy()) {
                                for (Sensitive probe : probes) {
                                    for (int o = 0; o < orders; o++) {
                                        List<String> parts = new ArrayList<>();
                                        if (file.templates().size() > 1) {
                                            parts.add(t.name());
                                        }
                                        if (spec.fewShot().size() > 1) {
                                            parts.add(f.label());
                                        }
                                        if (histories.size() > 1) {
                                            parts.add("h" + ExperimentSpec.historyLabel(h));
                                        }
                                        if (spec.privacy().size() > 1) {
                                            parts.add(p.label());
                                        }
                                        if (spec.fairness() != null) {
                                            parts.add(probe == null ? "neutral" : probe.label());
                                        }
                                        if (orders > 1) {
                                            parts.add("o" + o);
                                        }
                                        parts.add(b.id());
                                        out.add(new Variant(out.size(), String.join("/", parts), b, t, f, h, o, p, probe));
                                    }
                                }
                            }
                        }
                    }
                }
            } else {
                for (Integer h : histories) {
                    for (int o = 0; o < orders; o++) {
                        List<String> parts = new ArrayList<>();
                        if (histories.size() > 1) {
                            parts.add("h" + ExperimentSpec.historyLabel(h));
                        }
                        if (orders > 1) {
                            parts.add("o" + o);
                        }
                        parts.add(b.id());
                        out.add(new Variant(out.size(), String.join("/", parts), b, null, null, h, o));
                    }
                }
            }
        }
        return out;
    }

    // ---- what a call needs -----------------------------------------------------------------

    /**
     * The candidates shown in a simulation round; null without a candidate protocol. With fresh
     * candidates (the default) a round after 0 draws its own set: new negatives from a stream seeded by
     * the round (the same for every variant), or retrieval from the user's grown profile, never an item
     * accepted before; with {@code candidates: fixed}, round 0's set without the accepted items (so the
     * set shrinks as the history grows). Either way in the variant's order.
     */
    public CandidateSet candidates(Variant v, int user, int round) {
        CandidateSet c = candidates(v, user);
        if (c == null || round == 0 || simulation == null) {
            return c;
        }
        int[] accepted = simulation.acceptedBefore(v.id(), user, round);
        if (simulation.spec().freshCandidates()) {
            String key = "fresh:" + v.id() + ":" + round + ":" + user + ":" + Arrays.toString(accepted);
            return ordered.computeIfAbsent(key, k -> inOrder(sampler.sample(user, round,
                    simulation.history(v.id(), user, round), accepted), v, user));
        }
        java.util.Set<Integer> taken = new java.util.HashSet<>();
        for (int i : accepted) {
            taken.add(i);
        }
        List<Integer> keep = new ArrayList<>();
        for (int k = 0; k < c.size(); k++) {
            if (!taken.contains(c.items()[k])) {
                keep.add(k);
            }
        }
        int[] items = keep.stream().mapToInt(k -> c.items()[k]).toArray();
        int[] permutation = keep.stream().mapToInt(k -> c.permutation()[k]).toArray();
        int[] relevant = Arrays.stream(c.relevant()).filter(i -> !taken.contains(i)).toArray();
        return new CandidateSet(user, items, relevant, permutation, c.seed());
    }

    /** The candidates shown to the user in this variant's order; null without a candidate protocol. */
    public CandidateSet candidates(Variant v, int user) {
        CandidateSet base = baseCandidates.get(user);
        if (base == null || v.order() == 0) {
            return base;
        }
        return ordered.computeIfAbsent(v.order() + ":" + user, k -> inOrder(base, v, user));
    }

    /** A candidate set in the variant's order: as drawn for order 0, else re-shuffled by the order's seed. */
    private CandidateSet inOrder(CandidateSet base, Variant v, int user) {
        if (v.order() == 0) {
            return base;
        }
        int[] perm = new int[base.size()];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        long seed = Seeds.mix(spec.orders().seed(), "order-" + v.order());
        Seeds.shuffle(perm, Seeds.forKey(seed, dataset.users().id(user)));
        int[] items = new int[perm.length];
        int[] permutation = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            items[i] = base.items()[perm[i]];
            permutation[i] = base.permutation()[perm[i]];
        }
        return new CandidateSet(user, items, base.relevant(), permutation, seed);
    }

    /**
     * The prompt a prompt-based variant sends for a user (deterministic). Recently rendered prompts
     * are kept (a few thousand): the repeats of a call and the backends that share a prompt render it once.
     */
    public RenderedPrompt render(Variant v, int user) {
        return render(v, user, 0);
    }

    /** The prompt of a simulation round: rendered with the history the user has at the start of the round. */
    public RenderedPrompt render(Variant v, int user, int round) {
        // Rounds after 0 depend on what this variant's answers made the user accept: keyed by variant.
        String key = (round == 0 ? v.promptId() : v.id() + "|" + v.promptId() + "|r" + round) + "|" + user;
        RenderedPrompt p = rendered.get(key);
        if (p == null) {
            p = renderNow(v, user, round);
            rendered.put(key, p);
        }
        return p;
    }

    private RenderedPrompt renderNow(Variant v, int user, int round) {
        return renderWithFacts(v, user, round).getKey();
    }

    /**
     * A chain's prompt for a user with the answers to its earlier steps (step name to answer): what
     * the conversation holds when the next step is asked. Steps not yet answered render with a placeholder.
     */
    public RenderedPrompt renderChain(Variant v, int user, Map<String, String> answers) {
        return renderChain(v, user, 0, answers);
    }

    /** {@link #renderChain(Variant, int, Map)} in a simulation round. */
    public RenderedPrompt renderChain(Variant v, int user, int round, Map<String, String> answers) {
        PromptContext ctx = context(v, user, round, new ArrayList<>());
        answers.forEach(ctx::step);
        return TemplateRenderer.render(v.template(), ctx.build());
    }

    private Map.Entry<RenderedPrompt, PromptFacts> renderWithFacts(Variant v, int user, int round) {
        List<String> dataUsers = new ArrayList<>();
        PromptContext ctx = context(v, user, round, dataUsers);
        RenderedPrompt rendered = TemplateRenderer.render(v.template(), ctx.build());
        long bytes = 0;
        for (var m : rendered.messages()) {
            bytes += m.text().getBytes(StandardCharsets.UTF_8).length;
        }
        PromptFacts f = new PromptFacts(ctx.realHistoryShown(), bytes, String.join(",", dataUsers.stream().distinct().toList()));
        if (round == 0) {
            facts.put(v.promptId() + "|" + user, f);
        }
        return Map.entry(rendered, f);
    }

    /**
     * What a prompt gave away: how many of the user's real history titles it showed, its size in
     * bytes (UTF-8 of every message), and whose data it held (the user and few-shot example users,
     * comma-separated dataset ids: the egress log's users).
     */
    public record PromptFacts(int realHistoryItems, long bytes, String users) {
    }

    /** The facts of a prompt-based variant's prompt for a user, as first asked (renders it when needed). */
    public PromptFacts facts(Variant v, int user) {
        String key = v.promptId() + "|" + user;
        PromptFacts f = facts.get(key);
        return f != null ? f : renderWithFacts(v, user, 0).getValue();
    }

    private org.recprompt.prompt.ItemTexts itemTexts() {
        org.recprompt.prompt.ItemTexts t = itemTexts;
        if (t == null) {
            synchronized (this) {
                t = itemTexts;
                if (t == null) {
                    t = new org.recprompt.prompt.ItemTexts(split.dataset().items());
                    itemTexts = t;
                }
            }
        }
        return t;
    }

    /** The values a variant's prompt renders with; {@code dataUsers} gets the ids of the users whose data it shows. */
    private PromptContext context(Variant v, int user, int round, List<String> dataUsers) {
        PromptTemplate t = v.template();
        PromptContext ctx = PromptContext.of(split, user).forTemplate(t.meta()).itemTexts(itemTexts());
        if (v.history() != null) {
            if (v.history() == 0) {
                ctx.noHistory();
            } else {
                ctx.historyLimit(v.history() == ExperimentSpec.FULL_HISTORY ? 0 : v.history());
            }
        }
        PrivacySpec p = v.privacy();
        if (p.history() != null) {
            ctx.privacyHistory(p.history());
        }
        if (p.genresOnly()) {
            ctx.genresOnly();
        }
        if (p.replace() != null && p.replace() > 0) {
            ctx.replaceHistory(p.replace(), p.seed());
        }
        if (p.realIds()) {
            ctx.realUserIds();
        }
        if (v.sensitive() != null) {
            ctx.sensitive(v.sensitive().attribute(), v.sensitive().value());
        }
        dataUsers.add(dataset.users().id(user));
        if (simulation != null && round > 0) {
            int[] accepted = simulation.acceptedBefore(v.id(), user, round);
            float[] ratings = new float[accepted.length];
            for (int k = 0; k < accepted.length; k++) {
                ratings[k] = simulation.rating(user, accepted[k]);
            }
            ctx.appendHistory(accepted, ratings);
        }
        CandidateSet c = RenderCommand.usesCandidates(t) ? candidates(v, user, round) : null;
        if (c != null) {
            ctx.candidates(c);
        }
        int[] heldOut = split.heldOut(user);
        if (heldOut.length > 0) {
            ctx.item(heldOut[0]);
        }
        if (v.fewShot().count() > 0) {
            FewShotSampler.Strategy strategy = FewShotSampler.Strategy.valueOf(
                    v.fewShot().strategy().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
            FewShotSampler sampler = new FewShotSampler(split, strategy, v.fewShot().seed(), c == null ? 0 : c.size());
            var examples = sampler.sample(user, v.fewShot().count());
            examples.examples().forEach(e -> dataUsers.add(e.user()));
            ctx.examples(examples.render(split, t.meta()));
        }
        return ctx;
    }

    /** The candidates a variant's prompt shows (empty when it shows none): grounding checks answers against them. */
    public int[] shownCandidates(Variant v, int user) {
        return shownCandidates(v, user, 0);
    }

    /** {@link #shownCandidates(Variant, int)} in a simulation round. */
    public int[] shownCandidates(Variant v, int user, int round) {
        if (v.usesPrompt() && !RenderCommand.usesCandidates(v.template())) {
            return new int[0];
        }
        CandidateSet c = candidates(v, user, round);
        return c == null ? new int[0] : c.items();
    }

    /**
     * The user's history at the start of a round (oldest first): the training history, followed in a
     * simulation by the items accepted in earlier rounds. Grounding marks items in it SEEN, and
     * retrieval never proposes them.
     */
    public int[] profile(Variant v, int user, int round) {
        return simulation == null || round == 0 ? split.history(user) : simulation.history(v.id(), user, round);
    }

    /**
     * What a ranker sees of {@link #profile}: its most recent items as the variant's history length
     * says (0: none; full or unset: all).
     */
    public int[] rankerHistory(Variant v, int user, int round) {
        int[] p = profile(v, user, round);
        Integer h = v.history();
        if (h == null || h == ExperimentSpec.FULL_HISTORY || h >= p.length) {
            return p;
        }
        return Arrays.copyOfRange(p, p.length - h, p.length);
    }

    /** The simulation's state; null when the experiment has none. */
    Simulation simulation() {
        return simulation;
    }

    /**
     * How many items a compliant answer has: the experiment's grounding.expect; 1 for a choice
     * template; all C candidates for a template that shows candidates and does not ask for {{K}};
     * otherwise the template's K.
     */
    public int expectedLength(Variant v) {
        if (spec.grounding().expect() != null) {
            return spec.grounding().expect();
        }
        if (!v.usesPrompt() || v.scores()) {
            return spec.maxK();
        }
        PromptTemplate t = v.template();
        if (t.meta().kind() == TemplateKind.CHOICE) {
            return 1;
        }
        boolean asksForK = t.blocks().stream().anyMatch(b -> b.text().contains("{{K}}"));
        if (!asksForK && RenderCommand.usesCandidates(t) && !baseCandidates.isEmpty()) {
            return baseCandidates.values().iterator().next().size();
        }
        return t.meta().k();
    }

    public AnswerFormat answerFormat(Variant v) {
        return AnswerFormat.of(v.template().meta().output());
    }

    /** The grounder over the catalog, built on first use (a trigram index over every title), or taken from its build begun with the setup. */
    public Grounder grounder() {
        Grounder g = grounder;
        if (g == null) {
            synchronized (this) {
                if (grounder == null) {
                    grounder = grounding != null ? grounding.join() : grounder(dataset, spec);
                }
                g = grounder;
            }
        }
        return g;
    }

    private static Grounder grounder(Dataset dataset, ExperimentSpec spec) {
        var gs = spec.grounding();
        return new Grounder(new CatalogMatcher(dataset.items(), new CatalogMatcher.Settings(gs.fuzzy(), gs.candidateFuzzy(), 0.9, false),
                null));
    }

    /** Builds the grounder on a thread of its own (which keeps the context class loader), beside the rest of the setup. */
    private static java.util.concurrent.CompletableFuture<Grounder> groundingIndex(Dataset dataset, ExperimentSpec spec) {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> grounder(dataset, spec),
                org.recprompt.base.OwnThread.named("run-grounder-index"));
    }

    /**
     * A fingerprint of everything that decides the calls: the canonical spec, the template versions,
     * the dataset's shape and the sampled users. A run folder refuses to resume under another one.
     */
    public String fingerprint() {
        String f = fingerprint;
        if (f == null) {
            f = computeFingerprint();
            fingerprint = f;
        }
        return f;
    }

    /**
     * The fingerprint this setup would have under another experiment name: a run started before its
     * experiment's {@code name:} was changed is still the same experiment (the name decides no call).
     */
    public String fingerprintAs(String name) {
        return name == null || name.equals(spec.name()) ? fingerprint() : computeFingerprint(spec.withName(name));
    }

    private String computeFingerprint() {
        return computeFingerprint(spec);
    }

    private String computeFingerprint(ExperimentSpec spec) {
        // Where the dataset lies is not part of it (its shape and the sampled users are): a run folder
        // exported to another machine, with the data elsewhere, still re-evaluates from its journal.
        StringBuilder s = new StringBuilder(ExperimentYaml.write(spec.withLocalOnly(false)).replace(spec.dataset().path(), "<dataset>"));
        if (spec.dataset().columns() != null && spec.dataset().columns().items() != null) {
            String itemFile = spec.dataset().columns().items().file();
            s.replace(0, s.length(), s.toString().replace(itemFile, "<items>"));
        }
        file.templates().forEach(t -> s.append("\ntemplate ").append(t.name()).append(' ').append(t.version()));
        s.append("\ndataset ").append(dataset.users().size()).append(' ').append(dataset.items().size()).append(' ')
                .append(dataset.interactions().size());
        s.append("\nusers ").append(Arrays.toString(users));
        if (spec.split().isPredefined()) {
            // The split files' content decides the histories and held-out items, not only their names.
            s.append("\npredefined ").append(split.dataset().interactions().size()).append(' ').append(split.testSize())
                    .append(' ').append(Arrays.hashCode(split.dataset().interactions().items()))
                    .append(' ').append(Arrays.hashCode(split.dataset().interactions().users()));
        }
        if (!spec.history().isEmpty()) {
            // Since the cold-start axis, 0 means no history and rankers run over the axis: a run made
            // before (0 meant all) must not be resumed as if it were one of these.
            s.append("\nhistory-axis 2");
        }
        return HexFormat.of().formatHex(Hashes.sha256(s.toString().getBytes(StandardCharsets.UTF_8))).substring(0, 16);
    }

    // ---- accessors -------------------------------------------------------------------------

    public ExperimentFile file() {
        return file;
    }

    public ExperimentSpec spec() {
        return spec;
    }

    public RunEnvironment env() {
        return env;
    }

    public Dataset dataset() {
        return dataset;
    }

    public Split split() {
        return split;
    }

    /** The evaluated users' indices, ascending. */
    public int[] users() {
        return users.clone();
    }

    public boolean candidateProtocol() {
        return candidateProtocol;
    }

    /** Each evaluated user's candidate set as drawn (round 0, the sampled order); empty without a candidate protocol. */
    java.util.Collection<CandidateSet> baseCandidates() {
        return java.util.Collections.unmodifiableCollection(baseCandidates.values());
    }

    public List<Variant> variants() {
        return variants;
    }

    /** Every call of the matrix in output order: by variant, user, repeat. */
    public List<Call> calls() {
        return calls;
    }

    /** The run's response cache layer; null when answers are not cached. */
    RunCache runCache() {
        return runCache;
    }

    BackendHandle backend(String id) {
        return backends.get(id);
    }

    /** Facts about each loaded model (p5: tokenisation, fingerprint, parameters) by backend id, for summary.json. */
    Map<String, Map<String, Object>> modelFacts() {
        Map<String, Map<String, Object>> m = new LinkedHashMap<>();
        backends.forEach((id, h) -> {
            if (!h.modelFacts.isEmpty()) {
                m.put(id, h.modelFacts);
            }
        });
        return m;
    }

    /** Releases what the backends hold (a loaded p5 model's native memory) once the run no longer calls them. */
    public void closeBackends() {
        backends.values().forEach(BackendHandle::close);
    }

    /** Calls per backend id, in the spec's order. */
    public Map<String, Long> callsPerBackend() {
        Map<String, Long> m = new LinkedHashMap<>();
        spec.backends().forEach(b -> m.put(b.id(), 0L));
        calls.forEach(c -> m.merge(c.variant().backend().id(), 1L, Long::sum));
        return m;
    }

    /** Whether the backend needs a network (so the response cache matters). */
    public static boolean isLlm(BackendSpec b) {
        return b.kind() != null && b.kind().isLlm();
    }
}
