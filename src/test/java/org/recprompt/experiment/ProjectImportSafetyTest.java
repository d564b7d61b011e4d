package org.recprompt.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.SpringTestBase;
import org.recprompt.backend.BackendConfigService;
import org.recprompt.base.ConsoleLog;
import org.recprompt.dataset.DatasetService;
import org.recprompt.prompt.TemplateService;
import org.recprompt.prompt.fewshot.FewShotService;
import org.recprompt.workspace.Project;
import org.recprompt.workspace.ProjectService;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Import project trusts nothing in the archive: a symbolic link, an entry outside it (zip slip,
 * absolute names) and a zip bomb are refused with one sentence, nothing is half imported and the
 * temporary folder is gone; export never replaces a file it was not told to.
 */
class ProjectImportSafetyTest extends SpringTestBase {

    static final String PROJECT = "name: Shared study\ndescription: from a colleague\n";

    @Autowired
    ProjectService projects;
    @Autowired
    TemplateService templates;
    @Autowired
    FewShotService fewShots;
    @Autowired
    BackendConfigService backends;
    @Autowired
    DatasetService datasets;
    @Autowired
    ExperimentService experiments;
    @Autowired
    ConsoleLog console;

    @TempDir
    Path dir;

    ProjectArchive archive;
    Set<String> tempBefore;

    @BeforeEach
    void archive() throws IOException {
        projects.list().forEach(p -> projects.delete(p.getId()));
        archive = new ProjectArchive(projects, templates, fewShots, backends, datasets, experiments, console, Clock.systemUTC(),
                5L * 1024 * 1024, 50);
        tempBefore = importTemps();
    }

    @AfterEach
    void noTemporaryFolderIsLeft() throws IOException {
        assertThat(importTemps()).isSubsetOf(tempBefore);
        assertThat(projects.list()).extracting(Project::getName).doesNotContain("Shared study");
    }

    static Set<String> importTemps() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("recprompt-import")).collect(Collectors.toSet());
        }
    }

    static Path zip(Path file, Map<String, byte[]> entries) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return file;
    }

    /** Marks the central directory record of {@code name} as a Unix symbolic link (as `zip --symlinks` writes it). */
    static void markSymlink(Path zip, String name) throws IOException {
        byte[] bytes = Files.readAllBytes(zip);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
        boolean marked = false;
        for (int i = 0; i + 46 < bytes.length; i++) {
            if (b.getInt(i) == 0x02014b50 && (b.getShort(i + 28) & 0xffff) == wanted.length
                    && new String(bytes, i + 46, wanted.length, StandardCharsets.UTF_8).equals(name)) {
                b.putShort(i + 4, (short) (3 << 8 | 20)); // made by Unix
                b.putInt(i + 38, 0120777 << 16); // lrwxrwxrwx
                marked = true;
            }
        }
        assertThat(marked).isTrue();
        Files.write(zip, bytes);
    }

    static Map<String, byte[]> project(String extraName, byte[] extra) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("project.yaml", PROJECT.getBytes(StandardCharsets.UTF_8));
        m.put(extraName, extra);
        return m;
    }

    @Test
    void a_symbolic_link_entry_is_refused_and_nothing_is_imported() throws IOException {
        Path z = zip(dir.resolve("link.zip"), project("templates/secret.mustache", "/etc/passwd".getBytes(StandardCharsets.UTF_8)));
        markSymlink(z, "templates/secret.mustache");

        assertThatThrownBy(() -> archive.importFrom(z)).isInstanceOf(IOException.class)
                .hasMessage(z + ": entry templates/secret.mustache is a symbolic link; an archive to import holds plain files only,"
                        + " so nothing was imported.");
    }

    @Test
    void a_folder_holding_a_symbolic_link_is_refused() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("exported"));
        Files.writeString(folder.resolve("project.yaml"), PROJECT);
        Files.createDirectories(folder.resolve("templates"));
        Path outside = Files.writeString(dir.resolve("outside.txt"), "server file {{user}}");
        Files.createSymbolicLink(folder.resolve("templates/read.mustache"), outside);

        assertThatThrownBy(() -> archive.importFrom(folder)).hasMessageContaining("read.mustache is a symbolic link")
                .hasMessageNotContaining("server file");
    }

    @Test
    void entries_outside_the_archive_are_refused_before_anything_is_written_outside() throws IOException {
        for (String name : List.of("../escaped.txt", "templates/../../escaped.txt", "/tmp/escaped-abs.txt", "C:/escaped.txt",
                "templates\\..\\..\\escaped.txt")) {
            Path z = zip(dir.resolve("slip.zip"), project(name, "owned".getBytes(StandardCharsets.UTF_8)));
            assertThatThrownBy(() -> archive.importFrom(z)).as(name).hasMessageContaining("points outside the archive")
                    .hasMessageContaining("nothing was imported");
            Files.delete(z);
        }
        assertThat(dir.resolve("escaped.txt")).doesNotExist();
        assertThat(Path.of(System.getProperty("java.io.tmpdir")).resolve("escaped.txt")).doesNotExist();
    }

    @Test
    void a_zip_bomb_stops_at_the_size_limit_and_too_many_entries_at_the_entry_limit() throws IOException {
        Path bomb = zip(dir.resolve("bomb.zip"), project("runs/r/responses.jsonl", new byte[64 * 1024 * 1024]));
        assertThat(Files.size(bomb)).isLessThan(1024 * 1024);

        assertThatThrownBy(() -> archive.importFrom(bomb))
                .hasMessage(bomb + " unpacks to more than 5 MB, the import limit (RECPROMPT_IMPORT_MAX_BYTES and"
                        + " RECPROMPT_IMPORT_MAX_ENTRIES raise it), so nothing was imported.");

        Map<String, byte[]> many = project("templates/a.mustache", new byte[0]);
        for (int i = 0; i < 60; i++) {
            many.put("runs/r/" + i + ".txt", new byte[] {1});
        }
        Path crowded = zip(dir.resolve("many.zip"), many);
        assertThatThrownBy(() -> archive.importFrom(crowded)).hasMessageContaining("holds more than 50 files, the import limit");
    }

    @Test
    void a_failure_after_the_project_was_created_removes_it() throws IOException {
        Path z = zip(dir.resolve("half.zip"), project("backends.yaml", "backends: [ { name: x, type: nonsense } ]".getBytes()));

        assertThatThrownBy(() -> archive.importFrom(z)).isNotNull();
    }

    @Test
    void export_never_replaces_an_existing_file_unless_asked() throws IOException {
        Project p = projects.create("Exported once", "");
        try {
            Path target = Files.writeString(dir.resolve("keep.zip"), "precious");

            assertThatThrownBy(() -> archive.export(p.getId(), target)).isInstanceOf(FileAlreadyExistsException.class)
                    .hasMessageContaining("already exists");
            assertThat(Files.readString(target)).isEqualTo("precious");
            assertThat(dir.resolve(".keep.zip.part")).doesNotExist();

            archive.export(p.getId(), target, true);
            assertThat(Files.readString(target, StandardCharsets.ISO_8859_1)).startsWith("PK");
        } finally {
            projects.delete(p.getId());
        }
    }
}
