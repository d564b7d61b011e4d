package org.recprompt.experiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.recprompt.dataset.DuplicatePolicy;
import org.recprompt.experiment.ExperimentSpec.Kind;
import org.recprompt.metrics.protocol.Protocol;
import org.recprompt.metrics.protocol.Protocols;

/**
 * The keys an experiment file accepts at each level, and the values it accepts where they are a
 * closed list: what {@link ExperimentYaml} checks (it reads its key sets from here) and what the
 * experiment editor completes. A level is named by its path, with {@code []} for the items of a
 * list: {@code ""} (the top level), {@code dataset}, {@code backends[]}, {@code backends[].price},
 * {@code fewShot[]}; a value by its key's path: {@code backends[].type}, {@code split.method}.
 */
public final class ExperimentSchema {

    /** A key or a value offered at a place, with a few words on what it is. */
    public record Entry(String label, String detail) {
    }

    static final Set<String> TOP = keys("name", "description", "seed", "dataset", "split", "users", "candidates", "templates",
            "template", "fewShot", "few-shot", "few_shot", "history", "orders", "repeats", "backends", "k", "metrics",
            "bootstrap", "grounding", "store", "simulation", "localOnly", "privacy", "fairness", "groupGaps", "protocol",
            "relevance");
    static final Set<String> DATASET = keys("path", "format", "duplicates", "domain", "columns", "items");
    static final Set<String> COLUMNS = keys("user", "item", "rating", "timestamp", "delimiter", "header");
    static final Set<String> ITEMS = keys("file", "id", "title", "genres", "genresSeparator", "image", "author");
    static final Set<String> SPLIT = keys("method", "n", "fraction", "seed", "cut", "order", "train", "test", "valid");
    static final Set<String> USERS = keys("sample", "seed", "stratified");
    static final Set<String> CANDIDATES = keys("size", "negatives", "seed", "retriever");
    static final Set<String> FEW_SHOT = keys("count", "strategy", "seed");
    static final Set<String> ORDERS = keys("permutations", "seed");
    static final Set<String> BACKEND = keys("id", "backend", "type", "model", "baseUrl", "baseUrls", "apiKeyEnv", "concurrency", "rpm", "tpm", "seed",
            "temperature", "topP", "maxTokens", "json", "timeout", "retries", "pauseAfter", "price", "neighbours", "lambda",
            "minUsers", "maxItems", "file", "apiKey", "decoding", "lengthNormalise", "remote", "logprobs",
            "batch", "batchDiscount", "batchSize", "batchPoll", "batchPollMax");
    static final Set<String> PRICE = keys("input", "output", "cachedInput", "cacheWrite");
    static final Set<String> PRIVACY = keys("history", "genresOnly", "replace", "seed", "realIds");
    static final Set<String> FAIRNESS = keys("attributes", "k");
    static final Set<String> BOOTSTRAP = keys("resamples", "seed");
    static final Set<String> GROUNDING = keys("fuzzy", "candidateFuzzy", "expect");
    static final Set<String> SIMULATION = keys("rounds", "accept", "seed", "likedThreshold", "candidates");
    static final Set<String> RELEVANCE = keys("threshold");
    static final Set<String> STORE = keys("prompts");

    /** Keys accepted but not offered: spellings kept for old files, and a key that is always refused. */
    private static final Set<String> NOT_OFFERED = Set.of("template", "few-shot", "few_shot", "apiKey");

    /** What a top-level key is, shown beside it in the completion list. */
    private static final Map<String, String> TOP_DETAILS = Map.ofEntries(
            Map.entry("name", "the experiment's name (names its runs)"), Map.entry("description", "free text"),
            Map.entry("seed", "the seed every sampling step starts from"), Map.entry("dataset", "path or { path, format, ... }"),
            Map.entry("split", "how test interactions are held out"), Map.entry("users", "{ sample, seed, stratified }"),
            Map.entry("candidates", "{ size, negatives, seed, retriever }"), Map.entry("templates", "prompt template files"),
            Map.entry("fewShot", "few-shot counts or { count, strategy, seed }"), Map.entry("history", "history lengths axis"),
            Map.entry("orders", "candidate order permutations"), Map.entry("repeats", "calls per prompt"),
            Map.entry("backends", "the recommenders compared"), Map.entry("k", "cutoffs, e.g. [1, 5, 10]"),
            Map.entry("metrics", "metric names to report"), Map.entry("bootstrap", "{ resamples, seed }"),
            Map.entry("grounding", "{ fuzzy, candidateFuzzy, expect }"), Map.entry("store", "{ prompts }"),
            Map.entry("simulation", "{ rounds, accept, ... }"), Map.entry("localOnly", "refuse remote backends"),
            Map.entry("privacy", "privacy transforms axis"), Map.entry("fairness", "{ attributes, k }"),
            Map.entry("groupGaps", "user groupings to compare"), Map.entry("protocol", "evaluation convention"),
            Map.entry("relevance", "{ threshold }"));

    private ExperimentSchema() {
    }

