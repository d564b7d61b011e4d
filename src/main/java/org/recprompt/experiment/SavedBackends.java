package org.recprompt.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import org.recprompt.backend.BackendConfigService.ResolvedKey;
import org.recprompt.backend.BackendFactory;
import org.recprompt.backend.BackendSettings;
import org.recprompt.backend.BackendType;
import org.recprompt.backend.KeyVariables;
import org.recprompt.experiment.ExperimentSpec.BackendSpec;
import org.recprompt.experiment.ExperimentSpec.Kind;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

/**
 * The backends saved in a project, as an experiment names them ({@code - { id: gpt, backend: local-vllm }}):
 * in the workbench the project's Backends folder (table backend_config, keys from the encrypted
 * store), for the command line the {@value #FILE} an exported project holds beside its
 * {@code experiments/} folder (keys from the environment variable each backend names). Names are
 * matched without regard to case. Keys are never in here: each saved backend resolves its key when
 * a run builds it ({@link Saved#key}).
 */
public final class SavedBackends {

    /** The file of an exported project that lists its backends (without keys). */
    public static final String FILE = "backends.yaml";

    /** A saved backend: its settings, and how the key its calls send is found (at build time, never stored). */
    public record Saved(BackendSettings settings, Supplier<ResolvedKey> key) {
        public String name() {
            return settings.name();
        }

        @Override
        public String toString() {
            return "Saved[" + settings.name() + "]";
        }
    }

    /** What an experiment's backend came from, for summary.json and run.json: never a key. */
    public record Reference(String name, String type, String model, String baseUrl, String from, Supplier<ResolvedKey> key) {

        public Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("type", type);
            if (model != null) {
                m.put("model", model);
            }
            if (baseUrl != null) {
                m.put("baseUrl", baseUrl);
            }
            m.put("from", from);
            return m;
        }

        @Override
        public String toString() {
            return "Reference[" + name + "]";
        }

        /** {@link #key} with its refusal as an error naming the backend. */
        ResolvedKey resolveKey(String id) {
            ResolvedKey k = key.get();
            if (k.refusal() != null) {
                throw new IllegalArgumentException("backend " + id + " (saved backend " + name + "): " + k.refusal());
            }
            return k;
        }

        /** The key lookup the adapter gets: only this backend's resolved variable has a value. */
        static Function<String, String> lookup(ResolvedKey k) {
            return variable -> variable != null && variable.equals(k.variable()) ? k.value() : null;
        }
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .enable(SerializationFeature.INDENT_OUTPUT);

    /** None saved: every {@code backend:} entry is an error. */
    public static final SavedBackends NONE = new SavedBackends("this experiment's project", List.of());

    private final String where;
    private final Supplier<List<Saved>> source;
    private volatile Map<String, Saved> byName;

    /** {@code where} says, in messages and run records, where the backends were read (a folder, a file). */
    public SavedBackends(String where, List<Saved> saved) {
        this(where, () -> saved);
    }

    /** The backends are read from {@code source} when an experiment first names one (most name none). */
    public SavedBackends(String where, Supplier<List<Saved>> source) {
        this.where = where;
        this.source = source;
    }

    private Map<String, Saved> byName() {
        Map<String, Saved> m = byName;
        if (m == null) {
            m = new LinkedHashMap<>();
            for (Saved s : source.get().stream().sorted((a, b) -> a.name().compareToIgnoreCase(b.name())).toList()) {
                m.putIfAbsent(s.name().toLowerCase(Locale.ROOT), s);
            }
            byName = m;
        }
        return m;
    }

    public String where() {
        return where;
    }

    public List<String> names() {
        return byName().values().stream().map(Saved::name).toList();
    }

