package org.recprompt.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.SoftReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.recprompt.base.ConsoleLog;
import org.recprompt.base.FileTrees;
import org.recprompt.base.ProgressMonitor;
import org.recprompt.dataset.io.ColumnMapping;
import org.recprompt.dataset.io.DatasetFormat;
import org.recprompt.dataset.io.DatasetLoader;
import org.recprompt.workspace.Project;
import org.recprompt.workspace.ProjectService;
import org.recprompt.workspace.WorkspaceSettings;
import org.recprompt.workspace.security.ProjectAccess;
import org.recprompt.workspace.security.ProjectRole;
import org.springframework.stereotype.Service;


/**
 * The datasets of projects. An import reads and checks the data completely first, copies it
 * into a staging folder of the workspace, moves that into place in one step and only then
 * records it: a failure at any point leaves no folder and no row behind. Downloads fetch the
 * archive, verify it, unpack it and import the result the same way.
 */
@Service
public class DatasetService {

    /**
     * What to import. {@code format} null detects; {@code mapping} is for generic CSV (with its item
     * file, copied beside the data); {@code domain} is the researcher's choice of what the items
     * are (null: the descriptor's, else the format's).
     */
    public record ImportRequest(long projectId, String name, Path source, DatasetFormat format, ColumnMapping mapping,
            boolean licenceAcknowledged, String domain) {

        public ImportRequest(long projectId, String name, Path source, DatasetFormat format, ColumnMapping mapping,
                boolean licenceAcknowledged) {
            this(projectId, name, source, format, mapping, licenceAcknowledged, null);
        }
    }

    static final int MAX_NAME = 120;

    private final ProjectDatasetRepository datasets;
    private final ProjectService projects;
    private final WorkspaceSettings workspace;
    private final DatasetDescriptors descriptors;
    private final Downloader downloader;
    private final ConsoleLog console;
    private final Clock clock;
    private final Map<Long, SoftReference<Dataset>> cache = new ConcurrentHashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    private final ProjectAccess access;

    DatasetService(ProjectDatasetRepository datasets, ProjectService projects, WorkspaceSettings workspace,
            DatasetDescriptors descriptors, Downloader downloader, ConsoleLog console, Clock clock, ProjectAccess access) {
        this.access = access;
        this.datasets = datasets;
        this.projects = projects;
        this.workspace = workspace;
        this.descriptors = descriptors;
        this.downloader = downloader;
        this.console = console;
        this.clock = clock;
    }

    public List<ProjectDataset> list(long projectId) {
        return datasets.findByProjectIdOrderByNameKeyAsc(projectId);
    }

    public Optional<ProjectDataset> find(long id) {
        return datasets.findById(id);
    }

    public DatasetDescriptors descriptors() {
        return descriptors;
    }

