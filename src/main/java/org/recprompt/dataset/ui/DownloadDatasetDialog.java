package org.recprompt.dataset.ui;

import java.util.function.Consumer;

import java.util.Locale;
import java.util.Optional;

import org.recprompt.base.BackgroundJobs;
import org.recprompt.base.ui.ExplorerContribution;
import org.recprompt.base.ui.Notifications;
import org.recprompt.dataset.DatasetDescriptor;
import org.recprompt.dataset.DatasetService;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;

/** Downloads a described public dataset: shows where from, its size and licence, then fetches it in the background. */
class DownloadDatasetDialog extends Dialog {

    final Select<DatasetDescriptor> dataset = new Select<>();
    final TextField name = new TextField("Name in the project");
    final Span source = new Span();
    final LicencePanel licence = new LicencePanel();
    final Button download = new Button("Download");

    private final DatasetService datasets;
    private final BackgroundJobs jobs;
    private final long projectId;
    private final Consumer<ExplorerContribution.Entry> onCreated;

    DownloadDatasetDialog(DatasetService datasets, BackgroundJobs jobs, long projectId,
            Consumer<ExplorerContribution.Entry> onCreated) {
        this.datasets = datasets;
        this.jobs = jobs;
        this.projectId = projectId;
        this.onCreated = onCreated;
        setHeaderTitle("Download dataset");
        setWidth("44rem");
        dataset.setLabel("Dataset");
        dataset.setItems(datasets.descriptors().all());
        dataset.setItemLabelGenerator(DatasetDescriptor::title);
        dataset.addValueChangeListener(e -> chosen(e.getValue()));
        name.setWidthFull();
        name.setValueChangeMode(ValueChangeMode.EAGER);
        source.addClassName("rp-muted");
        VerticalLayout form = new VerticalLayout(dataset, source, name, licence);
        form.setPadding(false);
        add(form);
        download.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        download.addClickListener(e -> submit());
        getFooter().add(new Button("Cancel", e -> close()), download);
        datasets.descriptors().all().stream().findFirst().ifPresent(dataset::setValue);
    }

    private void chosen(DatasetDescriptor d) {
        if (d == null) {
            return;
        }
        source.setText(String.format(Locale.ROOT, "%s (about %.1f MB)%s", d.url(), d.sizeBytes() / 1e6,
                d.hasArchiveChecksum() ? ", SHA-256 checked" : ", contents checked after unpacking"));
        name.setValue(d.name());
        licence.show(d);
    }

    void submit() {
        DatasetDescriptor d = dataset.getValue();
        Optional<String> problem = datasets.nameProblem(projectId, name.getValue());
        name.setInvalid(problem.isPresent());
        name.setErrorMessage(problem.orElse(null));
        if (d == null || problem.isPresent()) {
            return;
        }
        if (!licence.acknowledged.getValue()) {
            Notifications.error("Acknowledge the licence first.");
            return;
        }
        UI ui = UI.getCurrent();
        String label = name.getValue().strip();
        jobs.submit("Download dataset " + d.name(), BackgroundJobs.Mode.WATCHED_SELF_REPORTING, monitor -> {
            try {
                var downloaded = datasets.download(projectId, d.name(), label, true, monitor);
                ui.access(() -> {
                    Notifications.info("Downloaded " + label);
                    onCreated.accept(DatasetExplorer.entry(downloaded));
                });
            } catch (RuntimeException e) {
                ui.access(() -> Notifications.error(e.getMessage()));
                throw e;
            }
        });
        close();
    }
}
