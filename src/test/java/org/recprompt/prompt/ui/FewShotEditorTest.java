package org.recprompt.prompt.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.KaribuTestBase;
import org.recprompt.base.BackgroundJobs;
import org.recprompt.base.ProgressMonitor;
import org.recprompt.dataset.DatasetService;
import org.recprompt.dataset.io.ColumnMapping;
import org.recprompt.prompt.fewshot.FewShotExample;
import org.recprompt.prompt.fewshot.FewShotService;
import org.recprompt.prompt.fewshot.FewShotSet;
import org.recprompt.prompt.fewshot.ProjectFewShotSet;
import org.recprompt.workspace.Project;
import org.recprompt.workspace.ProjectService;
import org.springframework.beans.factory.annotation.Autowired;

import com.vaadin.flow.component.UI;

/** Issue 21: the few-shot editor showed item ids without titles. */
class FewShotEditorTest extends KaribuTestBase {

    @Autowired
    ProjectService projects;
    @Autowired
    FewShotService sets;
    @Autowired
    DatasetService datasets;
    @Autowired
    BackgroundJobs jobs;

    @TempDir
    Path dir;

    Project project;

    @BeforeEach
    void project() {
        projects.list().forEach(p -> projects.delete(p.getId()));
        project = projects.create("Few-shot titles", "");
    }

    ProjectFewShotSet set() {
        return sets.add(project.getId(), new FewShotSet("hand", "manual", 0, List.of(
                new FewShotExample("7", List.of("1", "2"), List.of("4", "99"), List.of("4"), null))));
    }

    @Test
    void every_id_is_shown_with_its_title_and_an_id_outside_the_catalog_is_said_so() throws Exception {
        Path data = Files.createDirectories(dir.resolve("tiny"));
        Files.writeString(data.resolve("movies.csv"), "movieId,title,genres\n1,\"Planes, Trains & Automobiles (1987)\",Comedy\n"
                + "2,Schindler's List (1993),Drama\n3,Up (2009),Animation\n4,Heat (1995),Action\n");
        Files.writeString(data.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n7,1,4,1\n7,2,5,2\n8,3,3,3\n8,4,4,4\n");
        datasets.importFrom(new DatasetService.ImportRequest(project.getId(), "tiny", data, null, ColumnMapping.guess(), true),
                ProgressMonitor.NONE);

        FewShotEditor editor = new FewShotEditor(sets, datasets, jobs, set());
        UI.getCurrent().add(editor.content());
        TemplateEditorTest.eventually(() -> editor.items.getElement().getTextRecursively().contains("Heat"),
                () -> editor.itemsStatus.getText());

        String shown = editor.items.getElement().getTextRecursively();
        assertThat(shown).contains("Example 1 \u00b7 user 7", "history: ", "1 Planes, Trains & Automobiles (1987)",
                "2 Schindler's List (1993)", "candidates: ", "4 Heat (1995)", "99 (not in the catalog)", "answer: ");
        assertThat(editor.itemsStatus.getText())
                .isEqualTo("Titles from tiny. 1 id is not in its catalog: 99 (a run with this dataset refuses the set).");
        assertThat(editor.itemsStatus.getClassNames()).contains("rp-error");

        // the list follows the text as it is typed
        editor.yaml.setValue(editor.yaml.getValue().replace("\"99\"", "\"3\"").replace("- 99", "- 3"));
        assertThat(editor.items.getElement().getTextRecursively()).contains("3 Up (2009)").doesNotContain("not in the catalog");
        assertThat(editor.itemsStatus.getText()).isEqualTo("Titles from tiny.");
        assertThat(editor.itemsStatus.getClassNames()).doesNotContain("rp-error");
    }

    @Test
    void without_a_dataset_it_says_where_titles_would_come_from() {
        FewShotEditor editor = new FewShotEditor(sets, datasets, jobs, set());
        assertThat(editor.itemsStatus.getText()).isEqualTo("Import a dataset into the project to see the items' titles here.");
        assertThat(editor.items.getChildren()).isEmpty();
        assertThat(editor.catalog.isVisible()).isFalse();
    }
}
