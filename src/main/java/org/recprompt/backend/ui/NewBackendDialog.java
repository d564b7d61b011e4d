package org.recprompt.backend.ui;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;

import org.recprompt.backend.BackendConfig;
import org.recprompt.backend.BackendConfigException;
import org.recprompt.backend.BackendConfigService;
import org.recprompt.backend.BackendType;
import org.recprompt.base.ui.Notifications;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;

/** Adds a backend to a project: a name and a type; the editor that opens next holds the rest. */
class NewBackendDialog extends Dialog {

    final TextField name = new TextField("Name");
    final Select<BackendType> type = new Select<>();
    final Button create = new Button("Create");

    private final BackendConfigService backends;
    private final long projectId;

    NewBackendDialog(BackendConfigService backends, long projectId, Consumer<BackendConfig> onCreated) {
        this.backends = backends;
        this.projectId = projectId;
        setHeaderTitle("New backend");
        setWidth("32rem");
        type.setId("new-backend-type");
        type.setLabel("Type");
        type.setItems(Arrays.asList(BackendType.values()));
        type.setItemLabelGenerator(BackendType::label);
        type.setValue(BackendType.OPENAI);
        type.setWidthFull();
        type.addValueChangeListener(e -> {
            if (e.getOldValue() != null && name.getValue().equals(suggestedName(e.getOldValue()))) {
                name.setValue(suggestedName(e.getValue()));
            }
        });
        name.setId("new-backend-name");
        name.setWidthFull();
        name.setValueChangeMode(ValueChangeMode.EAGER);
        name.setHelperText("Unique in the project, for example gpt-4o-mini-t0.");
        name.setValue(suggestedName(BackendType.OPENAI));
        name.addValueChangeListener(e -> validate());
        VerticalLayout form = new VerticalLayout(type, name);
        form.setPadding(false);
        add(form);
        create.setId("new-backend-create");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickShortcut(Key.ENTER);
        create.addClickListener(e -> {
            if (!validate()) {
                return;
            }
            try {
                BackendConfig created = backends.create(projectId, backends.defaults(type.getValue(), name.getValue()));
                close();
                onCreated.accept(created);
            } catch (BackendConfigException ex) {
                name.setInvalid(true);
                name.setErrorMessage(ex.getMessage());
                Notifications.error(ex.getMessage());
            }
        });
        getFooter().add(new Button("Cancel", e -> close()), create);
        addOpenedChangeListener(e -> name.focus());
    }

    /** The type's id, numbered when the project already has a backend of that name. */
    private String suggestedName(BackendType t) {
        String base = t == null ? "backend" : t.id();
        String candidate = base;
        for (int n = 2; backends.nameProblem(projectId, candidate, null).isPresent() && n < 1000; n++) {
            candidate = base + "-" + n;
        }
        return candidate;
    }

    private boolean validate() {
        Optional<String> problem = backends.nameProblem(projectId, name.getValue(), null);
        name.setInvalid(problem.isPresent());
        name.setErrorMessage(problem.orElse(null));
        return problem.isEmpty() && type.getValue() != null;
    }
}
