package org.recprompt.experiment.ui;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

import org.recprompt.backend.BackendConfig;
import org.recprompt.base.ui.Notifications;
import org.recprompt.experiment.ExperimentService;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;

/**
 * Names a new experiment; its text starts from the project's dataset and ranking template, with the
 * offline baselines, and the project's trained models and saved backends the user ticks.
 */
class NewExperimentDialog extends Dialog {

    final TextField name = new TextField("Name");
    final Button create = new Button("Create");
    final CheckboxGroup<String> models = new CheckboxGroup<>("Compare the project's trained models");
    final CheckboxGroup<String> backends = new CheckboxGroup<>("Add the project's saved backends");

    NewExperimentDialog(ExperimentService experiments, ExperimentStarter starter, long projectId, Consumer<String> onCreated) {
        setHeaderTitle("New experiment");
        setWidth("28rem");
        name.setId("new-experiment-name");
        name.setWidthFull();
        name.setValueChangeMode(ValueChangeMode.EAGER);
        int n = experiments.experiments(projectId).size() + 1;
        name.setValue("ranking-" + n);
        name.setAutoselect(true); // typing replaces the suggested name instead of appending to it
        name.setHelperText("It names the file experiments/<name>.yaml.");
        name.addValueChangeListener(e -> {
            var problem = experiments.nameProblem(projectId, e.getValue());
            name.setInvalid(problem.isPresent());
            name.setErrorMessage(problem.orElse(null));
            create.setEnabled(problem.isEmpty());
        });
        add(name);
        List<String> saved = starter.models(projectId);
        if (!saved.isEmpty()) {
            models.setId("new-experiment-models");
            models.setItems(saved);
            models.select(saved);
            models.setHelperText("Each is added as a p5 backend beside most-popular and the semantic ranker"
                    + " (a word model generates freely and constrained to the catalog).");
            add(models);
        }
        List<BackendConfig> configs = starter.backends(projectId);
        if (!configs.isEmpty()) {
            java.util.Map<String, String> labels = new java.util.LinkedHashMap<>();
            configs.forEach(c -> labels.put(c.getName(), c.getName() + " (" + c.getType().id()
                    + (c.getModel().isBlank() ? "" : ", " + c.getModel()) + ")"));
            backends.setId("new-experiment-backends");
            backends.setItems(labels.keySet());
            backends.setItemLabelGenerator(labels::get);
            backends.setHelperText("Each is added as backend: NAME beside the offline baselines: its URL, model, parameters,"
                    + " limits, prices and key come from the saved backend when the experiment runs.");
            add(backends);
        }
        create.setId("new-experiment-create");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickShortcut(Key.ENTER);
        create.addClickListener(e -> {
            String n2 = name.getValue().strip();
            try {
                experiments.create(projectId, n2, starter.text(projectId, n2,
                        starter.models(projectId).stream().filter(models.getSelectedItems()::contains).toList(),
                        configs.stream().map(BackendConfig::getName).filter(backends.getSelectedItems()::contains).toList()));
                close();
                onCreated.accept(n2);
            } catch (IOException | IllegalArgumentException ex) {
                name.setInvalid(true);
                name.setErrorMessage(ex.getMessage());
                Notifications.error(ex.getMessage());
            }
        });
        getFooter().add(new Button("Cancel", e -> close()), create);
        addOpenedChangeListener(e -> name.focus());
    }
}
