package org.recprompt.workspace.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

import org.springframework.core.env.Environment;

/**
 * How the workbench is served, read once from the environment: the address it binds
 * ({@code server.address}, {@code SERVER_ADDRESS}; 127.0.0.1 unless told otherwise), whether that
 * is beyond loopback, and so whether a login is required. A login is required when the address is
 * not a loopback one, when other Host names are allowed ({@code RECPROMPT_ALLOWED_HOSTS}: a reverse
 * proxy serves it to other machines), when an administrator password is configured, or when
 * {@code recprompt.security.login=always}; a single researcher on loopback needs none.
 *
 * @param address        the configured bind address as written ("" when Spring binds every interface)
 * @param beyondLoopback true when other machines may reach the port
 * @param loginRequired  true when every page but the login page needs a signed-in account
 * @param adminUser      the administrator's account name
 * @param adminPassword  the administrator password from the environment, "" when none
 * @param allowedHosts   extra Host names from {@code RECPROMPT_ALLOWED_HOSTS}, lower case
 */
public record ServingMode(String address, boolean beyondLoopback, boolean loginRequired, String adminUser,
        String adminPassword, Set<String> allowedHosts) {

    public static final String ADDRESS = "server.address";
    public static final String LOGIN = "recprompt.security.login";
    public static final String ADMIN_USER = "recprompt.security.admin-user";
    public static final String ADMIN_PASSWORD = "recprompt.security.admin-password";
    public static final String ALLOWED_HOSTS = "recprompt.security.allowed-hosts";

    public ServingMode {
        allowedHosts = Set.copyOf(allowedHosts);
    }

    /** Reads the mode from Spring's environment (properties, command line, environment variables). */
    public static ServingMode from(Environment env) {
        String address = env.getProperty(ADDRESS, "").trim();
        String login = env.getProperty(LOGIN, "auto").trim().toLowerCase(Locale.ROOT);
        if (!login.equals("auto") && !login.equals("always")) {
            throw new IllegalArgumentException(LOGIN + " (RECPROMPT_LOGIN) must be 'auto' or 'always', not '" + login + "'");
        }
        String password = env.getProperty(ADMIN_PASSWORD, "");
        boolean beyond = !isLoopback(address);
        Set<String> allowed = new LinkedHashSet<>();
        Arrays.stream(env.getProperty(ALLOWED_HOSTS, "").split(","))
                .map(h -> h.trim().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty()).forEach(allowed::add);
        // a Host name beyond loopback is allowed only for people on other machines (a reverse proxy's
        // public name): they get a login even though the workbench itself binds loopback
        return new ServingMode(address, beyond, beyond || !allowed.isEmpty() || !password.isEmpty() || login.equals("always"),
                env.getProperty(ADMIN_USER, "admin").trim().toLowerCase(Locale.ROOT), password, allowed);
    }

    /** True for an address only this machine can reach (127.0.0.0/8, ::1, localhost); "" and 0.0.0.0 are every interface. */
    static boolean isLoopback(String address) {
        if (address.isEmpty()) {
            return false;
        }
        String host = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The configured address when it names one interface (not 0.0.0.0 or ::), lower case; "" otherwise. */
    String boundName() {
        if (address.isEmpty()) {
            return "";
        }
        try {
            String host = address.startsWith("[") ? address.substring(1, address.length() - 1) : address;
            if (InetAddress.getByName(host).isAnyLocalAddress()) {
                return "";
            }
        } catch (UnknownHostException e) {
            // a name that does not resolve: Spring will refuse it; keep it as written
        }
        return address.toLowerCase(Locale.ROOT);
    }
}
