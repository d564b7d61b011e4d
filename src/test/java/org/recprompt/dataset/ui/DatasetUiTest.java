package org.recprompt.dataset.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.KaribuTestBase;
import org.recprompt.base.BackgroundJobs;
import org.recprompt.base.ui.ExplorerContribution;
import org.recprompt.dataset.DatasetService;
import org.recprompt.dataset.DatasetUploads;
import org.recprompt.dataset.DatasetStats;
import org.recprompt.dataset.ProjectDataset;
import org.recprompt.workspace.Project;
import org.recprompt.workspace.ProjectService;
import org.springframework.beans.factory.annotation.Autowired;

import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.UI;

/** The dataset screens without a browser: import dialog, the dataset tab, the item search. */
class DatasetUiTest extends KaribuTestBase {

    @Autowired
    ProjectService projects;
    @Autowired
    DatasetService datasets;
    @Autowired
    DatasetUploads uploads;
    @Autowired
    BackgroundJobs jobs;
    @Autowired
    ExplorerContribution[] contributions;

    @TempDir
    Path dir;

    Project project;

    @BeforeEach
    void open() throws Exception {
        projects.list().forEach(p -> projects.delete(p.getId()));
        project = projects.create("UI datasets", "");
        Path data = dir.resolve("ml-latest-small");
        Files.createDirectories(data);
        Files.writeString(data.resolve("movies.csv"), "movieId,title,genres\n1,Toy Story (1995),Animation|Children\n"
                + "2,Heat (1995),Action|Crime\n3,Toy Soldiers (1991),Action\n");
        Files.writeString(data.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n1,1,4.0,10\n1,2,3.0,20\n2,3,5.0,30\n");
    }

    static void eventually(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 500 && !condition.getAsBoolean(); i++) {
            Thread.sleep(10);
            MockVaadin.clientRoundtrip();
        }
        assertThat(condition.getAsBoolean()).as("condition met in time").isTrue();
    }

    @Test
    void the_import_dialog_shows_the_recognised_licence_and_refuses_to_import_until_it_is_acknowledged() throws Exception {
        ImportDatasetDialog dialog = new ImportDatasetDialog(datasets, uploads, jobs, project.getId(), e -> { });
        dialog.open();
        _setValue(dialog.path, dir.resolve("ml-latest-small").toString());

        assertThat(dialog.name.getValue()).isEqualTo("ml-latest-small");
        assertThat(dialog.licence.text.getText()).contains("GroupLens");
        assertThat(dialog.licence.citation.getText()).contains("Harper");

        int before = jobs.jobs().size();
        _click(dialog.importButton);
        assertThat(jobs.jobs()).hasSize(before);
        assertThat(dialog.isOpened()).isTrue();

        _setValue(dialog.path, dir.resolve("missing").toString());
        assertThat(dialog.path.isInvalid()).isTrue();
        assertThat(dialog.path.getErrorMessage()).contains("There is no file or folder");
    }

