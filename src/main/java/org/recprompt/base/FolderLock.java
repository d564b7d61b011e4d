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
import java.util.HashMap;
import java.util.Map;
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
    /** Shared locks this process holds: one operating-system lock per file, counted by its holders here. */
    private static final Map<Path, Shared> SHARED = new HashMap<>();

    private final FileChannel channel;
    private final FileLock lock;
    private final Path key;
    private final Shared shared;
    private boolean closed;

    private FolderLock(FileChannel channel, FileLock lock, Path key) {
        this.channel = channel;
        this.lock = lock;
        this.key = key;
        this.shared = null;
    }

    private FolderLock(Shared shared, Path key) {
        this.channel = null;
        this.lock = null;
        this.key = key;
        this.shared = shared;
    }

    /** One shared operating-system lock of this process and how many holders here use it. */
    private static final class Shared {
        final FileChannel channel;
        final FileLock lock;
        int holders;

        Shared(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }
    }

    /**
     * A shared lock on {@code folder/fileName}: any number of processes that each take it shared may
     * hold it at once (several workbenches and workers on one workspace root with a shared
     * database), while a process that wants it exclusively ({@link #tryAcquire}) is refused, and the
     * other way round. The file then says the last sharer's process id, host and start time, and
     * that it is shared.
     */
    public static Attempt tryAcquireShared(Path folder, String fileName) throws IOException {
        OwnerOnly.createFolders(folder);
        Path key = folder.toRealPath().resolve(fileName);
        String who = "pid " + ProcessHandle.current().pid() + " on " + host() + " since "
                + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ", sharing it through a database server";
        synchronized (SHARED) {
            String exclusive = HELD.get(key);
            if (exclusive != null) {
                return new Attempt(null, exclusive);
            }
            Shared s = SHARED.get(key);
            if (s == null) {
                FileChannel channel = FileChannel.open(key, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE), OwnerOnly.fileAttributes());
                FileLock lock;
                try {
                    lock = channel.tryLock(0, Long.MAX_VALUE, true);
                } catch (OverlappingFileLockException | IOException e) {
                    lock = null;
                }
                if (lock == null) {
                    String holder = holder(channel);
                    closeQuietly(channel);
                    return new Attempt(null, holder);
                }
                channel.truncate(0);
                channel.write(ByteBuffer.wrap((who + "\n").getBytes(StandardCharsets.UTF_8)), 0);
                s = new Shared(channel, lock);
                SHARED.put(key, s);
            }
            s.holders++;
            return new Attempt(new FolderLock(s, key), "");
        }
    }

    /** Creates the folder (owner-only) if needed and tries to lock {@code folder/fileName} without waiting. */
    public static Attempt tryAcquire(Path folder, String fileName) throws IOException {
        OwnerOnly.createFolders(folder);
        Path key = folder.toRealPath().resolve(fileName);
        String who = "pid " + ProcessHandle.current().pid() + " on " + host() + " since "
                + Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String inProcess;
        synchronized (SHARED) {
            if (SHARED.containsKey(key)) {
                return new Attempt(null, "this process holds it shared");
            }
            inProcess = HELD.putIfAbsent(key, who);
        }
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
        if (shared != null) {
            synchronized (SHARED) {
                return !closed && shared.lock.isValid();
            }
        }
        return lock.isValid();
    }

    /** Releases the lock (idempotent); a shared one when its last holder in this process closes it. */
    @Override
    public void close() {
        if (shared != null) {
            synchronized (SHARED) {
                if (closed) {
                    return;
                }
                closed = true;
                if (--shared.holders == 0) {
                    SHARED.remove(key);
                    try {
                        shared.lock.release();
                    } catch (IOException ignored) {
                        // closing the channel releases it too
                    }
                    closeQuietly(shared.channel);
                }
            }
            return;
        }
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
