package org.recprompt.workspace.security.ui;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.recprompt.base.ui.Notifications;
import org.recprompt.workspace.security.ProjectAccess;
import org.recprompt.workspace.security.ProjectAccessException;
import org.recprompt.workspace.security.ProjectMember;
import org.recprompt.workspace.security.ProjectRole;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;

/**
 * A project's members, for its owners: add an account with a role, change a member's role, remove
 * a member. The last owner can be neither removed nor made an editor or viewer
 * ({@link ProjectAccess} refuses it, and says so here).
 */
class MembersDialog extends Dialog {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private final ProjectAccess access;
    private final long projectId;
    final Grid<ProjectMember> grid = new Grid<>(ProjectMember.class, false);
    final ComboBox<String> account = new ComboBox<>("Account");
    final Select<ProjectRole> role = new Select<>();
    final Button add = new Button("Add member");
    final Span problem = new Span();

    MembersDialog(ProjectAccess access, long projectId, String projectName) {
        this.access = access;
        this.projectId = projectId;
        setHeaderTitle("Members of " + projectName);
        setId("members-dialog");
        setWidth("720px");
        grid.setId("members-grid");
        grid.addColumn(ProjectMember::getUsername).setHeader("Account").setAutoWidth(true);
        grid.addComponentColumn(this::roleChoice).setHeader("Role").setAutoWidth(true);
        grid.addColumn(m -> WHEN.format(m.getAddedAt())).setHeader("Added").setAutoWidth(true);
        grid.addComponentColumn(this::removeButton).setHeader("").setAutoWidth(true);
        grid.setAllRowsVisible(true);

        account.setId("members-account");
        account.setItems(access.accountNames(projectId));
        account.setHelperText("An administrator adds accounts (Accounts... in the toolbar)");
        role.setId("members-role");
        role.setLabel("Role");
        role.setItems(ProjectRole.values());
        role.setItemLabelGenerator(ProjectRole::label);
        role.setValue(ProjectRole.VIEWER);
        add.setId("members-add");
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        add.addClickListener(e -> change(account.getValue(), role.getValue()));
        problem.setId("members-problem");
        problem.addClassName("rp-problem");
        HorizontalLayout form = new HorizontalLayout(account, role, add);
        form.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        Paragraph note = new Paragraph("Viewers read datasets, templates, experiments, backends, runs and reports; editors"
                + " also change them and start and stop runs; owners also manage members and stored API keys. Administrators"
                + " may do everything in every project.");
        note.addClassName("rp-muted");
        VerticalLayout content = new VerticalLayout(grid, form, problem, note);
        content.setPadding(false);
        add(content);
        Button close = new Button("Close", e -> close());
        close.setId("members-close");
        getFooter().add(close);
        refresh();
    }

    private Select<ProjectRole> roleChoice(ProjectMember member) {
        Select<ProjectRole> choice = new Select<>();
        choice.setItems(ProjectRole.values());
        choice.setItemLabelGenerator(ProjectRole::label);
        choice.setValue(member.getRole());
        choice.setId("members-role-" + member.getUsername());
        choice.addValueChangeListener(e -> {
            if (e.isFromClient() && e.getValue() != null) {
                change(member.getUsername(), e.getValue());
            }
        });
        return choice;
    }

    private Button removeButton(ProjectMember member) {
        Button remove = new Button("Remove", e -> {
            try {
                access.removeMember(projectId, member.getUsername());
                Notifications.info("Removed " + member.getUsername() + " from the project");
                problem.setText("");
            } catch (ProjectAccessException ex) {
                problem.setText(ex.getMessage());
            }
            refresh();
        });
        remove.setId("members-remove-" + member.getUsername());
        remove.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
        return remove;
    }

    /** Adds the account, or sets its role; a refusal (the last owner, no such account) is shown under the form. */
    void change(String username, ProjectRole newRole) {
        if (username == null || username.isBlank()) {
            problem.setText("Choose an account.");
            return;
        }
        try {
            ProjectMember m = access.setMember(projectId, username, newRole);
            problem.setText("");
            Notifications.info(m.getUsername() + " is now " + m.getRole().withArticle() + " of the project");
            account.clear();
        } catch (ProjectAccessException e) {
            problem.setText(e.getMessage());
        }
        refresh();
    }

    private void refresh() {
        grid.setItems(access.members(projectId));
    }
}
