package org.recprompt.experiment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Stream;

import org.recprompt.backend.BackendConfigService;
import org.recprompt.backend.EgressLog;
import org.recprompt.backend.PriceTable;
import org.recprompt.backend.ResponseCache;
import org.recprompt.backend.SecretStore;
import org.recprompt.base.BackgroundJobs;
import org.recprompt.base.ConsoleLog;
import org.recprompt.base.FileTrees;
import org.recprompt.workspace.Project;
import org.recprompt.workspace.ProjectService;
import org.recprompt.workspace.WorkspaceSettings;
import org.recprompt.workspace.FileSaves;
import org.recprompt.workspace.security.ProjectAccess;
import org.recprompt.workspace.security.ProjectRole;
import org.springframework.stereotype.Service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A project's experiments and runs, kept as files so that they are readable, diffable and
 * exportable: experiments as {@code <project>/experiments/<name>.yaml} (the format of
 * docs/EXPERIMENTS.md, the same the {@code run} command reads), runs as run folders
 * {@code <project>/runs/<experiment>-<yyyyMMdd-HHmmss>/} written by {@link ExperimentRun}. Runs
 * started here go through the background jobs (progress, ETA, cancel) and use the workspace's
 * response cache and stored keys; a run interrupted by a crash or a restart is listed as such and
 * can be resumed, skipping every call its journal holds.
 */
@Service
public class ExperimentService {

    /** A run folder as listed: its id, state, experiment and the summary when complete. */
    public record RunInfo(String id, Path folder, String experiment, String state, Optional<JsonNode> summary) {

        public boolean isComplete() {
            return "COMPLETE".equals(state);
        }

        /**
         * The state to show: FAILED for a finished run whose every LLM variant failed (it measured
         * no model), PARTIAL for one where some variant failed or lost calls, else the state.
         */
        public String shownState() {
            if (!isComplete() || summary.isEmpty()) {
                return state;
            }
            String status = org.recprompt.report.VariantStatus.ofRun(summary.get());
            return org.recprompt.report.VariantStatus.FAILED.equals(status) ? "FAILED"
                    : org.recprompt.report.VariantStatus.PARTIAL.equals(status) ? "COMPLETE, SOME CALLS FAILED" : state;
        }

        /** Stopped before it finished (crash, restart, cancel, failure): resumable. */
        public boolean isResumable() {
            return !isComplete() && !"ACTIVE".equals(state);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final ProjectService projects;
    private final BackgroundJobs jobs;
    private final ConsoleLog console;
    private final ResponseCache cache;
    private final SecretStore secrets;
    private final Clock clock;
    private final WorkspaceSettings workspace;
    private final Map<Path, ExperimentRun> active = new ConcurrentHashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final RunRepairs repairs;

    private final EgressLog egress;
    private final BackendConfigService backends;
    private final ProjectAccess access;
    private final FileSaves saves;

    public ExperimentService(ProjectService projects, BackgroundJobs jobs, ConsoleLog console, ResponseCache cache,
            SecretStore secrets, Clock clock, WorkspaceSettings workspace, EgressLog egress, BackendConfigService backends,
            ProjectAccess access, FileSaves saves) {
        this.access = access;
        this.saves = saves;
        this.egress = egress;
        this.backends = backends;
        this.workspace = workspace;
        this.projects = projects;
        this.jobs = jobs;
        this.console = console;
        this.cache = cache;
        this.secrets = secrets;
        this.clock = clock;
        this.repairs = new RunRepairs(jobs, console);
    }

    // ----- experiments --------------------------------------------------------------------------

    public Path experimentsFolder(long projectId) {
        return projects.folder(project(projectId)).resolve("experiments");
    }

    public Path runsFolder(long projectId) {
        return projects.folder(project(projectId)).resolve("runs");
    }

    private Project project(long projectId) {
        return projects.find(projectId).orElseThrow(() -> new IllegalArgumentException("There is no project " + projectId + "."));
    }

    /** The experiment names of a project, sorted. */
    public List<String> experiments(long projectId) {
        return yamlNames(experimentsFolder(projectId));
    }

    private static List<String> yamlNames(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - 5)).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The experiment's file (an open tab of a renamed experiment is reopened on its new name by the workbench). */
    public Path file(long projectId, String name) {
        return experimentsFolder(projectId).resolve(name + ".yaml");
    }

