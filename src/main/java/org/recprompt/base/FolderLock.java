package org.recprompt.base;

import java.io.IOException;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * An exclusive operating-system lock on a lock file in a folder (the workspace's, a run folder's),
 * owner-only, whose text says who holds it (process id, host, since when). The operating system
 * releases it when the process ends, however it ends; the file itself stays (deleting it would let
 * two processes lock two different files of the same name).
 *
 * <p>On Linux the lock belongs to the process, and closing any other channel or stream on the same
 * file releases it while its holder still works: so the files this process holds are kept in a
 * registry checked before any channel is opened, and a holder's text is read through the channel
 * that failed to lock, never by opening the file again.
 */
public final class FolderLock implements AutoCloseable {

    /** Either a lock, or the holder's text ("" when the file does not say) when someone else has it. */
    public record Attempt(FolderLock lock, String holder) {
        public boolean acquired() {
            return lock != null;
        }
    }

    private static final ConcurrentMap<Path, String> HELD = new ConcurrentHashMap<>();

    private final FileChannel channel;
    private final FileLock lock;
    private final Path key;

    private FolderLock(FileChannel channel, FileLock lock, Path key) {
        this.channel = channel;
        this.lock = lock;
        this.key = key;
    }

    /** Creates the folder (owner-only) if needed and tries to lock {@code folder/fileName} without waiting. */
    public static Attempt tryAcquire(Path folder, String fileName) throws IOException {
        OwnerOnly.createFolders(folder);
        Path key = folder.toRealPath().resolve(fileName);
        String who = "pid " + ProcessHandle.current().pid() + " on " + host() + " since "
                + Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String inProcess = HELD.putIfAbsent(key, who);
        if (inProcess != null) {
            return new Attempt(null, inProcess);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(key, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE),
                    OwnerOnly.fileAttributes());
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held through a channel this class did not open
            }
            if (lock == null) {
                String holder = holder(channel); // another process holds it: closing this channel cannot release theirs
                closeQuietly(channel);
                HELD.remove(key);
                return new Attempt(null, holder);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((who + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new Attempt(new FolderLock(channel, lock, key), "");
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            HELD.remove(key);
            throw e;
        }
    }

    /** Whether this process holds {@code folder/fileName}. */
    public static boolean heldHere(Path folder, String fileName) {
        try {
            return HELD.containsKey(folder.toRealPath().resolve(fileName));
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
        HELD.remove(key);
    }
}
