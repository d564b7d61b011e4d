package org.recprompt.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Experiments and runs kept in a project: files, runs listed with their state, resume, export and import. */
class ExperimentServiceTest extends SpringTestBase {

    @Autowired
    ExperimentService experiments;
    @Autowired
    ProjectArchive archive;
    @Autowired
    ProjectService projects;
    @Autowired
    TemplateService templates;
    @Autowired
    SampleProject sample;

    @TempDir
    Path dir;

    final List<Long> created = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        created.forEach(projects::delete);
    }

    Path dataset() throws Exception {
        Path d = ExperimentFixtures.tinyMovies(dir.resolve("tiny"));
        return d;
    }

    long project(String name) {
        Project p = projects.create(name, "");
        created.add(p.getId());
        return p.getId();
    }

    String experiment(Path data) {
        return ExperimentService.starter("baselines", data.toString(), "../templates/candidate-ranking.mustache", false)
                .replace("sample: 200", "sample: 10").replace("size: 20", "size: 5");
    }

    ExperimentRun.Result runToEnd(ExperimentRun r) throws Exception {
        ExperimentRun.Result result = r.await(Duration.ofSeconds(60));
        for (int i = 0; i < 50 && experiments.active(r.folder()).isPresent(); i++) {
            Thread.sleep(100);
        }
        return result;
    }

    @Test
    void an_experiment_is_a_file_checked_by_key_and_line_and_its_run_is_listed_complete() throws Exception {
        long id = project("Experiments " + System.nanoTime());
        templates.importFromLibrary(id, "candidate-ranking");
        Path data = dataset();
        experiments.create(id, "baselines", experiment(data));
        assertThat(experiments.experiments(id)).containsExactly("baselines");
        assertThat(experiments.file(id, "baselines")).exists();
        assertThat(experiments.nameProblem(id, "baselines")).get().asString().contains("already has");
        assertThat(experiments.nameProblem(id, "a/b")).isPresent();
        experiments.validate(id, "baselines", experiments.read(id, "baselines"));
        assertThatThrownBy(() -> experiments.validate(id, "baselines",
                experiments.read(id, "baselines").replace("type: most-popular", "type: mostest-popular")))
                .isInstanceOf(ExperimentException.class).hasMessageContaining("line").hasMessageContaining("type");

        ExperimentRun run = experiments.start(id, experiments.prepare(id, "baselines"), null);
        assertThat(runToEnd(run).state()).isEqualTo(RunProgress.State.COMPLETE);
        List<ExperimentService.RunInfo> runs = experiments.runs(id);
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).isComplete()).isTrue();
        assertThat(runs.get(0).summary()).get().satisfies(s -> assertThat(s.path("variants")).hasSize(3));
    }

    @Test
    void a_run_left_running_by_a_crash_is_listed_interrupted_and_resumes_to_the_same_results() throws Exception {
        long id = project("Interrupted " + System.nanoTime());
        templates.importFromLibrary(id, "candidate-ranking");
        experiments.create(id, "baselines", experiment(dataset()));
        ExperimentRun run = experiments.start(id, experiments.prepare(id, "baselines"), null);
        runToEnd(run);
        Path folder = run.folder();
        JsonNode before = new ObjectMapper().readTree(folder.resolve("summary.json").toFile());
        // What a crash leaves: the manifest still says running, no summary.
        Path manifest = folder.resolve(ExperimentRun.MANIFEST);
        Files.writeString(manifest, Files.readString(manifest).replace("\"complete\"", "\"running\""));
        Files.delete(folder.resolve("summary.json"));
        long journal = Files.size(folder.resolve(RunJournal.FILE));
        assertThat(experiments.info(folder).state()).isEqualTo("INTERRUPTED");
        assertThat(experiments.info(folder).isResumable()).isTrue();

        runToEnd(experiments.resume(id, folder));
        assertThat(experiments.info(folder).state()).isEqualTo("COMPLETE");
        assertThat(Files.size(folder.resolve(RunJournal.FILE))).as("no call made again").isEqualTo(journal);
        JsonNode after = new ObjectMapper().readTree(folder.resolve("summary.json").toFile());
        assertThat(after.path("variants")).isEqualTo(before.path("variants"));
    }

    @Test
    void an_exported_project_imported_elsewhere_reproduces_its_metrics_from_stored_answers() throws Exception {
        long id = project("Exported " + System.nanoTime());
        templates.importFromLibrary(id, "candidate-ranking");
        experiments.create(id, "baselines", experiment(dataset()));
        ExperimentRun run = experiments.start(id, experiments.prepare(id, "baselines"), null);
        runToEnd(run);
        JsonNode original = new ObjectMapper().readTree(run.folder().resolve("summary.json").toFile());

        Path zip = archive.export(id, dir.resolve("out").resolve("project.zip"));
        assertThat(zip).exists();
        Project imported = archive.importFrom(zip);
        created.add(imported.getId());
        assertThat(imported.getName()).startsWith("Exported ").endsWith("(2)");
        assertThat(templates.list(imported.getId())).extracting(t -> t.getName()).containsExactly("candidate-ranking");
        assertThat(experiments.experiments(imported.getId())).containsExactly("baselines");
        List<ExperimentService.RunInfo> runs = experiments.runs(imported.getId());
        assertThat(runs).hasSize(1);
        Path copy = runs.get(0).folder();
        long journal = Files.size(copy.resolve(RunJournal.FILE));
        Files.delete(copy.resolve("summary.json"));

        runToEnd(experiments.resume(imported.getId(), copy));
        assertThat(Files.size(copy.resolve(RunJournal.FILE))).as("re-evaluated with no call").isEqualTo(journal);
        JsonNode again = new ObjectMapper().readTree(copy.resolve("summary.json").toFile());
        assertThat(again.path("variants")).isEqualTo(original.path("variants"));

        Path folderExport = archive.export(id, dir.resolve("folder-export"));
        assertThat(folderExport.resolve("project.yaml")).exists();
        assertThat(folderExport.resolve("experiments/baselines.yaml")).exists();
        assertThat(folderExport.resolve("templates/candidate-ranking.mustache")).exists();
        assertThat(Files.readString(folderExport.resolve("backends.yaml"))).doesNotContain("secret");
        assertThatThrownBy(() -> archive.importFrom(dir)).hasMessageContaining("no project.yaml");
    }

    @Test
    void the_sample_project_holds_a_runnable_experiment_with_the_four_offline_rankers() throws Exception {
        Path data = dataset();
        Project p = sample.createFor(data);
        created.add(p.getId());
        String text = experiments.read(p.getId(), SampleProject.EXPERIMENT);
        assertThat(text).contains("type: random", "type: most-popular", "type: item-knn", "type: semantic");
        experiments.validate(p.getId(), SampleProject.EXPERIMENT, text);
    }
}
