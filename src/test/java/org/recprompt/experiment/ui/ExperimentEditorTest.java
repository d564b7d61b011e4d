package org.recprompt.experiment.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.recprompt.KaribuTestBase;
import org.recprompt.base.BackgroundJobs;
import org.recprompt.base.ConsoleLog;
import org.recprompt.experiment.ExperimentService;
import org.recprompt.experiment.ExperimentYaml;
import org.recprompt.workspace.Project;
import org.recprompt.workspace.ProjectService;
import org.springframework.beans.factory.annotation.Autowired;

/** The experiment tab refuses typed or pasted text over the size limit: said in its status, never parsed or saved. */
class ExperimentEditorTest extends KaribuTestBase {

    @Autowired
    ProjectService projects;
    @Autowired
    ExperimentService experiments;
    @Autowired
    BackgroundJobs jobs;
    @Autowired
    ConsoleLog console;

    Project project;

    @BeforeEach
    void project() {
        projects.list().forEach(p -> projects.delete(p.getId()));
        project = projects.create("Size limit", "");
    }

    @Test
    void text_over_the_limit_is_refused_in_the_status_and_not_saved() throws Exception {
        String small = "name: small\n";
        experiments.create(project.getId(), "small", small);
        ExperimentEditor editor = new ExperimentEditor(experiments, jobs, console, project.getId(), "small", run -> { });
        String big = "name: big\ndescription: \"" + "x".repeat((int) ExperimentYaml.MAX_BYTES) + "\"\n";
        editor.yaml.setValue(big);
        assertThat(editor.status.getText()).startsWith("small.yaml: is 1,048,602 bytes").contains("above the 1 MB limit");
        assertThat(editor.yaml.isInvalid()).isTrue();
        assertThat(editor.save()).isFalse();
        assertThat(Files.readString(experiments.file(project.getId(), "small"))).isEqualTo(small);
    }
}
