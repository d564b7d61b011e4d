package org.recprompt.dataset.ui;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import org.recprompt.base.BackgroundJobs;
import org.recprompt.base.ui.Notifications;
import org.recprompt.dataset.DatasetService;
import org.recprompt.dataset.DatasetUpload;
import org.recprompt.dataset.DatasetUploads;
import org.recprompt.dataset.ProjectDataset;
import org.recprompt.dataset.split.ImportedSplits;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.server.streams.UploadHandler;

/**
 * "Import split...": a paper's train and test files (and a validation file) uploaded, checked
 * against the dataset with the reader the commands and experiments use, and kept beside it
 * ({@link ImportedSplits}). A problem is shown in the dialog, naming the file and line; nothing is
 * kept then. The files are streamed into an upload staging folder of the workspace
 * ({@link DatasetUploads}), counted against the upload limit as they arrive, and removed when the
 * dialog closes.
 */
class ImportSplitDialog extends Dialog {

    final TextField name = new TextField("Name of the split");
    final Slot train;
    final Slot test;
    final Slot valid;
    final Span error = new Span();
    final Button importButton = new Button("Import");

    private final DatasetService datasets;
    private final BackgroundJobs jobs;
    private final ProjectDataset record;
    private final Runnable onImported;
    /** Where the uploaded files wait, counted together against the upload limit. */
    final DatasetUpload staging;

    /** One file to upload: its Upload and, once received, the file's name and where it waits. */
    final class Slot {
        final Upload upload;
        final Span status = new Span("No file yet.");
        String fileName;
        Path content;

        Slot(String role, String label) {
            upload = new Upload(handler());
            upload.setId("import-split-" + role);
            upload.setMaxFiles(1);
            upload.setMaxFileSize((int) Math.min(Integer.MAX_VALUE, staging.maxBytes()));
            upload.addFileRejectedListener(e -> error.setText(e.getFileName() + " is larger than "
                    + DatasetUpload.human(staging.maxBytes()) + ", the upload limit (" + DatasetUploads.LIMIT_SETTING
                    + "), so it was not kept."));
            upload.addFileRemovedListener(e -> clear());
            status.setId("import-split-" + role + "-status");
            status.addClassName("rp-muted");
            Span title = new Span(label);
            title.addClassName("rp-field-label");
            box = new Div(title, upload, status);
            box.addClassName("rp-split-slot");
        }

        final Div box;

        private UploadHandler handler() {
            return event -> {
                try (InputStream in = event.getInputStream()) {
                    stream(event.getUI(), event.getFileName(), event.getFileSize(), in);
                }
            };
        }

        /**
         * Streams one uploaded file into the staging folder as it arrives ({@code declared} is the size
         * the browser announced, negative when unknown); a file past the upload limit is stopped with
         * the reason, naming it, shown in the dialog, and nothing of it is kept.
         */
        void stream(UI ui, String fileName, long declared, InputStream in) throws IOException {
            try {
                Path file = staging.keep(fileName, declared, in);
                ui.access(() -> received(fileName, file));
            } catch (IOException | RuntimeException e) {
                String why = e.getMessage();
                ui.access(() -> error.setText(why));
                throw e;
            }
        }

        void received(String originalName, Path file) {
            discard();
            fileName = originalName == null || originalName.isBlank() ? "uploaded file" : originalName;
            content = file;
            long size;
            try {
                size = Files.size(file);
            } catch (IOException e) {
                size = -1;
            }
            status.setText("Received " + fileName + " (" + String.format(java.util.Locale.ROOT, "%,d", size)
                    + " bytes).");
            error.setText("");
            if (name.getValue().isBlank()) {
                name.setValue(suggestedName(fileName));
            }
        }

        void clear() {
            discard();
            fileName = null;
            status.setText("No file yet.");
        }

        void discard() {
            if (content != null) {
                staging.discard(content);
                content = null;
            }
        }

        ImportedSplits.Given given() {
            return content == null ? null : new ImportedSplits.Given(fileName, content);
        }
    }

    ImportSplitDialog(DatasetService datasets, DatasetUploads uploads, BackgroundJobs jobs, ProjectDataset record,
            Runnable onImported) {
        this.datasets = datasets;
        this.jobs = jobs;
        this.record = record;
        this.onImported = onImported;
        this.staging = uploads.start();
        train = new Slot("train", "Training file (required)");
        test = new Slot("test", "Test file (required): its interactions are held out");
        valid = new Slot("valid", "Validation file (optional): part of each user's history, never relevant");
        setHeaderTitle("Import split for " + record.getName());
        setWidth("44rem");
        Span about = new Span("A predefined split, such as a paper's published files: lines of user, item[, rating[, "
                + "timestamp]] separated by tabs or commas, with or without a header (Elliot's TSVs, RecBole's "
                + ".train.inter/.valid.inter/.test.inter). Every id must be this dataset's.");
        about.addClassName("rp-muted");
        name.setId("import-split-name");
        name.setWidthFull();
        name.setValueChangeMode(ValueChangeMode.EAGER);
        name.addValueChangeListener(e -> validateName());
        error.setId("import-split-error");
        error.addClassName("rp-error");
        VerticalLayout form = new VerticalLayout(about, name, train.box, test.box, valid.box, error);
        form.setPadding(false);
        add(form);
        importButton.setId("import-split-confirm");
        importButton.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        importButton.addClickListener(e -> submit());
        getFooter().add(new Button("Cancel", e -> close()), importButton);
        addOpenedChangeListener(e -> {
            if (!e.isOpened()) {
                train.discard();
                test.discard();
                valid.discard();
                staging.close();
            }
        });
        addDetachListener(e -> staging.close());
    }

    /** "ml-1m.train.inter" -> "ml-1m"; "train.tsv" -> "split". */
    static String suggestedName(String fileName) {
        String base = fileName.replaceFirst("(?i)\\.(train|test|valid|validation)?\\.?(inter|tsv|csv|txt)$", "")
                .replaceFirst("(?i)[._-]?(train|test|valid|validation)$", "").replaceAll("[^A-Za-z0-9._-]", "-");
        return base.isBlank() || !Character.isLetterOrDigit(base.charAt(0)) ? "split" : base;
    }

    private boolean validateName() {
        Optional<String> problem = ImportedSplits.nameProblem(datasets.folder(record), name.getValue());
        name.setInvalid(problem.isPresent());
        name.setErrorMessage(problem.orElse(null));
        return problem.isEmpty();
    }

    void submit() {
        if (!validateName()) {
            return;
        }
        if (train.content == null || test.content == null) {
            error.setText("Upload the " + (train.content == null ? "training" : "test") + " file first: a split needs a "
                    + "training and a test file.");
            return;
        }
        ImportedSplits.Given t = train.given();
        ImportedSplits.Given h = test.given();
        ImportedSplits.Given v = valid.given();
        String splitName = name.getValue().strip();
        importButton.setEnabled(false);
        error.setText("");
        UI ui = UI.getCurrent();
        jobs.submit("Import split " + splitName + " for " + record.getName(), monitor -> {
            try {
                ImportedSplits.Stored stored = ImportedSplits.importSplit(datasets.load(record), datasets.folder(record),
                        splitName, t, h, v, Instant.now());
                ui.access(() -> {
                    Notifications.info("Imported split " + stored.name() + " for " + record.getName());
                    close();
                    onImported.run();
                });
            } catch (RuntimeException e) {
                ui.access(() -> {
                    error.setText(e.getMessage());
                    importButton.setEnabled(true);
                });
                throw e;
            }
        });
    }
}
