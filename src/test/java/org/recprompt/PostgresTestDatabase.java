package org.recprompt;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.recprompt.workspace.DatabaseSettings;

/**
 * A PostgreSQL database of a test's own on the server named by {@code RECPROMPT_TEST_DB_URL} (with
 * {@code RECPROMPT_TEST_DB_USER}, {@code RECPROMPT_TEST_DB_PASSWORD}; {@code .ci/run} starts Debian's
 * server and sets them): created empty with a random name, dropped on {@link #close()}, so tests
 * running at once never share state. Without the variables the test is skipped with a message, as the
 * browser tests are without Chromium.
 */
public final class PostgresTestDatabase implements AutoCloseable {

    public static final String URL_VARIABLE = "RECPROMPT_TEST_DB_URL";

    private final String serverUrl;
    private final String user;
    private final String password;
    private final String name;

    private PostgresTestDatabase(String serverUrl, String user, String password, String name) {
        this.serverUrl = serverUrl;
        this.user = user;
        this.password = password;
        this.name = name;
    }

    /** True when the environment names a PostgreSQL server for the tests. */
    public static boolean available() {
        String url = System.getenv(URL_VARIABLE);
        return url != null && url.startsWith("jdbc:postgresql:");
    }

    /** Creates a fresh database, or skips the calling test when no server is configured. */
    public static PostgresTestDatabase create() {
        assumeTrue(available(), "PostgreSQL test skipped: set " + URL_VARIABLE
                + " (and RECPROMPT_TEST_DB_USER, RECPROMPT_TEST_DB_PASSWORD) to a server where the user may create"
                + " databases; .ci/run starts Debian's postgresql and sets them");
        Map<String, String> env = System.getenv();
        String url = env.get(URL_VARIABLE);
        String user = env.getOrDefault("RECPROMPT_TEST_DB_USER", "");
        String password = env.getOrDefault("RECPROMPT_TEST_DB_PASSWORD", "");
        String name = "rp_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        PostgresTestDatabase db = new PostgresTestDatabase(url, user, password, name);
        db.execute("CREATE DATABASE " + name);
        return db;
    }

    /** The JDBC URL of this test's database. */
    public String url() {
        int slash = serverUrl.lastIndexOf('/');
        int query = serverUrl.indexOf('?', slash);
        return serverUrl.substring(0, slash + 1) + name + (query < 0 ? "" : serverUrl.substring(query));
    }

    /** The settings a workspace uses to open this database (as RECPROMPT_DB_URL/USER/PASSWORD would). */
    public DatabaseSettings settings() {
        return new DatabaseSettings(url(), user, password);
    }

    /** The environment variables that make a process (a child JVM, the workbench) use this database. */
    public Map<String, String> environment() {
        return Map.of(DatabaseSettings.URL_VARIABLE, url(), DatabaseSettings.USER_VARIABLE, user,
                DatabaseSettings.PASSWORD_VARIABLE, password);
    }

    public String name() {
        return name;
    }

    @Override
    public void close() {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private void execute(String sql) {
        try (Connection c = DriverManager.getConnection(serverUrl, user, password); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + serverUrl + ": " + e.getMessage(), e);
        }
    }
}
