package org.recprompt.workspace.ui;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Optional;

import org.recprompt.base.ui.Editor;
import org.recprompt.workspace.Project;
import org.recprompt.workspace.ProjectNames;
import org.recprompt.workspace.ProjectService;
import org.recprompt.workspace.ProjectValidationException;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;

/** The editor of a project's own settings: its name and description, and where its files live. */
class ProjectEditor implements Editor {

    static final DateTimeFormatter WHEN = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM)
            .withZone(ZoneId.systemDefault());

    final TextField name = new TextField("Name");
    final TextArea description = new TextArea("Description");
    final Button save = new Button("Save");
    final Checkbox localOnly = new Checkbox("Local only: backends whose endpoint is not on this machine refuse to run");
    final Span localBadge = new Span("local only");
    private final Span updated = new Span();
    private final Div content = new Div();
    private final ProjectService projects;
    private Project project;
    /** The project's save count when this editor read it (the version check on save). */
    private long readVersion;
    /** Why this editor is read only (the caller's role), or null when it may save. */
    private String readOnly;
    private Runnable onChange = () -> { };

    ProjectEditor(ProjectService projects, Project project) {
        this.projects = projects;
        this.project = project;
        content.addClassName("rp-editor");
        H2 heading = new H2("Project");
        name.setMaxLength(ProjectNames.MAX_LENGTH + 20);
        description.setMinHeight("8rem");
        description.setPlaceholder("What this project studies: the question, the datasets, the paradigms compared");
        name.setValueChangeMode(ValueChangeMode.EAGER);
        description.setValueChangeMode(ValueChangeMode.EAGER);
        name.addValueChangeListener(e -> changed());
        description.addValueChangeListener(e -> changed());
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickListener(e -> save());
        save.setTooltipText("Save (Ctrl+S)");
        FormLayout form = new FormLayout(name, description);
        form.setColspan(description, 2);
        Span folder = new Span("Files: " + projects.folder(project));
        folder.addClassName("rp-muted");
        Span created = new Span("Created " + WHEN.format(project.getCreatedAt()));
        created.addClassName("rp-muted");
        updated.addClassName("rp-muted");
        localOnly.setId("project-local-only");
        localOnly.setHelperText("Applies at once to this project's runs and to Test connection (on the command line: run --local-only"
                + " or localOnly: true). A backend is local when its base URL is localhost, 127.x or ::1.");
        localOnly.addValueChangeListener(e -> {
            if (e.isFromClient()) {
                boolean current = readVersion == this.project.getRowVersion();
                this.project = projects.setLocalOnly(this.project.getId(), e.getValue());
                if (current) { // this editor's own change does not make its name and description stale
                    readVersion = this.project.getRowVersion();
                }
                showLocalOnly();
            }
        });
        localBadge.addClassName("rp-badge-local");
        heading.add(localBadge);
        content.add(heading, form, save, localOnly, new Div(created), new Div(updated), new Div(folder));
        load(project);
        org.recprompt.workspace.security.ui.RoleNotice.unless(projects.access(), project.getId(),
                org.recprompt.workspace.security.ProjectRole.OWNER, "rename or describe it or switch local only").ifPresent(notice -> {
                    readOnly = notice.getText();
                    org.recprompt.workspace.security.ui.RoleNotice.readOnlyAll(content);
                    content.addComponentAsFirst(notice);
                });
    }

    private void load(Project p) {
        this.project = p;
        this.readVersion = p.getRowVersion();
        name.setValue(p.getName());
        description.setValue(p.getDescription());
        updated.setText("Last saved " + WHEN.format(p.getUpdatedAt()));
        showLocalOnly();
        changed();
    }

    private void showLocalOnly() {
        localOnly.setValue(project.isLocalOnly());
        localBadge.setVisible(project.isLocalOnly());
    }

    private void changed() {
        save.setEnabled(readOnly == null && isDirty());
        if (!name.getValue().equals(project.getName())) {
            Optional<String> problem = projects.nameProblem(name.getValue(), project.getId());
            name.setInvalid(problem.isPresent());
            name.setErrorMessage(problem.orElse(null));
        } else {
            name.setInvalid(false);
        }
        onChange.run();
    }

    /** Takes a change saved elsewhere (for example a rename from the explorer), keeping local edits. */
    void externalChange(Project p) {
        boolean wasDirty = isDirty();
        if (!wasDirty) {
            load(p);
        } else {
            this.project = p;
            showLocalOnly();
            changed();
        }
    }

    long projectId() {
        return project.getId();
    }

    @Override
    public String id() {
        return "project:" + project.getId();
    }

    @Override
    public String title() {
        return project.getName();
    }

    @Override
    public Component content() {
        return content;
    }

    @Override
    public boolean isDirty() {
        return !name.getValue().equals(project.getName()) || !description.getValue().equals(project.getDescription());
    }

    @Override
    public boolean save() {
        if (!isDirty()) {
            return true;
        }
        if (readOnly != null) {
            org.recprompt.base.ui.Notifications.error(readOnly);
            return false;
        }
        try {
            load(projects.update(project.getId(), name.getValue(), description.getValue(), readVersion));
            return true;
        } catch (org.recprompt.base.StaleEditException e) {
            org.recprompt.base.ui.StaleEditDialog.open(e, () -> projects.find(project.getId()).ifPresent(this::load), () -> {
                readVersion = projects.find(project.getId()).map(Project::getRowVersion).orElse(readVersion);
                save();
            });
            return false;
        } catch (org.recprompt.workspace.security.ProjectAccessException e) {
            org.recprompt.base.ui.Notifications.error(e.getMessage());
            return false;
        } catch (ProjectValidationException e) {
            name.setInvalid(true);
            name.setErrorMessage(e.getMessage());
            name.focus();
            return false;
        }
    }

    @Override
    public void setChangeListener(Runnable onChange) {
        this.onChange = onChange;
    }
}
