package org.recprompt;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One Spring context for tests of a workbench that requires a login (project roles, issue 23), with
 * the administrator from the environment as a group server has it. It shares the test workspace's
 * database with {@link SpringTestBase}'s context: its tests remove the accounts and projects they add.
 */
public abstract class LoginRequiredTestBase extends SpringTestBase {

    @DynamicPropertySource
    static void loginRequired(DynamicPropertyRegistry registry) {
        registry.add("recprompt.security.login", () -> "always");
        registry.add("recprompt.security.admin-password", () -> "admin-password-for-tests");
    }
}
