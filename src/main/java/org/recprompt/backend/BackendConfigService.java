package org.recprompt.backend;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import org.recprompt.backend.BackendConfigException.Problem;
import org.recprompt.base.ConsoleLog;
import org.recprompt.workspace.ProjectService;
import org.recprompt.workspace.ProjectService.ProjectChange;
import org.springframework.beans.factory.annotation.Autowired;
import org.recprompt.base.StaleEditException;
import org.recprompt.workspace.security.AccountService;
import org.recprompt.workspace.security.ProjectAccess;
import org.recprompt.workspace.security.ProjectRole;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The backends of projects: stored settings (names unique per project), their keys, and what the
 * experiment runner builds from them ({@link BackendFactory}).
 *
 * <p>Keys: a key entered in the workbench is stored encrypted in the {@link SecretStore} under a
 * name of this backend's own ({@code RP_BACKEND_KEY_...}); the backend row keeps only that name.
 * A stored key is used before the environment variable; without one, the variable the backend
 * names (or the provider's usual one) is read. Keys are never logged, put in a message or shown
 * again: the editor gets {@link KeyStatus#masked()}, at most the last four characters.
 *
 * <p>A stored key goes only where it was stored for: it is sealed with its backend's type and base
 * URL ({@link #binding}). Saving the backend with another type or base URL deletes the stored key
 * (the editor asks for it again), and every use checks the binding against the settings the call
 * is about to use: a mismatch sends no key and no request, and {@link ResolvedKey#refusal()} says why.
 */
@Service
public class BackendConfigService {

    /** Where a backend's key comes from, and what the editor may show of it. */
    public record KeyStatus(Source source, String variable, String masked, String text) {
        public enum Source { STORED, ENVIRONMENT, MISSING, OPTIONAL, NOT_NEEDED }
    }

    /**
     * The key a call will send, and the variable (or secret) it came from; {@code value} may be null.
     * {@code refusal}, when not null, is why nothing may be sent with these settings (a stored key
     * bound to another base URL); {@code value} is then null.
     */
    public record ResolvedKey(String variable, String value, String refusal) {
        public ResolvedKey(String variable, String value) {
            this(variable, value, null);
        }

        @Override
        public String toString() { // never print the value
            return "ResolvedKey[" + variable + (value == null ? ", none" : ", set") + (refusal == null ? "]" : ", refused]");
        }
    }

    static final String SECRET_PREFIX = "RP_BACKEND_KEY_";
    private static final int MAX_KEY = 4096;

    private final BackendConfigRepository configs;
    private final SecretStore secrets;
    private final ConsoleLog console;
    private final Clock clock;
    private final Function<String, String> environment;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    private final ProjectAccess access;

    @Autowired
    BackendConfigService(BackendConfigRepository configs, SecretStore secrets, ConsoleLog console, Clock clock,
            ProjectService projects, ProjectAccess access) {
        this(configs, secrets, console, clock, projects, access, System::getenv);
    }

    BackendConfigService(BackendConfigRepository configs, SecretStore secrets, ConsoleLog console, Clock clock,
            ProjectService projects, ProjectAccess access, Function<String, String> environment) {
        this.configs = configs;
        this.access = access;
        this.secrets = secrets;
        this.console = console;
        this.clock = clock;
        this.environment = environment;
        projects.addListener(this::projectChanged);
    }

    @Transactional(readOnly = true)
    public List<BackendConfig> list(long projectId) {
        return configs.findByProjectIdOrderByNameKeyAsc(projectId);
    }

    @Transactional(readOnly = true)
    public Optional<BackendConfig> find(long id) {
        return configs.findById(id);
    }

    /** The settings a new backend of the type starts with (Ollama's URL from OLLAMA_BASE_URL when set). */
    public BackendSettings defaults(BackendType type, String name) {
        return BackendSettings.defaults(type, name, environment);
    }

    /** What is wrong with the name for a new backend of the project, or for backend {@code selfId}. */
    @Transactional(readOnly = true)
    public Optional<String> nameProblem(long projectId, String name, Long selfId) {
        Optional<String> problem = BackendValidation.nameProblem(name);
        if (problem.isPresent()) {
            return problem;
        }
        return configs.findByProjectIdAndNameKey(projectId, BackendValidation.cleanName(name).toLowerCase(Locale.ROOT))
                .filter(other -> !other.getId().equals(selfId))
                .map(other -> "Name: this project already has a backend named " + other.getName() + ".");
    }

    /** Every problem of the settings for backend {@code selfId} (null: a new one) of the project. */
    @Transactional(readOnly = true)
    public List<Problem> problems(long projectId, Long selfId, BackendSettings s, String typedKey) {
        List<Problem> out = new ArrayList<>(BackendValidation.check(s));
        if (out.stream().noneMatch(p -> p.field().equals(BackendValidation.NAME))) {
            nameProblem(projectId, s.name(), selfId).ifPresent(m -> out.add(new Problem(BackendValidation.NAME, m)));
        }
        keyProblem(s, typedKey).ifPresent(m -> out.add(new Problem(BackendValidation.API_KEY, m)));
        return out;
    }

    /**
     * Adds a backend. Its model may still be blank (an OpenAI-compatible server's models are
     * listed in the editor after it is created); every other rule applies, and saving needs a model.
     */
    @Transactional
    public BackendConfig create(long projectId, BackendSettings s) {
        access.require(projectId, ProjectRole.EDITOR, "add backends");
        List<Problem> problems = problems(projectId, null, s, null).stream()
                .filter(p -> !(p.field().equals(BackendValidation.MODEL) && s.model().isBlank())).toList();
        if (!problems.isEmpty()) {
            throw new BackendConfigException(problems);
        }
        BackendConfig saved = configs.saveAndFlush(new BackendConfig(projectId, s, clock.instant()));
        afterCommit("Added backend " + saved.getName() + " (" + s.type().id() + ")");
        return saved;
    }

    /**
     * Saves edited settings, and a key typed into the editor ({@code typedKey}, may be null) into
     * the secret store, encrypted. A backend whose type no longer sends a key forgets its stored one.
     */
    @Transactional
    public BackendConfig save(long id, BackendSettings s, String typedKey) {
        return save(id, s, typedKey, null);
    }

    /**
     * {@link #save(long, BackendSettings, String)} with the version check: refused (a
     * {@link StaleEditException}, nothing saved) when the backend was saved since its editor read
     * {@code expectedVersion} ({@link BackendConfig#getRowVersion()}); null saves without the check.
     * Editors change the settings; only owners store a key, or change what a stored key is bound to
     * (which would delete it).
     */
    @Transactional
    public BackendConfig save(long id, BackendSettings s, String typedKey, Long expectedVersion) {
        BackendConfig c = require(id);
        access.require(c.getProjectId(), ProjectRole.EDITOR, "change backends");
        if (typedKey != null && !typedKey.isBlank()) {
            access.require(c.getProjectId(), ProjectRole.OWNER, "store API keys");
        }
        if (expectedVersion != null && c.getRowVersion() != expectedVersion) {
            throw new StaleEditException("Backend " + c.getName(), c.getSavedBy(), c.getUpdatedAt());
        }
        check(c.getProjectId(), id, s, typedKey);
        String storedFor = c.getSecretName() == null ? null : storedBinding(c.getSecretName(), c.settings());
        if (c.getSecretName() != null && (!s.type().usesKey() || storedFor != null && !binding(s).equals(storedFor))) {
            access.require(c.getProjectId(), ProjectRole.OWNER,
                    "change the type or base URL of a backend with a stored API key (that deletes the key)");
        }
        c.savedBy(AccountService.currentUser());
        c.apply(s, clock.instant());
        StringBuilder said = new StringBuilder("Saved backend " + c.getName());
        if (typedKey != null && !typedKey.isBlank()) {
            String name = c.getSecretName() != null ? c.getSecretName() : newSecretName();
            secrets.put(name, typedKey.strip(), binding(s));
            c.setSecretName(name, clock.instant());
            said.append("; its API key is stored encrypted for ").append(endpoint(s));
        } else if (!s.type().usesKey() && c.getSecretName() != null) {
            secrets.delete(c.getSecretName());
            c.setSecretName(null, clock.instant());
            said.append("; its stored API key is deleted (").append(s.type().label()).append(" sends none)");
        } else if (c.getSecretName() != null && storedFor != null && !binding(s).equals(storedFor)) {
            secrets.delete(c.getSecretName());
            c.setSecretName(null, clock.instant());
            said.append("; its stored API key is deleted: it was stored for ").append(describe(storedFor))
                    .append(", and a key goes only where it was stored for. Enter the key again for ").append(endpoint(s));
        } else if (c.getSecretName() != null) {
            rebindLegacy(c.getSecretName(), s);
        }
        BackendConfig saved;
        try {
            saved = configs.saveAndFlush(c);
        } catch (OptimisticLockingFailureException e) {
            throw new StaleEditException("Backend " + c.getName(), "", null);
        }
        afterCommit(said.toString());
        return saved;
    }

    @Transactional
    public BackendConfig rename(long id, String newName) {
        BackendConfig c = require(id);
        access.require(c.getProjectId(), ProjectRole.EDITOR, "rename backends");
        nameProblem(c.getProjectId(), newName, id).ifPresent(m -> {
            throw new BackendConfigException(BackendValidation.NAME, m);
        });
        String old = c.getName();
        c.rename(newName, clock.instant());
        BackendConfig saved = configs.saveAndFlush(c);
        afterCommit("Renamed backend " + old + " to " + saved.getName());
        return saved;
    }

    /** Deletes the backend and its stored key. */
    @Transactional
    public void delete(long id) {
        configs.findById(id).ifPresent(c -> {
            access.require(c.getProjectId(), ProjectRole.EDITOR, "delete backends");
            configs.delete(c);
            if (c.getSecretName() != null) {
                secrets.delete(c.getSecretName());
            }
            afterCommit("Deleted backend " + c.getName());
        });
    }

    /** Deletes the backend's stored key; the environment variable is read again. */
    @Transactional
    public BackendConfig forgetKey(long id) {
        BackendConfig c = require(id);
        access.require(c.getProjectId(), ProjectRole.OWNER, "delete stored API keys");
        if (c.getSecretName() == null) {
            return c;
        }
        secrets.delete(c.getSecretName());
        c.setSecretName(null, clock.instant());
        BackendConfig saved = configs.saveAndFlush(c);
        afterCommit("Deleted the stored API key of backend " + c.getName());
        return saved;
    }

    /**
     * Where the settings' key would come from, for the editor: a key stored for backend
     * {@code secretName} (shown masked), the environment variable (whether it is set, never its
     * value), or nothing.
     */
    public KeyStatus keyStatus(BackendSettings s, String secretName) {
        String variable = s.effectiveKeyVariable();
        if (s.type() == null || !s.type().usesKey()) {
            return new KeyStatus(KeyStatus.Source.NOT_NEEDED, "", "", s.type() == BackendType.OLLAMA
                    ? "Ollama's API takes no key." : "This backend runs in the workbench and needs no key.");
        }
        if (secretName != null) {
            String masked;
            String refusal;
            try {
                Optional<SecretStore.Stored> stored = secrets.read(secretName);
                masked = stored.map(k -> SecretStore.masked(k.value())).orElse(null);
                refusal = stored.isPresent() ? refusal(secretName, stored.get(), s) : null;
            } catch (IllegalStateException undecryptable) {
                return new KeyStatus(KeyStatus.Source.STORED, secretName, "",
                        "A key is stored but cannot be decrypted with this workspace's key file; replace it.");
            }
            if (refusal != null) {
                return new KeyStatus(KeyStatus.Source.MISSING, secretName, masked, refusal);
            }
            if (masked != null) {
                return new KeyStatus(KeyStatus.Source.STORED, secretName, masked, "Stored encrypted: " + masked
                        + (variable.isEmpty() ? "." : " (used instead of " + variable + ")."));
            }
        }
        if (variable.isEmpty()) {
            return new KeyStatus(KeyStatus.Source.OPTIONAL, "", "",
                    "No key: most local servers need none. Name a variable or enter a key if yours asks for one.");
        }
        if (isSet(variable)) {
            return new KeyStatus(KeyStatus.Source.ENVIRONMENT, variable, "", variable + " is set in the environment (value hidden).");
        }
        return new KeyStatus(s.type().requiresKey() ? KeyStatus.Source.MISSING : KeyStatus.Source.OPTIONAL, variable, "",
                variable + " is not set: set it before starting the workbench, or enter a key here.");
    }

    /**
     * {@link #keyStatus(BackendSettings, String)} as the caller may see it: only the project's
     * owners see a stored key's last characters; editors and viewers learn only that one is stored.
     */
    public KeyStatus keyStatus(long projectId, BackendSettings s, String secretName) {
        KeyStatus status = keyStatus(s, secretName);
        if (status.masked().isEmpty() || access.may(projectId, ProjectRole.OWNER)) {
            return status;
        }
        String text = status.source() == KeyStatus.Source.STORED
                ? "A key is stored encrypted (only the project's owners see its last characters or change it)."
                : status.text().replace(status.masked(), "(hidden)");
        return new KeyStatus(status.source(), status.variable(), "", text);
    }

    /** The key calls with these settings send: a typed one, else the stored one, else the variable's. */
    public ResolvedKey resolveKey(BackendSettings s, String secretName, String typedKey) {
        if (s.type() == null || !s.type().usesKey()) {
            return new ResolvedKey("", null);
        }
        if (typedKey != null && !typedKey.isBlank()) {
            return new ResolvedKey("the key entered in the editor", typedKey.strip());
        }
        if (secretName != null) {
            Optional<SecretStore.Stored> stored = secrets.read(secretName);
            if (stored.isPresent()) {
                String refusal = refusal(secretName, stored.get(), s);
                return refusal != null ? new ResolvedKey(secretName, null, refusal) : new ResolvedKey(secretName, stored.get().value());
            }
        }
        String variable = s.effectiveKeyVariable();
        if (variable.isEmpty()) {
            return new ResolvedKey("", null);
        }
        if (!KeyVariables.allowed(variable)) {
            // checked where the variable is read, so a backend saved before the rule cannot send HOME to its server
            return new ResolvedKey(variable, null, "apiKeyEnv: " + KeyVariables.rule());
        }
        String value = environment.apply(variable);
        return new ResolvedKey(variable, value == null || value.isBlank() ? null : value.strip());
    }

    /**
     * What a stored key is bound to: the backend's type and base URL (its provider's public endpoint
     * when blank), scheme and host in lower case, without trailing slashes.
     */
    public static String binding(BackendSettings s) {
        String type = s.type() == null ? "" : s.type().id();
        return type + " " + normalisedUrl(s);
    }

    private static String normalisedUrl(BackendSettings s) {
        if (s.isFleet()) { // a fleet's key goes to every server: bound to all of them, in any order
            return String.join(" ", s.baseUrls().stream().map(BackendConfigService::normalisedUrl).sorted().toList());
        }
        String url = s.baseUrl() == null ? "" : s.baseUrl().strip();
        if (url.isEmpty() && s.type() != null) {
            url = s.type().defaultBaseUrl();
        }
        return normalisedUrl(url);
    }

    private static String normalisedUrl(String typed) {
        String url = typed;
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        try {
            java.net.URI u = new java.net.URI(url);
            if (u.getScheme() != null && u.getRawAuthority() != null) {
                return u.getScheme().toLowerCase(Locale.ROOT) + "://" + u.getRawAuthority().toLowerCase(Locale.ROOT)
                        + (u.getRawPath() == null ? "" : u.getRawPath());
            }
        } catch (java.net.URISyntaxException e) {
            // compared as typed
        }
        return url;
    }

    /** Why the stored key may not go with these settings, or null when it may. */
    private String refusal(String secretName, SecretStore.Stored stored, BackendSettings s) {
        String boundTo = stored.binding() != null ? stored.binding() : legacyBinding(secretName);
        if (binding(s).equals(boundTo)) {
            return null;
        }
        return "The key stored for this backend was stored for " + describe(boundTo) + ", not " + endpoint(s)
                + ", so it is not sent there and nothing was sent: enter the key again for the new address"
                + " (saving the backend with it deletes the stored key), or put the base URL back.";
    }

    /** A key stored before keys were bound: bound to the settings of the backend that holds it. */
    private String legacyBinding(String secretName) {
        return configs.findFirstBySecretName(secretName).map(c -> binding(c.settings())).orElse(null);
    }

    private String storedBinding(String secretName, BackendSettings saved) {
        try {
            return secrets.read(secretName).map(k -> k.binding() != null ? k.binding() : binding(saved)).orElse(null);
        } catch (IllegalStateException undecryptable) {
            return null;
        }
    }

    /** Seals a key stored before keys were bound with the settings it is saved with. */
    private void rebindLegacy(String secretName, BackendSettings s) {
        try {
            secrets.read(secretName).filter(k -> k.binding() == null).ifPresent(k -> secrets.put(secretName, k.value(), binding(s)));
        } catch (IllegalStateException undecryptable) {
            // the editor says it cannot be decrypted; it is replaced by typing a key
        }
    }

    private static String endpoint(BackendSettings s) {
        return Egress.endpoint(normalisedUrl(s)) + (s.type() == null ? "" : " (" + s.type().id() + ")");
    }

    private static String describe(String binding) {
        if (binding == null) {
            return "another backend";
        }
        int space = binding.indexOf(' ');
        return space < 0 ? binding : Egress.endpoint(binding.substring(space + 1)) + " (" + binding.substring(0, space) + ")";
    }

    boolean isSet(String variable) {
        String value = environment.apply(variable);
        return value != null && !value.isBlank();
    }

    /** Calls the listener (from any thread) after every committed change, until the handle is run. */
    public Runnable addListener(Runnable listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    Duration timeout(BackendSettings s) {
        return Duration.ofSeconds(s.limits().timeoutSeconds() == null ? 60 : s.limits().timeoutSeconds());
    }

    private void check(long projectId, Long selfId, BackendSettings s, String typedKey) {
        List<Problem> problems = problems(projectId, selfId, s, typedKey);
        if (!problems.isEmpty()) {
            throw new BackendConfigException(problems);
        }
    }

    private static Optional<String> keyProblem(BackendSettings s, String typedKey) {
        if (typedKey == null || typedKey.isBlank()) {
            return Optional.empty();
        }
        if (s.type() == null || !s.type().usesKey()) {
            return Optional.of("API key: this type of backend sends no key; clear the key field.");
        }
        String k = typedKey.strip();
        if (k.length() > MAX_KEY || k.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            return Optional.of("API key: a key has no spaces or line breaks and at most " + MAX_KEY + " characters.");
        }
        return Optional.empty();
    }

    private BackendConfig require(long id) {
        return configs.findById(id).orElseThrow(() -> new BackendConfigException("id", "There is no backend with id " + id + "."));
    }

    private static String newSecretName() {
        byte[] random = new byte[8];
        new java.security.SecureRandom().nextBytes(random);
        return SECRET_PREFIX + HexFormat.of().withUpperCase().formatHex(random);
    }

    /** A deleted project's backend rows are gone (ON DELETE CASCADE); their stored keys go with them. */
    private void projectChanged(ProjectChange change) {
        if (change.kind() == ProjectChange.Kind.DELETED) {
            Set<String> used = Set.copyOf(configs.findSecretNames());
            secrets.names().stream().filter(n -> n.startsWith(SECRET_PREFIX) && !used.contains(n)).forEach(secrets::delete);
        }
    }

    private void afterCommit(String message) {
        Runnable publish = () -> {
            console.info(message);
            listeners.forEach(Runnable::run);
        };
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    publish.run();
                }
            });
        } else {
            publish.run();
        }
    }
}