    /** What is wrong with this name for a new dataset of the project, if anything. */
    public Optional<String> nameProblem(long projectId, String name) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty()) {
            return Optional.of("A dataset needs a name.");
        }
        if (n.length() > MAX_NAME) {
            return Optional.of("A dataset name can have at most " + MAX_NAME + " characters.");
        }
        return datasets.findByProjectIdAndNameKey(projectId, n.toLowerCase(Locale.ROOT))
                .map(d -> "This project already has a dataset named \"" + d.getName() + "\".");
    }

    /** Imports a local folder, data file or zip into the project. */
    public ProjectDataset importFrom(ImportRequest r, ProgressMonitor monitor) {
        access.require(r.projectId(), ProjectRole.EDITOR, "import datasets");
        return importInternal(r, descriptors.recognise(r.source()).orElse(null), r.source().toString(), null, false, monitor);
    }

    /**
     * Imports what was uploaded from a browser ({@link DatasetUpload#data()} as the request's source),
     * recording the uploaded files' names as where it came from; the licence is the descriptor's when
     * the upload's suggested name (a zip's or folder's) names one. The caller closes the upload.
     */
    public ProjectDataset importUploaded(ImportRequest r, DatasetUpload upload, ProgressMonitor monitor) {
        access.require(r.projectId(), ProjectRole.EDITOR, "import datasets");
        DatasetDescriptor d = upload.suggestedName().flatMap(n -> descriptors.recognise(Path.of(n))).orElse(null);
        return importInternal(r, d, upload.sourceLabel(), null, false, monitor);
    }

    /**
     * Downloads a described dataset, checks the archive's SHA-256 (and the listed files'), unpacks
     * it and imports it. Without a known archive checksum the computed one is recorded with the
     * dataset and printed to the console.
     */
    public ProjectDataset download(long projectId, String descriptorName, String name, boolean licenceAcknowledged,
            ProgressMonitor monitor) {
        access.require(projectId, ProjectRole.EDITOR, "download datasets");
        DatasetDescriptor d = descriptors.byName(descriptorName)
                .orElseThrow(() -> new IllegalArgumentException("There is no dataset descriptor named " + descriptorName + "."));
        requireAcknowledged(licenceAcknowledged, d.name());
        if (!d.url().toLowerCase(Locale.ROOT).endsWith(".zip")) {
            throw new IllegalArgumentException(d.name() + " is not published as one zip archive, so it cannot be downloaded"
                    + " here: its licence says which files to download; put them in one folder and import the folder.");
        }
        checkName(projectId, name);
        Path staging = staging();
        try {
            monitor.message("Downloading " + d.url());
            Path archive = staging.resolve(d.name() + ".zip");
            String sha = downloader.fetch(java.net.URI.create(d.url()), archive, d.sizeBytes(), monitor);
            if (d.hasArchiveChecksum() && !d.sha256().equals(sha)) {
                throw new IllegalStateException("The download of " + d.name() + " does not match its checksum (expected "
                        + d.sha256() + ", got " + sha + "); nothing was kept.");
            }
            if (!d.hasArchiveChecksum()) {
                console.warn("The descriptor of " + d.name() + " names no archive checksum; the download's SHA-256 is "
                        + sha + " (recorded with the dataset).");
            }
            monitor.message("Unpacking " + archive.getFileName());
            Path unpacked = staging.resolve("unpacked");
            Archives.unzip(archive, unpacked);
            verifyFiles(d, unpacked);
            ImportRequest r = new ImportRequest(projectId, name, unpacked, DatasetFormat.byId(d.format()),
                    ColumnMapping.guess(), true);
            return importInternal(r, d, d.url(), sha, true, monitor);
        } catch (IOException e) {
            throw new UncheckedIOException("Downloading " + d.name() + " failed: " + e.getMessage(), e);
        } finally {
            FileTrees.delete(staging);
        }
    }

    private ProjectDataset importInternal(ImportRequest r, DatasetDescriptor descriptor, String source, String sha,
            boolean checkExpected, ProgressMonitor monitor) {
        requireAcknowledged(r.licenceAcknowledged(), r.name());
        checkName(r.projectId(), r.name());
        Project project = projects.find(r.projectId())
                .orElseThrow(() -> new IllegalArgumentException("There is no project with id " + r.projectId() + "."));
        Path staging = staging();
        try {
            monitor.begin(4);
            Path input = r.source();
            if (Files.isRegularFile(input) && input.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
                monitor.message("Unpacking " + input.getFileName());
                Archives.unzip(input, staging.resolve("unpacked"));
                input = staging.resolve("unpacked");
            }
            monitor.worked(1);
            monitor.message("Reading and checking " + r.name());
            ColumnMapping mapping = r.mapping();
            DatasetLoader.Source located = DatasetLoader.locate(input, r.format(), mapping);
            if (mapping != null && mapping.items() != null && located.format() != DatasetFormat.CSV) {
                throw new IllegalArgumentException("An item file joins titles to a generic CSV; " + r.source()
                        + " is read as " + located.format().id() + ".");
            }
            ReadSettings settings = new ReadSettings(located.format() == DatasetFormat.CSV ? mapping : null, r.domain());
            Dataset dataset = described(DatasetLoader.load(input, located.format(), mapping),
                    descriptor == null ? null : descriptor.name(), settings);
            DatasetStats stats = DatasetStats.of(dataset);
            if (checkExpected && descriptor != null) {
                verifyCounts(descriptor, stats);
            }
            monitor.worked(1);
            if (monitor.isCancelled()) {
                throw new IllegalStateException("The import of " + r.name() + " was cancelled; nothing was kept.");
            }
            monitor.message("Copying into the workspace");
            Path datasetsDir = projects.folder(project).resolve("datasets");
            Files.createDirectories(datasetsDir);
            Path copy = datasetsDir.resolve(".staging-" + UUID.randomUUID());
            copyData(located, copy);
            if (settings.mapping() != null && settings.mapping().items() != null) {
                Path itemFile = Path.of(settings.mapping().items().file());
                String stored = itemFile.getFileName().toString();
                if (stored.equals(located.path().getFileName().toString())) {
                    throw new IllegalArgumentException("The item file " + itemFile + " has the interaction file's name;"
                            + " it cannot be the same file.");
                }
                Files.copy(itemFile, copy.resolve(stored), StandardCopyOption.REPLACE_EXISTING);
                settings = new ReadSettings(settings.mapping().withItems(settings.mapping().items().at(stored)),
                        settings.domain());
            }
            Path target = datasetsDir.resolve(uniqueFolder(datasetsDir, r.name()));
            Files.move(copy, target, StandardCopyOption.ATOMIC_MOVE);
            monitor.worked(1);
            try {
                Instant now = clock.instant();
                ProjectDataset saved = datasets.saveAndFlush(new ProjectDataset(r.projectId(), r.name().strip(),
                        located.format().id(), target.getFileName().toString(), source,
                        descriptor == null ? null : descriptor.name(), sha, settings.toJson(),
                        descriptor == null ? NO_DESCRIPTOR_LICENCE : descriptor.licence(), now, stats, now));
                monitor.worked(1);
                console.info("Imported dataset " + saved.getName() + " into project " + project.getName() + ": "
                        + stats.users() + " users, " + stats.items() + " items, " + stats.interactions() + " interactions");
                cache.put(saved.getId(), new SoftReference<>(dataset));
                listeners.forEach(Runnable::run);
                return saved;
            } catch (RuntimeException e) {
                FileTrees.delete(target);
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Importing " + r.name() + " failed: " + e.getMessage(), e);
        } finally {
            FileTrees.delete(staging);
        }
    }

    /** The licence recorded for data that matches no descriptor. */
    public static final String NO_DESCRIPTOR_LICENCE = "No licence information ships with this data. The researcher "
            + "confirmed that they may use it for this research.";

    /** Reads (or returns the cached) dataset. */
    public Dataset load(ProjectDataset pd) {
        SoftReference<Dataset> ref = cache.get(pd.getId());
        Dataset d = ref == null ? null : ref.get();
        if (d == null) {
            Path folder = folder(pd);
            ReadSettings settings = ReadSettings.fromJson(pd.getReadOptions());
            ColumnMapping mapping = settings.mapping() == null ? ColumnMapping.guess() : settings.mapping();
            Path data = folder;
            if (mapping.items() != null) {
                data = interactionsBeside(folder, mapping.items().file());
                mapping = mapping.withItems(mapping.items().at(folder.resolve(mapping.items().file()).toString()));
            }
            d = described(DatasetLoader.load(data, DatasetFormat.byId(pd.getFormat()), mapping), pd.getDescriptor(),
                    settings);
            cache.put(pd.getId(), new SoftReference<>(d));
        }
        return d;
    }

    public Path folder(ProjectDataset pd) {
        Project project = projects.find(pd.getProjectId()).orElseThrow();
        return projects.folder(project).resolve("datasets").resolve(pd.getFolder());
    }

    public void delete(long id) {
        ProjectDataset pd = datasets.findById(id).orElseThrow(() -> new IllegalArgumentException("There is no dataset with id " + id + "."));
        access.require(pd.getProjectId(), ProjectRole.EDITOR, "delete datasets");
        Path folder = folder(pd);
        datasets.delete(pd);
        cache.remove(id);
        FileTrees.delete(folder);
        console.info("Deleted dataset " + pd.getName());
        listeners.forEach(Runnable::run);
    }

    /** Calls the listener after every import or deletion until the handle is run. */
    public Runnable addListener(Runnable listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void requireAcknowledged(boolean acknowledged, String what) {
        if (!acknowledged) {
            throw new IllegalArgumentException("The licence of " + what + " must be acknowledged before it is imported.");
        }
    }

    private void checkName(long projectId, String name) {
        nameProblem(projectId, name).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
    }

    private Path staging() {
        try {
            Path tmp = workspace.workspace().resolve("tmp");
            Files.createDirectories(tmp);
            return Files.createTempDirectory(tmp, "dataset-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a staging folder in the workspace: " + e.getMessage(), e);
        }
    }

    private static void copyData(DatasetLoader.Source located, Path to) throws IOException {
        Path from = located.path();
        if (Files.isDirectory(from)) {
            FileTrees.copy(from, to);
            return;
        }
        Files.createDirectories(to);
        String base = from.getFileName().toString().replaceFirst("\\.[^.]+$", "");
        List<Path> companions = DatasetLoader.companions(located);
        try (var siblings = Files.list(from.getParent())) {
            for (Path p : siblings.toList()) {
                String n = p.getFileName().toString();
                boolean sameBase = located.format() == DatasetFormat.RECBOLE && n.startsWith(base + ".");
                if (p.equals(from) || sameBase || companions.contains(p.toAbsolutePath().normalize())) {
                    Files.copy(p, to.resolve(n));
                }
            }
        }
    }

    private static String uniqueFolder(Path dir, String name) {
        String slug = name.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-").replaceAll("^[-.]+|-+$", "");
        if (slug.isEmpty()) {
            slug = "dataset";
        }
        String candidate = slug;
        for (int k = 2; Files.exists(dir.resolve(candidate)); k++) {
            candidate = slug + "-" + k;
        }
        return candidate;
    }

    private static void verifyFiles(DatasetDescriptor d, Path unpacked) throws IOException {
        for (Map.Entry<String, String> f : d.files().entrySet()) {
            Path found;
            try (var walk = Files.walk(unpacked)) {
                found = walk.filter(p -> p.getFileName().toString().equals(f.getKey())).findFirst()
                        .orElseThrow(() -> new IllegalStateException("The download of " + d.name() + " has no "
                                + f.getKey() + "; nothing was kept."));
            }
            String sha = Archives.sha256(found);
            if (!sha.equals(f.getValue())) {
                throw new IllegalStateException("The file " + f.getKey() + " in the download of " + d.name()
                        + " does not match its checksum (expected " + f.getValue() + ", got " + sha + "); nothing was kept.");
            }
        }
    }

    private static void verifyCounts(DatasetDescriptor d, DatasetStats s) {
        long[][] checks = {{value(d, "users"), s.users()}, {value(d, "items"), s.items()},
            {value(d, "interactions"), s.interactions()}};
        String[] names = {"users", "items", "interactions"};
        for (int k = 0; k < checks.length; k++) {
            if (checks[k][0] >= 0 && checks[k][0] != checks[k][1]) {
                throw new IllegalStateException(d.name() + " should have " + checks[k][0] + " " + names[k] + " but "
                        + checks[k][1] + " were read; nothing was kept.");
            }
        }
    }

    private static long value(DatasetDescriptor d, String key) {
        Long v = d.expect().get(key);
        return v == null ? -1 : v;
    }

    /**
     * The loaded data with what its publisher says (the named descriptor's domain and facts) and
     * the researcher's choice of domain, which wins over the descriptor's and the format's.
     */
    private Dataset described(Dataset d, String descriptorName, ReadSettings settings) {
        Dataset out = d;
        if (descriptorName != null) {
            out = descriptors.byName(descriptorName).map(x -> x.describe(d)).orElse(d);
        }
        Domain chosen = settings.domainOrNull();
        return chosen == null ? out : out.withDomain(chosen);
    }

    /** The interaction file of a generic CSV's folder: the one data file that is not its item file. */
    private static Path interactionsBeside(Path folder, String itemFile) {
        try (var files = Files.list(folder)) {
            List<Path> data = files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().equals(itemFile))
                    .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(csv|tsv|txt)$"))
                    .toList();
            if (data.size() != 1) {
                throw new IllegalStateException("The dataset folder " + folder + " should hold one interaction file beside "
                        + itemFile + " but holds " + data.size() + ".");
            }
            return data.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + folder + ": " + e.getMessage(), e);
        }
    }

    /** How a project's dataset is read: its column mapping, item file and chosen domain. */
    public ReadSettings readSettings(ProjectDataset pd) {
        return ReadSettings.fromJson(pd.getReadOptions());
    }
}
