package org.recprompt.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.recprompt.SpringTestBase;
import org.recprompt.base.ConsoleLog;
import org.springframework.beans.factory.annotation.Autowired;

class ProjectServiceTest extends SpringTestBase {

    @Autowired
    ProjectService projects;

    @Autowired
    ConsoleLog console;

    final List<ProjectService.ProjectChange> changes = new ArrayList<>();
    Runnable unsubscribe;

    @BeforeEach
    void listen() {
        projects.list().forEach(p -> projects.delete(p.getId()));
        unsubscribe = projects.addListener(changes::add);
    }

    @AfterEach
    void stopListening() {
        unsubscribe.run();
    }

    @Test
    void a_created_project_is_listed_stored_with_a_clean_name_and_gets_a_folder() {
        Project p = projects.create("  Popularity   bias on ML-100K ", "ARP against beta");

        assertThat(p.getId()).isNotNull();
        assertThat(p.getName()).isEqualTo("Popularity bias on ML-100K");
        assertThat(projects.list()).extracting(Project::getName).containsExactly("Popularity bias on ML-100K");
        assertThat(projects.find(p.getId())).get().extracting(Project::getDescription).isEqualTo("ARP against beta");
        assertThat(projects.folder(p)).isDirectory().startsWith(WORKSPACE);
        assertThat(changes).extracting(ProjectService.ProjectChange::kind).containsExactly(ProjectService.ProjectChange.Kind.CREATED);
        assertThat(console.lines()).last().extracting(ConsoleLog.Line::message)
                .isEqualTo("Created project Popularity bias on ML-100K");
    }

    @Test
    void projects_are_listed_by_name_regardless_of_case() {
        projects.create("beta", "");
        projects.create("Alpha", "");
        projects.create("gamma", "");

        assertThat(projects.list()).extracting(Project::getName).containsExactly("Alpha", "beta", "gamma");
    }

    @Test
    void empty_duplicate_and_over_long_names_are_refused_with_a_message_and_nothing_is_stored() {
        projects.create("Cold start", "");
        changes.clear();

        assertThatThrownBy(() -> projects.create("   ", "")).isInstanceOf(ProjectValidationException.class)
                .hasMessage("A project needs a name.");
        assertThatThrownBy(() -> projects.create("COLD START", "")).isInstanceOf(ProjectValidationException.class)
                .hasMessage("A project named \"Cold start\" already exists.");
        assertThatThrownBy(() -> projects.create("x".repeat(81), "")).isInstanceOf(ProjectValidationException.class)
                .hasMessage("A project name can have at most 80 characters (this one has 81).");
        assertThat(projects.create("x".repeat(80), "").getName()).hasSize(80);

        assertThat(projects.list()).hasSize(2);
        assertThat(changes).hasSize(1);
    }

    @Test
    void renaming_keeps_the_id_allows_a_change_of_case_and_refuses_another_projects_name() {
        Project a = projects.create("Fairness", "");
        projects.create("Privacy", "");

        Project renamed = projects.rename(a.getId(), "FAIRNESS probes");
        assertThat(renamed.getId()).isEqualTo(a.getId());
        assertThat(projects.rename(a.getId(), "fairness PROBES").getName()).isEqualTo("fairness PROBES");
        assertThatThrownBy(() -> projects.rename(a.getId(), "privacy"))
                .isInstanceOf(ProjectValidationException.class).extracting("field").isEqualTo("name");
        assertThat(projects.find(a.getId())).get().extracting(Project::getName).isEqualTo("fairness PROBES");
    }

    @Test
    void update_checks_the_name_before_storing_either_field() {
        Project a = projects.create("One", "first");
        projects.create("Two", "");

        assertThatThrownBy(() -> projects.update(a.getId(), "two", "changed"))
                .isInstanceOf(ProjectValidationException.class);
        assertThat(projects.find(a.getId())).get().extracting(Project::getDescription).isEqualTo("first");

        projects.update(a.getId(), "One", "changed");
        assertThat(projects.find(a.getId())).get().extracting(Project::getDescription).isEqualTo("changed");
    }

    @Test
    void deleting_removes_the_project_and_its_folder_and_tells_listeners() throws Exception {
        Project p = projects.create("Echo chambers", "");
        Path folder = projects.folder(p);
        Files.writeString(folder.resolve("notes.txt"), "round 3 looks narrow");

        projects.delete(p.getId());

        assertThat(projects.find(p.getId())).isEmpty();
        assertThat(folder).doesNotExist();
        assertThat(changes).extracting(ProjectService.ProjectChange::kind)
                .containsExactly(ProjectService.ProjectChange.Kind.CREATED, ProjectService.ProjectChange.Kind.DELETED);
        assertThatThrownBy(() -> projects.delete(p.getId())).hasMessage("There is no project with id " + p.getId() + ".");
    }
}
