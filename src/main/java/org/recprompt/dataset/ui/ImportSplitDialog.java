package org.recprompt.dataset.ui;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import org.recprompt.base.BackgroundJobs;
import org.recprompt.base.ui.Notifications;
import org.recprompt.dataset.DatasetService;
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
 * kept then.
 */
class ImportSplitDialog extends Dialog {

    /** The most bytes one uploaded split file may have. */
    static final int MAX_BYTES = 1 << 30;

    final TextField name = new TextField("Name of the split");
    final Slot train = new Slot("train", "Training file (required)");
    final Slot test = new Slot("test", "Test file (required): its interactions are held out");
    final Slot valid = new Slot("valid", "Validation file (optional): part of each user's history, never relevant");
    final Span error = new Span();
    final Button importButton = new Button("Import");

    private final DatasetService datasets;
    private final BackgroundJobs jobs;
    private final ProjectDataset record;
    private final Runnable onImported;

    /** One file to upload: its Upload and, once received, the file's name and where it waits. */
    final class Slot {
        final Upload upload;
        final Span status = new Span("No file yet.");
        String fileName;
        Path content;

        Slot(String role, String label) {
            upload = new Upload(UploadHandler.toTempFile((metadata, file) -> received(metadata.fileName(), file)));
            upload.setId("import-split-" + role);
            upload.setMaxFiles(1);
            upload.setMaxFileSize(MAX_BYTES);
            upload.addFileRemovedListener(e -> clear());
            status.setId("import-split-" + role + "-status");
            status.addClassName("rp-muted");
            Span title = new Span(label);
            title.addClassName("rp-field-label");
            box = new Div(title, upload, status);
            box.addClassName("rp-split-slot");
        }

        final Div box;

        void received(String originalName, File file) {
            discard();
            fileName = originalName == null || originalName.isBlank() ? "uploaded file" : originalName;
            content = file.toPath();
            status.setText("Received " + fileName + " (" + String.format(java.util.Locale.ROOT, "%,d", file.length())
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
                try {
                    Files.deleteIfExists(content);
                } catch (IOException e) {
                    // a temporary file the system's cleaner removes later
                }
                content = null;
            }
        }

        ImportedSplits.Given given() {
            return content == null ? null : new ImportedSplits.Given(fileName, content);
        }
    }

    ImportSplitDialog(DatasetService datasets, BackgroundJobs jobs, ProjectDataset record, Runnable onImported) {
        this.datasets = datasets;
        this.jobs = jobs;
        this.record = record;
        this.onImported = onImported;
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
            }
        });
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
