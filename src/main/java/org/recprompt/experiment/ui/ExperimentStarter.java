package org.recprompt.experiment.ui;

import java.util.List;

import org.recprompt.dataset.DatasetService;
import org.recprompt.dataset.ProjectDataset;
import org.recprompt.experiment.ExperimentService;
import org.recprompt.prompt.ProjectTemplate;
import org.recprompt.prompt.TemplateService;
import org.springframework.stereotype.Component;

/**
 * A new experiment's first text, from what the project has: its first dataset (or the shared
 * ml-latest-small), its candidate-ranking template (imported from the library when the project
 * has none), and the offline baselines.
 */
@Component
class ExperimentStarter {

    static final String TEMPLATE = "candidate-ranking";

    private final DatasetService datasets;
    private final TemplateService templates;

    ExperimentStarter(DatasetService datasets, TemplateService templates) {
        this.datasets = datasets;
        this.templates = templates;
    }

    String text(long projectId, String name) {
        List<ProjectDataset> ds = datasets.list(projectId);
        java.nio.file.Path shared = java.nio.file.Path.of("..", "shared", "datasets", "ml-latest-small").toAbsolutePath().normalize();
        String datasetPath = !ds.isEmpty() ? datasets.folder(ds.get(0)).toAbsolutePath().toString()
                : java.nio.file.Files.isDirectory(shared) ? shared.toString() : "/path/to/a/dataset (import one into the project)";
        List<ProjectTemplate> ts = templates.list(projectId);
        ProjectTemplate t = ts.stream().filter(x -> x.getName().equals(TEMPLATE)).findFirst()
                .or(() -> ts.stream().filter(x -> x.getName().contains("rank")).findFirst())
                .orElseGet(() -> templates.importFromLibrary(projectId, TEMPLATE));
        return ExperimentService.starter(name, datasetPath, "../templates/" + t.getName() + ".mustache", false);
    }
}
