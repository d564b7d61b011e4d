package org.recprompt.experiment;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.recprompt.backend.BackendConfig;
import org.recprompt.backend.BackendConfigService;
import org.recprompt.backend.BackendSettings;
import org.recprompt.base.AppVersion;
import org.recprompt.base.ConsoleLog;
import org.recprompt.base.FileTrees;
import org.recprompt.base.SafeUnzip;
import org.recprompt.dataset.DatasetService;
import org.recprompt.dataset.ProjectDataset;
import org.recprompt.prompt.ProjectTemplate;
import org.recprompt.prompt.TemplateService;
import org.recprompt.prompt.fewshot.FewShotService;
import org.recprompt.prompt.fewshot.FewShotSets;
import org.recprompt.prompt.fewshot.ProjectFewShotSet;
import org.recprompt.workspace.Project;
import org.recprompt.workspace.ProjectService;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

/**
 * Exports a project to a folder or a zip of plain, diffable files, and imports one back:
 * <pre>
 * project.yaml            name, description, local_only, application version, time of export
 * datasets.yaml           where each dataset came from: format, source, descriptor, checksums, licence (never the data)
 * templates/NAME.mustache the current version of every template
 * fewshot/NAME.yaml       every few-shot set
 * backends.yaml           every backend's settings, without keys (the key variable's name only); `run` resolves
 *                         an experiment's {@code backend: NAME} from it
 * experiments/NAME.yaml   every experiment
 * runs/RUN/...            every run folder as written: summary, per-user metrics, recommendations, responses, journal
 * </pre>
 * A run imported elsewhere re-evaluates from its journal with no call (resume on a complete run).
 *
 * <p>An import trusts nothing in the archive ({@link SafeUnzip}): symbolic links and entries outside
 * it are refused, and it stops past {@code recprompt.import.max-bytes} unpacked bytes (environment
 * {@code RECPROMPT_IMPORT_MAX_BYTES}, 2 GB by default) or {@code recprompt.import.max-entries} files
 * ({@code RECPROMPT_IMPORT_MAX_ENTRIES}, 100,000). Its temporary folder is deleted on every path, and
 * a failed import deletes the project it had begun. An export never replaces an existing file
 * unless asked to.
 */
@Service
public class ProjectArchive {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final ProjectService projects;
    private final TemplateService templates;
    private final FewShotService fewShots;
    private final BackendConfigService backends;
    private final DatasetService datasets;
    private final ExperimentService experiments;
    private final ConsoleLog console;
    private final Clock clock;
    private final SafeUnzip.Limits limits;

    static final String LIMIT_SETTING = "RECPROMPT_IMPORT_MAX_BYTES and RECPROMPT_IMPORT_MAX_ENTRIES raise it";

    public ProjectArchive(ProjectService projects, TemplateService templates, FewShotService fewShots,
            BackendConfigService backends, DatasetService datasets, ExperimentService experiments, ConsoleLog console,
            Clock clock, @Value("${recprompt.import.max-bytes:2147483648}") long maxBytes,
            @Value("${recprompt.import.max-entries:100000}") long maxEntries) {
        this.limits = new SafeUnzip.Limits(maxBytes, maxEntries);
        this.projects = projects;
        this.templates = templates;
        this.fewShots = fewShots;
        this.backends = backends;
        this.datasets = datasets;
        this.experiments = experiments;
        this.console = console;
        this.clock = clock;
    }

    /** Writes the project into {@code target}: a folder, or a zip when the name ends in ".zip"; never over an existing file. */
    public Path export(long projectId, Path target) throws IOException {
        return export(projectId, target, false);
    }

