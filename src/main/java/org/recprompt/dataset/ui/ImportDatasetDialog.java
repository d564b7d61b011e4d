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

    final TextField path = new TextField("Folder, file or zip on this machine");
    final TextField name = new TextField("Name in the project");
    final Select<String> format = new Select<>();
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
        VerticalLayout form = new VerticalLayout(path, name, format, licence);
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
        licence.show(known.map(DatasetDescriptor::licence).orElse(DatasetService.NO_DESCRIPTOR_LICENCE),
                known.map(DatasetDescriptor::citation).orElse(null));
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
        DatasetFormat f = AUTO.equals(format.getValue()) ? null : DatasetFormat.byId(format.getValue());
        var request = new DatasetService.ImportRequest(projectId, name.getValue().strip(), Path.of(p), f,
                ColumnMapping.guess(), true);
        UI ui = UI.getCurrent();
        String label = name.getValue().strip();
        jobs.submit("Import dataset " + label, monitor -> {
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
