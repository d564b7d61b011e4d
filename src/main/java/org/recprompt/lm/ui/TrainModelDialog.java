package org.recprompt.lm.ui;

import java.util.List;
import java.util.Optional;

import org.recprompt.base.ui.Notifications;
import org.recprompt.dataset.ProjectDataset;
import org.recprompt.lm.LmSettings;
import org.recprompt.lm.ModelService;
import org.recprompt.lm.Tokenisation;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.textfield.TextField;

/**
 * "Train model...": a project dataset (trained on its leave-last-out training split), the
 * tokenisation, and the settings that matter (epochs, time budget, seed, learning rate, width,
 * layers); the training runs as a background job in the Progress view (loss, ETA, cancel).
 */
class TrainModelDialog extends Dialog {

    final TextField name = new TextField("Name");
    final Select<ProjectDataset> dataset = new Select<>();
    final Select<Tokenisation> tokens = new Select<>();
    final IntegerField epochs = new IntegerField("Epochs");
    final IntegerField budget = new IntegerField("Time budget (seconds, 0: none)");
    final IntegerField seed = new IntegerField("Seed");
    final NumberField learningRate = new NumberField("Learning rate");
    final IntegerField width = new IntegerField("Model width");
    final IntegerField layers = new IntegerField("Layers");
    final Button train = new Button("Train");

    private final ModelService models;
    private final long projectId;

    TrainModelDialog(ModelService models, long projectId) {
        this.models = models;
        this.projectId = projectId;
        setHeaderTitle("Train model");
        setWidth("40rem");
        dataset.setLabel("Dataset (leave-last-out training split)");
        // one list for the items and the value: the select shows a value only when it is one of its items
        List<ProjectDataset> projectDatasets = models.datasets(projectId);
        dataset.setItems(projectDatasets);
        dataset.setItemLabelGenerator(ProjectDataset::getName);
        projectDatasets.stream().findFirst().ifPresent(dataset::setValue);
        tokens.setLabel("Tokens");
        tokens.setItems(Tokenisation.values());
        tokens.setItemLabelGenerator(t -> t == Tokenisation.ITEM ? "item tokens (one per item; ranks)"
                : "word tokens over titles (P5 text form; generates and scores titles)");
        tokens.addValueChangeListener(e -> defaults(e.getValue()));
        tokens.setValue(Tokenisation.ITEM);
        name.setValue("p5-items");
        FormLayout form = new FormLayout(name, dataset, tokens, epochs, budget, seed, learningRate, width, layers);
        form.setColspan(dataset, 2);
        form.setColspan(tokens, 2);
        Span note = new Span("Held-out interactions never reach the model. Defaults train on ml-latest-small in a few minutes on 2 cores.");
        note.addClassName("rp-muted");
        add(form, note);
        train.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        train.addClickListener(e -> submit());
        getFooter().add(new Button("Cancel", e -> close()), train);
    }

    private void defaults(Tokenisation t) {
        if (t == null) {
            return;
        }
        LmSettings s = LmSettings.defaults(t);
        epochs.setValue(s.epochs());
        budget.setValue(s.timeBudgetSeconds());
        seed.setValue((int) s.seed());
        learningRate.setValue(s.learningRate());
        width.setValue(s.dModel());
        layers.setValue(s.layers());
        if (name.getValue().startsWith("p5-")) {
            name.setValue(t == Tokenisation.ITEM ? "p5-items" : "p5-words");
        }
    }

    LmSettings settings() {
        LmSettings d = LmSettings.defaults(tokens.getValue());
        return new LmSettings(d.tokenisation(), value(width, d.dModel()), value(layers, d.layers()), d.heads(), 4 * value(width, d.dModel()),
                d.window(), d.batch(), value(epochs, d.epochs()), value(budget, d.timeBudgetSeconds()), value(seed, (int) d.seed()),
                learningRate.getValue() == null ? d.learningRate() : learningRate.getValue(), d.dropout(), d.minItemUsers());
    }

    private static int value(IntegerField f, int fallback) {
        return f.getValue() == null ? fallback : f.getValue();
    }

    void submit() {
        Optional<String> problem = models.nameProblem(projectId, name.getValue().strip());
        name.setInvalid(problem.isPresent());
        name.setErrorMessage(problem.orElse(null));
        if (problem.isPresent()) {
            return;
        }
        if (dataset.getValue() == null) {
            Notifications.error("Import or download a dataset into the project first.");
            return;
        }
        LmSettings s;
        try {
            s = settings();
        } catch (IllegalArgumentException e) {
            Notifications.error("The settings are not valid: " + e.getMessage());
            return;
        }
        models.train(projectId, dataset.getValue(), name.getValue().strip(), s);
        Notifications.info("Training " + name.getValue().strip() + ": follow it in the Progress view.");
        close();
    }
}
