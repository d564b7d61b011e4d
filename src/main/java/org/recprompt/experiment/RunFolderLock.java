package org.recprompt.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import org.recprompt.base.FolderLock;

/**
 * An exclusive operating-system lock on a run folder's {@code .run.lock} ({@link FolderLock}), held
 * while a run writes the folder (the command line or the workbench, starting or resuming), so that a
 * second writer is refused at once instead of sending every call a second time into the same
 * journal. A killed run never leaves its folder locked.
 */
public final class RunFolderLock implements AutoCloseable {

    static final String FILE = ".run.lock";

    private final FolderLock lock;

    private RunFolderLock(FolderLock lock) {
        this.lock = lock;
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
        return new RunFolderLock(a.lock());
    }

    /** Whether this process holds the folder's lock (a run of this process writes it). */
    public static boolean heldHere(Path folder) {
        return FolderLock.heldHere(folder, FILE);
    }

    public boolean isHeld() {
        return lock.isHeld();
    }

    /** Releases the lock (idempotent). */
    @Override
    public void close() {
        lock.close();
    }
}
