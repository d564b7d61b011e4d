package org.recprompt.dataset.ui;

import java.util.function.Consumer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.recprompt.base.BackgroundJobs;
import org.recprompt.base.ui.ExplorerContribution;
import org.recprompt.base.ui.Notifications;
import org.recprompt.dataset.DatasetDescriptor;
import org.recprompt.dataset.DatasetService;
import org.recprompt.dataset.Domain;
import org.recprompt.dataset.io.ColumnMapping;
import org.recprompt.dataset.io.DatasetFormat;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;

/**
 * Imports a dataset from a folder, data file or zip on this machine. The data is read and
 * checked in the background; the licence must be acknowledged first.
 */
class ImportDatasetDialog extends Dialog {

    static final String AUTO = "Detect from the files";
    static final String DOMAIN_DEFAULT = "From the data (descriptor or format)";

    final TextField path = new TextField("Folder, file or zip on this machine");
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

    ImportDatasetDialog(DatasetService datasets, BackgroundJobs jobs, long projectId,
            Consumer<ExplorerContribution.Entry> onCreated) {
        this.datasets = datasets;
        this.jobs = jobs;
        this.projectId = projectId;
        this.onCreated = onCreated;
        setHeaderTitle("Import dataset");
        setWidth("44rem");
        path.setId("import-path");
        path.setWidthFull();
        path.setPlaceholder("/data/movielens/ml-latest-small");
        path.setValueChangeMode(ValueChangeMode.LAZY);
        path.addValueChangeListener(e -> pathChanged());
        name.setId("import-name");
        name.setWidthFull();
        name.setValueChangeMode(ValueChangeMode.EAGER);
        name.addValueChangeListener(e -> validateName());
        format.setLabel("Format");
        List<String> formats = new java.util.ArrayList<>(List.of(AUTO));
        Arrays.stream(DatasetFormat.values()).map(DatasetFormat::id).forEach(formats::add);
        format.setItems(formats);
        format.setValue(AUTO);
        domain.setId("import-domain");
        domain.setLabel("Domain (what the items are; the prompts' words follow it)");
        List<String> domains = new java.util.ArrayList<>(List.of(DOMAIN_DEFAULT));
        Domain.KNOWN.forEach(d -> domains.add(d.noun()));
        domain.setItems(domains);
        domain.setValue(DOMAIN_DEFAULT);
        itemFile.setId("import-item-file");
        itemFile.setWidthFull();
        itemFile.setPlaceholder("/data/goodbooks-10k/books.csv");
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
        VerticalLayout form = new VerticalLayout(path, name, format, domain, itemDetails, licence);
        form.setPadding(false);
        add(form);
        importButton.setId("import-confirm");
        importButton.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        importButton.addClickListener(e -> submit());
        getFooter().add(new Button("Cancel", e -> close()), importButton);
        pathChanged();
    }

    private void pathChanged() {
        String p = path.getValue().strip();
        Optional<DatasetDescriptor> known = p.isEmpty() ? Optional.empty() : datasets.descriptors().recognise(Path.of(p));
        if (known.isPresent()) {
            licence.show(known.get());
        } else {
            licence.show(DatasetService.NO_DESCRIPTOR_LICENCE, null);
        }
        if (!p.isEmpty() && name.getValue().isBlank()) {
            Path fileName = Path.of(p).getFileName();
            name.setValue(fileName == null ? "" : fileName.toString().replaceFirst("\\.zip$", ""));
        }
        if (!p.isEmpty() && !Files.exists(Path.of(p))) {
            path.setInvalid(true);
            path.setErrorMessage("There is no file or folder " + p + " on this machine.");
        } else {
            path.setInvalid(false);
        }
    }

    private void itemFileChanged() {
        String p = itemFile.getValue().strip();
        itemFile.setInvalid(!p.isEmpty() && !Files.isRegularFile(Path.of(p)));
        itemFile.setErrorMessage(itemFile.isInvalid() ? "There is no file " + p + " on this machine." : null);
    }

    /** The generic CSV mapping: the usual names, with the item file and its columns when one is named. */
    ColumnMapping mapping() {
        String p = itemFile.getValue().strip();
        if (p.isEmpty()) {
            return ColumnMapping.guess();
        }
        return ColumnMapping.guess().withItems(new ColumnMapping.ItemFile(p, blankToNull(itemIdColumn),
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
        String p = path.getValue().strip();
        if (p.isEmpty() || !Files.exists(Path.of(p))) {
            path.setInvalid(true);
            path.setErrorMessage(p.isEmpty() ? "Name the folder, file or zip to import." : "There is no file or folder " + p + ".");
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
        String items = itemFile.getValue().strip();
        if (!items.isEmpty() && !Files.isRegularFile(Path.of(items))) {
            itemFile.setInvalid(true);
            itemFile.setErrorMessage("There is no file " + items + ".");
            return;
        }
        DatasetFormat f = AUTO.equals(format.getValue()) ? null : DatasetFormat.byId(format.getValue());
        String chosen = DOMAIN_DEFAULT.equals(domain.getValue()) ? null : domain.getValue();
        var request = new DatasetService.ImportRequest(projectId, name.getValue().strip(), Path.of(p), f,
                mapping(), true, chosen);
        UI ui = UI.getCurrent();
        String label = name.getValue().strip();
        jobs.submit("Import dataset " + label, BackgroundJobs.Mode.WATCHED_SELF_REPORTING, monitor -> {
            try {
                var imported = datasets.importFrom(request, monitor);
                ui.access(() -> {
                    Notifications.info("Imported " + label);
                    onCreated.accept(DatasetExplorer.entry(imported));
                });
            } catch (RuntimeException e) {
                ui.access(() -> Notifications.error(e.getMessage()));
                throw e;
            }
        });
        close();
    }
}