    @Test
    void an_acknowledged_import_runs_in_the_background_then_its_tab_shows_statistics_charts_and_searchable_items()
            throws Exception {
        ExplorerContribution.Entry[] created = new ExplorerContribution.Entry[1];
        ImportDatasetDialog dialog = new ImportDatasetDialog(datasets, uploads, jobs, project.getId(), e -> created[0] = e);
        dialog.open();
        _setValue(dialog.path, dir.resolve("ml-latest-small").toString());
        _setValue(dialog.licence.acknowledged, true);
        _click(dialog.importButton);

        eventually(() -> created[0] != null);
        assertThat(created[0].label()).isEqualTo("ml-latest-small");
        assertThat(created[0].detail()).isEqualTo("2 users, 3 items");
        ProjectDataset record = datasets.list(project.getId()).get(0);

        ExplorerContribution datasetsFolder = java.util.Arrays.stream(contributions)
                .filter(c -> c.folder().equals("Datasets")).findFirst().orElseThrow();
        DatasetEditor editor = (DatasetEditor) datasetsFolder.open(project.getId(), created[0]);
        UI.getCurrent().add(editor.content());
        eventually(() -> !_find(editor.content(), ItemGrid.class).isEmpty());

        assertThat(editor.id()).isEqualTo("project:" + project.getId() + "/dataset:" + record.getId());
        assertThat(editor.body.getElement().getTextRecursively()).contains("0.500000", "density", "sparsity (1 - density)")
                .as("each per-user number says what it is").contains("1min1.5median1.5mean2maxinteractions per user");
        assertThat(_find(editor.content(), com.vaadin.flow.component.html.Image.class)).hasSize(4)
                .allSatisfy(img -> assertThat(img.getSrc()).startsWith("data:image/svg+xml;base64,"));
        ItemGrid items = _get(editor.content(), ItemGrid.class);
        assertThat(items.matchCount()).isEqualTo(3);
        _setValue(items.search, "toy");
        assertThat(items.matchCount()).isEqualTo(2);
        _setValue(items.search, "crime");
        assertThat(items.matchCount()).isEqualTo(1);
    }

    @Test
    void the_tab_shows_each_user_attribute_with_its_counts_and_a_chart() throws Exception {
        Path ml1m = Files.createDirectories(dir.resolve("ml-1m"));
        Files.writeString(ml1m.resolve("movies.dat"), "1::Toy Story (1995)::Animation\n");
        Files.writeString(ml1m.resolve("users.dat"), "1::F::1::10::48067\n2::M::25::12::70072\n3::M::25::12::55117\n");
        Files.writeString(ml1m.resolve("ratings.dat"), "1::1::5::978300760\n2::1::4::978300761\n3::1::3::978300762\n");
        DatasetStats stats = DatasetStats.of(org.recprompt.dataset.io.DatasetLoader.load(ml1m));
        String[] charts = stats.userAttributes().stream().map(a -> org.recprompt.base.Charts.svg(
                org.recprompt.dataset.DatasetCharts.userAttribute(a), 560, 320)).toArray(String[]::new);

        com.vaadin.flow.component.html.Div section = DatasetEditor.userAttributes(stats, charts);

        String text = section.getElement().getTextRecursively();
        assertThat(text).contains("age", "3 users, 2 values", "occupation", "zip", "3 users, 3 values");
        assertThat(stats.userAttributes().get(1).top()).extracting(c -> c.value() + " " + c.users())
                .containsExactly("M 2", "F 1");
        assertThat(stats.userAttributes().get(2).top()).extracting(c -> c.value() + " " + c.users())
                .containsExactly("programmer 2", "K-12 student 1");
        assertThat(_find(section, com.vaadin.flow.component.html.Image.class)).hasSize(4);
        assertThat(charts[0]).contains("25-34", "under 18");
    }

    @Test
    void a_generic_csv_with_an_item_file_and_a_domain_imports_and_its_tab_shows_the_domain() throws Exception {
        java.nio.file.Path data = dir.resolve("gb");
        java.nio.file.Files.createDirectories(data);
        java.nio.file.Files.writeString(data.resolve("ratings.csv"), "user_id,book_id,rating\n1,1,5\n1,2,4\n2,1,3\n");
        java.nio.file.Files.writeString(data.resolve("books.csv"), "book_id,title\n1,\"Gone, Girl\"\n2,Invisible\n");
        ExplorerContribution.Entry[] created = new ExplorerContribution.Entry[1];
        ImportDatasetDialog dialog = new ImportDatasetDialog(datasets, uploads, jobs, project.getId(), e -> created[0] = e);
        dialog.open();
        _setValue(dialog.path, data.resolve("ratings.csv").toString());
        _setValue(dialog.itemFile, data.resolve("missing.csv").toString());
        assertThat(dialog.itemFile.isInvalid()).isTrue();
        _setValue(dialog.itemFile, data.resolve("books.csv").toString());
        _setValue(dialog.domain, "book");
        _setValue(dialog.licence.acknowledged, true);
        _click(dialog.importButton);

        eventually(() -> created[0] != null);
        ProjectDataset record = datasets.list(project.getId()).stream().filter(d -> d.getName().equals("ratings.csv"))
                .findFirst().orElseThrow();
        assertThat(datasets.readSettings(record).domain()).isEqualTo("book");
        ExplorerContribution datasetsFolder = java.util.Arrays.stream(contributions)
                .filter(c -> c.folder().equals("Datasets")).findFirst().orElseThrow();
        DatasetEditor editor = (DatasetEditor) datasetsFolder.open(project.getId(), created[0]);
        UI.getCurrent().add(editor.content());
        eventually(() -> !_find(editor.content(), ItemGrid.class).isEmpty());
        assertThat(editor.body.getElement().getTextRecursively()).contains("Domain: book (books, read)")
                .contains("The publisher's descriptor states no facts");
        assertThat(_get(editor.content(), ItemGrid.class).matchCount()).isEqualTo(2);
    }

