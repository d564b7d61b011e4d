package org.recprompt.dataset.ui;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.recprompt.base.BackgroundJobs;
import org.recprompt.base.ServerPaths;
import org.recprompt.base.ui.ExplorerContribution;
import org.recprompt.base.ui.Notifications;
import org.recprompt.dataset.DatasetDescriptor;
import org.recprompt.dataset.DatasetService;
import org.recprompt.dataset.DatasetUpload;
import org.recprompt.dataset.DatasetUploads;
import org.recprompt.dataset.Domain;
import org.recprompt.dataset.io.ColumnMapping;
import org.recprompt.dataset.io.DatasetFormat;
import org.recprompt.dataset.io.DatasetFormatException;
import org.recprompt.dataset.io.DatasetLoader;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.listbox.ListBox;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.server.streams.UploadHandler;

/**
 * Imports a dataset uploaded from this browser (a zip or the dataset's files, streamed to a staging
 * folder of the workspace under a size limit) or from a folder, file or zip on the server, whose
 * path expands {@code ~} and offers the typed folder's entries. The data is read and checked in the
 * background; the licence must be acknowledged first. The staging folder is removed when the
 * import ends or the dialog is closed.
 */
class ImportDatasetDialog extends Dialog {

    static final String AUTO = "Detect from the files";
    static final String DOMAIN_DEFAULT = "From the data (descriptor or format)";
    /** Completions shown under the path at most. */
    static final int SUGGESTIONS = 40;

    final Upload upload;
    final Span uploadStatus = new Span();
    final Span uploadError = new Span();
    final TextField path = new TextField("Or a folder, file or zip on the server");
    final ListBox<String> suggestions = new ListBox<>();
    final Span moreSuggestions = new Span();
    final Span detected = new Span();
    final TextField name = new TextField("Name in the project");
    final Select<String> format = new Select<>();
    final Select<String> domain = new Select<>();
    final TextField itemFile = new TextField("Item file (generic CSV, optional): titles, genres, images, authors by item id");
    final TextField itemIdColumn = new TextField("Item id column");
    final TextField titleColumn = new TextField("Title column");
    final TextField genresColumn = new TextField("Genres column");
    final TextField genresSeparator = new TextField("Genres separator");
    final TextField imageColumn = new TextField("Image column");
    final TextField authorColumn = new TextField("Authors column");
    final LicencePanel licence = new LicencePanel();
    final Button importButton = new Button("Import");

    private final DatasetService datasets;
    private final BackgroundJobs jobs;
    private final long projectId;
    private final Consumer<ExplorerContribution.Entry> onCreated;
    private final Path home;
    final DatasetUpload staging;
    /** What each uploaded file brought (its size, a zip's unpacked entries), by the name it is kept under. */
    private final java.util.Map<String, String> described = new java.util.HashMap<>();
    /** The import job took the upload over: it removes the staging folder when it ends. */
    private boolean handedOver;
    /** The name this dialog filled in, replaced as the source changes until the person types their own. */
    private String filledName = "";
    /** The descriptor whose licence is shown ("" for none), so the panel is redrawn (and unticked) only when it changes. */
    private String shownLicence;

    ImportDatasetDialog(DatasetService datasets, DatasetUploads uploads, BackgroundJobs jobs, long projectId,
            Consumer<ExplorerContribution.Entry> onCreated) {
        this(datasets, uploads, jobs, projectId, onCreated, ServerPaths.home());
    }

