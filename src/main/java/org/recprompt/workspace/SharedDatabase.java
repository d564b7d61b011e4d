package org.recprompt.workspace;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

/**
 * The database server this process shares with other processes (workbenches and workers, on one
 * or several machines) on the same workspace root, when there is one ({@link DatabaseSettings#shared()}):
 * installed by whoever opens it (the workbench's {@code SharedDatabaseInstaller}, a headless command's
 * {@link WorkspaceDatabase}), read where a process must agree with the others: the run-folder leases
 * ({@link Leases}) and the backends' per-minute quota budgets. Empty with H2 in a folder, which
 * admits one process, so nothing needs sharing.
 *
 * @param workspace  the workspace root (run folders are named relative to it, since machines may mount it at different paths)
 * @param dataSource the shared database
 */
public record SharedDatabase(Path workspace, DataSource dataSource) {

    private static final AtomicReference<SharedDatabase> CURRENT = new AtomicReference<>();

    /** The shared database of this process, empty when the workspace's database is not shared. */
    public static Optional<SharedDatabase> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** Makes {@code db} this process's shared database (the last one opened wins). */
    public static SharedDatabase install(SharedDatabase db) {
        CURRENT.set(db);
        return db;
    }

    /** Forgets {@code db} when it is the installed one (its pool is closing). */
    public static void uninstall(SharedDatabase db) {
        CURRENT.compareAndSet(db, null);
    }

    /** A stable name for a path under the workspace root: relative to it (with '/'), else the absolute path. */
    public String nameOf(Path path) {
        Path p = path.toAbsolutePath().normalize();
        Path root = workspace.toAbsolutePath().normalize();
        try {
            p = p.toRealPath();
            root = root.toRealPath();
        } catch (java.io.IOException e) {
            // a folder not yet created keeps its normalised path
        }
        if (p.startsWith(root)) {
            return root.relativize(p).toString().replace('\\', '/');
        }
        return p.toString();
    }
}
