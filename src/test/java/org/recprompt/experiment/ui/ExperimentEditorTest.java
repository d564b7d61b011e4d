package org.recprompt.experiment.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.recprompt.KaribuTestBase;
import org.recprompt.base.BackgroundJobs;
import org.recprompt.base.ConsoleLog;
import org.recprompt.base.ui.CodeEditor;
import org.recprompt.experiment.ExperimentSchema;
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
        assertThat(editor.isInvalid()).isTrue();
        assertThat(editor.save()).isFalse();
        assertThat(Files.readString(experiments.file(project.getId(), "small"))).isEqualTo(small);
    }

    @Test
    void the_yaml_is_in_the_code_editor_with_the_schema_and_a_problem_marked_at_its_line() throws Exception {
        String text = """
                name: marked
                dataset: data
                backends:
                  - { id: pop, type: most-popular }
                k: [5, 10]
                """;
        experiments.create(project.getId(), "marked", text);
        ExperimentEditor editor = new ExperimentEditor(experiments, jobs, console, project.getId(), "marked", run -> { });
        editor.offerTemplates(List.of(new ExperimentSchema.Entry("../templates/t.mustache", "the project's template")));

        assertThat(editor.yaml.getMode()).isEqualTo(CodeEditor.Mode.YAML);
        assertThat(editor.yaml.getSchemaKeys().get("")).extracting(CodeEditor.Completion::label).contains("dataset", "backends");
        assertThat(editor.yaml.getSchemaValues().get("backends[].type")).extracting(CodeEditor.Completion::label)
                .contains("most-popular", "openai-compatible");
        assertThat(editor.yaml.getSchemaValues().get("templates[]")).extracting(CodeEditor.Completion::label)
                .containsExactly("../templates/t.mustache");

        editor.yaml.setValue(text.replace("k: [5, 10]", "users:\n  sample: 5\n  seed: 3\nk: [5, 10]\nextra: a: b"));
        assertThat(editor.isInvalid()).isTrue();
        assertThat(editor.status.getText()).isEqualTo("marked.yaml, line 9: not valid YAML: mapping values are not allowed here"
                + " (column 9)");
        assertThat(editor.yaml.getProblems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(9);
            assertThat(p.message()).isEqualTo("not valid YAML: mapping values are not allowed here (column 9)");
            assertThat(p.error()).isTrue();
        });

        editor.yaml.setValue(text.replace("type: most-popular", "type: most-popular, concurency: 2"));
        assertThat(editor.yaml.getProblems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(4);
            assertThat(p.message()).startsWith("backends[1].concurency: unknown key (did you mean 'concurrency'?)");
        });

        editor.yaml.setValue(text);
        assertThat(editor.yaml.getProblems()).as("the parse is fine; the dataset is missing").singleElement()
                .satisfies(p -> assertThat(p.line()).isEqualTo(2));
    }
}
