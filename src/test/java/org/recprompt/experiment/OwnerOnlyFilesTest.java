package org.recprompt.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.base.OwnerOnly;
import org.recprompt.workspace.WorkspaceLock;

/** The workspace, its database folder and run folders (journal, answers, egress log) are readable by their owner only. */
class OwnerOnlyFilesTest {

    @TempDir
    Path dir;

    static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void a_new_workspace_its_database_folder_and_lock_are_the_owners_only() throws Exception {
        Path existing = Files.createDirectories(dir.resolve("home"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path ws = existing.resolve("new/workspace");
        try (WorkspaceLock lock = WorkspaceLock.acquire(ws)) {
            assertThat(mode(ws)).isEqualTo("rwx------");
            assertThat(mode(existing.resolve("new"))).as("a parent it created").isEqualTo("rwx------");
            assertThat(mode(ws.resolve("db"))).isEqualTo("rwx------");
            try (Stream<Path> files = Files.list(ws)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    assertThat(mode(f)).as(f.toString()).isEqualTo("rw-------");
                }
            }
        }
        assertThat(mode(existing)).as("an existing folder is left alone").isEqualTo("rwxr-xr-x");
    }

    @Test
    void an_existing_database_folder_is_tightened_when_the_workspace_is_opened() throws Exception {
        Path ws = Files.createDirectories(dir.resolve("old"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path runs = Files.createDirectories(ws.resolve("projects/1/runs/r1"));
        Files.writeString(runs.resolve("journal.jsonl"), "{}\n");
        Path db = Files.createDirectories(ws.resolve("db"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path file = Files.writeString(db.resolve("workbench.mv.db"), "x");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        try (WorkspaceLock lock = WorkspaceLock.acquire(ws)) {
            assertThat(mode(db)).isEqualTo("rwx------");
            assertThat(mode(file)).isEqualTo("rw-------");
            assertThat(mode(ws)).as("the workspace root of a workspace made before: nothing in it reachable by others")
                    .isEqualTo("rwx------");
        }
    }

    @Test
    void a_run_folder_and_every_file_in_it_are_the_owners_only() throws Exception {
        Path data = ExperimentFixtures.dataset(dir, 6);
        Path tpl = ExperimentFixtures.template(dir, "ranking");
        try (var server = new ExperimentFixtures.FakeOpenAi(0)) {
            Path exp = ExperimentFixtures.experiment(dir, data, tpl, 6, "{ id: pop, type: most-popular }",
                    "{ id: llm, type: openai, baseUrl: \"" + server.baseUrl() + "\", model: m }");
            RunSetup setup = RunSetup.prepare(ExperimentFile.load(exp, dir), RunEnvironment.offline());
            Path out = dir.resolve("runs/first");

            ExperimentRunTest.runToEnd(setup, out, false, null);

            assertThat(mode(out)).isEqualTo("rwx------");
            assertThat(mode(dir.resolve("runs"))).isEqualTo("rwx------");
            List<Path> files;
            try (Stream<Path> s = Files.walk(out)) {
                files = s.filter(Files::isRegularFile).toList();
            }
            assertThat(files).extracting(p -> p.getFileName().toString())
                    .contains(RunJournal.FILE, "responses.jsonl", "summary.json", "recommendations.csv");
            for (Path f : files) {
                assertThat(mode(f)).as(f.getFileName().toString()).isEqualTo("rw-------");
            }
        }
        assertThat(OwnerOnly.fileAttributes()).hasSize(1);
    }
}
