package org.recprompt.backend;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.recprompt.backend.BackendConfigException.Problem;
import org.recprompt.backend.BackendConfigService.ResolvedKey;
import org.recprompt.backend.adapter.ModelLister;
import org.recprompt.prompt.Message;
import org.springframework.stereotype.Service;

/**
 * "List models" and "Test connection" for a backend's settings as the editor holds them (saved or
 * not). The test lists the server's models and then sends one tiny request through the real
 * adapter, reporting the latency and the model's answer, or one clear sentence on what failed.
 * Blocking: the UI runs both on the background executor. No report ever contains the key; the
 * answer and the server's messages are untrusted text.
 */
@Service
public class ConnectionTester {

    /** What a test found: whether a request got an answer, one sentence, the steps, the models listed. */
    public record Report(boolean ok, String summary, List<String> details, List<String> models) {
        public Report {
            details = List.copyOf(details);
            models = List.copyOf(models);
        }
    }

    static final String PROBE = "Reply with the JSON object {\"ok\": true} and nothing else.";
    private static final Duration MAX_LISTING_TIME = Duration.ofSeconds(30);
    private static final int MAX_ANSWER = 200;

    private final BackendConfigService configs;
    private final BackendFactory factory;

    private final org.recprompt.workspace.ProjectService projects;
    private final EgressSink egress;

    public ConnectionTester(BackendConfigService configs, BackendFactory factory) {
        this(configs, factory, null, EgressSink.NONE);
    }

    /**
     * With privacy: a backend of a local-only project whose endpoint is not on this machine is not
     * contacted at all, and the test request of the others goes into the workspace's egress log.
     */
    @org.springframework.beans.factory.annotation.Autowired
    public ConnectionTester(BackendConfigService configs, BackendFactory factory, org.recprompt.workspace.ProjectService projects,
            EgressLog egress) {
        this(configs, factory, projects, (EgressSink) egress);
    }

    private ConnectionTester(BackendConfigService configs, BackendFactory factory, org.recprompt.workspace.ProjectService projects,
            EgressSink egress) {
        this.configs = configs;
        this.factory = factory;
        this.projects = projects;
        this.egress = egress == null ? EgressSink.NONE : egress;
    }

    /** The refusal when the project is local only and the backend's endpoint is remote; null otherwise. */
    String localOnlyRefusal(Long projectId, BackendSettings s) {
        if (projectId == null || projects == null || s.type() == null || !s.type().isRemote()) {
            return null;
        }
        boolean localOnly = projects.find(projectId).map(org.recprompt.workspace.Project::isLocalOnly).orElse(false);
        List<String> urls = s.isFleet() ? s.baseUrls()
                : List.of(effectiveUrl(s).isEmpty() ? Egress.defaultBaseUrl(s.type().providerType()) : effectiveUrl(s));
        String url = urls.stream().filter(u -> Egress.isRemote(s.type().providerType(), u)).findFirst().orElse(null);
        if (!localOnly || url == null) {
            return null;
        }
        return "Local only is on for this project: " + Egress.endpoint(url) + " is not on this machine, so nothing was sent."
                + " Turn local only off on the project to test it.";
    }

    /** {@link #listModels(BackendSettings, String, String)} for a backend of a project, refused under local only. */
    public ModelLister.Result listModels(Long projectId, BackendSettings s, String secretName, String typedKey) {
        String refusal = localOnlyRefusal(projectId, s);
        if (refusal != null) {
            return new ModelLister.Result(ModelLister.Outcome.HTTP_ERROR, List.of(), refusal, 0);
        }
        return listModels(s, secretName, typedKey);
    }

    /** {@link #test(String, BackendSettings, String, String)} for a backend of a project: refused under local only, logged as egress. */
    public Report test(Long projectId, String name, BackendSettings s, String secretName, String typedKey) {
        String refusal = localOnlyRefusal(projectId, s);
        if (refusal != null) {
            return failed(refusal, List.of(refusal), List.of());
        }
        String project = projectId == null || projects == null ? null
                : projects.find(projectId).map(org.recprompt.workspace.Project::getName).orElse(null);
        return test(name, s, secretName, typedKey, project);
    }

