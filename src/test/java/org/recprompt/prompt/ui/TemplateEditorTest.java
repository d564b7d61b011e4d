package org.recprompt.prompt.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.KaribuTestBase;
import org.recprompt.base.BackgroundJobs;
import org.recprompt.base.ProgressMonitor;
import org.recprompt.base.ui.CodeEditor;
import org.recprompt.dataset.DatasetService;
import org.recprompt.dataset.io.ColumnMapping;
import org.recprompt.prompt.ProjectTemplate;
import org.recprompt.prompt.TemplateService;
import org.recprompt.workspace.Project;
import org.recprompt.workspace.ProjectService;
import org.springframework.beans.factory.annotation.Autowired;

import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.ComponentUtil;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;

/** The template tab without a browser: lint, completion, preview for a real user, save as a new version. */
class TemplateEditorTest extends KaribuTestBase {

    @Autowired
    ProjectService projects;
    @Autowired
    TemplateService templates;
    @Autowired
    DatasetService datasets;
    @Autowired
    BackgroundJobs jobs;

    @TempDir
    Path dir;

    Project project;


    @BeforeEach
    void data() throws Exception {
        projects.list().forEach(p -> projects.delete(p.getId()));
        project = projects.create("Editing", "");
        Path data = dir.resolve("tiny");
        Files.createDirectories(data);
        StringBuilder movies = new StringBuilder("movieId,title,genres\n1,\"Planes, Trains & Automobiles (1987)\",Comedy\n"
                + "2,Schindler's List (1993),Drama\n3,{{x}} (2001),Drama\n4,Heat (1995),Action\n5,Alien (1979),Horror\n"
                + "6,Up (2009),Animation\n");
        for (int i = 7; i <= 40; i++) {
            movies.append(i).append(",Film ").append(i).append(" (2000),Drama\n");
        }
        Files.writeString(data.resolve("movies.csv"), movies.toString());
        Files.writeString(data.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n7,1,4,1\n7,2,5,2\n7,3,3,3\n7,4,4,4\n"
                + "8,5,4,1\n8,6,3,2\n");
        datasets.importFrom(new DatasetService.ImportRequest(project.getId(), "tiny", data, null, ColumnMapping.guess(), true), ProgressMonitor.NONE);
    }

    static void eventually(BooleanSupplier condition, java.util.function.Supplier<String> state) throws InterruptedException {
        for (int i = 0; i < 500 && !condition.getAsBoolean(); i++) {
            Thread.sleep(10);
            MockVaadin.clientRoundtrip();
        }
        assertThat(condition.getAsBoolean()).as("condition met in time; state: %s", state.get()).isTrue();
    }

