package org.recprompt.prompt.ui;

import java.util.Arrays;
import java.util.function.Consumer;

import org.recprompt.base.BackgroundJobs;
import org.recprompt.base.ui.ExplorerContribution;
import org.recprompt.base.ui.Notifications;
import org.recprompt.dataset.DatasetService;
import org.recprompt.dataset.ProjectDataset;
import org.recprompt.prompt.fewshot.FewShotSampler;
import org.recprompt.prompt.fewshot.FewShotService;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;

/** Samples a few-shot set from a dataset's training users with a strategy and a seed. */
class SampleFewShotDialog extends Dialog {

    final TextField name = new TextField("Name");
    final Select<ProjectDataset> dataset = new Select<>();
    final Select<FewShotSampler.Strategy> strategy = new Select<>();
    final IntegerField count = new IntegerField("Examples");
    final IntegerField choices = new IntegerField("Candidates per example (choice tasks; 0 for none)");
    final IntegerField seed = new IntegerField("Seed");
    final Button sample = new Button("Sample");

    SampleFewShotDialog(FewShotService sets, DatasetService datasets, BackgroundJobs jobs, long projectId,
            Consumer<ExplorerContribution.Entry> onCreated) {
        setHeaderTitle("Sample few-shot set");
        dataset.setLabel("From dataset");
        dataset.setItems(datasets.list(projectId));
        dataset.setItemLabelGenerator(ProjectDataset::getName);
        datasets.list(projectId).stream().findFirst().ifPresent(dataset::setValue);
        strategy.setLabel("Strategy");
        strategy.setItems(Arrays.asList(FewShotSampler.Strategy.values()));
        strategy.setItemLabelGenerator(s -> s.name().toLowerCase().replace('_', '-'));
        strategy.setValue(FewShotSampler.Strategy.RANDOM);
        count.setValue(3);
        count.setMin(1);
        choices.setValue(0);
        seed.setValue(7);
        name.setValue("random-3");
        add(new FormLayout(name, dataset, strategy, count, choices, seed));
        sample.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        sample.addClickListener(e -> {
            if (dataset.getValue() == null) {
                Notifications.error("Import a dataset into the project first.");
                return;
            }
            ProjectDataset pd = dataset.getValue();
            String n = name.getValue().strip();
            FewShotSampler.Strategy s = strategy.getValue();
            int examples = count.getValue() == null ? 3 : count.getValue();
            int c = choices.getValue() == null ? 0 : choices.getValue();
            long sd = seed.getValue() == null ? 7 : seed.getValue();
            UI ui = UI.getCurrent();
            jobs.submit("Sample few-shot set " + n, monitor -> {
                try {
                    var saved = sets.sample(projectId, n, datasets.load(pd), s, examples, c, sd);
                    ui.access(() -> onCreated.accept(FewShotExplorer.entry(saved)));
                } catch (RuntimeException ex) {
                    ui.access(() -> Notifications.error(ex.getMessage()));
                    throw ex;
                }
            });
            close();
        });
        getFooter().add(new Button("Cancel", ev -> close()), sample);
    }
}
