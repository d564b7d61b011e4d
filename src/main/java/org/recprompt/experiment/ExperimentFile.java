package org.recprompt.experiment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.recprompt.experiment.ExperimentSpec.BackendSpec;
import org.recprompt.experiment.ExperimentSpec.Kind;
import org.recprompt.prompt.PromptTemplate;
import org.recprompt.prompt.TemplateException;
import org.recprompt.prompt.TemplateKind;

/**
 * An experiment read from a file with its paths resolved and its templates parsed: the dataset
 * path relative to the YAML file (or absolute); template and replay paths relative to the YAML file,
 * else to the working folder (or absolute). Every problem names the YAML line of the key.
 *
 * @param spec the experiment
 * @param file the YAML file (null when the spec did not come from a file)
 * @param dataset the dataset's folder or file
 * @param items the generic CSV's item file ({@code dataset.items.file}, relative to the YAML file), or null
 * @param templates the parsed templates, in the spec's order
 * @param templatePaths where each template was read from
 * @param replayFiles the resolved file of each replay backend, and the saved model folder of each p5 backend, by backend id
 * @param lines the YAML line of every key path (for errors found later)
 */
public record ExperimentFile(ExperimentSpec spec, Path file, Path dataset, Path items, List<PromptTemplate> templates,
        List<Path> templatePaths, java.util.Map<String, Path> replayFiles, java.util.Map<String, Integer> lines) {

    public ExperimentFile {
        lines = java.util.Map.copyOf(lines);
        templates = List.copyOf(templates);
        templatePaths = List.copyOf(templatePaths);
        replayFiles = java.util.Map.copyOf(replayFiles);
    }

    /**
     * Reads, validates and resolves an experiment file; {@code workingDir} is the second place relative
     * paths are looked for. A {@code backend: NAME} entry names a backend of the exported project's
     * {@value SavedBackends#FILE} beside the file's folder (keys from the environment).
     */
    public static ExperimentFile load(Path file, Path workingDir) {
        return load(file, workingDir, null);
    }

    /** As {@link #load(Path, Path)}, {@code backend: NAME} entries naming {@code saved} (null: the file's {@value SavedBackends#FILE}). */
    public static ExperimentFile load(Path file, Path workingDir, SavedBackends saved) {
        String origin = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        String text;
        try {
            long size = Files.size(file);
            if (size > ExperimentYaml.MAX_BYTES) {
                throw ExperimentYaml.tooLarge(file.toString(), size);
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ExperimentException(file.toString(), 0, null, "cannot be read: " + e.getMessage());
        }
        ExperimentYaml.Parsed parsed = ExperimentYaml.parse(text, origin,
                saved != null ? saved : SavedBackends.beside(file, System::getenv));
        Path base = file.toAbsolutePath().getParent();
        return resolve(parsed, origin, file.toAbsolutePath(), base, workingDir.toAbsolutePath());
    }

    /** Resolves a parsed spec against a base folder (the YAML's) and the working folder. */
    public static ExperimentFile resolve(ExperimentYaml.Parsed parsed, String origin, Path file, Path base, Path workingDir) {
        ExperimentSpec spec = parsed.spec();
        Path dataset = base.resolve(spec.dataset().path()).normalize();
        if (!Files.exists(dataset)) {
            throw new ExperimentException(origin, parsed.line("dataset.path") > 0 ? parsed.line("dataset.path") : parsed.line("dataset"),
                    "dataset.path", "no dataset at " + dataset + " (a relative path is read from the experiment file's folder)");
        }
        Path items = null;
        if (spec.dataset().columns() != null && spec.dataset().columns().items() != null) {
            items = base.resolve(spec.dataset().columns().items().file()).normalize();
            if (!Files.isRegularFile(items)) {
                int line = parsed.line("dataset.items.file") > 0 ? parsed.line("dataset.items.file") : parsed.line("dataset");
                throw new ExperimentException(origin, line, "dataset.items.file", "no item file at " + items
                        + " (a relative path is read from the experiment file's folder)");
            }
        }
        if (spec.split().isPredefined()) {
            String[] written = {spec.split().train(), spec.split().test(), spec.split().valid()};
            String[] keys = {"split.train", "split.test", "split.valid"};
            for (int k = 0; k < written.length; k++) {
                if (written[k] != null && !Files.isRegularFile(splitFile(written[k], base))) {
                    int line = parsed.line(keys[k]) > 0 ? parsed.line(keys[k]) : parsed.line("split");
                    throw new ExperimentException(origin, line, keys[k], "no split file at " + splitFile(written[k], base)
                            + " (a relative path is read from the experiment file's folder)");
                }
            }
        }
        List<PromptTemplate> templates = new ArrayList<>();
        List<Path> paths = new ArrayList<>();
        for (int t = 0; t < spec.templates().size(); t++) {
            String key = "templates[" + (t + 1) + "]";
            int line = parsed.line(key) > 0 ? parsed.line(key) : parsed.line("templates");
            Path p = find(spec.templates().get(t), base, workingDir);
            if (p == null) {
                throw new ExperimentException(origin, line, key, "no template file " + spec.templates().get(t)
                        + " (looked in " + base + " and in " + workingDir + ")");
            }
            PromptTemplate tpl;
            try {
                tpl = PromptTemplate.parse(Files.readString(p, StandardCharsets.UTF_8), p.toString());
            } catch (IOException e) {
                throw new ExperimentException(origin, line, key, "cannot read " + p + ": " + e.getMessage());
            } catch (TemplateException e) {
                throw new ExperimentException(origin, line, key, "the template is not valid: " + e.getMessage());
            }
            if (tpl.meta().kind() == TemplateKind.SCORING_PAIR && spec.backends().stream().noneMatch(b -> b.kind() == Kind.SEMANTIC)) {
                throw new ExperimentException(origin, line, key, "a scoring-pair template (" + tpl.name() + ") is scored by a backend "
                        + "that scores texts: add one of type semantic (chat models answer the other template kinds)");
            }
            for (PromptTemplate earlier : templates) {
                if (earlier.name().equals(tpl.name())) {
                    throw new ExperimentException(origin, line, key, "a second template named '" + tpl.name()
                            + "' (names label the variants: give each template its own name)");
                }
            }
            templates.add(tpl);
            paths.add(p);
        }
        if (!templates.isEmpty() && templates.stream().allMatch(t -> t.meta().kind() == TemplateKind.SCORING_PAIR)) {
            for (int b = 0; b < spec.backends().size(); b++) {
                if (spec.backends().get(b).kind().usesPrompt()) {
                    String key = "backends[" + (b + 1) + "]";
                    throw new ExperimentException(origin, parsed.line(key), key, "backend " + spec.backends().get(b).id()
                            + " answers prompts, but every template is a scoring-pair template (scored by semantic backends): "
                            + "add a template it can answer");
                }
            }
        }
        if (spec.fewShot().stream().anyMatch(f -> f.count() > 0) && spec.usesPrompts()) {
            for (int t = 0; t < templates.size(); t++) {
                PromptTemplate tpl = templates.get(t);
                if (tpl.blocks().stream().noneMatch(b -> b.text().contains("examples"))) {
                    String key = parsed.lines().containsKey("fewShot") ? "fewShot"
                            : parsed.lines().containsKey("few-shot") ? "few-shot" : "few_shot";
                    throw new ExperimentException(origin, parsed.line(key), key, "the template " + tpl.name() + " ("
                            + spec.templates().get(t) + ") shows no {{#examples}}: a few-shot count above 0 would change nothing");
                }
            }
        }
        java.util.Map<String, Path> replay = new java.util.LinkedHashMap<>();
        for (int b = 0; b < spec.backends().size(); b++) {
            BackendSpec bs = spec.backends().get(b);
            if (bs.kind() == Kind.REPLAY) {
                Path p = find(bs.file(), base, workingDir);
                if (p == null) {
                    String key = "backends[" + (b + 1) + "].file";
                    throw new ExperimentException(origin, parsed.line(key), key, "no replay file " + bs.file());
                }
                replay.put(bs.id(), p);
            }
            if (bs.kind() == Kind.P5) {
                Path p = findModel(bs.model(), base, workingDir);
                if (p == null) {
                    String key = "backends[" + (b + 1) + "].model";
                    throw new ExperimentException(origin, parsed.line(key) > 0 ? parsed.line(key) : parsed.line("backends[" + (b + 1) + "]"),
                            key, "no saved model " + bs.model() + " (looked for a folder with model.json at " + base.resolve(bs.model())
                            + ", " + workingDir.resolve(bs.model()) + " and " + base.resolveSibling("models").resolve(bs.model()) + ")");
                }
                replay.put(bs.id(), p);
            }
        }
        ExperimentFile resolved = new ExperimentFile(spec, file, dataset, items, templates, paths, replay, parsed.lines());
        PlanChecks.templateCandidateCount(resolved);
        return resolved;
    }

    /** A predefined split's file as written: absolute, or relative to the experiment file's folder. */
    static Path splitFile(String written, Path base) {
        return base.resolve(written).normalize();
    }

    /** The predefined split's train, test and validation files (the last null when none), resolved; null for other splits. */
    public Path[] splitFiles() {
        if (!spec.split().isPredefined()) {
            return null;
        }
        Path base = file == null ? Path.of("").toAbsolutePath() : file.toAbsolutePath().getParent();
        return new Path[] {splitFile(spec.split().train(), base), splitFile(spec.split().test(), base),
                spec.split().valid() == null ? null : splitFile(spec.split().valid(), base)};
    }

    /** The line of a key path such as {@code backends[3]}, or 0. */
    public int line(String path) {
        return lines.getOrDefault(path, 0);
    }

    /** The file's name for messages. */
    public String origin() {
        return file == null ? "experiment" : String.valueOf(file.getFileName());
    }

    /** The path as written if absolute, else relative to the YAML's folder, else to the working folder. */
    /**
     * A saved model's folder: the path as written (absolute, or relative to the experiment's folder or
     * the working folder), else a name in the project's models folder beside the experiments folder.
     */
    static Path findModel(String written, Path base, Path workingDir) {
        Path p = Path.of(written);
        java.util.List<Path> tries = new java.util.ArrayList<>();
        if (p.isAbsolute()) {
            tries.add(p);
        } else {
            tries.add(base.resolve(p));
            tries.add(workingDir.resolve(p));
            tries.add(base.resolveSibling("models").resolve(p));
        }
        for (Path c : tries) {
            if (Files.isRegularFile(c.resolve("model.json"))) {
                return c.normalize();
            }
        }
        return null;
    }

    static Path find(String written, Path base, Path workingDir) {
        Path p = Path.of(written);
        if (p.isAbsolute()) {
            return Files.isRegularFile(p) ? p.normalize() : null;
        }
        for (Path dir : new Path[] {base, workingDir}) {
            Path c = dir.resolve(p).normalize();
            if (Files.isRegularFile(c)) {
                return c;
            }
        }
        return null;
    }
}