    ImportDatasetDialog(DatasetService datasets, DatasetUploads uploads, BackgroundJobs jobs, long projectId,
            Consumer<ExplorerContribution.Entry> onCreated, Path home) {
        this.datasets = datasets;
        this.jobs = jobs;
        this.projectId = projectId;
        this.onCreated = onCreated;
        this.home = home;
        this.staging = uploads.start();
        setHeaderTitle("Import dataset");
        setWidth("44rem");

        upload = new Upload(uploadHandler());
        upload.setId("import-upload");
        upload.setWidthFull();
        upload.setMaxFileSize((int) Math.min(Integer.MAX_VALUE, staging.maxBytes()));
        upload.setUploadButton(new Button("Upload files..."));
        upload.setDropLabel(new Span("or drop a zip or the dataset's files here (at most "
                + DatasetUpload.human(staging.maxBytes()) + ")"));
        upload.addFileRejectedListener(e -> uploadError.setText(e.getFileName() + " is larger than "
                + DatasetUpload.human(staging.maxBytes()) + ", the upload limit (" + DatasetUploads.LIMIT_SETTING
                + "), so it was not kept."));
        upload.addFileRemovedListener(e -> {
            staging.remove(e.getFileName());
            uploadChanged();
        });
        uploadStatus.setId("import-upload-status");
        uploadStatus.addClassName("rp-muted");
        uploadError.setId("import-upload-error");
        uploadError.addClassName("rp-error");
        Span uploadTitle = new Span("Upload from this computer: a zip, or the dataset's files (ratings.csv and movies.csv,"
                + " u.data and u.item...)");
        uploadTitle.addClassName("rp-field-label");
        Div uploadBox = new Div(uploadTitle, upload, uploadStatus, uploadError);
        uploadBox.setWidthFull();

        path.setId("import-path");
        path.setWidthFull();
        path.setPlaceholder("~/data/movielens/ml-latest-small");
        path.setHelperText("~ is the server user's home (" + home + "); the folder's entries are listed as you type");
        path.setValueChangeMode(ValueChangeMode.LAZY);
        path.addValueChangeListener(e -> pathChanged());
        path.addKeyDownListener(Key.ARROW_DOWN, e -> {
            if (suggestions.isVisible()) {
                suggestions.getElement().callJsFunction("focus");
            }
        });
        suggestions.setId("import-path-suggestions");
        suggestions.addClassName("rp-path-suggestions");
        suggestions.setWidthFull();
        suggestions.setMaxHeight("12rem");
        suggestions.getStyle().set("overflow", "auto");
        suggestions.setVisible(false);
        suggestions.addValueChangeListener(e -> {
            if (e.isFromClient() && e.getValue() != null) {
                path.setValue(e.getValue());
                path.focus();
            }
        });
        moreSuggestions.setId("import-path-more");
        moreSuggestions.addClassName("rp-muted");
        detected.setId("import-detected");
        detected.addClassName("rp-muted");

        name.setId("import-name");
        name.setWidthFull();
        name.setValueChangeMode(ValueChangeMode.EAGER);
        name.addValueChangeListener(e -> validateName());
        format.setLabel("Format");
        List<String> formats = new java.util.ArrayList<>(List.of(AUTO));
        Arrays.stream(DatasetFormat.values()).map(DatasetFormat::id).forEach(formats::add);
        format.setItems(formats);
        format.setValue(AUTO);
        format.addValueChangeListener(e -> showDetected());
        domain.setId("import-domain");
        domain.setLabel("Domain (what the items are; the prompts' words follow it)");
        List<String> domains = new java.util.ArrayList<>(List.of(DOMAIN_DEFAULT));
        Domain.KNOWN.forEach(d -> domains.add(d.noun()));
        domain.setItems(domains);
        domain.setValue(DOMAIN_DEFAULT);
        itemFile.setId("import-item-file");
        itemFile.setWidthFull();
        itemFile.setPlaceholder("~/data/goodbooks-10k/books.csv, or an uploaded file's name");
        itemFile.setValueChangeMode(ValueChangeMode.LAZY);
        itemFile.addValueChangeListener(e -> itemFileChanged());
        itemIdColumn.setId("import-item-id-col");
        titleColumn.setId("import-title-col");
        genresColumn.setId("import-genres-col");
        genresSeparator.setId("import-genres-sep");
        imageColumn.setId("import-image-col");
        authorColumn.setId("import-author-col");
        for (TextField f : List.of(itemIdColumn, titleColumn, genresColumn, imageColumn, authorColumn)) {
            f.setPlaceholder("usual names");
        }
        genresSeparator.setPlaceholder("|");
        var columns = new com.vaadin.flow.component.orderedlayout.HorizontalLayout(itemIdColumn, titleColumn, genresColumn,
                genresSeparator, imageColumn, authorColumn);
        columns.setWrap(true);
        var itemDetails = new com.vaadin.flow.component.details.Details("Item file (generic CSV)",
                new VerticalLayout(itemFile, columns));
        itemDetails.setWidthFull();
        VerticalLayout form = new VerticalLayout(uploadBox, path, suggestions, moreSuggestions, detected, name, format,
                domain, itemDetails, licence);
        form.setPadding(false);
        form.setSpacing(false);
        form.getStyle().set("gap", "var(--lumo-space-s)");
        add(form);
        importButton.setId("import-confirm");
        importButton.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        importButton.addClickListener(e -> submit());
        getFooter().add(new Button("Cancel", e -> close()), importButton);
        addOpenedChangeListener(e -> {
            if (!e.isOpened()) {
                discardUpload();
            }
        });
        addDetachListener(e -> discardUpload());
        pathChanged();
    }

