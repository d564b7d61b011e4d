package org.recprompt.workspace.security.ui;

import java.util.List;
import java.util.Map;

import org.recprompt.workspace.security.AccountService;
import org.recprompt.workspace.security.ServingMode;

import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.login.LoginI18n;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;

/**
 * The sign-in page, the only page served before a login when the workbench is served beyond
 * loopback (or with an administrator password). Vaadin's login form posts to Spring Security's
 * /login; a wrong name or password comes back as "?error", a throttled one as "?wait=N". On
 * loopback without a login it forwards to the workbench.
 */
@Route(LoginView.ROUTE)
@PageTitle("Sign in - RecPrompt Workbench")
@AnonymousAllowed
public class LoginView extends VerticalLayout implements BeforeEnterObserver {

    static final String ROUTE = "login";

    final LoginForm form = new LoginForm();
    private final ServingMode mode;

    LoginView(ServingMode mode) {
        this.mode = mode;
        setSizeFull();
        setAlignItems(FlexComponent.Alignment.CENTER);
        setJustifyContentMode(FlexComponent.JustifyContentMode.CENTER);
        addClassName("rp-login");
        form.setId("login-form");
        form.setAction(ROUTE);
        form.setForgotPasswordButtonVisible(false);
        form.setI18n(i18n(null));
        H1 title = new H1("RecPrompt Workbench");
        title.addClassName("rp-login-title");
        Paragraph hint = new Paragraph("This workbench is shared: sign in with the account its administrator gave you.");
        hint.addClassName("rp-login-hint");
        add(title, hint, form);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (!mode.loginRequired() || !AccountService.currentUser().isEmpty()) {
            event.forwardTo("");
            return;
        }
        Map<String, List<String>> query = event.getLocation().getQueryParameters().getParameters();
        if (query.containsKey("wait")) {
            String seconds = query.get("wait").stream().findFirst().filter(s -> s.matches("\\d{1,6}")).orElse("some");
            form.setI18n(i18n("Too many failed logins for this name or from this address: wait " + seconds
                    + " seconds, then try again."));
            form.setError(true);
        } else if (query.containsKey("error")) {
            form.setError(true);
        }
    }

    private static LoginI18n i18n(String errorMessage) {
        LoginI18n i18n = LoginI18n.createDefault();
        i18n.getForm().setTitle("Sign in");
        i18n.getErrorMessage().setTitle(errorMessage == null ? "Wrong name or password" : "Please wait");
        i18n.getErrorMessage().setMessage(errorMessage == null
                ? "Check the account name and password and try again. Repeated failures are slowed down and logged."
                : errorMessage);
        return i18n;
    }
}
