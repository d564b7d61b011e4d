package org.recprompt.experiment;

import java.nio.file.Files;
import java.nio.file.Path;

import org.recprompt.base.BackgroundJobs;
import org.recprompt.base.ConsoleLog;
import org.recprompt.base.ProgressMonitor;
import org.recprompt.dataset.DatasetService;
import org.recprompt.dataset.ProjectDataset;
import org.recprompt.prompt.ProjectTemplate;
import org.recprompt.prompt.TemplateService;
import org.recprompt.workspace.Project;
import org.recprompt.workspace.ProjectService;
import org.recprompt.workspace.UiSettings;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * On the first start of an empty workspace, when the sample dataset is present
 * ({@code recprompt.sample-dataset}, by default the shared ml-latest-small), creates a sample
 * project: the dataset imported into it through the dataset feature's normal import (the
 * workbench acknowledges its licence on the user's behalf and says so in the project's
 * description and the console), the candidate-ranking template, and an experiment on the
 * project's dataset ranking 20 candidates for 200 users with Random, MostPopular, ItemKNN and the
 * semantic ranker, which runs offline in well under a minute. The project and its template are
 * created at once; the import (seconds for ml-latest-small) and the experiment follow in a
 * background job, so the workbench opens without waiting. It is created once per workspace.
 */
@Component
class SampleProject {

    static final String NAME = "Sample: candidate ranking on ml-latest-small";
    static final String EXPERIMENT = "ranking-baselines";
    static final String DATASET = "ml-latest-small";
    static final String DONE = "sample-project.created";

    private final ProjectService projects;
    private final TemplateService templates;
    private final ExperimentService experiments;
    private final DatasetService datasets;
    private final BackgroundJobs jobs;
    private final UiSettings settings;
    private final ConsoleLog console;
    private final boolean enabled;
    private final Path dataset;

    SampleProject(ProjectService projects, TemplateService templates, ExperimentService experiments, DatasetService datasets,
            BackgroundJobs jobs, UiSettings settings, ConsoleLog console,
            @Value("${recprompt.sample-project:true}") boolean enabled,
            @Value("${recprompt.sample-dataset:../shared/datasets/ml-latest-small}") String dataset) {
        this.projects = projects;
        this.templates = templates;
        this.experiments = experiments;
        this.datasets = datasets;
        this.jobs = jobs;
        this.settings = settings;
        this.console = console;
        this.enabled = enabled;
        this.dataset = Path.of(dataset).toAbsolutePath().normalize();
    }

    @EventListener(ApplicationReadyEvent.class)
    @Order(0)
    void createOnFirstStart() {
        if (!enabled || !projects.list().isEmpty() || settings.get(DONE).isPresent()
                || !Files.isRegularFile(dataset.resolve("ratings.csv"))) {
            return;
        }
        if (!settings.claim(DONE, "true")) {
            return; // another workbench on the same shared database started at the same moment and creates it
        }
        try {
            create();
        } catch (Exception e) {
            console.warn("The sample project could not be created: " + e.getMessage());
        }
    }

    /** Creates the project now and imports its dataset (then writes its experiment) in a background job. */
    BackgroundJobs.Job create() {
        Project p = createProject(dataset);
        settings.put(DONE, "true");
        console.info("Created the sample project \"" + p.getName() + "\"; its dataset is being imported");
        return jobs.submit("Import the sample dataset " + DATASET, BackgroundJobs.Mode.WATCHED_SELF_REPORTING,
                monitor -> fill(p, dataset, monitor));
    }

    /** The whole sample project on a dataset folder, in the calling thread (numbered when the name is taken). */
    Project createFor(Path dataset) throws Exception {
        Project p = createProject(dataset);
        fill(p, dataset, ProgressMonitor.NONE);
        return p;
    }

    private Project createProject(Path dataset) {
        String name = NAME;
        for (int n = 2; projects.nameProblem(name, null).isPresent(); n++) {
            name = NAME + " (" + n + ")";
        }
        Project p = projects.create(name, "Candidate ranking (20 candidates, leave-last-out) on MovieLens ml-latest-small with "
                + "four offline rankers. Open Experiments > " + EXPERIMENT + " and press Run. The dataset was imported from "
                + dataset + " when the workbench first started; the workbench acknowledged its licence for you (MovieLens"
                + " data is licensed by GroupLens for research use only: read the terms on the dataset's tab, or delete"
                + " the dataset if you cannot accept them).");
        templates.importFromLibrary(p.getId(), "candidate-ranking");
        return p;
    }

    /**
     * Imports the dataset into the project as "Import dataset..." would (copied, checked, its
     * statistics recorded) and writes the experiment on the imported copy. When the import fails,
     * the experiment reads the dataset where it lies and the console says why.
     */
    private void fill(Project p, Path dataset, ProgressMonitor monitor) throws Exception {
        String datasetPath;
        try {
            ProjectDataset imported = datasets.importFrom(new DatasetService.ImportRequest(p.getId(), DATASET, dataset, null,
                    null, true), monitor);
            datasetPath = datasets.folder(imported).toAbsolutePath().toString();
            console.info("The sample project's dataset " + DATASET + " is imported; its licence was acknowledged on your"
                    + " behalf (read it on the dataset's tab). Open Experiments > " + EXPERIMENT + " and press Run");
        } catch (RuntimeException e) {
            datasetPath = dataset.toString();
            console.warn("The sample dataset could not be imported into the project (" + e.getMessage()
                    + "); its experiment reads it from " + dataset);
        }
        ProjectTemplate t = templates.list(p.getId()).stream().filter(x -> x.getName().equals("candidate-ranking"))
                .findFirst().orElseGet(() -> templates.importFromLibrary(p.getId(), "candidate-ranking"));
        experiments.create(p.getId(), EXPERIMENT, ExperimentService.starter(EXPERIMENT, datasetPath,
                "../templates/" + t.getName() + ".mustache", true));
    }
}