    /** Streams each uploaded file into the staging folder as it arrives; the Upload shows its progress. */
    private UploadHandler uploadHandler() {
        return event -> {
            UI ui = event.getUI();
            String fileName = event.getFileName();
            try (InputStream in = event.getInputStream()) {
                String what = staging.receive(fileName, event.getFileSize(), in);
                ui.access(() -> {
                    uploadError.setText("");
                    described.put(DatasetUpload.keptName(fileName), what);
                    uploadChanged();
                });
            } catch (IOException | RuntimeException e) {
                String why = e.getMessage();
                ui.access(() -> uploadError.setText(why));
                throw e;
            }
        };
    }

    private void discardUpload() {
        if (!handedOver) {
            staging.close();
        }
    }

    /** The upload's files changed: it becomes the source while it holds any, else the path is. */
    void uploadChanged() {
        List<String> names = staging.names();
        boolean uploaded = !names.isEmpty();
        uploadStatus.setText(uploaded ? "Uploaded: " + String.join("; ", names.stream().map(n -> described.getOrDefault(n, n))
                .toList()) + ". These files are imported." : "");
        path.setEnabled(!uploaded);
        if (uploaded) {
            suggestions.setVisible(false);
            moreSuggestions.setText("");
            path.setInvalid(false);
            Optional<String> suggested = staging.suggestedName();
            showLicence(suggested.flatMap(n -> datasets.descriptors().recognise(Path.of(n))));
            suggested.ifPresent(this::fillName);
            showDetected();
        } else {
            pathChanged();
        }
    }

    /** The path the field names, {@code ~} expanded; empty when blank or not a path. */
    Optional<Path> typedPath() {
        String p = path.getValue().strip();
        if (p.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ServerPaths.expand(p, home));
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    private void pathChanged() {
        if (!staging.isEmpty()) {
            return;
        }
        String p = path.getValue().strip();
        Optional<Path> at = typedPath();
        showLicence(at.flatMap(x -> datasets.descriptors().recognise(x)));
        Optional<Path> existing = at.filter(Files::exists);
        existing.map(Path::getFileName).map(f -> f.toString().replaceFirst("(?i)\\.zip$", "")).ifPresent(this::fillName);
        boolean offered = showSuggestions(p);
        if (!p.isEmpty() && existing.isEmpty() && !offered) {
            path.setInvalid(true);
            path.setErrorMessage("There is no file or folder " + at.map(Path::toString).orElse(p) + " on the server.");
        } else {
            path.setInvalid(false);
        }
        showDetected();
    }

    /**
     * The typed folder's entries that complete the path, shown under it; hidden when there is
     * nothing to add. Returns whether any entry starts with what was typed (the name is being typed).
     */
    private boolean showSuggestions(String p) {
        ServerPaths.Completions c = ServerPaths.complete(p, home, SUGGESTIONS);
        boolean useful = !c.entries().isEmpty() && !(c.entries().size() == 1 && c.entries().get(0).equals(p));
        suggestions.setItems(useful ? c.entries() : List.of());
        suggestions.setVisible(useful);
        moreSuggestions.setText(useful && c.more() > 0 ? "... and " + c.more() + " more: type more of the name." : "");
        return useful;
    }

    /** What the import would read, or why it cannot read the source, in one line. */
    private void showDetected() {
        Optional<Path> source = staging.isEmpty() ? typedPath().filter(Files::exists) : Optional.of(staging.data());
        if (source.isEmpty()) {
            detected.setText("");
            return;
        }
        DatasetFormat f = AUTO.equals(format.getValue()) ? null : DatasetFormat.byId(format.getValue());
        Path root = source.get();
        if (Files.isRegularFile(root) && root.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".zip")) {
            detected.setText("A zip on the server: unpacked and read when imported.");
            return;
        }
        try {
            DatasetLoader.Source s = DatasetLoader.locate(root, f);
            Path file = s.path();
            String shown = !file.startsWith(staging.data()) ? file.toString()
                    : file.equals(staging.data()) ? "the uploaded files" : staging.data().relativize(file).toString();
            detected.setText("Read as " + s.format().id() + " from " + shown + ".");
        } catch (DatasetFormatException | java.io.UncheckedIOException | IllegalArgumentException e) {
            detected.setText(String.valueOf(e.getMessage()).replace(staging.data().toString() + "/", "")
                    .replace(staging.data().toString(), "the upload"));
        }
    }