    /** The keys accepted at each level, in the order they are offered. */
    public static Map<String, List<Entry>> keys() {
        Map<String, Set<String>> levels = new LinkedHashMap<>();
        levels.put("", TOP);
        levels.put("dataset", DATASET);
        levels.put("dataset.columns", COLUMNS);
        levels.put("dataset.items", ITEMS);
        levels.put("split", SPLIT);
        levels.put("users", USERS);
        levels.put("candidates", CANDIDATES);
        levels.put("fewShot", FEW_SHOT);
        levels.put("fewShot[]", FEW_SHOT);
        levels.put("orders", ORDERS);
        levels.put("backends[]", BACKEND);
        levels.put("backends[].price", PRICE);
        levels.put("privacy", PRIVACY);
        levels.put("privacy[]", PRIVACY);
        levels.put("fairness", FAIRNESS);
        levels.put("bootstrap", BOOTSTRAP);
        levels.put("grounding", GROUNDING);
        levels.put("simulation", SIMULATION);
        levels.put("relevance", RELEVANCE);
        levels.put("store", STORE);
        Map<String, List<Entry>> out = new LinkedHashMap<>();
        levels.forEach((path, keys) -> out.put(path, keys.stream().filter(k -> !NOT_OFFERED.contains(k))
                .map(k -> new Entry(k, path.isEmpty() ? TOP_DETAILS.getOrDefault(k, "") : "")).toList()));
        return Collections.unmodifiableMap(out);
    }

    /** The values accepted where they are a closed list, by the path of their key. */
    public static Map<String, List<Entry>> values() {
        Map<String, List<Entry>> out = new LinkedHashMap<>();
        List<Entry> types = new ArrayList<>();
        for (Kind k : Kind.values()) {
            types.add(new Entry(k.id(), k.isLlm() ? "language model over HTTP" : k.usesPrompt() ? "recorded answers"
                    : "baseline"));
        }
        out.put("backends[].type", List.copyOf(types));
        List<Entry> methods = plain(ExperimentSpec.SplitSpec.METHODS, "split method");
        out.put("split", methods);
        out.put("split.method", methods);
        out.put("split.order", plain(ExperimentSpec.SplitSpec.ORDERS, "order of a user's interactions"));
        out.put("candidates.negatives", plain(ExperimentSpec.CandidatesSpec.NEGATIVES, "how negatives are drawn"));
        out.put("candidates.retriever", plain(List.of("random", "most-popular", "item-knn", "ease"), "baseline retriever"));
        List<Entry> strategies = plain(ExperimentSpec.FewShotSpec.STRATEGIES, "few-shot strategy");
        out.put("fewShot.strategy", strategies);
        out.put("fewShot[].strategy", strategies);
        out.put("simulation.accept", plain(ExperimentSpec.SimulationSpec.ACCEPT, "choice model"));
        out.put("simulation.candidates", plain(ExperimentSpec.SimulationSpec.CANDIDATES, "candidates each round"));
        out.put("backends[].decoding", plain(List.of("free", "greedy", "constrained"), "p5 decoding"));
        out.put("dataset.duplicates", Arrays.stream(DuplicatePolicy.values())
                .map(p -> new Entry(p.id(), "duplicate ratings")).toList());
        List<Entry> protocols = new ArrayList<>();
        for (String id : Protocols.ids()) {
            Protocol p = Protocols.of(id);
            protocols.add(new Entry(id, firstSentence(withoutName(id, p.describe()))));
        }
        out.put("protocol", List.copyOf(protocols));
        out.put("history", plain(List.of("full"), "the whole history"));
        out.put("history[]", plain(List.of("0", "1", "3", "5", "full"), "history length"));
        out.put("users.sample", plain(List.of("all"), "every evaluable user"));
        List<Entry> bool = plain(List.of("true", "false"), "");
        for (String path : List.of("localOnly", "users.stratified", "backends[].json", "backends[].lengthNormalise",
                "backends[].remote", "backends[].logprobs", "backends[].batch", "dataset.columns.header", "privacy.genresOnly",
                "privacy[].genresOnly", "privacy.realIds", "privacy[].realIds", "store.prompts")) {
            out.put(path, bool);
        }
        out.put("privacy[]", plain(List.of("none"), "no transform"));
        return Collections.unmodifiableMap(out);
    }

    private static List<Entry> plain(List<String> values, String detail) {
        return values.stream().map(v -> new Entry(v, detail)).toList();
    }

    /** "elliot (Elliot 0.3.1, ...): lists ..." without the name the completion already shows: "Elliot 0.3.1, ...: lists ...". */
    private static String withoutName(String id, String text) {
        if (text != null && text.startsWith(id + " (")) {
            int close = text.indexOf(')');
            return close < 0 ? text : text.substring(id.length() + 2, close) + text.substring(close + 1);
        }
        return text;
    }

    private static String firstSentence(String text) {
        if (text == null) {
            return "";
        }
        int dot = text.indexOf(". ");
        String s = dot < 0 ? text : text.substring(0, dot);
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    private static Set<String> keys(String... keys) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(List.of(keys)));
    }
}
