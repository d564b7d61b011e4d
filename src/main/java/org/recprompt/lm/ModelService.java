package org.recprompt.lm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.recprompt.base.BackgroundJobs;
import org.recprompt.base.ConsoleLog;
import org.recprompt.base.FileTrees;
import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.DatasetService;
import org.recprompt.dataset.ProjectDataset;
import org.recprompt.dataset.split.Splits;
import org.recprompt.workspace.ProjectService;
import org.recprompt.workspace.WorkspaceSettings;
import org.recprompt.workspace.security.ProjectAccess;
import org.recprompt.workspace.security.ProjectRole;
import org.springframework.stereotype.Service;

/**
 * A project's in-app language models: saved under {@code projects/<project>/models/<name>/}
 * ({@link ModelStore}), trained on a project dataset's leave-last-out training split as a
 * background job (progress with loss and ETA, cancel: the model trained so far is saved).
 * Experiments name them ({@code type: p5, model: <name>}).
 */
@Service
public class ModelService {

    private final ProjectService projects;
    private final DatasetService datasets;
    private final BackgroundJobs jobs;
    private final ConsoleLog console;
    private final WorkspaceSettings workspace;
    private final Clock clock;
    private final ProjectAccess access;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public ModelService(ProjectService projects, DatasetService datasets, BackgroundJobs jobs, ConsoleLog console,
            WorkspaceSettings workspace, Clock clock, ProjectAccess access) {
        this.access = access;
        this.projects = projects;
        this.datasets = datasets;
        this.jobs = jobs;
        this.console = console;
        this.workspace = workspace;
        this.clock = clock;
    }

    public Path folder(long projectId) {
        return projects.folder(projects.find(projectId)
                .orElseThrow(() -> new IllegalArgumentException("no project " + projectId))).resolve("models");
    }

    public List<String> list(long projectId) {
        return ModelStore.list(folder(projectId));
    }

    public Path model(long projectId, String name) {
        return folder(projectId).resolve(name);
    }

    public List<ProjectDataset> datasets(long projectId) {
        return datasets.list(projectId);
    }

    /** What is wrong with a new model's name; empty when it can be taken. */
    public Optional<String> nameProblem(long projectId, String name) {
        if (!ModelStore.validName(name)) {
            return Optional.of("letters, digits, '.', '_' and '-' (it names a folder and is what experiments write as model:)");
        }
        if (Files.exists(model(projectId, name))) {
            return Optional.of("a model named " + name + " exists");
        }
        return Optional.empty();
    }

    /** Trains in the background; the model appears in the project's Models folder when saved. */
    public BackgroundJobs.Job train(long projectId, ProjectDataset dataset, String name, LmSettings settings) {
        access.require(projectId, ProjectRole.EDITOR, "train models");
        nameProblem(projectId, name).ifPresent(p -> {
            throw new IllegalArgumentException(name + ": " + p);
        });
        Path target = model(projectId, name);
        DjlRuntime.prepare(workspace.workspace().resolve("cache").resolve("djl"));
        return jobs.submit("Train model " + name, BackgroundJobs.Mode.WATCHED_SELF_REPORTING, monitor -> {
            Dataset d = datasets.load(dataset);
            ModelTraining.Outcome o = ModelTraining.run(d, Splits.leaveLastOut(d), datasets.folder(dataset).toString(), target,
                    settings, clock, monitor);
            console.info(String.format(Locale.ROOT, "Model %s saved (%s tokens, %d steps, %.0f s, stopped: %s, final loss %.3f).",
                    name, settings.tokenisation().id(), o.result().steps(), o.result().seconds(), o.manifest().stop(),
                    o.result().finalLoss()));
            listeners.forEach(Runnable::run);
        });
    }

    public void delete(long projectId, String name) {
        access.require(projectId, ProjectRole.EDITOR, "delete models");
        FileTrees.delete(model(projectId, name));
        listeners.forEach(Runnable::run);
    }

    public ModelStore.Manifest manifest(long projectId, String name) throws IOException {
        return ModelStore.manifest(model(projectId, name));
    }

    public Runnable addListener(Runnable listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
