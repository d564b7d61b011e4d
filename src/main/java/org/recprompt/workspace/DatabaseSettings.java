package org.recprompt.workspace;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

/**
 * Which database holds a workspace: H2 in the workspace folder (the default, one process at a time)
 * or a database server shared by a research group ({@code RECPROMPT_DB_URL}, with
 * {@code RECPROMPT_DB_USER} and {@code RECPROMPT_DB_PASSWORD} from the environment). The workbench
 * (application.properties) and the headless commands ({@link WorkspaceDatabase}) read the same three
 * variables, so both open the same database.
 *
 * @param url      the JDBC URL
 * @param user     the user name ({@code sa} for H2)
 * @param password the password, never logged (see {@link #toString()})
 */
public record DatabaseSettings(String url, String user, String password) {

    public static final String URL_VARIABLE = "RECPROMPT_DB_URL";
    public static final String USER_VARIABLE = "RECPROMPT_DB_USER";
    public static final String PASSWORD_VARIABLE = "RECPROMPT_DB_PASSWORD";

    /** The settings from the environment, or H2 in {@code <workspace>/db/workbench} without them. */
    public static DatabaseSettings of(Path workspace, Map<String, String> env) {
        String url = env.get(URL_VARIABLE);
        if (url == null || url.isBlank()) {
            return new DatabaseSettings(WorkspaceDatabase.url(workspace), "sa", "");
        }
        url = url.strip();
        if (!url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:h2:")) {
            throw new IllegalArgumentException(URL_VARIABLE + " must be a jdbc:postgresql: (or jdbc:h2:) URL, not "
                    + url.substring(0, Math.min(url.length(), 40)));
        }
        String user = env.getOrDefault(USER_VARIABLE, "");
        String password = env.getOrDefault(PASSWORD_VARIABLE, "");
        return new DatabaseSettings(url, user, password);
    }

    /** Whether this environment names a database server that several processes share ({@link #shared()}), without reading the rest. */
    public static boolean namesSharedServer(java.util.function.Function<String, String> env) {
        String url = env.apply(URL_VARIABLE);
        return url != null && url.strip().startsWith("jdbc:postgresql:");
    }

    /** True for a database server that several processes (workbenches, workers) share. */
    public boolean shared() {
        return url.startsWith("jdbc:postgresql:");
    }

    /** The Flyway migrations' folder for this database: {@code db/migration/h2} or {@code .../postgresql}. */
    public String migrations() {
        return "classpath:db/migration/" + (shared() ? "postgresql" : "h2");
    }

    /** The URL as shown in messages: a {@code password=} parameter in it is masked. */
    public String displayUrl() {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    /**
     * For a database server: opens and closes one connection (waiting at most 10 seconds), so that a wrong
     * address, database name, user or password is one sentence before anything else starts. H2 in the
     * workspace folder needs no check.
     *
     * @throws DatabaseUnavailableException naming the URL and user and the server's reason (never the password)
     */
    public void checkConnection() {
        if (!shared()) {
            return;
        }
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "10");
        props.setProperty("loginTimeout", "10");
        try (Connection c = new org.postgresql.Driver().connect(url, props)) {
            if (c == null) {
                throw new DatabaseUnavailableException("The workspace database URL " + displayUrl()
                        + " is not a PostgreSQL URL the driver accepts (" + URL_VARIABLE + ").", null);
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** The one sentence for a failed connection to this database. */
    public DatabaseUnavailableException unavailable(SQLException e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        reason = reason.lines().findFirst().orElse(reason);
        if (!password.isEmpty()) { // no server says it, but never risk it
            reason = reason.replace(password, "***");
        }
        if (reason.endsWith(".")) {
            reason = reason.substring(0, reason.length() - 1);
        }
        return new DatabaseUnavailableException("Cannot connect to the workspace database " + displayUrl() + " as user "
                + user + ": " + reason + " (check " + URL_VARIABLE + ", " + USER_VARIABLE + " and " + PASSWORD_VARIABLE
                + ").", e);
    }

    @Override
    public String toString() {
        return "DatabaseSettings[" + displayUrl() + ", user " + user + "]";
    }
}