    /** What is wrong with a new experiment's name; empty when it can be taken. */
    public Optional<String> nameProblem(long projectId, String name) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty()) {
            return Optional.of("Enter a name.");
        }
        if (!n.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,79}")) {
            return Optional.of("Letters, digits, '.', '_' and '-' only (it names a file), at most 80.");
        }
        if (Files.exists(experimentsFolder(projectId).resolve(n + ".yaml"))) {
            return Optional.of("The project already has an experiment named " + n + ".");
        }
        return Optional.empty();
    }

    /** The experiment's text; a file over {@link ExperimentYaml#MAX_BYTES} is refused (an {@link ExperimentException}) unread. */
    public String read(long projectId, String name) throws IOException {
        Path f = file(projectId, name);
        if (Files.size(f) > ExperimentYaml.MAX_BYTES) {
            throw ExperimentYaml.tooLarge(f.toString(), Files.size(f));
        }
        return Files.readString(f, StandardCharsets.UTF_8);
    }

    /**
     * Saves the text all or nothing (a temporary file moved into place); text over
     * {@link ExperimentYaml#MAX_BYTES} is refused (an {@link ExperimentException}) and nothing is written.
     */
    public void save(long projectId, String name, String text) throws IOException {
        save(projectId, name, text, null);
    }

    /**
     * {@link #save(long, String, String)} with the version check: refused (a
     * {@link org.recprompt.base.StaleEditException}, nothing written) when the file's content is no
     * longer the one its editor read ({@link #stamp}); null saves without the check. Returns the new stamp.
     */
    public String save(long projectId, String name, String text, String expectedStamp) throws IOException {
        access.require(projectId, ProjectRole.EDITOR, "change experiments");
        ExperimentYaml.checkSize(text, name + ".yaml");
        String stamp = saves.write(file(projectId, name), text, expectedStamp, "Experiment " + name);
        fire();
        return stamp;
    }

    /** The stamp of the experiment's file as it is now, for the version check on save. */
    public String stamp(long projectId, String name) throws IOException {
        return FileSaves.stamp(file(projectId, name));
    }

    public void create(long projectId, String name, String text) throws IOException {
        access.require(projectId, ProjectRole.EDITOR, "add experiments");
        nameProblem(projectId, name).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
        save(projectId, name, text);
        console.info("Added experiment " + name);
    }

    public void delete(long projectId, String name) throws IOException {
        access.require(projectId, ProjectRole.EDITOR, "delete experiments");
        Files.deleteIfExists(file(projectId, name));
        fire();
    }

    /**
     * Checks the text as the runner would, without loading the dataset: the YAML and every key,
     * then the dataset and template paths (relative to the experiment's folder, then the project's).
     */
    public void validate(long projectId, String name, String text) {
        ExperimentYaml.Parsed parsed = ExperimentYaml.parse(text, name + ".yaml", savedBackends(projectId));
        Path base = experimentsFolder(projectId);
        ExperimentFile.resolve(parsed, name + ".yaml", file(projectId, name), base, projects.folder(project(projectId)));
    }

    // ----- runs ---------------------------------------------------------------------------------

    /** The environment runs started here use: the workspace cache, stored keys before the process environment. */
    public RunEnvironment environment() {
        Function<String, String> stored = secrets.keyLookup();
        Function<String, String> env = k -> {
            String v = stored.apply(k);
            return v != null ? v : System.getenv(k);
        };
        RunEnvironment base = RunEnvironment.offline().withCache(cache).withEnv(env);
        return new RunEnvironment(base.cache(), env, PriceTable.defaults(), workspace.workspace().resolve("cache").resolve("embeddings"),
                clock);
    }

    /** Loads the experiment and makes it concrete (loads the dataset: call it off the UI thread). */
    public RunSetup prepare(long projectId, String name) {
        ExperimentFile f = ExperimentFile.load(file(projectId, name), projects.folder(project(projectId)), savedBackends(projectId));
        return RunSetup.prepare(f, environment(projectId));
    }

    /**
     * The project's saved backends (its Backends folder) as its experiments name them
     * ({@code backend: NAME}): read when an experiment names one; each key is resolved when a run builds
     * the backend (the stored key, bound to the backend's URL, else its variable).
     */
    public SavedBackends savedBackends(long projectId) {
        return new SavedBackends("the project's Backends folder", () -> backends.list(projectId).stream()
                .map(c -> new SavedBackends.Saved(c.settings(), () -> backends.resolveKey(c.settings(), c.getSecretName(), null)))
                .toList());
    }

    /**
     * The environment of a run of this project: {@link #environment()} with the project's local-only
     * switch and the workspace's egress log under the project's name.
     */
    public RunEnvironment environment(long projectId) {
        Project p = project(projectId);
        return environment().withPrivacy(p.isLocalOnly(), egress, p.getName());
    }

    /**
     * Starts a prepared run into a new run folder (or resumes {@code resumeFolder}) as a background
     * job: progress, ETA and cancel in the progress view; the run itself reports per variant.
     */
    public ExperimentRun start(long projectId, RunSetup setup, Path resumeFolder) throws IOException {
        return start(projectId, setup, resumeFolder, null);
    }

    /** The folder an experiment's relative paths start from (the project's), as {@link #prepare} reads them. */
    public Path workingFolder(long projectId) {
        return projects.folder(project(projectId));
    }

    /**
     * As {@link #start(long, RunSetup, Path)}, the calls executed by {@code dispatch} (worker processes)
     * when given: this workbench then holds the run's folder, watches the shards and writes the outputs.
     */
    public ExperimentRun start(long projectId, RunSetup setup, Path resumeFolder, RunDispatch dispatch) throws IOException {
        access.require(projectId, ProjectRole.EDITOR, "start runs");
        Path folder = resumeFolder != null ? resumeFolder
                : runsFolder(projectId).resolve(setup.spec().name().replaceAll("[^A-Za-z0-9._-]", "_") + "-"
                        + LocalDateTime.now(clock).format(STAMP));
        BackgroundJobs.Job[] job = new BackgroundJobs.Job[1];
        ExperimentRun[] run = new ExperimentRun[1];
        Object started = new Object();
        job[0] = jobs.submit("Run " + setup.spec().name(), BackgroundJobs.Mode.WATCHED_SELF_REPORTING, monitor -> {
            repairs.await(folder);
            ExperimentRun r = ExperimentRun.start(setup, folder, resumeFolder != null, monitor, null, dispatch);
            synchronized (started) {
                run[0] = r;
                started.notifyAll();
            }
            active.put(folder, r);
            fire();
            try {
                while (!r.progress().state().isFinished()) {
                    if (monitor.isCancelled() && !r.isCancelled()) {
                        r.cancel();
                    }
                    Thread.sleep(200);
                }
                ExperimentRun.Result result = r.await();
                String failed = VariantHealth.failedVariants(result.summary());
                if ("failed".equals(result.summary() == null ? null : result.summary().get("status"))) {
                    console.error("Run " + folder.getFileName() + " failed: every LLM variant failed. " + failed);
                } else if (!failed.isEmpty()) {
                    console.warn("Run " + folder.getFileName() + " " + result.state().name().toLowerCase() + ", but " + failed);
                } else {
                    console.info("Run " + folder.getFileName() + " " + result.state().name().toLowerCase()
                            + (result.failure() == null ? "" : ": " + result.failure()));
                }
            } finally {
                active.remove(folder);
                fire();
            }
        });
        synchronized (started) {
            long until = System.currentTimeMillis() + 30_000;
            while (run[0] == null && !job[0].state().isFinished() && System.currentTimeMillis() < until) {
                try {
                    started.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (run[0] == null) {
            throw new IOException("The run could not start: " + job[0].currentMessage());
        }
        return run[0];
    }

    /** The run writing into this folder, if one is running in this workbench. */
    public Optional<ExperimentRun> active(Path folder) {
        return Optional.ofNullable(active.get(folder));
    }

    /** The project's runs, newest first. */
    public List<RunInfo> runs(long projectId) {
        Path folder = runsFolder(projectId);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<RunInfo> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(folder)) {
            for (Path d : dirs.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList()) {
                out.add(info(d));
            }
        } catch (IOException e) {
            console.warn("Cannot list runs in " + folder + ": " + e.getMessage());
        }
        return out;
    }

    public RunInfo info(Path d) {
        String state = "UNKNOWN";
        String experiment = "";
        Optional<JsonNode> summary = Optional.empty();
        try {
            Path manifest = d.resolve(ExperimentRun.MANIFEST);
            if (Files.exists(manifest)) {
                JsonNode m = JSON.readTree(manifest.toFile());
                state = m.path("state").asText("UNKNOWN").toUpperCase(java.util.Locale.ROOT);
                experiment = m.path("experiment").asText("");
            }
            Path s = d.resolve(RunOutputs.SUMMARY);
            if (Files.exists(s)) {
                summary = Optional.of(JSON.readTree(s.toFile()));
                if (experiment.isEmpty()) {
                    experiment = summary.get().path("experiment").asText("");
                }
            }
        } catch (IOException e) {
            state = "UNREADABLE";
        }
        if (active.containsKey(d)) {
            state = "ACTIVE";
        } else if ("RUNNING".equals(state) && !RunFolderLock.runningElsewhere(d)) {
            state = "INTERRUPTED"; // written RUNNING by a workbench or command that is gone (not another live process)
        }
        return new RunInfo(d.getFileName().toString(), d, experiment, state, summary);
    }

    /**
     * Resumes an interrupted run from its folder, from its experiment file ({@link #experimentFile}:
     * by the file the run recorded, so a changed {@code name:} or a rename in the explorer keeps it
     * resumable). The runner refuses it when the experiment changed since, and says what changed
     * (its fingerprint and a copy of the experiment are in the folder).
     */
    public ExperimentRun resume(long projectId, Path runFolder) throws IOException {
        access.require(projectId, ProjectRole.EDITOR, "resume runs");
        Path source = experimentFile(projectId, runFolder);
        ExperimentFile f = ExperimentFile.load(source, projects.folder(project(projectId)), savedBackends(projectId));
        return start(projectId, RunSetup.prepareToRun(f, environment(projectId)), runFolder);
    }

    /**
     * The experiment file a run was made from ({@link ExperimentLinks#experimentFile}: its run.json's
     * link, followed only into the project's experiments folder, else by the run's experiment name).
     * Thrown, with a sentence that says why, when none is there.
     */
    public Path experimentFile(long projectId, Path runFolder) throws IOException {
        RunInfo info = info(runFolder);
        return ExperimentLinks.experimentFile(runFolder, info.id(), info.experiment(), experimentsFolder(projectId),
                projects.folder(project(projectId)), () -> experiments(projectId).stream().map(n -> file(projectId, n)).toList());
    }

    /**
     * Renames an experiment's file (the explorer's Rename...), and moves the link of each of its runs
     * to the new file, so they stay resumable; the YAML's {@code name:} is left as written. Refused
     * while one of its runs is running (it rewrites its run.json until it ends).
     */
    public void rename(long projectId, String name, String newName) throws IOException {
        access.require(projectId, ProjectRole.EDITOR, "rename experiments");
        nameProblem(projectId, newName).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
        String to = newName.strip();
        int runs = ExperimentLinks.move(file(projectId, name), file(projectId, to), name, runs(projectId),
                run -> experimentFile(projectId, run), console);
        console.info("Renamed experiment " + name + " to " + to
                + (runs == 0 ? "" : " (its " + runs + (runs == 1 ? " run follows" : " runs follow") + ")"));
        fire();
    }

    /**
     * Called when a run's tab opens. A run a crash or {@code kill -9} left interrupted may have
     * answers in its journal that the response cache lacks, requests in its egress.jsonl (or its
     * in-flight file) that the workspace's egress log lacks, and temporary files of a final write:
     * a background job repairs them ({@link RunRecovery#reopen}) unless another process writes the
     * folder, and says what it did in one console line (none when nothing was missing). Nothing is
     * done for a run that is not interrupted (a run that ended flushed both stores) or that was
     * repaired already and has not changed since. Returns the job, or empty when none was started.
     */
    public Optional<BackgroundJobs.Job> repairOnOpen(long projectId, Path runFolder) {
        RunInfo info = info(runFolder);
        if (!repairs.needed(runFolder, info.state())) {
            return Optional.empty();
        }
        RunEnvironment env;
        Path projectFolder;
        Path found;
        SavedBackends saved = savedBackends(projectId);
        try {
            env = environment(projectId);
            projectFolder = projects.folder(project(projectId));
            try {
                found = experimentFile(projectId, runFolder);
            } catch (IOException e) {
                found = file(projectId, info.experiment()); // not there: the repair says the experiment cannot be loaded
            }
        } catch (RuntimeException e) {
            console.warn("Run " + info.id() + " was not checked against the response cache and the egress log: " + e.getMessage());
            return Optional.empty(); // the tab opens all the same
        }
        Path source = found;
        return Optional.of(repairs.start(runFolder, info.id(), env,
                () -> RunSetup.prepare(ExperimentFile.load(source, projectFolder, saved), env)));
    }

    /**
     * A new experiment's text: candidate ranking on {@code datasetPath} with the given template
     * path (relative to the experiments folder) and the offline baselines, ready to run.
     */
    public static String starter(String name, String datasetPath, String templatePath, boolean semantic) {
        return starter(name, datasetPath, templatePath, semantic, List.of());
    }

    /**
     * The starter with extra backend lines (for example the project's trained p5 models, from
     * {@link org.recprompt.lm.ModelStore#experimentLines}); the semantic ranker is included when asked or when lines are given.
     */
    public static String starter(String name, String datasetPath, String templatePath, boolean semantic, List<String> extraBackends) {
        return starter(name, datasetPath, templatePath, semantic, extraBackends, List.of());
    }

    /**
     * The starter with extra backend lines and the project's saved backends of the given names, each as
     * {@code { id: ..., backend: "NAME" }} (its URL, model, parameters and key come from the saved backend).
     */
    public static String starter(String name, String datasetPath, String templatePath, boolean semantic, List<String> extraBackends,
            List<String> savedBackends) {
        semantic = semantic || !extraBackends.isEmpty();
        StringBuilder extra = new StringBuilder();
        extraBackends.forEach(line -> extra.append("  - ").append(line).append('\n'));
        List<String> taken = new ArrayList<>(List.of("random", "pop", "itemknn", "semantic"));
        extraBackends.forEach(line -> taken.add(line.replaceFirst("^\\{\\s*id:\\s*([^,}\\s]+).*$", "$1")));
        SavedBackends.entries(savedBackends, taken).forEach(line -> extra.append("  - ").append(line).append('\n'));
        return "# An experiment: see docs/EXPERIMENTS.md for every key.\n"
                + "name: " + name + "\n"
                + "dataset: { path: \"" + datasetPath.replace("\\", "/").replace("\"", "\\\"") + "\" }\n"
                + "split: { method: leave-last-out }\n"
                + "users: { sample: 200, seed: 7 }\n"
                + "candidates: { size: 20, negatives: random, seed: 7 }\n"
                + "templates: [ " + templatePath + " ]\n"
                + "backends:\n"
                + "  - { id: random, type: random, seed: 7 }\n"
                + "  - { id: pop, type: most-popular }\n"
                + "  - { id: itemknn, type: item-knn }\n"
                + (semantic ? "  - { id: semantic, type: semantic }\n" : "")
                + extra
                + "  # a backend saved in the project's Backends folder: - { id: llm, backend: \"its name\" }\n"
                + "  # or an LLM written out: - { id: llm, type: openai, model: gpt-4o-mini, apiKeyEnv: OPENAI_API_KEY, concurrency: 8 }\n"
                + "k: [1, 5, 10]\n"
                + "# cold start, each backend at each history length (0: no history): history: [0, 1, 3, 5, 10, full]\n"
                + "# a filter bubble over rounds: simulation: { rounds: 5, accept: top-1 }\n";
    }

    public void deleteRun(Path runFolder) {
        projectOf(runFolder).ifPresent(id -> access.require(id, ProjectRole.EDITOR, "delete runs"));
        if (active.containsKey(runFolder)) {
            throw new IllegalStateException("The run is still running; cancel it first.");
        }
        FileTrees.delete(runFolder);
        fire();
    }

    /**
     * Refuses unless the caller may stop and pause the project's runs (editors and owners). A run is
     * stopped through its {@link ExperimentRun}, which knows no accounts, so its screens ask here first.
     */
    public void requireRunControl(long projectId) {
        access.require(projectId, ProjectRole.EDITOR, "stop or pause runs");
    }

    /** Whether the caller may start, resume, pause and stop the project's runs (for screens to disable what it may not). */
    public boolean mayControlRuns(long projectId) {
        return access.may(projectId, ProjectRole.EDITOR);
    }

    /** The project of a run folder ({@code projects/<id>/runs/<run>}), when it is one. */
    private static Optional<Long> projectOf(Path runFolder) {
        Path project = runFolder.toAbsolutePath().normalize().getParent() == null ? null
                : runFolder.toAbsolutePath().normalize().getParent().getParent();
        try {
            return project == null ? Optional.empty() : Optional.of(Long.parseLong(project.getFileName().toString()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public Runnable addListener(Runnable listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void fire() {
        listeners.forEach(Runnable::run);
    }
}
