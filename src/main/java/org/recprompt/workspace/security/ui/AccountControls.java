package org.recprompt.workspace.security.ui;

import java.util.Optional;

import org.recprompt.workspace.security.AccountService;
import org.recprompt.workspace.security.ServingMode;

import org.springframework.stereotype.Component;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.spring.security.AuthenticationContext;

/**
 * The toolbar's account controls when a login is required: who is signed in, "Accounts..." for an
 * administrator and "Log out". Nothing on loopback without a login.
 */
@Component
public class AccountControls {

    private final ServingMode mode;
    private final AccountService accounts;
    private final AuthenticationContext authentication;

    AccountControls(ServingMode mode, AccountService accounts, AuthenticationContext authentication) {
        this.mode = mode;
        this.accounts = accounts;
        this.authentication = authentication;
    }

    /** New controls for one window, or empty when nobody signs in. */
    public Optional<com.vaadin.flow.component.Component> create() {
        String user = AccountService.currentUser();
        if (!mode.loginRequired() || user.isEmpty()) {
            return Optional.empty();
        }
        HorizontalLayout box = new HorizontalLayout();
        box.setId("account-controls");
        box.addClassName("rp-account");
        box.setSpacing(false);
        box.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        Span who = new Span(user);
        who.setId("account-name");
        who.addClassName("rp-account-name");
        who.getElement().setAttribute("title", "Signed in as " + user);
        box.add(who);
        if (AccountService.isAdmin()) {
            Button users = new Button("Accounts...", VaadinIcon.USERS.create(), e -> new UsersDialog(accounts).open());
            users.setId("toolbar-accounts");
            users.setTooltipText("Add and remove accounts, reset passwords");
            users.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
            box.add(users);
        }
        Button logout = new Button("Log out", VaadinIcon.SIGN_OUT.create(), e -> authentication.logout());
        logout.setId("toolbar-logout");
        logout.setTooltipText("End this session");
        logout.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
        box.add(logout);
        return Optional.of(box);
    }
}