    /** The models the server lists, with the key the settings would send ({@code typedKey} first). */
    public ModelLister.Result listModels(BackendSettings s, String secretName, String typedKey) {
        if (s.type() == null || !s.type().isRemote()) {
            return new ModelLister.Result(ModelLister.Outcome.HTTP_ERROR, List.of(),
                    "Only LLM providers list models; this backend runs in the workbench.", 0);
        }
        ResolvedKey key = configs.resolveKey(s, secretName, typedKey);
        if (key.refusal() != null) {
            return new ModelLister.Result(ModelLister.Outcome.HTTP_ERROR, List.of(), key.refusal(), 0);
        }
        return lister(s).list(s.type().providerType(), effectiveUrl(s), key.value());
    }

    public Report test(String name, BackendSettings s, String secretName, String typedKey) {
        return test(name, s, secretName, typedKey, null);
    }

    private Report test(String name, BackendSettings s, String secretName, String typedKey, String project) {
        if (s.isFleet() && BackendValidation.check(s).stream().noneMatch(p -> !p.field().equals(BackendValidation.NAME))) {
            return testFleet(name, s, secretName, typedKey, project);
        }
        List<Problem> problems = BackendValidation.check(s).stream()
                .filter(p -> !p.field().equals(BackendValidation.NAME)).toList();
        if (!problems.isEmpty()) {
            return failed("Fix the settings first: " + problems.get(0).message(), List.of(), List.of());
        }
        if (!s.type().isRemote()) {
            return testLocal(s);
        }
        List<String> details = new ArrayList<>();
        ResolvedKey key = configs.resolveKey(s, secretName, typedKey);
        if (key.refusal() != null) {
            return failed(key.refusal(), List.of(key.refusal()), List.of());
        }
        if (s.type().requiresKey() && key.value() == null && BackendFactory.baseUrlForAdapter(s) == null) {
            return failed("No API key: " + key.variable() + " is not set and no key is stored for this backend.", details, List.of());
        }
        if (s.type().usesKey() && key.value() == null && !s.apiKeyEnv().isBlank()) {
            return failed("No API key: " + key.variable() + " is not set and no key is stored for this backend, so nothing was sent."
                    + " Set the variable, enter a key, or clear the variable's name for a server that needs none.", details, List.of());
        }
        ModelLister.Result listing = lister(s).list(s.type().providerType(), effectiveUrl(s), key.value());
        if (listing.isOk()) {
            details.add("Listed " + listing.models().size() + " models in " + listing.latencyMillis() + " ms.");
            if (!listing.models().isEmpty() && !listed(listing.models(), s.model().strip())) {
                details.add("The model " + s.model().strip() + " is not among the models the server lists.");
            }
        } else {
            details.add("Listing the models: " + listing.message());
            if (listing.unreachable()) {
                return failed(listing.message(), details, List.of());
            }
            if (listing.outcome() == ModelLister.Outcome.KEY_REJECTED) {
                return failed(listing.message() + " " + keySource(key), details, List.of());
            }
        }
        Backend adapter;
        try {
            adapter = factory.adapter(name, s, key);
        } catch (IllegalArgumentException e) {
            return failed(e.getMessage(), details, listing.models());
        }
        String url = effectiveUrl(s).isEmpty() ? Egress.defaultBaseUrl(s.type().providerType()) : effectiveUrl(s);
        adapter = new EgressRecordingBackend(adapter, egress, name, s.type().providerType(), s.model().strip(),
                Egress.isRemote(s.type().providerType(), url), java.time.Clock.systemUTC());
        java.util.Map<String, String> tags = new java.util.HashMap<>();
        tags.put("run", "connection test");
        if (project != null) {
            tags.put("project", project);
        }
        BackendResult r = adapter.generate(new BackendRequest(List.of(new Message("user", PROBE)), 0, List.of(), tags));
        if (!r.isOk()) {
            String why = "The test request failed (" + r.failure().kind().name().toLowerCase().replace('_', ' ') + "): "
                    + r.failure().message();
            if (r.failure().kind() == Failure.Kind.AUTHENTICATION) {
                why += " " + keySource(key);
            }
            details.add(why);
            return failed(why, details, listing.models());
        }
        String answer = oneLine(r.text());
        details.add("Answered in " + r.latencyMillis() + " ms (" + r.usage().inputTokens() + " tokens in, "
                + r.usage().outputTokens() + " out).");
        return new Report(true, "Connected: " + s.model().strip() + " answered in " + r.latencyMillis() + " ms: " + answer,
                details, listing.models());
    }

