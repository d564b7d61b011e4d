package org.recprompt.experiment.ui;

import java.io.IOException;
import java.util.List;

import org.recprompt.dataset.DatasetService;
import org.recprompt.dataset.ProjectDataset;
import org.recprompt.experiment.ExperimentService;
import org.recprompt.lm.ModelService;
import org.recprompt.lm.ModelStore;
import org.recprompt.lm.Tokenisation;
import org.recprompt.prompt.ProjectTemplate;
import org.recprompt.prompt.TemplateService;
import org.springframework.stereotype.Component;

/**
 * A new experiment's first text, from what the project has: its first dataset (or the shared
 * ml-latest-small), its candidate-ranking template (imported from the library when the project
 * has none), the offline baselines, and any of the project's trained models (p5) asked for.
 */
@Component
class ExperimentStarter {

    static final String TEMPLATE = "candidate-ranking";

    private final DatasetService datasets;
    private final TemplateService templates;
    private final ModelService models;

    ExperimentStarter(DatasetService datasets, TemplateService templates, ModelService models) {
        this.datasets = datasets;
        this.templates = templates;
        this.models = models;
    }

    /** The project's saved in-app models that can be read, by name. */
    List<String> models(long projectId) {
        return models.list(projectId).stream().filter(m -> tokens(projectId, m) != null).toList();
    }

    private Tokenisation tokens(long projectId, String model) {
        try {
            return models.manifest(projectId, model).settings().tokenisation();
        } catch (IOException e) {
            return null;
        }
    }

    String text(long projectId, String name) {
        return text(projectId, name, List.of());
    }

    /** The starter, with the given saved models as p5 backends beside the baselines and the semantic ranker. */
    String text(long projectId, String name, List<String> withModels) {
        List<ProjectDataset> ds = datasets.list(projectId);
        java.nio.file.Path shared = java.nio.file.Path.of("..", "shared", "datasets", "ml-latest-small").toAbsolutePath().normalize();
        String datasetPath = !ds.isEmpty() ? datasets.folder(ds.get(0)).toAbsolutePath().toString()
                : java.nio.file.Files.isDirectory(shared) ? shared.toString() : "/path/to/a/dataset (import one into the project)";
        List<ProjectTemplate> ts = templates.list(projectId);
        ProjectTemplate t = ts.stream().filter(x -> x.getName().equals(TEMPLATE)).findFirst()
                .or(() -> ts.stream().filter(x -> x.getName().contains("rank")).findFirst())
                .orElseGet(() -> templates.importFromLibrary(projectId, TEMPLATE));
        List<String> lines = new java.util.ArrayList<>();
        for (String m : withModels) {
            Tokenisation tk = tokens(projectId, m);
            if (tk != null) {
                lines.addAll(ModelStore.experimentLines(m, tk));
            }
        }
        String text = ExperimentService.starter(name, datasetPath, "../templates/" + t.getName() + ".mustache", false, lines);
        String domain = ds.isEmpty() ? null : datasets.readSettings(ds.get(0)).domain();
        // The domain the researcher chose on import travels into the run (the prompts' words follow it).
        return domain == null ? text : text.replaceFirst("(?m)^(dataset: \\{ path: .*) }$",
                "$1, domain: " + java.util.regex.Matcher.quoteReplacement(domain) + " }");
    }
}
