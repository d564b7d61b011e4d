package org.recprompt.workspace.security.ui;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.recprompt.base.ui.Notifications;
import org.recprompt.workspace.security.AccountException;
import org.recprompt.workspace.security.AccountService;
import org.recprompt.workspace.security.Role;
import org.recprompt.workspace.security.UserAccount;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;

/** The administrator's accounts dialog: who may sign in, add an account, reset a password, remove an account. */
class UsersDialog extends Dialog {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private final AccountService accounts;
    final Grid<UserAccount> grid = new Grid<>(UserAccount.class, false);
    final TextField name = new TextField("Account name");
    final PasswordField password = new PasswordField("Password");
    final Select<Role> role = new Select<>();
    final Button add = new Button("Add account");
    final Span problem = new Span();

    UsersDialog(AccountService accounts) {
        this.accounts = accounts;
        setHeaderTitle("Accounts");
        setId("users-dialog");
        setWidth("760px");
        grid.setId("users-grid");
        grid.addColumn(UserAccount::getUsername).setHeader("Account").setAutoWidth(true);
        grid.addColumn(a -> a.getRole() == Role.ADMIN ? "administrator" : "user").setHeader("Role").setAutoWidth(true);
        grid.addColumn(a -> WHEN.format(a.getPasswordSetAt())).setHeader("Password set").setAutoWidth(true);
        grid.addComponentColumn(this::actions).setHeader("").setAutoWidth(true);
        grid.setAllRowsVisible(true);

        name.setId("users-name");
        password.setId("users-password");
        password.setHelperText("At least 10 characters; give it to the person yourself");
        role.setId("users-role");
        role.setLabel("Role");
        role.setItems(Role.values());
        role.setItemLabelGenerator(r -> r == Role.ADMIN ? "administrator" : "user");
        role.setValue(Role.USER);
        add.setId("users-add");
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        add.addClickListener(e -> addAccount());
        problem.setId("users-problem");
        problem.addClassName("rp-problem");
        HorizontalLayout form = new HorizontalLayout(name, password, role, add);
        form.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        Paragraph note = new Paragraph("An account sees the projects it is a member of (a project's owners add members"
                + " with Members... on the project); administrators see and own every project. Passwords are stored only as bcrypt hashes.");
        VerticalLayout content = new VerticalLayout(grid, form, problem, note);
        content.setPadding(false);
        add(content);
        Button close = new Button("Close", e -> close());
        close.setId("users-close");
        getFooter().add(close);
        refresh();
    }

    private HorizontalLayout actions(UserAccount account) {
        Button reset = new Button("Reset password", e -> resetPassword(account));
        reset.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        Button remove = new Button("Remove", e -> confirmRemove(account));
        remove.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
        remove.setEnabled(!account.getUsername().equals(AccountService.currentUser()));
        return new HorizontalLayout(reset, remove);
    }

    void addAccount() {
        try {
            UserAccount created = accounts.add(name.getValue(), password.getValue(), role.getValue());
            Notifications.info("Added account " + created.getUsername());
            name.clear();
            password.clear();
            problem.setText("");
            refresh();
        } catch (AccountException e) {
            problem.setText(e.getMessage());
        }
    }

    private void resetPassword(UserAccount account) {
        Dialog ask = new Dialog();
        ask.setHeaderTitle("New password for " + account.getUsername());
        PasswordField field = new PasswordField("New password");
        field.setId("users-new-password");
        Span error = new Span();
        error.addClassName("rp-problem");
        ask.add(new VerticalLayout(field, error));
        Button set = new Button("Set password", e -> {
            try {
                accounts.resetPassword(account.getUsername(), field.getValue());
                Notifications.info("Password of " + account.getUsername() + " set");
                ask.close();
                refresh();
            } catch (AccountException ex) {
                error.setText(ex.getMessage());
            }
        });
        set.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        ask.getFooter().add(new Button("Cancel", e -> ask.close()), set);
        ask.open();
    }

    private void confirmRemove(UserAccount account) {
        ConfirmDialog confirm = new ConfirmDialog();
        confirm.setHeader("Remove account " + account.getUsername() + "?");
        confirm.setText("The person can no longer sign in. Their projects stay in the workspace.");
        confirm.setCancelable(true);
        confirm.setConfirmText("Remove");
        confirm.setConfirmButtonTheme("error primary");
        confirm.addConfirmListener(e -> {
            try {
                accounts.remove(account.getUsername());
                refresh();
            } catch (AccountException ex) {
                problem.setText(ex.getMessage());
            }
        });
        confirm.open();
    }

    private void refresh() {
        grid.setItems(accounts.list());
    }
}
