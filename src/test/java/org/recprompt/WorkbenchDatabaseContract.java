package org.recprompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.backend.BackendConfig;
import org.recprompt.backend.BackendConfigService;
import org.recprompt.backend.BackendSettings;
import org.recprompt.backend.BackendType;
import org.recprompt.base.ProgressMonitor;
import org.recprompt.dataset.DatasetService;
import org.recprompt.dataset.ProjectDataset;
import org.recprompt.dataset.io.ColumnMapping;
import org.recprompt.prompt.ProjectTemplate;
import org.recprompt.prompt.TemplateService;
import org.recprompt.prompt.fewshot.FewShotExample;
import org.recprompt.prompt.fewshot.FewShotService;
import org.recprompt.prompt.fewshot.FewShotSet;
import org.recprompt.prompt.fewshot.ProjectFewShotSet;
import org.recprompt.workspace.Project;
import org.recprompt.workspace.ProjectService;
import org.recprompt.workspace.UiSettings;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The workbench's JPA entities on a workspace database: the same assertions on H2 ({@code H2WorkbenchDatabaseTest})
 * and on PostgreSQL ({@code PostgresWorkbenchDatabaseTest}); each starts the whole Spring context on its database,
 * so Hibernate's schema validation of every entity against that database's migrations is checked too.
 */
@SpringBootTest
abstract class WorkbenchDatabaseContract {

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
    UiSettings uiSettings;

    @TempDir
    Path dir;

    @Test
    void projects_templates_few_shot_sets_backends_and_datasets_are_stored_and_read_back() throws Exception {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Project project = projects.create("Shared study " + System.nanoTime(), "a group's study");
        project = projects.setLocalOnly(project.getId(), true);
        Project read = projects.find(project.getId()).orElseThrow();
        assertThat(read.getDescription()).isEqualTo("a group's study");
        assertThat(read.isLocalOnly()).isTrue();
        assertThat(read.getCreatedAt()).isAfterOrEqualTo(before).isBefore(before.plusSeconds(120));

        // a template's text is a long string: CLOB on H2, TEXT on PostgreSQL
        String library = templates.library().all().get(0).name();
        ProjectTemplate t = templates.importFromLibrary(project.getId(), library);
        String longer = templates.text(t) + "\nRemember: " + "a long note ".repeat(3_000) + "\n";
        ProjectTemplate saved = templates.save(t.getId(), longer);
        assertThat(saved.getCurrentVersion()).isNotEqualTo(t.getCurrentVersion());
        assertThat(templates.versions(t.getId())).hasSize(2);
        assertThat(templates.text(t.getId(), saved.getCurrentVersion())).isEqualTo(longer).hasSizeGreaterThan(36_000);

        FewShotSet set = new FewShotSet("picked", "manual", 7, List.of(
                new FewShotExample("u1", List.of("11", "12"), List.of(), List.of("13"), null)));
        ProjectFewShotSet shots = fewShots.add(project.getId(), set);
        assertThat(fewShots.find(shots.getId()).orElseThrow().getContent()).contains("u1").contains("13");
        assertThat(fewShots.find(shots.getId()).orElseThrow().getSeed()).isEqualTo(7);

        BackendConfig backend = backends.create(project.getId(), BackendSettings.defaults(BackendType.OPENAI, "gpt mini", v -> null)
                .withConnection("", "gpt-4o-mini", "RP_TEST_SURELY_UNSET_KEY"));
        assertThat(backends.find(backend.getId()).orElseThrow().settings().model()).isEqualTo("gpt-4o-mini");
        assertThat(backends.list(project.getId())).extracting(BackendConfig::getName).containsExactly("gpt mini");

        Path data = dir.resolve("tiny");
        Files.createDirectories(data);
        Files.writeString(data.resolve("movies.csv"), "movieId,title,genres\n1,Heat (1995),Action\n2,Alien (1979),Horror\n"
                + "3,Up (2009),Animation\n");
        Files.writeString(data.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n7,1,4,1\n7,2,5,2\n8,3,3,3\n");
        ProjectDataset ds = datasets.importFrom(new DatasetService.ImportRequest(project.getId(), "tiny", data, null,
                ColumnMapping.guess(), true), ProgressMonitor.NONE);
        assertThat(datasets.find(ds.getId()).orElseThrow().getInteractions()).isEqualTo(3);
        assertThat(datasets.list(project.getId())).hasSize(1);

        uiSettings.put("split.test", "0.42");
        assertThat(uiSettings.get("split.test")).contains("0.42");

        projects.delete(project.getId());
        assertThat(projects.find(project.getId())).isEmpty();
        assertThat(backends.list(project.getId())).as("the project's rows go with it").isEmpty();
        assertThat(datasets.list(project.getId())).isEmpty();
    }
}
