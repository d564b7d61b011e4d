package org.recprompt.dataset.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.KaribuTestBase;
import org.recprompt.base.BackgroundJobs;
import org.recprompt.base.ProgressMonitor;
import org.recprompt.dataset.DatasetService;
import org.recprompt.dataset.DatasetUploads;
import org.recprompt.dataset.Fixtures;
import org.recprompt.dataset.ProjectDataset;
import org.recprompt.dataset.io.ColumnMapping;
import org.recprompt.dataset.split.ImportedSplits;
import org.recprompt.workspace.Project;
import org.recprompt.workspace.ProjectService;
import org.recprompt.workspace.WorkspaceSettings;
import org.springframework.beans.factory.annotation.Autowired;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Div;

/** "Import split..." in a dataset's tab: checked against the dataset, kept beside it, listed with its experiment line. */
class ImportSplitUiTest extends KaribuTestBase {

    @Autowired
    ProjectService projects;
    @Autowired
    DatasetService datasets;
    @Autowired
    BackgroundJobs jobs;
    @Autowired
    DatasetUploads uploads;
    @Autowired
    WorkspaceSettings workspace;

    @TempDir
    Path dir;

    ProjectDataset record;

    @BeforeEach
    void dataset() throws Exception {
        projects.list().forEach(p -> projects.delete(p.getId()));
        Project project = projects.create("UI splits", "");
        Path data = Files.createDirectories(dir.resolve("tiny"));
        Files.writeString(data.resolve("movies.csv"), "movieId,title,genres\n1,Toy Story (1995),Animation\n"
                + "2,Heat (1995),Action\n3,Toy Soldiers (1991),Action\n");
        Files.writeString(data.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n1,1,4.0,10\n1,2,3.0,20\n2,3,5.0,30\n");
        record = datasets.importFrom(new DatasetService.ImportRequest(project.getId(), "tiny", data, null,
                ColumnMapping.guess(), true), ProgressMonitor.NONE);
    }

    Path file(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    DatasetEditor openEditor() throws Exception {
        DatasetEditor editor = new DatasetEditor(datasets, uploads, jobs, record);
        UI.getCurrent().add(editor.content());
        DatasetUiTest.eventually(() -> editor.content().getElement().getTextRecursively().contains("Predefined splits"));
        return editor;
    }

    @Test
    void an_imported_split_is_kept_beside_the_dataset_and_listed_with_its_experiment_line() throws Exception {
        DatasetEditor editor = openEditor();
        assertThat(editor.splits.getElement().getTextRecursively()).contains("No split imported yet");
        _click(_get(editor.content(), Button.class, spec -> spec.withId("import-split")));
        ImportSplitDialog dialog = _get(ImportSplitDialog.class);

        dialog.train.received("paper.train.inter", file("a", "user_id:token\titem_id:token\n1\t1\n2\t3\n"));
        dialog.test.received("paper.test.inter", file("b", "user_id:token\titem_id:token\n1\t2\n"));
        assertThat(dialog.name.getValue()).isEqualTo("paper");
        _click(dialog.importButton);

        DatasetUiTest.eventually(() -> !dialog.isOpened());
        Path folder = datasets.folder(record).resolve("splits/paper");
        assertThat(folder.resolve("train.inter")).hasContent("user_id:token\titem_id:token\n1\t1\n2\t3");
        assertThat(folder.resolve("test.inter")).exists();
        assertThat(folder.resolve("source.txt")).content().contains("train: paper.train.inter", "2 training, 1 test interactions");
        String listed = _get(editor.content(), Div.class, spec -> spec.withId("split-paper")).getElement().getTextRecursively();
        assertThat(listed).contains("split: { method: predefined, train: ../datasets/" + record.getFolder()
                + "/splits/paper/train.inter, test: ../datasets/" + record.getFolder() + "/splits/paper/test.inter }");
    }

    @Test
    void a_bad_file_is_named_in_the_dialog_and_nothing_is_kept() throws Exception {
        DatasetEditor editor = openEditor();
        _click(_get(editor.content(), Button.class, spec -> spec.withId("import-split")));
        ImportSplitDialog dialog = _get(ImportSplitDialog.class);
        _setValue(dialog.name, "bad");

        _click(dialog.importButton);
        assertThat(dialog.error.getText()).contains("Upload the training file first");

        dialog.train.received("train.tsv", file("a", "1\t1\n"));
        dialog.test.received("test.tsv", file("b", "1\t2\n7\t2\n"));
        _click(dialog.importButton);

        DatasetUiTest.eventually(() -> !dialog.error.getText().isEmpty());
        assertThat(dialog.error.getText()).isEqualTo("test.tsv line 2: user 7 is not in the dataset");
        assertThat(dialog.isOpened()).isTrue();
        assertThat(datasets.folder(record).resolve(ImportedSplits.FOLDER)).doesNotExist();
        assertThat(ImportedSplits.list(datasets.folder(record))).isEmpty();
    }

    @Test
    void a_split_file_past_the_upload_limit_is_stopped_while_it_streams_into_the_workspace_tmp_and_named()
            throws Exception {
        DatasetUploads small = Fixtures.uploads(workspace, 100, 1 << 20, 100);
        ImportSplitDialog dialog = new ImportSplitDialog(datasets, small, jobs, record, () -> { });
        dialog.open();
        Path staging = dialog.staging.data().getParent();
        assertThat(staging.getParent()).isEqualTo(workspace.workspace().resolve("tmp"));

        assertThatThrownBy(() -> dialog.train.stream(UI.getCurrent(), "big.train.inter", -1,
                new ByteArrayInputStream("1\t1\n".repeat(50).getBytes(StandardCharsets.UTF_8))))
                .hasMessage("big.train.inter is larger than 100 bytes, the upload limit (RECPROMPT_UPLOAD_MAX_BYTES raises it),"
                        + " so it was not kept.");
        DatasetUiTest.eventually(() -> !dialog.error.getText().isEmpty());
        assertThat(dialog.error.getText()).startsWith("big.train.inter is larger than 100 bytes");
        assertThat(dialog.train.content).isNull();
        try (var files = Files.walk(staging)) {
            assertThat(files.filter(Files::isRegularFile).toList()).isEmpty();
        }

        dialog.train.stream(UI.getCurrent(), "paper.train.inter", -1,
                new ByteArrayInputStream("1\t1\n".getBytes(StandardCharsets.UTF_8)));
        DatasetUiTest.eventually(() -> dialog.train.content != null);
        assertThat(dialog.train.content).startsWith(staging).hasContent("1\t1\n");

        dialog.close();
        assertThat(staging).doesNotExist();
    }

    @Test
    void suggested_names_drop_the_role_and_extension() {
        assertThat(ImportSplitDialog.suggestedName("ml-1m.train.inter")).isEqualTo("ml-1m");
        assertThat(ImportSplitDialog.suggestedName("amazon_book_train.tsv")).isEqualTo("amazon_book");
        assertThat(ImportSplitDialog.suggestedName("train.tsv")).isEqualTo("split");
    }
}
