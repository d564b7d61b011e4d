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
        return upload(maxBytes, SafeUnzip.Limits.DEFAULT);
    }

    DatasetUpload upload(long maxBytes, SafeUnzip.Limits unzipLimits) throws IOException {
        return new DatasetUpload(Files.createDirectories(dir.resolve("staging")), maxBytes, DatasetUploads.LIMIT_SETTING,
                unzipLimits, DatasetUploads.UNZIP_SETTING);
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
    void the_unpacked_bytes_limit_holds_for_all_the_zips_of_one_upload_together() throws Exception {
        try (DatasetUpload upload = upload(1 << 20, new SafeUnzip.Limits(1500, 100))) {
            upload.receive("a.zip", -1, zip(Map.of("a/ratings.csv", "x".repeat(1000))));

            assertThatThrownBy(() -> upload.receive("b.zip", -1, zip(Map.of("b/ratings.csv", "y".repeat(1000)))))
                    .hasMessage("b.zip together with the archives unpacked before it unpacks to more than 1500 bytes,"
                            + " the import limit (" + DatasetUploads.UNZIP_SETTING + "), so nothing was imported.");
            assertThat(upload.names()).containsExactly("a.zip");
            assertThat(upload.data().resolve("b")).doesNotExist();

            upload.remove("a.zip");
            upload.receive("b.zip", -1, zip(Map.of("b/ratings.csv", "y".repeat(1000))));
            assertThat(upload.names()).as("removing a zip gives its unpacked bytes back").containsExactly("b.zip");
        }
    }

    @Test
    void the_entries_limit_holds_for_all_the_zips_of_one_upload_together() throws Exception {
        try (DatasetUpload upload = upload(1 << 20, new SafeUnzip.Limits(1 << 20, 3))) {
            upload.receive("a.zip", -1, zip(Map.of("a/1.csv", "1", "a/2.csv", "2")));

            assertThatThrownBy(() -> upload.receive("b.zip", -1, zip(Map.of("b/1.csv", "1", "b/2.csv", "2"))))
                    .hasMessageStartingWith("b.zip together with the archives unpacked before it holds more than 3 files,");
            assertThat(upload.names()).containsExactly("a.zip");
        }
    }

    @Test
    void files_arriving_side_by_side_share_the_upload_room_as_each_chunk_arrives() throws Exception {
        try (DatasetUpload upload = upload(1000)) {
            IOException[] second = new IOException[1];
            // a.csv's first 600 bytes arrive, then b.csv arrives whole while a.csv is still open
            InputStream a = new java.io.SequenceInputStream(text("a".repeat(600)), new InputStream() {
                @Override
                public int read() throws IOException {
                    try {
                        upload.receive("b.csv", -1, text("b".repeat(600)));
                    } catch (IOException e) {
                        second[0] = e;
                    }
                    return -1;
                }
            });

            upload.receive("a.csv", -1, a);

            assertThat(second[0]).as("b.csv counted against the bytes a.csv already holds")
                    .hasMessage("b.csv would bring the upload past 1000 bytes, the upload limit"
                            + " (RECPROMPT_UPLOAD_MAX_BYTES raises it), so it was not kept.");
            assertThat(upload.names()).containsExactly("a.csv");
            upload.receive("c.csv", -1, text("c".repeat(400)));
            assertThat(upload.names()).as("a refused file gives back what it reserved").containsExactly("a.csv", "c.csv");
        }
    }

    @Test
    void a_single_file_kept_as_it_came_is_counted_against_the_limit_and_discarding_it_gives_the_room_back()
            throws Exception {
        try (DatasetUpload upload = upload(1000)) {
            assertThatThrownBy(() -> upload.keep("train.tsv", -1, text("x".repeat(1500))))
                    .hasMessage("train.tsv is larger than 1000 bytes, the upload limit (RECPROMPT_UPLOAD_MAX_BYTES raises it),"
                            + " so it was not kept.");
            assertThat(filesUnder(upload.data().getParent())).isEmpty();

            Path kept = upload.keep("train.tsv", -1, text("x".repeat(600)));
            assertThat(kept).startsWith(upload.data().getParent()).hasContent("x".repeat(600));
            assertThatThrownBy(() -> upload.keep("test.tsv", -1, text("y".repeat(600))))
                    .hasMessageStartingWith("test.tsv would bring the upload past 1000 bytes");

            upload.discard(kept);
            assertThat(kept).doesNotExist();
            upload.keep("test.tsv", -1, text("y".repeat(600)));
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
