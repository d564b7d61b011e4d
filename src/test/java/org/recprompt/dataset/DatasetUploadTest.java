package org.recprompt.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.SpringTestBase;
import org.recprompt.base.ProgressMonitor;
import org.recprompt.base.SafeUnzip;
import org.recprompt.dataset.io.ColumnMapping;
import org.recprompt.workspace.Project;
import org.recprompt.workspace.ProjectService;
import org.springframework.beans.factory.annotation.Autowired;

/** Files uploaded from a browser: streamed to a staging folder under a limit, zips unpacked safely, then imported. */
class DatasetUploadTest extends SpringTestBase {

    @Autowired
    DatasetService datasets;
    @Autowired
    DatasetUploads uploads;
    @Autowired
    ProjectService projects;
    @Autowired
    org.recprompt.workspace.WorkspaceSettings workspace;

    @TempDir
    Path dir;

    Project project;

    @BeforeEach
    void project() {
        projects.list().forEach(p -> projects.delete(p.getId()));
        project = projects.create("Upload test", "");
    }

    DatasetUpload upload(long maxBytes) throws IOException {
        return new DatasetUpload(Files.createDirectories(dir.resolve("staging")), maxBytes, DatasetUploads.LIMIT_SETTING,
                SafeUnzip.Limits.DEFAULT, DatasetUploads.UNZIP_SETTING);
    }

    static InputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    static InputStream zip(Map<String, String> entries) throws IOException {
        return new ByteArrayInputStream(DatasetServiceTest.zip(entries));
    }

    static Map<String, String> movieLens(String folder) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(folder + "/movies.csv", DatasetServiceTest.MOVIES);
        m.put(folder + "/ratings.csv", DatasetServiceTest.RATINGS);
        return m;
    }

    @Test
    void a_good_zip_is_unpacked_into_the_staging_folder_imported_with_its_licence_and_the_staging_folder_removed()
            throws Exception {
        DatasetUpload upload = uploads.start();
        Path staging = upload.data().getParent();
        assertThat(staging.getParent()).isEqualTo(workspace.workspace().resolve("tmp"));

        String what = upload.receive("ml-latest-small.zip", -1, zip(movieLens("ml-latest-small")));

        assertThat(what).startsWith("ml-latest-small.zip (").endsWith("unpacked: ml-latest-small/)");
        assertThat(upload.suggestedName()).contains("ml-latest-small");
        assertThat(upload.data().resolve("ml-latest-small/ratings.csv")).exists();
        try (upload) {
            ProjectDataset d = datasets.importUploaded(new DatasetService.ImportRequest(project.getId(), "ml-latest-small",
                    upload.data(), null, ColumnMapping.guess(), true), upload, ProgressMonitor.NONE);
            assertThat(d.getUsers()).isEqualTo(2);
            assertThat(d.getInteractions()).isEqualTo(4);
            assertThat(d.getLicence()).as("the zip's name recognises the descriptor").contains("GroupLens");
            assertThat(d.getSource()).isEqualTo("a browser upload: ml-latest-small.zip");
        }
        assertThat(staging).doesNotExist();
    }

    @Test
    void loose_files_are_imported_like_a_folder_and_removing_one_deletes_it() throws Exception {
        try (DatasetUpload upload = upload(1 << 20)) {
            upload.receive("C:\\Users\\me\\ratings.csv", 4, text(DatasetServiceTest.RATINGS));
            upload.receive("movies.csv", -1, text(DatasetServiceTest.MOVIES));
            upload.receive("notes.txt", -1, text("x"));
            assertThat(upload.names()).containsExactly("ratings.csv", "movies.csv", "notes.txt");
            assertThat(upload.suggestedName()).as("several files name nothing").isEmpty();
            assertThatThrownBy(() -> upload.receive("movies.csv", -1, text("again")))
                    .hasMessage("movies.csv was uploaded already; remove it from the list first to upload it again.");

            upload.remove("notes.txt");
            assertThat(upload.data().resolve("notes.txt")).doesNotExist();
            ProjectDataset d = datasets.importUploaded(new DatasetService.ImportRequest(project.getId(), "tiny",
                    upload.data(), null, ColumnMapping.guess(), true), upload, ProgressMonitor.NONE);
            assertThat(d.getFormat()).isEqualTo("movielens-csv");
            assertThat(d.getLicence()).isEqualTo(DatasetService.NO_DESCRIPTOR_LICENCE);
            assertThat(d.getSource()).isEqualTo("a browser upload: ratings.csv, movies.csv");
        }
    }

    @Test
    void a_zip_with_an_entry_outside_its_folder_is_refused_naming_the_file_and_nothing_of_it_is_kept() throws Exception {
        try (DatasetUpload upload = upload(1 << 20)) {
            Map<String, String> bad = movieLens("ml");
            bad.put("ml/../../evil.csv", "1,2\n");

            assertThatThrownBy(() -> upload.receive("ml.zip", -1, zip(bad)))
                    .hasMessageStartingWith("ml.zip: entry ml/../../evil.csv points outside the archive");
            assertThat(upload.isEmpty()).isTrue();
            assertThat(filesUnder(upload.data().getParent())).isEmpty();
            assertThat(dir.resolve("evil.csv")).doesNotExist();
        }
    }

    @Test
    void a_file_over_the_limit_is_refused_naming_it_and_the_limit_whether_announced_or_found_while_streaming()
            throws Exception {
        try (DatasetUpload upload = upload(1000)) {
            String big = "x".repeat(1500);
            assertThatThrownBy(() -> upload.receive("big.csv", 1500, text(big)))
                    .hasMessage("big.csv is larger than 1000 bytes, the upload limit (RECPROMPT_UPLOAD_MAX_BYTES raises it),"
                            + " so it was not kept.");
            assertThatThrownBy(() -> upload.receive("big.csv", -1, text(big)))
                    .as("a browser that announced no size is stopped as the bytes arrive").hasMessageStartingWith("big.csv is larger");
            upload.receive("a.csv", -1, text("y".repeat(600)));
            assertThatThrownBy(() -> upload.receive("b.csv", -1, text("z".repeat(600))))
                    .hasMessageStartingWith("b.csv would bring the upload past 1000 bytes, the upload limit");
            assertThat(upload.names()).containsExactly("a.csv");
            assertThat(filesUnder(upload.data().getParent())).containsExactly(upload.data().resolve("a.csv"));
        }
    }

    @Test
    void closing_removes_the_staging_folder_and_refuses_later_files() throws Exception {
        DatasetUpload upload = uploads.start();
        upload.receive("ratings.csv", -1, text(DatasetServiceTest.RATINGS));
        Path staging = upload.data().getParent();

        upload.close();

        assertThat(staging).doesNotExist();
        assertThatThrownBy(() -> upload.receive("movies.csv", -1, text(DatasetServiceTest.MOVIES)))
                .hasMessage("The import dialog was closed, so the upload was not kept.");
    }

    static java.util.List<Path> filesUnder(Path folder) throws IOException {
        try (Stream<Path> s = Files.walk(folder)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }
}
