package org.recprompt.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.SpringTestBase;
import org.recprompt.base.ProgressMonitor;
import org.recprompt.dataset.io.ColumnMapping;
import org.recprompt.dataset.io.DatasetFormatException;
import org.recprompt.workspace.Project;
import org.recprompt.workspace.ProjectService;
import org.springframework.beans.factory.annotation.Autowired;

import com.sun.net.httpserver.HttpServer;

class DatasetServiceTest extends SpringTestBase {

    static final String MOVIES = "movieId,title,genres\n1,Toy Story (1995),Animation|Comedy\n2,Heat (1995),Action\n"
            + "3,\"American President, The (1995)\",Comedy|Romance\n";
    static final String RATINGS = "userId,movieId,rating,timestamp\n1,1,4.0,100\n1,2,3.5,200\n2,1,5.0,150\n2,3,2.0,160\n";


    @Autowired
    DatasetService datasets;

    @Autowired
    ProjectService projects;

    @TempDir
    Path dir;

    Project project;
    HttpServer server;

    @BeforeEach
    void project() {
        projects.list().forEach(p -> projects.delete(p.getId()));
        project = projects.create("Datasets test", "");
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    Path movieLensFolder(String name) throws IOException {
        Path folder = dir.resolve(name);
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("movies.csv"), MOVIES);
        Files.writeString(folder.resolve("ratings.csv"), RATINGS);
        return folder;
    }

