package org.recprompt.workspace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import org.recprompt.base.FolderLock;
import org.recprompt.base.OwnerOnly;

/**
 * An exclusive operating-system lock on {@code <workspace>/.lock}, held for the life of the
 * workbench process, so that a second instance on the same workspace is told so instead of
 * failing inside the database ({@link FolderLock}: the file records the holder's process id, host and
 * start time; the operating system releases the lock when the process dies, so a crash never leaves it stuck).
 *
 * <p>With a database server ({@link DatabaseSettings#shared()}) several processes (workbenches and
 * workers, on one or several machines) work on one workspace root at once: each takes the lock
 * shared, so all of them are admitted while a process that would open the workspace's own H2 file
 * (exclusive) is refused, and the other way round.
 */
public final class WorkspaceLock implements AutoCloseable {

    static final String FILE_NAME = ".lock";

    private final Path workspace;
    private final FolderLock lock;

    private WorkspaceLock(Path workspace, FolderLock lock) {
        this.workspace = workspace;
        this.lock = lock;
    }

    /** Creates the workspace folder if needed and locks it, or explains who holds it (the database from the environment). */
    public static WorkspaceLock acquire(Path workspace) throws WorkspaceLockedException {
        return acquire(workspace, DatabaseSettings.of(workspace, System.getenv()));
    }

    /** As above for the database {@code settings} name: exclusive for H2 in the folder, shared for a database server. */
    public static WorkspaceLock acquire(Path workspace, DatabaseSettings settings) throws WorkspaceLockedException {
        boolean shared = settings.shared();
        FolderLock.Attempt a;
        try {
            OwnerOnly.createFolders(workspace); // a new workspace is its owner's only
            OwnerOnly.restrict(workspace); // and one made before: 0700 on the root closes every run folder, journal and log in it
            OwnerOnly.createFolders(workspace.resolve("db"));
            OwnerOnly.restrictTree(workspace.resolve("db")); // the database, also in a workspace made before
            a = shared ? FolderLock.tryAcquireShared(workspace, FILE_NAME) : FolderLock.tryAcquire(workspace, FILE_NAME);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot lock the workspace " + workspace + ": " + e.getMessage(), e);
        }
        if (!a.acquired()) {
            throw new WorkspaceLockedException("The workspace " + workspace + " is in use by another"
                    + " RecPrompt Workbench" + (a.holder().isEmpty() ? "" : " (" + a.holder() + ")")
                    + (shared ? " on its own H2 database; stop that one, or start this one on another workspace with "
                            + WorkspaceLocation.ENVIRONMENT_VARIABLE + "=DIR."
                            : "; stop that one, or start this one on another workspace with "
                            + WorkspaceLocation.ENVIRONMENT_VARIABLE + "=DIR (several processes may share one workspace"
                            + " only on a database server: " + DatabaseSettings.URL_VARIABLE + ")."));
        }
        return new WorkspaceLock(workspace, a.lock());
    }

    public Path workspace() {
        return workspace;
    }

    public boolean isHeld() {
        return lock.isHeld();
    }

    @Override
    public void close() {
        lock.close();
    }
}
