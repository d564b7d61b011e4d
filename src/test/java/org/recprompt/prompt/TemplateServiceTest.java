package org.recprompt.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.recprompt.SpringTestBase;
import org.recprompt.workspace.Project;
import org.recprompt.workspace.ProjectService;
import org.springframework.beans.factory.annotation.Autowired;

class TemplateServiceTest extends SpringTestBase {

    @Autowired
    TemplateService templates;

    @Autowired
    ProjectService projects;

    Project project;

    @BeforeEach
    void project() {
        projects.list().forEach(p -> projects.delete(p.getId()));
        project = projects.create("Templates", "");
    }

    @Test
    void a_library_template_is_copied_into_the_project_as_its_first_version() {
        ProjectTemplate t = templates.importFromLibrary(project.getId(), "candidate-ranking");

        PromptTemplate shipped = templates.library().byName("candidate-ranking").orElseThrow();
        assertThat(t.getName()).isEqualTo("candidate-ranking");
        assertThat(t.getCurrentVersion()).isEqualTo(shipped.version());
        assertThat(templates.text(t)).isEqualTo(shipped.text());
        assertThat(t.getOrigin()).isEqualTo("library:candidate-ranking");
        assertThat(templates.list(project.getId())).extracting(ProjectTemplate::getName).containsExactly("candidate-ranking");
    }

    @Test
    void every_changed_save_keeps_a_new_version_and_an_unchanged_save_keeps_the_current_one() {
        ProjectTemplate t = templates.create(project.getId(), TemplateService.STARTER.formatted("mine"), "new");
        String first = t.getCurrentVersion();
        String edited = templates.text(t).replace("You are {{a_domain}}", "You are an expert {{domain}}");

        ProjectTemplate second = templates.save(t.getId(), edited);
        ProjectTemplate again = templates.save(t.getId(), edited);

        assertThat(second.getCurrentVersion()).isNotEqualTo(first).isEqualTo(PromptTemplate.parse(edited, "x").version());
        assertThat(again.getCurrentVersion()).isEqualTo(second.getCurrentVersion());
        assertThat(templates.versions(t.getId())).extracting(TemplateVersion::getVersion)
                .containsExactlyInAnyOrder(first, second.getCurrentVersion());
        assertThat(templates.text(t.getId(), first)).contains("You are {{a_domain}}");
        assertThat(templates.file(again)).hasContent(edited.strip().isEmpty() ? "" : PromptTemplate.parse(edited, "x").text());
    }

    @Test
    void text_that_does_not_parse_or_takes_another_templates_name_is_refused() {
        ProjectTemplate a = templates.create(project.getId(), TemplateService.STARTER.formatted("a"), "new");
        templates.create(project.getId(), TemplateService.STARTER.formatted("b"), "new");

        assertThatThrownBy(() -> templates.save(a.getId(), "no front matter")).isInstanceOf(TemplateException.class)
                .hasMessageContaining("line 1");
        assertThatThrownBy(() -> templates.save(a.getId(), TemplateService.STARTER.formatted("B")))
                .hasMessageContaining("already has a template named b");
        assertThat(templates.versions(a.getId())).hasSize(1);
    }

    @Test
    void deleting_a_project_deletes_its_templates() {
        ProjectTemplate t = templates.importFromLibrary(project.getId(), "candidate-ranking");
        projects.delete(project.getId());
        assertThat(templates.find(t.getId())).isEmpty();
        assertThat(templates.versions(t.getId())).isEmpty();
    }
}
