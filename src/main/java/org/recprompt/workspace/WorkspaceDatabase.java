package org.recprompt.workspace;

import java.nio.file.Path;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The workspace database opened without Spring, for headless commands that need it (the response
 * cache of {@code run}): the same H2 file and the same Flyway migrations as the workbench, so both
 * see one schema. H2 in file mode admits one process at a time; a command holds the
 * {@link WorkspaceLock} while the database is open, so a workbench on the same workspace is refused
 * with a clear message (and a command is refused while a workbench runs). A database server
 * ({@link DatabaseSettings#shared()}) admits them all; it is then this process's {@link SharedDatabase}.
 */
public final class WorkspaceDatabase implements AutoCloseable {

    private final WorkspaceLock lock;
    private final HikariDataSource dataSource;
    private final SharedDatabase shared;

    private WorkspaceDatabase(WorkspaceLock lock, HikariDataSource dataSource, SharedDatabase shared) {
        this.lock = lock;
        this.dataSource = dataSource;
        this.shared = shared;
    }

    /** The JDBC URL of a workspace's database (as in application.properties). */
    public static String url(Path workspace) {
        return "jdbc:h2:file:" + workspace.resolve("db").resolve("workbench").toAbsolutePath();
    }

    /**
     * Locks the workspace, opens its database and brings the schema up to date.
     *
     * @throws WorkspaceLockedException when a workbench (or another command) holds the workspace
     * @throws DatabaseUnavailableException when the database server cannot be reached or refuses the login
     */
    public static WorkspaceDatabase open(Path workspace) throws WorkspaceLockedException {
        return open(workspace, DatabaseSettings.of(workspace, System.getenv()));
    }

    /** As {@link #open(Path)} with the database named by {@code settings}. */
    public static WorkspaceDatabase open(Path workspace, DatabaseSettings settings) throws WorkspaceLockedException {
        WorkspaceLock lock = WorkspaceLock.acquire(workspace, settings);
        HikariDataSource ds = null;
        try {
            // a new workspace's H2 database starts as a copy of the jar's migrated template (SchemaTemplate)
            boolean copied = !settings.shared() && SchemaTemplate.copyIfNew(workspace);
            settings.checkConnection();
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(settings.url());
            config.setUsername(settings.user());
            config.setPassword(settings.password());
            config.setMaximumPoolSize(8);
            config.setMinimumIdle(1);
            config.setPoolName("recprompt-cli");
            ds = new HikariDataSource(config);
            if (copied) {
                SchemaTemplate.stampCopy(ds);
            }
            // H2 admits this process alone: a schema with every migration applied needs no Flyway (the workbench validates)
            if (settings.shared() || !SchemaTemplate.isCurrent(ds)) {
                Flyway.configure().dataSource(ds).locations(settings.migrations()).load().migrate();
            }
            // a database server is shared with other processes: run-folder leases and quota budgets go through it
            SharedDatabase shared = settings.shared() ? SharedDatabase.install(new SharedDatabase(workspace, ds)) : null;
            return new WorkspaceDatabase(lock, ds, shared);
        } catch (RuntimeException e) {
            if (ds != null) {
                ds.close();
            }
            lock.close();
            throw e;
        }
    }

    /**
     * Opens a shared database (PostgreSQL) for a process that works beside others on it (a
     * {@code worker}, or {@code run --workers}): the schema is brought up to date and the workspace lock is
     * taken shared, since a database server admits many processes. Refused with one sentence on H2, which admits one.
     */
    public static WorkspaceDatabase openShared(Path workspace, DatabaseSettings settings) throws WorkspaceLockedException {
        if (!settings.shared()) {
            throw new IllegalStateException("workers need a shared database: set " + DatabaseSettings.URL_VARIABLE
                    + " (with " + DatabaseSettings.USER_VARIABLE + " and " + DatabaseSettings.PASSWORD_VARIABLE
                    + ") to a PostgreSQL database that every worker and the workbench reach; H2 in the workspace admits one process");
        }
        // the workspace lock is taken shared on a database server, and the process's SharedDatabase installed:
        // run-folder leases and the backends' one quota budget go through it
        return open(workspace, settings);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public JdbcTemplate jdbc() {
        return new JdbcTemplate(dataSource);
    }

    @Override
    public void close() {
        if (shared != null) {
            SharedDatabase.uninstall(shared);
        }
        dataSource.close();
        if (lock != null) {
            lock.close();
        }
    }
}