    /**
     * Writes the project into {@code target}: a folder, or a zip when the name ends in ".zip". An
     * existing zip is replaced only when {@code replace} is true (the user confirmed).
     */
    public Path export(long projectId, Path target, boolean replace) throws IOException {
        Project p = projects.find(projectId).orElseThrow(() -> new IllegalArgumentException("There is no project " + projectId + "."));
        if (target.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".zip")) {
            if (!replace && Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw new java.nio.file.FileAlreadyExistsException(target.toString(), null,
                        "it already exists; choose another name or confirm replacing it");
            }
            if (Files.isDirectory(target) || Files.isSymbolicLink(target)) {
                throw new IOException(target + " is a folder or a link, not a zip file; choose another name");
            }
            Path tmp = Files.createTempDirectory("recprompt-export");
            Path part = target.resolveSibling("." + target.getFileName() + ".part");
            try {
                writeTree(p, tmp);
                Files.createDirectories(target.toAbsolutePath().getParent());
                try (OutputStream out = Files.newOutputStream(part); ZipOutputStream zip = new ZipOutputStream(out);
                        Stream<Path> files = Files.walk(tmp)) {
                    for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                        zip.putNextEntry(new ZipEntry(tmp.relativize(f).toString().replace('\\', '/')));
                        Files.copy(f, zip);
                        zip.closeEntry();
                    }
                }
                Files.move(part, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } finally {
                FileTrees.delete(tmp);
                Files.deleteIfExists(part);
            }
        } else {
            if (Files.exists(target) && Files.list(target).findAny().isPresent()) {
                throw new IOException(target + " is not empty; export into a new folder");
            }
            Path part = target.resolveSibling("." + target.getFileName() + ".part");
            FileTrees.delete(part);
            writeTree(p, part);
            Files.move(part, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        console.info("Exported project " + p.getName() + " to " + target);
        return target;
    }

    private void writeTree(Project p, Path dir) throws IOException {
        long id = p.getId();
        Files.createDirectories(dir);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("name", p.getName());
        meta.put("description", p.getDescription());
        meta.put("local_only", p.isLocalOnly());
        meta.put("app_version", AppVersion.version());
        meta.put("exported", clock.instant().toString());
        meta.put("format", 1);
        Files.writeString(dir.resolve("project.yaml"), YAML.writeValueAsString(meta), StandardCharsets.UTF_8);

        List<Map<String, Object>> ds = new ArrayList<>();
        for (ProjectDataset d : datasets.list(id)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", d.getName());
            m.put("format", d.getFormat());
            m.put("source", d.getSource());
            m.put("descriptor", d.getDescriptor());
            m.put("archive_sha256", d.getArchiveSha256());
            m.put("users", d.getUsers());
            m.put("items", d.getItems());
            m.put("interactions", d.getInteractions());
            m.put("licence", d.getLicence());
            ds.add(m);
        }
        Files.writeString(dir.resolve("datasets.yaml"), YAML.writeValueAsString(Map.of("datasets", ds)), StandardCharsets.UTF_8);

        for (ProjectTemplate t : templates.list(id)) {
            write(dir.resolve("templates").resolve(t.getName() + ".mustache"), templates.text(t));
        }
        for (ProjectFewShotSet s : fewShots.list(id)) {
            write(dir.resolve("fewshot").resolve(s.getName() + ".yaml"), s.getContent());
        }
        // read by `run` for an experiment's backend: NAME entries (SavedBackends.beside); no key, a variable's name at most
        List<BackendSettings> bs = backends.list(id).stream().map(BackendConfig::settings).toList();
        Files.writeString(dir.resolve(SavedBackends.FILE), SavedBackends.write(bs), StandardCharsets.UTF_8);
        for (String e : experiments.experiments(id)) {
            write(dir.resolve("experiments").resolve(e + ".yaml"), experiments.read(id, e));
        }
        Path runs = experiments.runsFolder(id);
        if (Files.isDirectory(runs)) {
            // a run's lock file is its writer's (opening a copy of it would release a lock this process
            // holds) and the in-flight note is its writer's working state: neither is exported
            FileTrees.copy(runs, dir.resolve("runs"), f -> RUN_WORKING_FILES.contains(String.valueOf(f.getFileName())));
        }
    }

    private static final java.util.Set<String> RUN_WORKING_FILES = java.util.Set.of(RunFolderLock.FILE, RunEgress.IN_FLIGHT);

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /**
     * Creates a project from an exported folder or zip (named as exported, numbered when the name
     * is taken). Datasets are not data: each is listed in the console with where it came from.
     */
    public Project importFrom(Path source) throws IOException {
        Path unzipped = null;
        Long created = null;
        try {
            Path dir = source;
            if (Files.isRegularFile(source, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                unzipped = Files.createTempDirectory("recprompt-import");
                SafeUnzip.unzip(source, unzipped, limits, LIMIT_SETTING);
                dir = unzipped;
            } else if (Files.isSymbolicLink(source)) {
                throw new IOException(source + " is a symbolic link; import the archive or folder it points to.");
            } else {
                SafeUnzip.checkTree(source, limits, LIMIT_SETTING);
            }
            Path meta = dir.resolve("project.yaml");
            if (!Files.isRegularFile(meta)) {
                throw new IOException(source + " is not an exported project: it has no project.yaml");
            }
            JsonNode m = YAML.readTree(meta.toFile());
            String name = m.path("name").asText("").strip();
            if (name.isEmpty()) {
                throw new IOException(meta + ": field \"name\" is missing");
            }
            String free = name;
            for (int n = 2; projects.nameProblem(free, null).isPresent(); n++) {
                free = name + " (" + n + ")";
            }
            Project p = projects.create(free, m.path("description").asText(""));
            long id = p.getId();
            created = id;
            if (m.path("local_only").asBoolean(false)) {
                p = projects.setLocalOnly(id, true); // a privacy setting travels with the project
            }
            for (Path t : files(dir.resolve("templates"), ".mustache")) {
                templates.create(id, Files.readString(t, StandardCharsets.UTF_8), t.toString());
            }
            for (Path f : files(dir.resolve("fewshot"), ".yaml")) {
                fewShots.add(id, FewShotSets.fromYaml(Files.readString(f, StandardCharsets.UTF_8), f.toString()));
            }
            Path bs = dir.resolve(SavedBackends.FILE);
            if (Files.isRegularFile(bs)) {
                List<String> keyed = new ArrayList<>();
                for (BackendSettings b : SavedBackends.readSettings(bs)) {
                    backends.create(id, b); // keys stay behind: the variable each names, or one entered again in its tab
                    if (b.type() != null && b.type().usesKey()) {
                        keyed.add(b.name() + (b.effectiveKeyVariable().isEmpty() ? "" : " (" + b.effectiveKeyVariable() + ")"));
                    }
                }
                if (!keyed.isEmpty()) {
                    console.info("Project " + free + "'s backends came without keys (none is exported): " + String.join(", ", keyed)
                            + " read the variable named, or a key entered in the backend's tab");
                }
            }
            for (Path e : files(dir.resolve("experiments"), ".yaml")) {
                String n = e.getFileName().toString();
                experiments.save(id, n.substring(0, n.length() - 5), Files.readString(e, StandardCharsets.UTF_8));
            }
            if (Files.isDirectory(dir.resolve("runs"))) {
                FileTrees.copy(dir.resolve("runs"), experiments.runsFolder(id));
            }
            Path ds = dir.resolve("datasets.yaml");
            if (Files.isRegularFile(ds)) {
                for (JsonNode d : YAML.readTree(ds.toFile()).path("datasets")) {
                    console.info("Project " + free + " used dataset " + d.path("name").asText() + " (" + d.path("format").asText()
                            + ", from " + d.path("source").asText() + "); import it into the project to use it here");
                }
            }
            console.info("Imported project " + free + " from " + source);
            created = null;
            return p;
        } finally {
            try {
                if (created != null) {
                    projects.delete(created); // nothing half imported
                }
            } catch (RuntimeException cleanup) {
                // the import's own failure is what the user must read; the clean-up's is logged beside it
                console.warn("Could not remove the half-imported project (id " + created + "): " + cleanup.getMessage());
            } finally {
                if (unzipped != null) {
                    FileTrees.delete(unzipped);
                }
            }
        }
    }

    private static List<Path> files(Path folder, String suffix) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }
}
