package org.recprompt.workspace.ui;

import java.util.Optional;
import java.util.function.Consumer;

import org.recprompt.base.ui.ExplorerContribution;
import org.recprompt.base.ui.Notifications;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;

/** Renames an entry of a folder (a backend, ...); the feature checks the name as it is typed. */
class RenameEntryDialog extends Dialog {

    final TextField name = new TextField("New name");
    final Button confirm = new Button("Rename");

    RenameEntryDialog(ExplorerContribution contribution, long projectId, ExplorerContribution.Entry entry,
            Consumer<ExplorerContribution.Entry> onRenamed) {
        setHeaderTitle("Rename " + entry.label());
        setWidth("28rem");
        name.setId("rename-entry-name");
        name.setWidthFull();
        name.setValue(entry.label());
        name.setValueChangeMode(ValueChangeMode.EAGER);
        name.addValueChangeListener(e -> show(contribution.renameProblem(projectId, entry, name.getValue())));
        add(name);
        confirm.setId("rename-entry-confirm");
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        confirm.addClickShortcut(Key.ENTER);
        confirm.addClickListener(e -> {
            if (show(contribution.renameProblem(projectId, entry, name.getValue()))) {
                return;
            }
            try {
                ExplorerContribution.Entry renamed = contribution.rename(projectId, entry, name.getValue());
                close();
                onRenamed.accept(renamed);
                Notifications.info("Renamed " + entry.label() + " to " + renamed.label());
            } catch (IllegalArgumentException ex) {
                show(Optional.ofNullable(ex.getMessage()));
            }
        });
        getFooter().add(new Button("Cancel", e -> close()), confirm);
        addOpenedChangeListener(e -> name.focus());
    }

    /** Shows the problem under the field; true when there is one. */
    private boolean show(Optional<String> problem) {
        name.setInvalid(problem.isPresent());
        name.setErrorMessage(problem.orElse(null));
        return problem.isPresent();
    }
}
