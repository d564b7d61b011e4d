package org.recprompt.workspace.security;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * At start-up, before the web server opens its port: when a login is required, makes sure there is
 * an administrator. RECPROMPT_ADMIN_PASSWORD creates the administrator account (or sets its
 * password); without it an administrator already stored in the workspace will do; with neither the
 * start is refused with one sentence. On loopback without a password nothing happens.
 */
@Component
class AdminBootstrap implements SmartInitializingSingleton {

    private final ServingMode mode;
    private final AccountService accounts;

    AdminBootstrap(ServingMode mode, AccountService accounts) {
        this.mode = mode;
        this.accounts = accounts;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (!mode.loginRequired()) {
            return;
        }
        if (!mode.adminPassword().isEmpty()) {
            try {
                accounts.ensureAdministrator(mode.adminUser(), mode.adminPassword());
            } catch (AccountException e) {
                throw new AdminPasswordMissingException(mode.address(), "RECPROMPT_ADMIN_PASSWORD or RECPROMPT_ADMIN_USER: " + e.getMessage());
            }
        } else if (!accounts.hasAdministrator()) {
            throw new AdminPasswordMissingException(mode);
        }
    }
}
