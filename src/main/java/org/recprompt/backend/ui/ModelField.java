package org.recprompt.backend.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import org.recprompt.backend.ConnectionTester;
import org.recprompt.backend.adapter.ModelLister;
import org.recprompt.base.BackgroundJobs;
import org.recprompt.base.ConsoleLog;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;

/**
 * The model: a combo box that takes any name, offered the models the server lists ("List models",
 * run in the background). Model names come from the server: they are shown as text only.
 */
class ModelField extends Composite<Div> {

    final ComboBox<String> combo = new ComboBox<>("Model");
    final Button list = new Button("List models");
    final Span status = new Span();
    private final List<String> listed = new ArrayList<>();
    private boolean quiet;

    /** {@code onChange} gets (old, new) when the model changes, but not when the list of offers does. */
    ModelField(BackgroundJobs jobs, ConsoleLog console, ConnectionTester tester, Supplier<Probe> probe,
            BiConsumer<String, String> onChange) {
        combo.setAllowCustomValue(true);
        combo.setHelperText("Type any name, or list the server's models.");
        combo.addCustomValueSetListener(e -> set(e.getDetail()));
        combo.addValueChangeListener(e -> {
            if (!quiet) {
                onChange.accept(e.getOldValue(), e.getValue());
            }
        });
        list.addClickListener(e -> listModels(jobs, console, tester, probe.get()));
        status.addClassName("rp-muted");
        HorizontalLayout row = new HorizontalLayout(combo, list);
        row.setAlignItems(HorizontalLayout.Alignment.BASELINE);
        getContent().add(row, status);
    }

    String value() {
        return Objects.toString(combo.getValue(), "");
    }

    /** Sets the model, keeping it among the combo box's items (a custom name included). */
    void set(String value) {
        String v = value == null ? "" : value.strip();
        List<String> items = new ArrayList<>(listed);
        if (!v.isEmpty() && !items.contains(v)) {
            items.add(0, v);
        }
        combo.setItems(items);
        combo.setValue(v.isEmpty() ? null : v);
    }

    /** Offers the listed models, keeping the current value. */
    void offer(List<String> models) {
        listed.clear();
        listed.addAll(models);
        quiet = true;
        try {
            set(value());
        } finally {
            quiet = false;
        }
    }

    /** Forgets the listed models (another server or type). */
    void forgetListed() {
        listed.clear();
        status.setText("");
    }

    private void listModels(BackgroundJobs jobs, ConsoleLog console, ConnectionTester tester, Probe p) {
        UI ui = UI.getCurrent();
        list.setEnabled(false);
        status.setText("Listing models...");
        status.setClassName("rp-error", false);
        jobs.submitQuiet("List models of backend " + p.label(), monitor -> {
            ModelLister.Result r = null;
            try {
                r = tester.listModels(p.projectId(), p.settings(), p.secretName(), p.typedKey());
                if (!r.isOk()) {
                    console.warn("Backend " + p.label() + ": " + r.message());
                }
            } finally {
                ModelLister.Result result = r;
                ui.access(() -> show(result));
            }
        });
    }

    private void show(ModelLister.Result r) {
        list.setEnabled(true);
        if (r == null) {
            status.setText("Listing the models failed; see the console.");
            status.setClassName("rp-error", true);
            return;
        }
        status.setText(r.isOk() ? r.models().size() + (r.models().size() == 1 ? " model" : " models") + " listed in " + r.latencyMillis() + " ms." : r.message());
        status.setClassName("rp-error", !r.isOk());
        if (r.isOk()) {
            offer(r.models());
        }
    }
}