    static byte[] zip(Map<String, String> entries) throws IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (var e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    DatasetService.ImportRequest request(String name, Path source, boolean acknowledged) {
        return new DatasetService.ImportRequest(project.getId(), name, source, null, ColumnMapping.guess(), acknowledged);
    }

    List<Path> filesUnder(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(folder)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void importing_a_folder_copies_it_into_the_project_and_records_its_counts_and_licence() throws Exception {
        ProjectDataset d = datasets.importFrom(request("small", movieLensFolder("ml-tiny"), true), ProgressMonitor.NONE);

        assertThat(d.getFormat()).isEqualTo("movielens-csv");
        assertThat(d.getUsers()).isEqualTo(2);
        assertThat(d.getItems()).isEqualTo(3);
        assertThat(d.getInteractions()).isEqualTo(4);
        assertThat(d.getLicence()).isEqualTo(DatasetService.NO_DESCRIPTOR_LICENCE);
        assertThat(datasets.folder(d)).startsWith(projects.folder(project)).isDirectory();
        assertThat(datasets.folder(d).resolve("ratings.csv")).hasContent(RATINGS.strip());
        assertThat(datasets.list(project.getId())).extracting(ProjectDataset::getName).containsExactly("small");
        assertThat(datasets.load(d).items().title(2)).isEqualTo("American President, The (1995)");
    }

    @Test
    void a_folder_named_like_a_descriptor_carries_its_licence() throws Exception {
        ProjectDataset d = datasets.importFrom(request("ml", movieLensFolder("ml-latest-small"), true), ProgressMonitor.NONE);
        assertThat(d.getDescriptor()).isEqualTo("ml-latest-small");
        assertThat(d.getLicence()).contains("GroupLens");
    }

    @Test
    void a_zip_is_unpacked_and_imported() throws Exception {
        Path zip = dir.resolve("tiny.zip");
        Files.write(zip, zip(Map.of("tiny/movies.csv", MOVIES, "tiny/ratings.csv", RATINGS)));

        ProjectDataset d = datasets.importFrom(request("zipped", zip, true), ProgressMonitor.NONE);
        assertThat(d.getInteractions()).isEqualTo(4);
    }

    @Test
    void bad_data_an_unacknowledged_licence_or_a_taken_name_leave_nothing_behind() throws Exception {
        Path bad = movieLensFolder("bad");
        Files.writeString(bad.resolve("ratings.csv"), RATINGS + "2,99,4.0,170\n");

        assertThatThrownBy(() -> datasets.importFrom(request("bad", bad, true), ProgressMonitor.NONE))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("ratings.csv line 6").hasMessageContaining("item 99 is not in movies.csv");
        assertThatThrownBy(() -> datasets.importFrom(request("good", movieLensFolder("good"), false), ProgressMonitor.NONE))
                .hasMessageContaining("licence").hasMessageContaining("must be acknowledged");
        datasets.importFrom(request("taken", movieLensFolder("one"), true), ProgressMonitor.NONE);
        assertThatThrownBy(() -> datasets.importFrom(request("TAKEN", movieLensFolder("two"), true), ProgressMonitor.NONE))
                .hasMessage("This project already has a dataset named \"taken\".");

        assertThat(datasets.list(project.getId())).extracting(ProjectDataset::getName).containsExactly("taken");
        assertThat(filesUnder(projects.folder(project).resolve("datasets"))).hasSize(2);
        assertThat(filesUnder(WORKSPACE.resolve("tmp"))).isEmpty();
    }

    @Test
    void deleting_a_dataset_removes_its_row_and_files() throws Exception {
        ProjectDataset d = datasets.importFrom(request("gone", movieLensFolder("x"), true), ProgressMonitor.NONE);
        Path folder = datasets.folder(d);

        datasets.delete(d.getId());
        assertThat(datasets.find(d.getId())).isEmpty();
        assertThat(folder).doesNotExist();
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.recprompt.workspace.security.ProjectAccess access;

    DatasetService serviceFor(DatasetDescriptor descriptor) {
        return new DatasetService(repository, projects, settings,
                new DatasetDescriptors(descriptor == null ? List.of() : List.of(descriptor)),
                new Downloader(), console, java.time.Clock.systemUTC(), access);
    }

    @Autowired
    ProjectDatasetRepository repository;

    @Autowired
    org.recprompt.workspace.WorkspaceSettings settings;

    @Autowired
    org.recprompt.base.ConsoleLog console;

    String serve(byte[] body) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ml-tiny.zip", exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/ml-tiny.zip";
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void a_download_is_checked_against_its_checksum_unpacked_and_imported() throws Exception {
        byte[] archive = zip(Map.of("ml-tiny/movies.csv", MOVIES, "ml-tiny/ratings.csv", RATINGS));
        String url = serve(archive);
        DatasetDescriptor descriptor = new DatasetDescriptor("ml-tiny", "Tiny", "movielens-csv", url, sha256(archive),
                archive.length, Map.of("ratings.csv", sha256(RATINGS.getBytes(StandardCharsets.UTF_8))),
                Map.of("users", 2L, "items", 3L, "interactions", 4L), "Research use only.", "Nobody 2026",
                "movie", List.of("ratings.csv is a test"));

        ProjectDataset d = serviceFor(descriptor).download(project.getId(), "ml-tiny", "tiny", true, ProgressMonitor.NONE);

        assertThat(d.getSource()).isEqualTo(url);
        assertThat(d.getArchiveSha256()).isEqualTo(sha256(archive));
        assertThat(d.getLicence()).isEqualTo("Research use only.");
        assertThat(d.getInteractions()).isEqualTo(4);
        assertThat(filesUnder(WORKSPACE.resolve("tmp"))).isEmpty();
        // The descriptor's domain and facts travel with the data, also when it is read again.
        Dataset reread = serviceFor(descriptor).load(d);
        assertThat(reread.domain()).isEqualTo(Domain.MOVIE);
        assertThat(reread.notes()).containsExactly("ratings.csv is a test");
    }

    @Test
    void a_generic_csv_keeps_its_item_file_and_chosen_domain_when_read_again() throws Exception {
        Path source = dir.resolve("books-source");
        Files.createDirectories(source);
        Files.writeString(source.resolve("ratings.csv"), "user_id,book_id,rating\n1,1,5\n1,2,4\n2,2,3\n");
        Files.writeString(source.resolve("books.csv"), "book_id,title,authors\n1,\"Gone, Girl\",Gillian Flynn\n2,Invisible,Paul Auster\n");
        ColumnMapping mapping = ColumnMapping.guess().withItems(new ColumnMapping.ItemFile(
                source.resolve("books.csv").toString(), null, null, null, null, null, null));
        ProjectDataset d = datasets.importFrom(new DatasetService.ImportRequest(project.getId(), "books",
                source.resolve("ratings.csv"), null, mapping, true, "book"), ProgressMonitor.NONE);

        ReadSettings stored = datasets.readSettings(d);
        assertThat(stored.domain()).isEqualTo("book");
        assertThat(stored.mapping().items().file()).isEqualTo("books.csv");
        assertThat(datasets.folder(d).resolve("books.csv")).exists();
        Files.delete(source.resolve("books.csv"));

        Dataset reread = serviceFor(null).load(repository.findById(d.getId()).orElseThrow());
        assertThat(reread.domain()).isEqualTo(Domain.BOOK);
        assertThat(reread.items().title(reread.items().indexOf("1"))).isEqualTo("Gone, Girl");
        assertThat(reread.items().attribute(Items.AUTHORS, reread.items().indexOf("2"))).isEqualTo("Paul Auster");

        // An item file on data that is not a generic CSV is refused, and nothing is kept.
        assertThatThrownBy(() -> datasets.importFrom(new DatasetService.ImportRequest(project.getId(), "ml",
                movieLensFolder("ml-x"), null, mapping, true, null), ProgressMonitor.NONE))
                .hasMessageContaining("generic CSV");
        assertThat(datasets.list(project.getId())).extracting(ProjectDataset::getName).containsExactly("books");
    }

    @Test
    void a_download_with_the_wrong_checksum_or_contents_is_discarded() throws Exception {
        byte[] archive = zip(Map.of("ml-tiny/movies.csv", MOVIES, "ml-tiny/ratings.csv", RATINGS));
        String url = serve(archive);
        DatasetDescriptor wrongArchive = new DatasetDescriptor("ml-tiny", "Tiny", "movielens-csv", url, "0".repeat(64),
                0, Map.of(), Map.of(), "Research use only.", null, null, null);
        assertThatThrownBy(() -> serviceFor(wrongArchive).download(project.getId(), "ml-tiny", "tiny", true, ProgressMonitor.NONE))
                .hasMessageContaining("does not match its checksum").hasMessageContaining("nothing was kept");

        DatasetDescriptor wrongFile = new DatasetDescriptor("ml-tiny", "Tiny", "movielens-csv", url, "", 0,
                Map.of("ratings.csv", "1".repeat(64)), Map.of(), "Research use only.", null, null, null);
        assertThatThrownBy(() -> serviceFor(wrongFile).download(project.getId(), "ml-tiny", "tiny", true, ProgressMonitor.NONE))
                .hasMessageContaining("ratings.csv").hasMessageContaining("does not match its checksum");

        DatasetDescriptor wrongCounts = new DatasetDescriptor("ml-tiny", "Tiny", "movielens-csv", url, "", 0,
                Map.of(), Map.of("interactions", 5L), "Research use only.", null, null, null);
        assertThatThrownBy(() -> serviceFor(wrongCounts).download(project.getId(), "ml-tiny", "tiny", true, ProgressMonitor.NONE))
                .hasMessageContaining("should have 5 interactions but 4 were read");

        assertThat(datasets.list(project.getId())).isEmpty();
        assertThat(filesUnder(projects.folder(project).resolve("datasets"))).isEmpty();
        assertThat(filesUnder(WORKSPACE.resolve("tmp"))).isEmpty();
    }

    @Test
    void importing_an_amazon_reviews_file_takes_its_metadata_file_along() throws Exception {
        Path folder = dir.resolve("amazon");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("Toys_5.json"), "{\"overall\": 4.0, \"unixReviewTime\": 1400000000,"
                + " \"reviewerID\": \"U1\", \"asin\": \"I1\", \"reviewText\": \"fun\"}\n");
        Files.writeString(folder.resolve("meta_Toys.json"), "{\"asin\": \"I1\", \"title\": \"Kite\"}\n");
        Files.writeString(folder.resolve("Other_5.json"), "{}\n");

        ProjectDataset d = datasets.importFrom(request("toys", folder.resolve("Toys_5.json"), true), ProgressMonitor.NONE);

        assertThat(d.getFormat()).isEqualTo("amazon-2018");
        assertThat(datasets.load(d).items().title(0)).isEqualTo("Kite");
    }

    @Test
    void a_descriptor_that_is_not_one_zip_is_refused_before_any_download() {
        DatasetDescriptor gz = new DatasetDescriptor("amazon-x", "X", "amazon-2023", "https://127.0.0.1:9/X.jsonl.gz", "",
                0, Map.of(), Map.of(), "Research use.", "Hou 2024", "product", List.of());

        assertThatThrownBy(() -> serviceFor(gz).download(project.getId(), "amazon-x", "x", true, ProgressMonitor.NONE))
                .hasMessageContaining("amazon-x is not published as one zip archive");
    }

    @Test
    void the_shipped_descriptors_cover_the_usual_movielens_sets_with_licences() {
        assertThat(datasets.descriptors().all()).extracting(DatasetDescriptor::name)
                .contains("ml-latest-small", "ml-100k", "ml-1m", "ml-25m");
        for (DatasetDescriptor d : datasets.descriptors().all()) {
            assertThat(d.licence()).as(d.name()).isNotBlank();
            assertThat(d.citation()).as(d.name()).isNotBlank();
            if (d.name().startsWith("ml-")) {
                assertThat(d.citation()).as(d.name()).contains("Harper");
            }
            // Book-Crossing's publisher page was plain http (and is no longer online).
            assertThat(d.url()).as(d.name()).startsWith(d.name().equals("book-crossing") ? "http://" : "https://");
            // The descriptor's domain is its reader's default one (a typo would make up a new domain).
            assertThat(Domain.byName(d.domain())).as(d.name())
                    .isEqualTo(org.recprompt.dataset.io.DatasetFormat.byId(d.format()).domain());
        }
        assertThat(datasets.descriptors().all()).extracting(DatasetDescriptor::format)
                .contains("movietweetings", "goodbooks-10k", "book-crossing", "lastfm-hetrec");
    }
}
