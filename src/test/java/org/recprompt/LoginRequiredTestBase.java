package org.recprompt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One Spring context for tests of a workbench that requires a login (project roles, issue 23), on
 * a workspace of its own: the administrator from the environment as a group server has it.
 */
public abstract class LoginRequiredTestBase extends SpringTestBase {

    @DynamicPropertySource
    static void loginRequired(DynamicPropertyRegistry registry) {
        registry.add("recprompt.security.login", () -> "always");
        registry.add("recprompt.security.admin-password", () -> "admin-password-for-tests");
        try {
            String ws = Files.createTempDirectory("recprompt-login-ws").toString();
            registry.add("recprompt.workspace", () -> ws);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
