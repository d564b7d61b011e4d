package org.recprompt.workspace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

import org.recprompt.base.OwnerOnly;

/**
 * An exclusive operating-system lock on {@code <workspace>/.lock}, held for the life of the
 * workbench process, so that a second instance on the same workspace is told so instead of
 * failing inside the database. The lock file records the holder's process id and start time; the
 * operating system releases the lock when the process dies, so a crash never leaves it stuck.
 */
public final class WorkspaceLock implements AutoCloseable {

    static final String FILE_NAME = ".lock";

    private final Path workspace;
    private final FileChannel channel;
    private final FileLock lock;

    private WorkspaceLock(Path workspace, FileChannel channel, FileLock lock) {
        this.workspace = workspace;
        this.channel = channel;
        this.lock = lock;
    }

    /** Creates the workspace folder if needed and locks it, or explains who holds it. */
    public static WorkspaceLock acquire(Path workspace) throws WorkspaceLockedException {
        Path file = workspace.resolve(FILE_NAME);
        FileChannel channel = null;
        try {
            OwnerOnly.createFolders(workspace); // a new workspace is its owner's only
            OwnerOnly.restrict(workspace); // and one made before: 0700 on the root closes every run folder, journal and log in it
            OwnerOnly.createFolders(workspace.resolve("db"));
            OwnerOnly.restrictTree(workspace.resolve("db")); // the database, also in a workspace made before
            channel = FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE), OwnerOnly.fileAttributes());
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                String holder = readHolder(file);
                channel.close();
                throw new WorkspaceLockedException("The workspace " + workspace + " is in use by another"
                        + " RecPrompt Workbench" + holder + "; stop that one, or start this one on another"
                        + " workspace with " + WorkspaceLocation.ENVIRONMENT_VARIABLE + "=DIR.");
            }
            channel.truncate(0);
            String who = "pid " + ProcessHandle.current().pid() + " since " + Instant.now() + "\n";
            channel.write(ByteBuffer.wrap(who.getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new WorkspaceLock(workspace, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("Cannot lock the workspace " + workspace + ": " + e.getMessage(), e);
        }
    }

    private static String readHolder(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "" : " (" + text + ")";
        } catch (IOException e) {
            return "";
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
        }
    }

    public Path workspace() {
        return workspace;
    }

    public boolean isHeld() {
        return lock.isValid();
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // the channel close below releases it too
        }
        closeQuietly(channel);
    }
}
