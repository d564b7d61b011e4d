package org.recprompt.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.recprompt.base.FolderLock;
import org.recprompt.workspace.Leases;
import org.recprompt.workspace.SharedDatabase;

/**
 * An exclusive operating-system lock on a run folder's {@code .run.lock} ({@link FolderLock}), held
 * while a run writes the folder (the command line or the workbench, starting or resuming), so that a
 * second writer is refused at once instead of sending every call a second time into the same
 * journal. A killed run never leaves its folder locked.
 *
 * <p>On a shared database ({@link SharedDatabase}: several processes, possibly on several machines,
 * on one workspace root) it is also a lease in the database ({@link Leases}, named
 * {@code run:<folder relative to the workspace root>}) that the holder renews by a heartbeat, since
 * file locks are not reliably seen across machines: the run's one <em>coordinator</em>. A holder
 * that dies stops renewing; after {@link Leases#DEFAULT_TTL} the run can be resumed elsewhere. The
 * workers that execute a run's shards do not take this lock: each takes {@link #acquireShard} on its
 * shard, which the coordinator's lock does not exclude.
 */
public final class RunFolderLock implements AutoCloseable {

    static final String FILE = ".run.lock";

    private final FolderLock lock;
    private final Leases.Lease lease;

    private RunFolderLock(FolderLock lock, Leases.Lease lease) {
        this.lock = lock;
        this.lease = lease;
    }

    /** Thrown when another run holds the folder; the message is one sentence naming the holder. */
    public static final class LockedException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        LockedException(String message) {
            super(message);
        }
    }

    /** Creates the folder if needed and locks it, or throws {@link LockedException} naming the holder. */
    public static RunFolderLock acquire(Path folder) {
        return acquire(folder, Leases.DEFAULT_TTL);
    }

    /** As {@link #acquire(Path)} with the lease's time to live on a shared database (tests shorten it). */
    static RunFolderLock acquire(Path folder, Duration ttl) {
        FolderLock.Attempt a;
        try {
            a = FolderLock.tryAcquire(folder, FILE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot lock the run folder " + folder + ": " + e.getMessage(), e);
        }
        if (!a.acquired()) {
            throw new LockedException("The run folder " + folder + " is being written by another run"
                    + (a.holder().isEmpty() ? "" : " (" + a.holder() + ")") + "; wait until it ends or stop it, then resume");
        }
        Optional<SharedDatabase> shared = SharedDatabase.current();
        if (shared.isEmpty()) {
            return new RunFolderLock(a.lock(), null);
        }
        try {
            Leases.Attempt l = Leases.tryAcquire(shared.get().dataSource(), leaseName(shared.get(), folder), ttl);
            if (!l.acquired()) {
                throw new LockedException("The run folder " + folder + " is being written by another run"
                        + (l.holder().isEmpty() ? "" : " (" + l.holder() + ")")
                        + "; wait until it ends or stop it, then resume (a holder that died releases it when its lease expires)");
            }
            return new RunFolderLock(a.lock(), l.lease());
        } catch (RuntimeException e) {
            a.lock().close();
            throw e;
        }
    }

    /**
     * A shard of a run, for a worker process that executes it (appending to the run's journal) while
     * the run's coordinator holds {@link #acquire}: a lease named {@code shard:<folder>#<shard>} in the
     * shared database, renewed by a heartbeat, which another worker may take once it has expired (its
     * holder died). Throws {@link LockedException} naming the holder while it is held; without a
     * shared database (one process) the lock holds in this process only. Check {@link #isHeld()}
     * before appending a shard's results: false once the lease was lost to another worker.
     */
    public static RunFolderLock acquireShard(Path folder, String shard) {
        return acquireShard(folder, shard, Leases.DEFAULT_TTL);
    }

    static RunFolderLock acquireShard(Path folder, String shard, Duration ttl) {
        if (shard == null || shard.isBlank()) {
            throw new IllegalArgumentException("a shard needs a name");
        }
        Optional<SharedDatabase> shared = SharedDatabase.current();
        if (shared.isPresent()) {
            Leases.Attempt l = Leases.tryAcquire(shared.get().dataSource(), leaseName(shared.get(), folder) + "#" + shard, ttl);
            if (!l.acquired()) {
                throw new LockedException("The shard " + shard + " of the run folder " + folder + " is being executed by another worker"
                        + (l.holder().isEmpty() ? "" : " (" + l.holder() + ")"));
            }
            return new RunFolderLock(null, l.lease());
        }
        FolderLock.Attempt a;
        try {
            a = FolderLock.tryAcquire(folder, ".shard-" + shard.replaceAll("[^A-Za-z0-9._-]", "_") + ".lock");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot lock the shard " + shard + " of " + folder + ": " + e.getMessage(), e);
        }
        if (!a.acquired()) {
            throw new LockedException("The shard " + shard + " of the run folder " + folder + " is being executed by another worker"
                    + (a.holder().isEmpty() ? "" : " (" + a.holder() + ")"));
        }
        return new RunFolderLock(a.lock(), null);
    }

    private static String leaseName(SharedDatabase db, Path folder) {
        return "run:" + db.nameOf(folder);
    }

    /**
     * Whether another process (of any machine sharing the database) runs the folder now: its lease is
     * held and renewed. Always false without a shared database, where a folder written RUNNING by a
     * process that is gone is interrupted.
     */
    public static boolean runningElsewhere(Path folder) {
        return SharedDatabase.current().map(db -> Leases.isLive(db.dataSource(), leaseName(db, folder))).orElse(false);
    }

    /** Whether this process holds the folder's lock (a run of this process writes it). */
    public static boolean heldHere(Path folder) {
        return FolderLock.heldHere(folder, FILE);
    }

    /** True while both the file lock and (on a shared database) the lease are held. */
    public boolean isHeld() {
        return (lock == null || lock.isHeld()) && (lease == null || lease.isHeld());
    }

    /** Releases the lock (idempotent). */
    @Override
    public void close() {
        if (lease != null) {
            lease.close();
        }
        if (lock != null) {
            lock.close();
        }
    }
}
