package org.recprompt.workspace.security;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * When a login is required, idle sessions end: Vaadin's heartbeat no longer keeps a session alive
 * while a tab is open, so {@code server.servlet.session.timeout} (RECPROMPT_SESSION_TIMEOUT, 8 h)
 * counts from the last thing the person did. On loopback without a login an open tab stays usable.
 */
class SecurityEnvironment implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (ServingMode.from(environment).loginRequired()) {
            environment.getPropertySources().addLast(new MapPropertySource("recprompt-login",
                    Map.of("vaadin.closeIdleSessions", "true")));
        }
    }
}
