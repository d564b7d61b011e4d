package org.recprompt.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.SpringTestBase;
import org.recprompt.prompt.TemplateService;
import org.recprompt.workspace.Project;
import org.recprompt.workspace.ProjectService;
import org.springframework.beans.factory.annotation.Autowired;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A run keeps its experiment by file (run.json's experiment_file), not by {@code name:}: a changed
 * name or a rename in the explorer keeps it resumable; a deleted file and a changed experiment are
 * refused with a sentence that says which.
 */
class RunExperimentLinkTest extends SpringTestBase {

    @Autowired
    ExperimentService experiments;
    @Autowired
    ProjectService projects;
    @Autowired
    TemplateService templates;

    @TempDir
    Path dir;

    final List<Long> created = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        created.forEach(projects::delete);
    }

    /** A project with one experiment, "stop-test", and its run, stopped half-way as a crash leaves it. */
    record Fixture(long project, Path run, long journalBytes) {
    }

    Fixture interruptedRun(String label) throws Exception {
        Project p = projects.create(label + " " + System.nanoTime(), "");
        created.add(p.getId());
        long id = p.getId();
        templates.importFromLibrary(id, "candidate-ranking");
        Path d = ExperimentFixtures.tinyMovies(dir.resolve("tiny"));
        experiments.create(id, "stop-test", ExperimentService.starter("stop-test", d.toString(),
                "../templates/candidate-ranking.mustache", false).replace("sample: 200", "sample: 10").replace("size: 20", "size: 5"));
        ExperimentRun run = experiments.start(id, experiments.prepare(id, "stop-test"), null);
        toEnd(run);
        Path folder = run.folder();
        Path manifest = folder.resolve(ExperimentRun.MANIFEST);
        Files.writeString(manifest, Files.readString(manifest).replace("\"complete\"", "\"running\""));
        Files.delete(folder.resolve("summary.json"));
        assertThat(experiments.info(folder).state()).isEqualTo("INTERRUPTED");
        return new Fixture(id, folder, Files.size(folder.resolve(RunJournal.FILE)));
    }

    ExperimentRun.Result toEnd(ExperimentRun r) throws Exception {
        ExperimentRun.Result result = r.await(Duration.ofSeconds(60));
        for (int i = 0; i < 50 && experiments.active(r.folder()).isPresent(); i++) {
            Thread.sleep(100);
        }
        return result;
    }

    static String link(Path run) throws IOException {
        return new ObjectMapper().readTree(run.resolve(ExperimentRun.MANIFEST).toFile()).path("experiment_file").asText();
    }

    @Test
    void a_changed_name_in_the_yaml_keeps_the_run_resumable() throws Exception {
        Fixture f = interruptedRun("Renamed name");
        assertThat(link(f.run())).isEqualTo("../../experiments/stop-test.yaml");
        Path yaml = experiments.file(f.project(), "stop-test");
        Files.writeString(yaml, Files.readString(yaml).replace("name: stop-test", "name: stop-test-renamed"));

        assertThat(experiments.experimentFile(f.project(), f.run())).isEqualTo(yaml);
        assertThat(toEnd(experiments.resume(f.project(), f.run())).state()).isEqualTo(RunProgress.State.COMPLETE);
        assertThat(experiments.info(f.run()).state()).isEqualTo("COMPLETE");
        assertThat(Files.size(f.run().resolve(RunJournal.FILE))).as("no call made again").isEqualTo(f.journalBytes());
    }

    @Test
    void a_rename_in_the_explorer_moves_the_runs_link_to_the_new_file() throws Exception {
        Fixture f = interruptedRun("Renamed file");
        experiments.rename(f.project(), "stop-test", "stop-test-2");

        assertThat(experiments.experiments(f.project())).containsExactly("stop-test-2");
        assertThat(link(f.run())).isEqualTo("../../experiments/stop-test-2.yaml");
        assertThat(experiments.nameProblem(f.project(), "stop-test")).as("the old name is free again").isEmpty();
        assertThat(toEnd(experiments.resume(f.project(), f.run())).state()).isEqualTo(RunProgress.State.COMPLETE);
        assertThat(Files.size(f.run().resolve(RunJournal.FILE))).isEqualTo(f.journalBytes());
    }

    @Test
    void a_deleted_experiment_file_is_named_and_the_resume_refused() throws Exception {
        Fixture f = interruptedRun("Deleted file");
        Files.move(experiments.file(f.project(), "stop-test"), dir.resolve("elsewhere.yaml"));

        assertThatThrownBy(() -> experiments.resume(f.project(), f.run())).isInstanceOf(IOException.class)
                .hasMessageContaining("The experiment file experiments/stop-test.yaml of run " + f.run().getFileName() + " is gone")
                .hasMessageContaining("put the file back");
        assertThat(experiments.info(f.run()).state()).isEqualTo("INTERRUPTED");
    }

    static void setLink(Path run, String link) throws IOException {
        Path manifest = run.resolve(ExperimentRun.MANIFEST);
        com.fasterxml.jackson.databind.node.ObjectNode m = (com.fasterxml.jackson.databind.node.ObjectNode) new ObjectMapper()
                .readTree(manifest.toFile());
        m.put("experiment_file", link);
        Files.writeString(manifest, m.toString());
    }

    @Test
    void a_link_out_of_the_experiments_folder_is_not_followed() throws Exception {
        Fixture f = interruptedRun("Hostile link");
        Path own = experiments.file(f.project(), "stop-test");
        Path evil = Files.writeString(dir.resolve("evil.yaml"), "name: evil\n");
        Path sneaky = Files.createSymbolicLink(experiments.experimentsFolder(f.project()).resolve("sneaky.yaml"), evil);
        String up = f.run().toAbsolutePath().relativize(evil.toAbsolutePath()).toString();
        assertThat(up).startsWith("../../../");

        for (String hostile : List.of(evil.toAbsolutePath().toString(), up, "../../experiments/../../../" + up, "../../experiments/sneaky.yaml")) {
            setLink(f.run(), hostile);
            assertThat(experiments.experimentFile(f.project(), f.run())).as(hostile).isEqualTo(own);
        }

        Files.delete(sneaky);
        Files.move(own, dir.resolve("away.yaml"));
        setLink(f.run(), up);
        assertThatThrownBy(() -> experiments.resume(f.project(), f.run())).isInstanceOf(IOException.class)
                .hasMessageContaining("links to an experiment file outside the project's experiments folder")
                .hasMessageContaining("no experiment of the project is named stop-test");
        assertThat(experiments.info(f.run()).state()).isEqualTo("INTERRUPTED");
    }

    @Test
    void an_experiment_changed_since_the_run_started_is_refused_with_what_changed() throws Exception {
        Fixture f = interruptedRun("Changed");
        Path yaml = experiments.file(f.project(), "stop-test");
        Files.writeString(yaml, Files.readString(yaml).replace("size: 5", "size: 6").replace("name: stop-test", "name: other"));

        assertThatThrownBy(() -> experiments.resume(f.project(), f.run())).isInstanceOf(IOException.class)
                .hasMessageContaining("the experiment's candidates changed since it started")
                .hasMessageContaining("would mix answers of two experiments");
        assertThat(Files.size(f.run().resolve(RunJournal.FILE))).isEqualTo(f.journalBytes());
    }
}