    private void showLicence(Optional<DatasetDescriptor> known) {
        String key = known.map(DatasetDescriptor::name).orElse("");
        if (key.equals(shownLicence)) {
            return;
        }
        shownLicence = key;
        if (known.isPresent()) {
            licence.show(known.get());
        } else {
            licence.showUnlicensed();
        }
    }

    private void fillName(String suggested) {
        if (name.getValue().isBlank() || name.getValue().equals(filledName)) {
            filledName = suggested;
            name.setValue(suggested);
        }
    }

    private void itemFileChanged() {
        String p = itemFile.getValue().strip();
        itemFile.setInvalid(!p.isEmpty() && itemPath().filter(Files::isRegularFile).isEmpty());
        itemFile.setErrorMessage(itemFile.isInvalid() ? "There is no file " + p + " on the server"
                + (staging.isEmpty() ? "." : " nor among the uploaded files.") : null);
    }

    /** The item file named: an uploaded file's name, or a path on the server ({@code ~} expanded). */
    private Optional<Path> itemPath() {
        String p = itemFile.getValue().strip();
        if (p.isEmpty()) {
            return Optional.empty();
        }
        try {
            if (!staging.isEmpty() && !p.contains("/")) {
                try (var found = Files.walk(staging.data())) {
                    Optional<Path> uploaded = found.filter(f -> f.getFileName().toString().equals(p)).findFirst();
                    if (uploaded.isPresent()) {
                        return uploaded;
                    }
                }
            }
            return Optional.of(ServerPaths.expand(p, home));
        } catch (InvalidPathException | IOException | java.io.UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /** The generic CSV mapping: the usual names, with the item file and its columns when one is named. */
    ColumnMapping mapping() {
        Optional<Path> p = itemPath();
        if (p.isEmpty()) {
            return ColumnMapping.guess();
        }
        return ColumnMapping.guess().withItems(new ColumnMapping.ItemFile(p.get().toString(), blankToNull(itemIdColumn),
                blankToNull(titleColumn), blankToNull(genresColumn), blankToNull(genresSeparator), blankToNull(imageColumn),
                blankToNull(authorColumn)));
    }

    private static String blankToNull(TextField f) {
        String v = f.getValue();
        return v == null || v.isBlank() ? null : v.strip();
    }

    private boolean validateName() {
        Optional<String> problem = datasets.nameProblem(projectId, name.getValue());
        name.setInvalid(problem.isPresent());
        name.setErrorMessage(problem.orElse(null));
        return problem.isEmpty();
    }

    void submit() {
        boolean uploaded = !staging.isEmpty();
        Optional<Path> at = uploaded ? Optional.of(staging.data()) : typedPath();
        if (!uploaded && at.filter(Files::exists).isEmpty()) {
            String p = path.getValue().strip();
            path.setInvalid(true);
            path.setErrorMessage(p.isEmpty() ? "Upload the data, or name the folder, file or zip on the server to import."
                    : "There is no file or folder " + at.map(Path::toString).orElse(p) + " on the server.");
            return;
        }
        if (!validateName()) {
            return;
        }
        if (!licence.acknowledged.getValue()) {
            licence.acknowledged.getElement().getThemeList().add("error");
            Notifications.error("Acknowledge the licence first.");
            return;
        }
        if (!itemFile.getValue().isBlank() && itemPath().filter(Files::isRegularFile).isEmpty()) {
            itemFileChanged();
            return;
        }
        DatasetFormat f = AUTO.equals(format.getValue()) ? null : DatasetFormat.byId(format.getValue());
        String chosen = DOMAIN_DEFAULT.equals(domain.getValue()) ? null : domain.getValue();
        var request = new DatasetService.ImportRequest(projectId, name.getValue().strip(), at.get(), f,
                mapping(), true, chosen);
        UI ui = UI.getCurrent();
        String label = name.getValue().strip();
        DatasetUpload from = uploaded ? staging : null;
        handedOver = uploaded;
        jobs.submit("Import dataset " + label, BackgroundJobs.Mode.WATCHED_SELF_REPORTING, monitor -> {
            try {
                var imported = from == null ? datasets.importFrom(request, monitor)
                        : datasets.importUploaded(request, from, monitor);
                ui.access(() -> {
                    Notifications.info("Imported " + label);
                    onCreated.accept(DatasetExplorer.entry(imported));
                });
            } catch (RuntimeException e) {
                ui.access(() -> Notifications.error(e.getMessage()));
                throw e;
            } finally {
                if (from != null) {
                    from.close();
                }
            }
        });
        close();
    }
}
