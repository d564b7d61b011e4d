package org.recprompt.experiment;

import java.nio.file.Files;
import java.nio.file.Path;

import org.recprompt.base.ConsoleLog;
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
 * project: the candidate-ranking template and an experiment ranking 20 candidates for 200 users
 * with Random, MostPopular, ItemKNN and the semantic ranker, which runs offline in well under a
 * minute. The experiment reads the dataset where it lies (nothing is copied, so the dataset's
 * licence stays with its files); it is created once per workspace.
 */
@Component
class SampleProject {

    static final String NAME = "Sample: candidate ranking on ml-latest-small";
    static final String EXPERIMENT = "ranking-baselines";
    static final String DONE = "sample-project.created";

    private final ProjectService projects;
    private final TemplateService templates;
    private final ExperimentService experiments;
    private final UiSettings settings;
    private final ConsoleLog console;
    private final boolean enabled;
    private final Path dataset;

    SampleProject(ProjectService projects, TemplateService templates, ExperimentService experiments, UiSettings settings,
            ConsoleLog console, @Value("${recprompt.sample-project:true}") boolean enabled,
            @Value("${recprompt.sample-dataset:../shared/datasets/ml-latest-small}") String dataset) {
        this.projects = projects;
        this.templates = templates;
        this.experiments = experiments;
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
        try {
            create();
        } catch (Exception e) {
            console.warn("The sample project could not be created: " + e.getMessage());
        }
    }

    Project create() throws Exception {
        Project p = createFor(dataset);
        settings.put(DONE, "true");
        console.info("Created the sample project \"" + NAME + "\": open its experiment and press Run");
        return p;
    }

    /** The sample project on a dataset folder (numbered when the name is taken). */
    Project createFor(Path dataset) throws Exception {
        String name = NAME;
        for (int n = 2; projects.nameProblem(name, null).isPresent(); n++) {
            name = NAME + " (" + n + ")";
        }
        Project p = projects.create(name, "Candidate ranking (20 candidates, leave-last-out) on MovieLens ml-latest-small with "
                + "four offline rankers. Open Experiments > " + EXPERIMENT + " and press Run. The dataset is read from "
                + dataset + "; MovieLens data is licensed by GroupLens for research use (see its README).");
        ProjectTemplate t = templates.importFromLibrary(p.getId(), "candidate-ranking");
        experiments.create(p.getId(), EXPERIMENT, ExperimentService.starter(EXPERIMENT, dataset.toString(),
                "../templates/" + t.getName() + ".mustache", true));
        return p;
    }
}