    @Test
    void the_preview_shows_the_historys_and_the_candidates_images_with_their_titles() throws Exception {
        Path data = dir.resolve("covers");
        Files.createDirectories(data.resolve("images"));
        Files.copy(dir.resolve("tiny/movies.csv"), data.resolve("movies.csv"));
        Files.copy(dir.resolve("tiny/ratings.csv"), data.resolve("ratings.csv"));
        byte[] png = java.util.Base64.getDecoder().decode(
                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
        for (int i = 1; i <= 40; i++) {
            Files.write(data.resolve("images/" + i + ".png"), png);
        }
        Project withImages = projects.create("Covers", "");
        datasets.importFrom(new DatasetService.ImportRequest(withImages.getId(), "covers", data, null, ColumnMapping.guess(), true),
                ProgressMonitor.NONE);
        ProjectTemplate t = templates.importFromLibrary(withImages.getId(), "vision-candidates");
        TemplateEditor editor = new TemplateEditor(templates, datasets, jobs, t, () -> true);
        UI.getCurrent().add(editor.content());
        eventually(() -> editor.preview.output.getText().contains("=== user ==="), () -> editor.preview.output.getText());
        editor.preview.user.setValue("7");

        eventually(() -> editor.preview.images.isVisible() && editor.preview.output.getText().contains("[image: "),
                () -> editor.preview.output.getText());
        java.util.List<com.vaadin.flow.component.html.Image> thumbs = _find(editor.preview.images,
                com.vaadin.flow.component.html.Image.class);
        // user 7's history holds 3 items (the 4th is held out), then the candidates; local files show even when local only
        assertThat(thumbs).hasSizeGreaterThan(3);
        assertThat(thumbs.subList(0, 3)).extracting(i -> i.getAlt().orElse(""))
                .containsExactly("Planes, Trains & Automobiles (1987)", "Schindler's List (1993)", "{{x}} (2001)");
        assertThat(thumbs).allSatisfy(i -> assertThat(i.getClassNames()).contains("rp-thumb"));
    }

    @Test
    void the_preview_renders_the_template_for_a_real_user_and_lint_completion_and_save_follow_the_text() throws Exception {
        ProjectTemplate t = templates.importFromLibrary(project.getId(), "candidate-ranking");
        TemplateEditor editor = new TemplateEditor(templates, datasets, jobs, t);
        UI.getCurrent().add(editor.content());
        String text = editor.text.getValue();

        eventually(() -> editor.preview.output.getText().contains("=== user ==="), () -> editor.preview.output.getText());
        editor.preview.user.setValue("7");
        eventually(() -> editor.preview.output.getText().contains("{{x}} (2001)"), () -> editor.preview.output.getText());
        assertThat(editor.preview.output.getText()).contains("Planes, Trains & Automobiles (1987)", "Schindler's List (1993)")
                .doesNotContain("&amp;");
        assertThat(editor.preview.tokens.getText()).startsWith("\u2248 ").contains("tokens");
        assertThat(editor.text.editor().getCompletions()).extracting(CodeEditor.Completion::label)
                .contains("history", "last.title");

        editor.text.setValue(text + "\n{{usr.id}}");
        assertThat(editor.isDirty()).isTrue();
        assertThat(editor.text.editor().getProblems()).extracting(CodeEditor.Problem::message)
                .anySatisfy(m -> assertThat(m).contains("unknown variable 'usr.id'"));
        assertThat(_find(editor.problems, com.vaadin.flow.component.html.Div.class)).isNotEmpty();

        editor.text.setValue(text + "\nMost recent: {{last.title}}");
        assertThat(editor.text.editor().getProblems()).isEmpty();
        assertThat(editor.save()).isTrue();
        assertThat(editor.isDirty()).isFalse();
        assertThat(templates.versions(t.getId())).hasSize(2);
        assertThat(templates.find(t.getId()).orElseThrow().getCurrentVersion()).isNotEqualTo(t.getCurrentVersion());
    }

    /** Issue 21: a template with a lint error saved silently. Now Save asks; warnings alone save as before. */
    @Test
    void save_asks_before_saving_a_template_with_lint_errors_and_saves_warnings_without_asking() throws Exception {
        ProjectTemplate t = templates.importFromLibrary(project.getId(), "candidate-ranking");
        TemplateEditor editor = new TemplateEditor(templates, datasets, jobs, t);
        UI.getCurrent().add(editor.content());
        String text = editor.text.getValue();

        editor.text.setValue(text + "\n{{usr.id}} and {{titel}}");
        assertThat(editor.save()).as("asks instead of saving").isFalse();
        ConfirmDialog ask = _get(ConfirmDialog.class);
        assertThat(ask.getId()).hasValue("template-save-errors");
        assertThat(ask.getElement().getProperty("header")).isEqualTo("Save with 2 errors?");
        assertThat(ask.getElement().getProperty("message")).contains("unknown variable 'usr.id'", "unknown variable 'titel'");
        assertThat(templates.versions(t.getId())).as("nothing saved while it asks").hasSize(1);
        assertThat(editor.save()).as("a second Ctrl+S does not open a second question").isFalse();
        assertThat(_find(ConfirmDialog.class)).hasSize(1);

        ComponentUtil.fireEvent(ask, new ConfirmDialog.CancelEvent(ask, false));
        ask.close();
        assertThat(templates.versions(t.getId())).as("Keep editing saves nothing").hasSize(1);
        assertThat(editor.isDirty()).isTrue();

        assertThat(editor.save()).isFalse();
        ConfirmDialog again = _find(ConfirmDialog.class).stream().filter(ConfirmDialog::isOpened).findFirst().orElseThrow();
        ComponentUtil.fireEvent(again, new ConfirmDialog.ConfirmEvent(again, false));
        assertThat(templates.versions(t.getId())).as("Save anyway saves").hasSize(2);
        assertThat(editor.isDirty()).isFalse();

        editor.text.setValue(text + "\nPick the best movie for this user.");
        assertThat(editor.text.editor().getProblems()).isNotEmpty().noneMatch(CodeEditor.Problem::error);
        assertThat(editor.save()).as("warnings only: saved without asking").isTrue();
        assertThat(templates.versions(t.getId())).hasSize(3);
    }
}
