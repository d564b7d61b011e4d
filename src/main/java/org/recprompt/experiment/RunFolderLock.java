package org.recprompt.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * An exclusive operating-system lock on a run folder's {@code .run.lock}, held while a run writes
 * the folder (the command line or the workbench, starting or resuming), so that a second writer is
 * refused at once instead of sending every call a second time into the same journal. The file says
 * who holds it (process id, host, since when); the operating system releases the lock when the
 * process ends, however it ends, so a killed run never leaves its folder locked. The file itself
 * stays (deleting it would let two processes lock two different files of the same name).
 */
public final class RunFolderLock implements AutoCloseable {

    static final String FILE = ".run.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private RunFolderLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
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
        Path file = folder.resolve(FILE);
        FileChannel channel = null;
        try {
            org.recprompt.base.OwnerOnly.createFolders(folder);
            channel = FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE),
                    org.recprompt.base.OwnerOnly.fileAttributes());
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // this process holds it already (the workbench resuming a folder it is running)
            }
            if (lock == null) {
                String holder = holder(file);
                channel.close();
                throw new LockedException("The run folder " + folder + " is being written by another run"
                        + (holder.isEmpty() ? "" : " (" + holder + ")")
                        + "; wait until it ends or stop it, then resume");
            }
            channel.truncate(0);
            String who = "pid " + ProcessHandle.current().pid() + " on " + host() + " since "
                    + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\n";
            channel.write(ByteBuffer.wrap(who.getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new RunFolderLock(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("Cannot lock the run folder " + folder + ": " + e.getMessage(), e);
        }
    }

    static String holder(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "";
        }
    }

    private static String host() {
        String h = System.getenv("HOSTNAME");
        if (h != null && !h.isBlank()) {
            return h.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "this machine";
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

    public boolean isHeld() {
        return lock.isValid();
    }

    /** Releases the lock (idempotent). */
    @Override
    public void close() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
    }
}
