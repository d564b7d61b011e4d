package org.recprompt.experiment.ui;

import java.io.IOException;
import java.util.List;

import org.recprompt.backend.BackendConfig;
import org.recprompt.backend.BackendConfigService;
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
 * has none), the offline baselines, and any of the project's trained models (p5) and saved backends asked for.
 */
@Component
class ExperimentStarter {

    static final String TEMPLATE = "candidate-ranking";

    private final DatasetService datasets;
    private final TemplateService templates;
    private final ModelService models;
    private final BackendConfigService backends;

    ExperimentStarter(DatasetService datasets, TemplateService templates, ModelService models, BackendConfigService backends) {
        this.datasets = datasets;
        this.templates = templates;
        this.models = models;
        this.backends = backends;
    }

    /** The project's saved backends (its Backends folder), by name. */
    List<BackendConfig> backends(long projectId) {
        return backends.list(projectId);
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
        return text(projectId, name, withModels, List.of());
    }

    /** ... and the project's saved backends of the given names, as {@code backend: NAME} entries. */
    String text(long projectId, String name, List<String> withModels, List<String> withBackends) {
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
        String text = ExperimentService.starter(name, datasetPath, "../templates/" + t.getName() + ".mustache", false, lines,
                withBackends);
        org.recprompt.dataset.ReadSettings settings = ds.isEmpty() ? null : datasets.readSettings(ds.get(0));
        String extra = settings == null ? "" : datasetKeys(settings, datasets.folder(ds.get(0)));
        // The domain the researcher chose on import, and a generic CSV's columns and item file, travel
        // into the run (the prompts' words and the titles follow them).
        return extra.isEmpty() ? text : text.replaceFirst("(?m)^(dataset: \\{ path: .*) }$",
                "$1" + java.util.regex.Matcher.quoteReplacement(extra) + " }");
    }

    /** ", domain: book, format: csv, columns: {...}, items: {...}" for the dataset's stored read settings ("" if none). */
    static String datasetKeys(org.recprompt.dataset.ReadSettings settings, java.nio.file.Path folder) {
        StringBuilder s = new StringBuilder();
        if (settings.domain() != null) {
            s.append(", domain: ").append(settings.domain());
        }
        org.recprompt.dataset.io.ColumnMapping m = settings.mapping();
        if (m == null || m.equals(org.recprompt.dataset.io.ColumnMapping.guess())) {
            return s.toString();
        }
        s.append(", format: csv");
        List<String> cols = new java.util.ArrayList<>();
        pair(cols, "user", m.user());
        pair(cols, "item", m.item());
        pair(cols, "rating", m.rating());
        pair(cols, "timestamp", m.timestamp());
        pair(cols, "delimiter", m.delimiter() == null ? null : m.delimiter() == '\t' ? "tab" : m.delimiter().toString());
        if (!m.header()) {
            cols.add("header: false");
        }
        if (!cols.isEmpty()) {
            s.append(", columns: { ").append(String.join(", ", cols)).append(" }");
        }
        if (m.items() != null) {
            List<String> items = new java.util.ArrayList<>();
            pair(items, "file", folder.resolve(m.items().file()).toAbsolutePath().toString());
            pair(items, "id", m.items().id());
            pair(items, "title", m.items().title());
            pair(items, "genres", m.items().genres());
            pair(items, "genresSeparator", m.items().genresSeparator());
            pair(items, "image", m.items().image());
            pair(items, "author", m.items().authors());
            s.append(", items: { ").append(String.join(", ", items)).append(" }");
        }
        return s.toString();
    }

    private static void pair(List<String> out, String key, String value) {
        if (value != null) {
            out.add(key + ": \"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        }
    }

    /** The project's templates as an experiment names them (relative to its experiments folder), for completion. */
    List<org.recprompt.experiment.ExperimentSchema.Entry> templateReferences(long projectId) {
        return templates.list(projectId).stream()
                .map(t -> new org.recprompt.experiment.ExperimentSchema.Entry("../templates/" + t.getName() + ".mustache",
                        "the project's template"))
                .toList();
    }

    /** The project's saved backends, offered after {@code backend:} in an experiment's backends. */
    List<org.recprompt.experiment.ExperimentSchema.Entry> backendReferences(long projectId) {
        return backends(projectId).stream()
                .map(c -> new org.recprompt.experiment.ExperimentSchema.Entry(
                        org.recprompt.experiment.SavedBackends.quoted(c.getName()), "saved backend: " + c.getType().id()
                        + (c.getModel().isBlank() ? "" : ", " + c.getModel())))
                .toList();
    }
}
