package org.recprompt.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
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
    private final Path key;

    private RunFolderLock(FileChannel channel, FileLock lock, Path key) {
        this.channel = channel;
        this.lock = lock;
        this.key = key;
    }

    /** Thrown when another run holds the folder; the message is one sentence naming the holder. */
    public static final class LockedException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        LockedException(String message) {
            super(message);
        }
    }

    /**
     * The folders this process holds, by real path, with the holder's line. Checked before any channel
     * to a held lock file is opened: on Linux the lock is the process's, and closing any other channel
     * (or stream) on the same file would release it while the run still writes.
     */
    private static final java.util.concurrent.ConcurrentMap<Path, String> HELD = new java.util.concurrent.ConcurrentHashMap<>();

    /** Creates the folder if needed and locks it, or throws {@link LockedException} naming the holder. */
    public static RunFolderLock acquire(Path folder) {
        FileChannel channel = null;
        Path key = null;
        try {
            org.recprompt.base.OwnerOnly.createFolders(folder);
            key = folder.toRealPath();
            String who = "pid " + ProcessHandle.current().pid() + " on " + host() + " since "
                    + Instant.now().truncatedTo(ChronoUnit.SECONDS);
            String inProcess = HELD.putIfAbsent(key, who);
            if (inProcess != null) {
                key = null; // not ours to release
                throw refused(folder, inProcess);
            }
            channel = FileChannel.open(key.resolve(FILE), java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE), org.recprompt.base.OwnerOnly.fileAttributes());
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held through a channel this class did not open
            }
            if (lock == null) {
                String holder = holder(channel); // read through this channel: another process holds the lock
                throw refused(folder, holder);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((who + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new RunFolderLock(channel, lock, key);
        } catch (IOException e) {
            closeQuietly(channel);
            release(key);
            throw new UncheckedIOException("Cannot lock the run folder " + folder + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            release(key);
            throw e;
        }
    }

    private static LockedException refused(Path folder, String holder) {
        return new LockedException("The run folder " + folder + " is being written by another run"
                + (holder.isEmpty() ? "" : " (" + holder + ")") + "; wait until it ends or stop it, then resume");
    }

    private static void release(Path key) {
        if (key != null) {
            HELD.remove(key);
        }
    }

    /** Whether this process holds the folder's lock (a run of this process writes it). */
    public static boolean heldHere(Path folder) {
        try {
            return HELD.containsKey(folder.toRealPath());
        } catch (IOException e) {
            return false;
        }
    }

    private static String holder(FileChannel channel) {
        try {
            ByteBuffer b = ByteBuffer.allocate(512);
            channel.read(b, 0);
            return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).strip();
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
        release(key);
    }
}
