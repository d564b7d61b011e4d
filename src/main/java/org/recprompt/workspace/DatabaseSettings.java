package org.recprompt.workspace;

import java.nio.file.Path;
import java.util.Map;

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

    /** True for a database server that several processes (workbenches, workers) share. */
    public boolean shared() {
        return url.startsWith("jdbc:postgresql:");
    }

    /** The Flyway migrations' folder for this database: {@code db/migration/h2} or {@code .../postgresql}. */
    public String migrations() {
        return "classpath:db/migration/" + (shared() ? "postgresql" : "h2");
    }

    @Override
    public String toString() {
        return "DatabaseSettings[" + url + ", user " + user + "]";
    }
}