    /**
     * A fleet: the key resolved once for all its servers (a stored key is bound to all of them), then
     * every server tested as a backend of its own; connected when every one answered.
     */
    private Report testFleet(String name, BackendSettings s, String secretName, String typedKey, String project) {
        ResolvedKey key = configs.resolveKey(s, secretName, typedKey);
        if (key.refusal() != null) {
            return failed(key.refusal(), List.of(key.refusal()), List.of());
        }
        List<String> urls = s.baseUrls();
        List<String> details = new ArrayList<>();
        List<String> failedUrls = new ArrayList<>();
        List<String> models = List.of();
        for (String url : urls) {
            BackendSettings one = s.withConnection(url, s.model(), s.apiKeyEnv());
            Report r = test(name, one, null, key.value(), project);
            details.add(url + ": " + r.summary());
            if (r.ok()) {
                models = models.isEmpty() ? r.models() : models;
            } else {
                failedUrls.add(url);
            }
        }
        if (failedUrls.isEmpty()) {
            return new Report(true, "Connected: all " + urls.size() + " servers of the fleet answered.", details, models);
        }
        return failed((urls.size() - failedUrls.size()) + " of " + urls.size() + " servers answered; not "
                + String.join(", ", failedUrls) + " (a run sets a failing server aside and sends its calls to the others).",
                details, models);
    }

    private Report testLocal(BackendSettings s) {
        if (s.type() == BackendType.REPLAY) {
            try {
                ReplayBackend replay = new ReplayBackend(Path.of(s.local().replayFile().strip()));
                return new Report(true, "The replay file holds " + replay.size() + " recorded answers.", List.of(), List.of());
            } catch (RuntimeException e) {
                return failed(e.getMessage(), List.of(), List.of());
            }
        }
        return new Report(true, s.type().label() + " runs in the workbench on the experiment's split: nothing to connect to.",
                List.of(), List.of());
    }

    private ModelLister lister(BackendSettings s) {
        Duration timeout = configs.timeout(s);
        return new ModelLister(timeout.compareTo(MAX_LISTING_TIME) < 0 ? timeout : MAX_LISTING_TIME);
    }

    /** The server to ask (a fleet's first: its servers serve the same models). */
    private String effectiveUrl(BackendSettings s) {
        if (s.isFleet()) {
            return s.baseUrls().get(0);
        }
        if (s.baseUrl().isBlank() && s.type() == BackendType.OLLAMA) {
            return configs.defaults(BackendType.OLLAMA, "").baseUrl();
        }
        return s.baseUrl().strip();
    }

    /** Ollama lists "llama3.2:latest" for a model called "llama3.2". */
    private static boolean listed(List<String> models, String model) {
        return models.contains(model) || models.contains(model + ":latest");
    }

    private static String keySource(ResolvedKey key) {
        if (key.value() == null) {
            return key.variable().isEmpty() ? "No key was sent." : "No key was sent: " + key.variable() + " is not set.";
        }
        return key.variable().startsWith(BackendConfigService.SECRET_PREFIX) ? "The key sent is the one stored for this backend."
                : "The key sent is " + key.variable() + ".";
    }

    private static String oneLine(String text) {
        String one = text.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        return one.length() > MAX_ANSWER ? one.substring(0, MAX_ANSWER) + "..." : one;
    }

    private static Report failed(String summary, List<String> details, List<String> models) {
        return new Report(false, summary, details, models);
    }
}