    static java.util.Map<String, String> movieLens(String folder) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put(folder + "/movies.csv", "movieId,title,genres\n1,Toy Story (1995),Animation\n2,Heat (1995),Action\n"
                + "3,Toy Soldiers (1991),Action\n");
        m.put(folder + "/ratings.csv", "userId,movieId,rating,timestamp\n1,1,4.0,10\n1,2,3.0,20\n2,3,5.0,30\n");
        return m;
    }

    static byte[] zip(java.util.Map<String, String> entries) throws java.io.IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        try (var zip = new java.util.zip.ZipOutputStream(bytes)) {
            for (var e : entries.entrySet()) {
                zip.putNextEntry(new java.util.zip.ZipEntry(e.getKey()));
                zip.write(e.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void an_uploaded_zip_is_imported_with_its_licence_and_the_staging_folder_is_removed() throws Exception {
        ExplorerContribution.Entry[] created = new ExplorerContribution.Entry[1];
        ImportDatasetDialog dialog = new ImportDatasetDialog(datasets, uploads, jobs, project.getId(), e -> created[0] = e);
        dialog.open();
        MockVaadin.clientRoundtrip();
        Path staging = dialog.staging.data().getParent();
        assertThat(dialog.licence.acknowledged.getLabel()).as("nothing is claimed before the box is ticked")
                .isEqualTo(LicencePanel.CONFIRM_RIGHT);
        assertThat(dialog.licence.text.getText()).isEqualTo("No licence information ships with this data.");
        assertThat(dialog.licence.citation.getText()).startsWith("When you tick the box, the dataset records: ");

        com.github.mvysny.kaributesting.v10.UploadKt._upload(dialog.upload, "ml-latest-small.zip",
                zip(movieLens("ml-latest-small")));
        com.github.mvysny.kaributesting.v10.MockVaadin.clientRoundtrip();

        assertThat(dialog.uploadStatus.getText()).matches("Uploaded: ml-latest-small\\.zip \\([\\d,]+ bytes, unpacked: "
                + "ml-latest-small/\\)\\. These files are imported\\.");
        assertThat(dialog.name.getValue()).isEqualTo("ml-latest-small");
        assertThat(dialog.licence.text.getText()).contains("GroupLens");
        assertThat(dialog.detected.getText()).isEqualTo("Read as movielens-csv from ml-latest-small.");
        assertThat(dialog.path.isEnabled()).isFalse();
        _setValue(dialog.licence.acknowledged, true);
        _click(dialog.importButton);

        eventually(() -> created[0] != null);
        assertThat(created[0].detail()).isEqualTo("2 users, 3 items");
        assertThat(datasets.list(project.getId()).get(0).getSource()).isEqualTo("a browser upload: ml-latest-small.zip");
        eventually(() -> !Files.exists(staging));
    }

    @Test
    void an_unsafe_zip_is_refused_in_the_dialog_and_closing_the_dialog_removes_what_was_uploaded() throws Exception {
        ImportDatasetDialog dialog = new ImportDatasetDialog(datasets, uploads, jobs, project.getId(), e -> { });
        dialog.open();
        MockVaadin.clientRoundtrip();
        Path staging = dialog.staging.data().getParent();
        java.util.Map<String, String> bad = movieLens("ml");
        bad.put("../outside.csv", "1,2\n");

        // the handler's failure fails the request, so the Upload marks the file failed; the dialog says why
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> com.github.mvysny.kaributesting.v10.UploadKt._upload(
                dialog.upload, "ml.zip", zip(bad))).isInstanceOf(java.io.IOException.class);
        com.github.mvysny.kaributesting.v10.MockVaadin.clientRoundtrip();
        assertThat(dialog.uploadError.getText()).startsWith("ml.zip: entry ../outside.csv points outside the archive");
        assertThat(dialog.staging.isEmpty()).isTrue();

        com.github.mvysny.kaributesting.v10.UploadKt._upload(dialog.upload, "ratings.csv",
                "userId,movieId,rating\n1,1,4\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        com.github.mvysny.kaributesting.v10.MockVaadin.clientRoundtrip();
        assertThat(Files.exists(dialog.staging.data().resolve("ratings.csv"))).isTrue();
        dialog.close();
        assertThat(staging).doesNotExist();
    }

    @Test
    void the_server_path_expands_the_tilde_and_lists_the_typed_folders_entries_to_pick_from() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.createDirectories(home.resolve("data/ml-latest-small"));
        Files.writeString(home.resolve("data/ml-latest-small/movies.csv"), "movieId,title,genres\n1,A (1995),Drama\n");
        Files.writeString(home.resolve("data/ml-latest-small/ratings.csv"), "userId,movieId,rating,timestamp\n1,1,4.0,10\n");
        Files.createDirectories(home.resolve("data/.hidden"));
        ImportDatasetDialog dialog = new ImportDatasetDialog(datasets, uploads, jobs, project.getId(), e -> { }, home);
        dialog.open();

        _setValue(dialog.path, "~/data/");
        assertThat(dialog.suggestions.isVisible()).isTrue();
        assertThat(dialog.suggestions.getListDataView().getItems().toList())
                .containsExactly("~/data/ml-latest-small/", "~/data/.hidden/");
        _setValue(dialog.suggestions, "~/data/ml-latest-small/");
        assertThat(dialog.path.getValue()).as("picking a folder completes the path").isEqualTo("~/data/ml-latest-small/");
        assertThat(dialog.suggestions.getListDataView().getItems().toList())
                .containsExactly("~/data/ml-latest-small/movies.csv", "~/data/ml-latest-small/ratings.csv");
        assertThat(dialog.path.isInvalid()).isFalse();
        assertThat(dialog.name.getValue()).isEqualTo("ml-latest-small");
        assertThat(dialog.licence.text.getText()).contains("GroupLens");
        assertThat(dialog.detected.getText()).isEqualTo("Read as movielens-csv from "
                + home.resolve("data/ml-latest-small") + ".");

        _setValue(dialog.path, "~/data/missing");
        assertThat(dialog.path.isInvalid()).isTrue();
        assertThat(dialog.path.getErrorMessage()).isEqualTo("There is no file or folder " + home.resolve("data/missing")
                + " on the server.");
        assertThat(dialog.suggestions.isVisible()).isFalse();
        assertThat(dialog.name.getValue()).as("a path that names nothing names no dataset").isEqualTo("ml-latest-small");

        _setValue(dialog.path, "~/data/ml-lat");
        assertThat(dialog.path.isInvalid()).as("a name being typed, with entries to complete it, is no error yet").isFalse();
        assertThat(dialog.suggestions.getListDataView().getItems().toList()).containsExactly("~/data/ml-latest-small/");
        dialog.close();
    }
}
