package org.recprompt.workspace.security.ui;

import org.recprompt.workspace.security.LoginThrottledException;
import org.recprompt.workspace.security.ServingMode;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

import com.vaadin.flow.spring.security.VaadinAwareSecurityContextHolderStrategyConfiguration;
import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;

/**
 * The web security filter chain. Always: the browser protections (no framing, no MIME sniffing, a
 * Content-Security-Policy the Vaadin client works with, no referrer to other sites). When a login is
 * required ({@link ServingMode}): Vaadin's security configurer, so every request, page and push
 * connection but the login page and the framework's public files needs a signed-in account, and
 * Vaadin's navigation access control checks each view's annotation. On loopback without a password
 * every request is allowed, as before. Vaadin's own CSRF protection (the UIDL security key) is on in
 * both; Spring's CSRF token guards the login form.
 */
@Configuration
@EnableWebSecurity
@Import(VaadinAwareSecurityContextHolderStrategyConfiguration.class)
class SecurityConfiguration {

    /**
     * What Vaadin 24.9's production client needs: inline bootstrap scripts and styles, and
     * {@code new Function} for server-sent JavaScript ('unsafe-eval'); everything from this origin
     * (the push WebSocket included); images and fonts also as data: and blob: URLs; images also from
     * http(s) hosts, for the thumbnails of datasets' item image URLs (base.ui.ItemThumbnail: an img
     * element with no referrer, never loaded when the project or run is local only).
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; "
            + "script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data: blob: https:; font-src 'self' data:; connect-src 'self'; "
            + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    @Bean
    SecurityFilterChain workbenchSecurity(HttpSecurity http, ServingMode mode) throws Exception {
        http.headers(headers -> headers
                .frameOptions(frame -> frame.deny())
                .contentTypeOptions(nosniff -> { })
                .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN)));
        if (mode.loginRequired()) {
            // The login page is named here too: a form login configured without one gets Spring's generated page.
            http.formLogin(form -> form.loginPage("/" + LoginView.ROUTE).failureHandler(failureHandler()));
            http.with(VaadinSecurityConfigurer.vaadin(), vaadin -> vaadin.loginView(LoginView.class));
        } else {
            http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll());
            // Nothing to guard with Spring's token here (no login form); Vaadin checks its own CSRF key.
            http.csrf(csrf -> csrf.disable());
        }
        return http.build();
    }

    /** Back to the login page: "?error" for a wrong name or password, "?wait=N" while the throttle refuses. */
    private static AuthenticationFailureHandler failureHandler() {
        return (request, response, exception) -> {
            String query = exception instanceof LoginThrottledException throttled ? "?wait=" + throttled.waitSeconds() : "?error";
            response.sendRedirect(request.getContextPath() + "/" + LoginView.ROUTE + query);
        };
    }
}
