package org.recprompt.workspace.ui;

import java.util.Optional;
import java.util.function.Consumer;

import org.recprompt.workspace.Project;
import org.recprompt.workspace.ProjectNames;
import org.recprompt.workspace.ProjectService;
import org.recprompt.workspace.ProjectValidationException;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;

/**
 * Creates a project, or renames one. The name is checked as it is typed: an empty, duplicate or
 * over-long name shows its message under the field and nothing is stored.
 */
class ProjectDialog extends Dialog {

    final TextField name = new TextField("Name");
    final TextArea description = new TextArea("Description");
    final Button confirm;

    private final ProjectService projects;
    private final Project renaming;
    private final Consumer<Project> onDone;

    private ProjectDialog(ProjectService projects, Project renaming, Consumer<Project> onDone) {
        this.projects = projects;
        this.renaming = renaming;
        this.onDone = onDone;
        setHeaderTitle(renaming == null ? "New project" : "Rename project " + renaming.getName());
        setWidth("32rem");

        name.setId("project-name");
        name.setWidthFull();
        name.setMaxLength(ProjectNames.MAX_LENGTH + 20);
        name.setValueChangeMode(ValueChangeMode.EAGER);
        name.setHelperText("Up to " + ProjectNames.MAX_LENGTH + " characters, unique in this workspace.");
        name.addValueChangeListener(e -> validate());
        VerticalLayout form = new VerticalLayout(name);
        form.setPadding(false);
        if (renaming == null) {
            description.setId("project-description");
            description.setWidthFull();
            description.setPlaceholder("What this project studies (optional)");
            form.add(description);
        } else {
            name.setValue(renaming.getName());
        }
        add(form);

        confirm = new Button(renaming == null ? "Create" : "Rename", e -> confirm());
        confirm.setId("project-dialog-confirm");
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        confirm.addClickShortcut(Key.ENTER);
        Button cancel = new Button("Cancel", e -> close());
        getFooter().add(cancel, confirm);
        addOpenedChangeListener(e -> name.focus());
    }

    static ProjectDialog create(ProjectService projects, Consumer<Project> onCreated) {
        return new ProjectDialog(projects, null, onCreated);
    }

    static ProjectDialog rename(ProjectService projects, Project project, Consumer<Project> onRenamed) {
        return new ProjectDialog(projects, project, onRenamed);
    }

    /** Shows the name's problem under the field; true when there is none. */
    boolean validate() {
        Optional<String> problem = projects.nameProblem(name.getValue(), renaming == null ? null : renaming.getId());
        name.setInvalid(problem.isPresent());
        name.setErrorMessage(problem.orElse(null));
        return problem.isEmpty();
    }

    void confirm() {
        if (!validate()) {
            name.focus();
            return;
        }
        try {
            Project result = renaming == null
                    ? projects.create(name.getValue(), description.getValue())
                    : projects.rename(renaming.getId(), name.getValue());
            close();
            onDone.accept(result);
        } catch (ProjectValidationException e) {
            name.setInvalid(true);
            name.setErrorMessage(e.getMessage());
        }
    }
}