    public Optional<Saved> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(byName().get(name.strip().toLowerCase(Locale.ROOT)));
    }

    /**
     * The backends of an exported project for an experiment file in its {@code experiments/}
     * folder: {@value #FILE} in the folder above; none when there is no such file. Keys come from
     * the variables the backends name, read through {@code env}.
     */
    public static SavedBackends beside(Path experimentFile, Function<String, String> env) {
        Path dir = experimentFile.toAbsolutePath().getParent();
        Path file = dir == null || dir.getParent() == null ? null : dir.getParent().resolve(FILE);
        if (file == null || !Files.isRegularFile(file)) {
            return new SavedBackends(file == null ? FILE : file + " (not found: an exported project keeps its backends there)",
                    List.of());
        }
        Path found = file;
        return new SavedBackends(found.toAbsolutePath().normalize().toString(), () -> {
            try {
                return read(found, env).byName().values().stream().toList();
            } catch (IOException | RuntimeException e) {
                throw new ExperimentException(found.toString(), 0, null, "cannot be read as the project's saved backends: "
                        + e.getMessage());
            }
        });
    }

    /** Reads a {@value #FILE}; keys from the variables it names, through {@code env}. */
    public static SavedBackends read(Path file, Function<String, String> env) throws IOException {
        List<Saved> out = new ArrayList<>();
        for (BackendSettings s : readSettings(file)) {
            out.add(new Saved(s, () -> keyFromEnvironment(s, env)));
        }
        return new SavedBackends(file.toAbsolutePath().normalize().toString(), out);
    }

    /** The settings listed in a {@value #FILE}. */
    public static List<BackendSettings> readSettings(Path file) throws IOException {
        List<BackendSettings> out = new ArrayList<>();
        for (JsonNode b : YAML.readTree(file.toFile()).path("backends")) {
            out.add(YAML.treeToValue(b, BackendSettings.class));
        }
        return out;
    }

    /** The text of a {@value #FILE}: every backend's settings, which hold no key (a variable's name at most). */
    public static String write(List<BackendSettings> settings) throws IOException {
        return YAML.writeValueAsString(Map.of("backends", settings));
    }

    /** The key a backend read from a file sends: the variable it names (or its type's usual one), if set and allowed. */
    static ResolvedKey keyFromEnvironment(BackendSettings s, Function<String, String> env) {
        if (s.type() == null || !s.type().usesKey()) {
            return new ResolvedKey("", null);
        }
        String variable = s.effectiveKeyVariable();
        if (variable.isEmpty()) {
            return new ResolvedKey("", null);
        }
        if (!KeyVariables.allowed(variable)) {
            return new ResolvedKey(variable, null, "apiKeyEnv: " + KeyVariables.rule());
        }
        String value = env.apply(variable);
        return new ResolvedKey(variable, value == null || value.isBlank() ? null : value.strip());
    }

    /**
     * The experiment backend {@code id} a saved backend stands for, before the entry's own
     * parameters: type, base URL, model, key variable, parameters, limits and prices as saved
     * (retries after the first attempt become attempts in all). Throws with the sentence to show
     * when the saved backend cannot run in an experiment.
     */
    BackendSpec spec(String id, Saved saved) {
        BackendSettings s = saved.settings();
        BackendType t = s.type();
        Kind kind = t == null ? null : Kind.byId(t.id());
        if (kind == null) {
            throw new IllegalArgumentException("the saved backend " + s.name() + " has no type an experiment can use");
        }
        String model = blankToNull(s.model());
        if (kind.isLlm() && model == null) {
            throw new IllegalArgumentException("the saved backend " + s.name() + " has no model: choose one in its tab (List models)");
        }
        String file = blankToNull(s.local().replayFile());
        if (kind == Kind.REPLAY && file == null) {
            throw new IllegalArgumentException("the saved backend " + s.name() + " names no replay file");
        }
        BackendSettings.Sampling p = s.sampling();
        BackendSettings.Limits l = s.limits();
        // a saved fleet (several base URLs) becomes the entry's baseUrls, as if written in the experiment
        List<String> fleet = kind.isLlm() && s.isFleet() ? s.baseUrls().stream().map(u -> u.replaceAll("/+$", "")).toList() : null;
        String baseUrl = kind.isLlm() && fleet == null ? BackendFactory.baseUrlForAdapter(s) : null;
        Reference ref = new Reference(s.name(), t.id(), model, fleet == null ? blankToNull(s.baseUrl()) : String.join(" ", fleet),
                where, saved.key());
        boolean llm = kind.isLlm();
        return new BackendSpec(id, kind.id(), llm ? model : null, baseUrl,
                llm ? blankToNull(s.effectiveKeyVariable()) : null,
                llm ? l.concurrency() : null, llm ? positiveOrNull(l.requestsPerMinute()) : null,
                llm && l.tokensPerMinute() != null && l.tokensPerMinute() > 0 ? l.tokensPerMinute() : null,
                p.seed() == null || !(llm || kind == Kind.RANDOM) ? null : (long) p.seed(),
                llm ? p.temperature() : null, llm ? p.topP() : null, llm ? p.maxTokens() : null, llm && p.json() ? true : null,
                llm && l.timeoutSeconds() != null ? (double) l.timeoutSeconds() : null,
                llm && l.retries() != null ? l.retries() + 1 : null, null,
                llm ? s.prices().inputPerMillion() : null, llm ? s.prices().outputPerMillion() : null, null, null,
                kind == Kind.ITEM_KNN ? s.local().neighbours() : null, kind == Kind.EASE ? s.local().lambda() : null, null,
                kind == Kind.EASE ? s.local().maxItems() : null, kind == Kind.REPLAY ? file : null, null, null, null,
                p.logprobs() && (kind == Kind.OPENAI || kind == Kind.OPENAI_COMPATIBLE) ? true : null, ref, null, fleet);
    }

    /**
     * The experiment lines naming saved backends ({@code { id: ID, backend: "NAME" }}), each id made
     * from the name and unique beside {@code taken} (the starter's other ids).
     */
    public static List<String> entries(List<String> names, java.util.Collection<String> taken) {
        java.util.Set<String> used = new java.util.HashSet<>(taken);
        List<String> out = new ArrayList<>();
        for (String n : names) {
            String base = idFor(n);
            String id = base;
            for (int k = 2; !used.add(id.toLowerCase(Locale.ROOT)); k++) {
                id = base + "-" + k;
            }
            out.add("{ id: " + id + ", backend: " + quoted(n) + " }");
        }
        return out;
    }

    /** The variant id a saved backend gets when its entry names none: its name in letters, digits, '.', '_' and '-'. */
    static String idFor(String name) {
        String id = name.strip().replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[^A-Za-z0-9]+", "").replaceAll("-+$", "");
        return id.isEmpty() ? "saved" : id;
    }

    /** A saved backend's name as a YAML double-quoted scalar (names may hold '#', ':' or ','). */
    public static String quoted(String name) {
        return "\"" + name.strip().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** For run.json: each backend that named a saved one, by id, with the saved backend's name, type, model and URL; empty when none did. */
    static Optional<List<Map<String, Object>>> record(List<BackendSpec> backends) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (BackendSpec b : backends) {
            if (b.saved() != null) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", b.id());
                m.putAll(b.saved().describe());
                out.add(m);
            }
        }
        return out.isEmpty() ? Optional.empty() : Optional.of(out);
    }

    private static Integer positiveOrNull(Integer v) {
        return v == null || v <= 0 ? null : v;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
