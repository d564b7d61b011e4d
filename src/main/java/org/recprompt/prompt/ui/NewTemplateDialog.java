package org.recprompt.prompt.ui;

import java.util.function.Consumer;

import org.recprompt.base.ui.ExplorerContribution;
import org.recprompt.prompt.TemplateException;
import org.recprompt.prompt.TemplateService;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.textfield.TextField;

/** Starts a template from a small candidate-ranking skeleton under a new name. */
class NewTemplateDialog extends Dialog {

    final TextField name = new TextField("Name");
    final Button create = new Button("Create");

    NewTemplateDialog(TemplateService templates, long projectId, Consumer<ExplorerContribution.Entry> onCreated) {
        setHeaderTitle("New template");
        name.setWidthFull();
        name.setPlaceholder("e.g. ranking-with-genres");
        add(name);
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickShortcut(Key.ENTER);
        create.addClickListener(e -> {
            String n = name.getValue().strip();
            if (!n.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,119}")) {
                name.setInvalid(true);
                name.setErrorMessage("Use letters, digits, '.', '_' or '-' (it becomes the front matter's name).");
                return;
            }
            try {
                var t = templates.create(projectId, TemplateService.STARTER.formatted(n), "new");
                close();
                onCreated.accept(TemplateExplorer.entry(t));
            } catch (TemplateException ex) {
                name.setInvalid(true);
                name.setErrorMessage(ex.getMessage());
            }
        });
        getFooter().add(new Button("Cancel", ev -> close()), create);
    }
}
