package org.recprompt.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.SpringTestBase;
import org.recprompt.base.BackgroundJobs;
import org.recprompt.base.ConsoleLog;
import org.recprompt.dataset.DatasetService;
import org.recprompt.dataset.ProjectDataset;
import org.recprompt.prompt.TemplateService;
import org.recprompt.workspace.Project;
import org.recprompt.workspace.ProjectService;
import org.recprompt.workspace.UiSettings;
import org.springframework.beans.factory.annotation.Autowired;

/** The sample project of a first start carries its dataset, and its experiment reads that dataset. */
class SampleProjectTest extends SpringTestBase {

    @Autowired
    ProjectService projects;
    @Autowired
    TemplateService templates;
    @Autowired
    ExperimentService experiments;
    @Autowired
    DatasetService datasets;
    @Autowired
    BackgroundJobs jobs;
    @Autowired
    UiSettings settings;
    @Autowired
    ConsoleLog console;

    @TempDir
    Path dir;

    final List<Long> created = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        created.forEach(projects::delete);
    }

    /** A MovieLens-latest-shaped folder: 12 users, 40 movies. */
    Path fixture() throws Exception {
        Path d = ExperimentFixtures.tinyMovies(dir.resolve("small-movies"));
        return d;
    }

    @Test
    void a_first_start_creates_the_project_at_once_and_imports_its_dataset_in_the_background() throws Exception {
        Path data = fixture();
        // the bean as Spring builds it with recprompt.sample-dataset pointing at the fixture
        SampleProject sample = new SampleProject(projects, templates, experiments, datasets, jobs, settings, console, true,
                data.toString());
        BackgroundJobs.Job job = sample.create();
        Project p = projects.list().stream().filter(x -> x.getName().startsWith(SampleProject.NAME)).findFirst().orElseThrow();
        created.add(p.getId());
        assertThat(settings.get(SampleProject.DONE)).contains("true");
        assertThat(templates.list(p.getId())).extracting(t -> t.getName()).contains("candidate-ranking");
        for (int i = 0; i < 300 && !job.state().isFinished(); i++) {
            Thread.sleep(50);
        }
        assertThat(job.state()).isEqualTo(BackgroundJobs.State.DONE);

        List<ProjectDataset> ds = datasets.list(p.getId());
        assertThat(ds).hasSize(1);
        ProjectDataset d = ds.get(0);
        assertThat(d.getName()).isEqualTo(SampleProject.DATASET);
        assertThat(d.getUsers()).isEqualTo(12);
        assertThat(d.getItems()).isEqualTo(40);
        assertThat(d.getLicenceAcknowledgedAt()).isNotNull();
        Path copy = datasets.folder(d);
        assertThat(copy).startsWith(projects.folder(p)); // copied into the project, not read from the shared folder
        assertThat(copy.resolve("ratings.csv")).exists();
        assertThat(datasets.load(d).users().size()).isEqualTo(12);
        assertThat(p.getDescription()).contains("acknowledged its licence for you");

        String text = experiments.read(p.getId(), SampleProject.EXPERIMENT);
        assertThat(text).contains("path: \"" + copy.toAbsolutePath().toString().replace("\\", "/") + "\"")
                .doesNotContain(data.toString());
        experiments.validate(p.getId(), SampleProject.EXPERIMENT, text);
        RunSetup setup = experiments.prepare(p.getId(), SampleProject.EXPERIMENT);
        assertThat(setup.dataset().users().size()).isEqualTo(12);
    }
}
