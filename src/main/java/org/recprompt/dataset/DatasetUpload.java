package org.recprompt.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.recprompt.base.FileTrees;
import org.recprompt.base.SafeUnzip;

/**
 * The files of one dataset import uploaded from a browser, kept in a staging folder of the
 * workspace: each file is streamed to disk (never held whole in memory) and each chunk is counted
 * against the upload limit as it arrives, so files sent side by side share one room; zips are
 * unpacked under {@link SafeUnzip}'s rules, their unpacked bytes and entries counted together for
 * the whole upload. {@link #data()} is
 * then imported like a folder on the server. {@link #close()} removes the staging folder, whether
 * the import succeeded, failed or was given up, so nothing half-uploaded stays behind.
 */
public final class DatasetUpload implements AutoCloseable {

    private final Path folder;
    private final Path data;
    private final Path incoming;
    private final long maxBytes;
    private final SafeUnzip.Limits unzipLimits;
    private final String limitSetting;
    private final String unzipSetting;
    /** Each uploaded file's name, with what it put in {@link #data} and its size. */
    private final Map<String, Received> received = new LinkedHashMap<>();
    /** Single files kept as they came ({@link #keep}), with their sizes. */
    private final Map<Path, Long> kept = new LinkedHashMap<>();
    /** Bytes of the files received or kept plus the bytes of files still arriving. */
    private long bytes;
    /** What the zips received so far unpacked, counted against {@link #unzipLimits}. */
    private SafeUnzip.Unpacked unpacked = SafeUnzip.Unpacked.NONE;
    private boolean closed;

    private record Received(List<Path> paths, long bytes, boolean zip, SafeUnzip.Unpacked unpacked) {
    }

    DatasetUpload(Path folder, long maxBytes, String limitSetting, SafeUnzip.Limits unzipLimits, String unzipSetting)
            throws IOException {
        this.folder = folder;
        this.data = Files.createDirectories(folder.resolve("data"));
        this.incoming = Files.createDirectories(folder.resolve("incoming"));
        this.maxBytes = maxBytes;
        this.unzipLimits = unzipLimits;
        this.limitSetting = limitSetting;
        this.unzipSetting = unzipSetting;
    }

    /** The most bytes the files of one upload may have together. */
    public long maxBytes() {
        return maxBytes;
    }

    /** The folder holding what was uploaded (zips unpacked): what an import reads. */
    public Path data() {
        return data;
    }

    /** The names of the files received so far, in the order they arrived. */
    public synchronized List<String> names() {
        return List.copyOf(received.keySet());
    }

    public synchronized boolean isEmpty() {
        return received.isEmpty();
    }

    /**
     * Streams one uploaded file into the staging folder and, for a zip, unpacks it. {@code declared}
     * is the size the browser announced (negative when unknown): a file announced past the limit is
     * refused before it is read. Returns a one-line description of what was received.
     *
     * @throws IOException naming the file when it is too large, unsafe, not a readable zip, or when
     *     its name or one of its entries was already given; nothing of it is kept then
     */
    public String receive(String uploadedName, long declared, InputStream in) throws IOException {
        String name = admitted(uploadedName, declared, true);
        Path part = incomingFile(name);
        long[] size = {0};
        boolean taken = false;
        try {
            copy(name, in, part, size);
            synchronized (this) {
                checkOpen();
                if (received.containsKey(name)) {
                    throw new IOException(name + " was uploaded already; remove it from the list first to upload it again.");
                }
                boolean zip = name.toLowerCase(Locale.ROOT).endsWith(".zip");
                SafeUnzip.Unpacked brought = SafeUnzip.Unpacked.NONE;
                List<Path> paths;
                if (zip) {
                    List<Path> moved = new ArrayList<>();
                    brought = unpack(name, part, moved);
                    paths = moved;
                } else {
                    paths = List.of(place(name, part));
                }
                received.put(name, new Received(paths, size[0], zip, brought));
                unpacked = unpacked.plus(brought);
                taken = true;
                return zip ? String.format(Locale.ROOT, "%s (%,d bytes, unpacked: %s)", name, size[0],
                        String.join(", ", paths.stream().map(p -> p.getFileName().toString()
                                + (Files.isDirectory(p) ? "/" : "")).toList()))
                        : String.format(Locale.ROOT, "%s (%,d bytes)", name, size[0]);
            }
        } finally {
            if (!taken) {
                release(size[0]);
            }
            FileTrees.delete(part.getParent());
        }
    }

    /**
     * Streams one uploaded file into the staging folder as it came (a zip stays a zip), counted
     * against the same limit as the other files of this upload, and returns where it is kept until
     * {@link #discard} or {@link #close()}.
     *
     * @throws IOException naming the file when it is too large; nothing of it is kept then
     */
    public Path keep(String uploadedName, long declared, InputStream in) throws IOException {
        String name = admitted(uploadedName, declared, false);
        Path file = incomingFile(name);
        long[] size = {0};
        boolean done = false;
        try {
            copy(name, in, file, size);
            synchronized (this) {
                checkOpen();
                kept.put(file, size[0]);
                done = true;
                return file;
            }
        } finally {
            if (!done) {
                release(size[0]);
                FileTrees.delete(file.getParent());
            }
        }
    }

    /**
     * The name an uploaded file is kept under, once the upload is still open, the name was not
     * received before ({@code once}), and the size the browser announced fits what is left.
     */
    private String admitted(String uploadedName, long declared, boolean once) throws IOException {
        String name;
        try {
            name = keptName(uploadedName);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        synchronized (this) {
            checkOpen();
            if (once && received.containsKey(name)) {
                throw new IOException(name + " was uploaded already; remove it from the list first to upload it again.");
            }
            if (declared > 0 && bytes + declared > maxBytes) {
                throw tooLarge(name, declared);
            }
        }
        return name;
    }

    /** A fresh place for an arriving file, in its own folder under the staging folder's incoming part. */
    private Path incomingFile(String name) throws IOException {
        return Files.createDirectories(incoming.resolve(UUID.randomUUID().toString())).resolve(name);
    }

    /** Deletes a file {@link #keep} returned and gives its bytes back to the upload; another path is left alone. */
    public synchronized void discard(Path file) {
        Long size = kept.remove(file);
        if (size != null) {
            bytes -= size;
            FileTrees.delete(file.getParent());
        }
    }

    /** Forgets an uploaded file (the person removed it from the list): what it brought is deleted. */
    public synchronized void remove(String uploadedName) {
        Received r;
        try {
            r = received.remove(keptName(uploadedName));
        } catch (IllegalArgumentException e) {
            return;
        }
        if (r != null) {
            r.paths().forEach(FileTrees::delete);
            bytes -= r.bytes();
            unpacked = unpacked.minus(r.unpacked());
        }
    }

    /**
     * The name the data suggests: a zip's name without ".zip" when it is the only upload, else the
     * single folder or file received; empty when several files were uploaded side by side.
     */
    public synchronized Optional<String> suggestedName() {
        if (received.size() == 1) {
            var only = received.entrySet().iterator().next();
            if (only.getValue().zip()) {
                return Optional.of(only.getKey().replaceFirst("(?i)\\.zip$", ""));
            }
            return Optional.of(only.getKey());
        }
        return Optional.empty();
    }

    /** Where the data came from, recorded with the dataset: the uploaded files' names. */
    public synchronized String sourceLabel() {
        return "a browser upload: " + String.join(", ", received.keySet());
    }

    /** Deletes the staging folder with everything uploaded; further uploads are refused. */
    @Override
    public synchronized void close() {
        closed = true;
        received.clear();
        kept.clear();
        bytes = 0;
        unpacked = SafeUnzip.Unpacked.NONE;
        FileTrees.delete(folder);
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    private void checkOpen() throws IOException {
        if (closed) {
            throw new IOException("The import dialog was closed, so the upload was not kept.");
        }
    }

    /**
     * Copies {@code in} to {@code to}, reserving each chunk's bytes in the upload's room before it is
     * written, so files arriving side by side cannot each fill the whole room. {@code reserved[0]}
     * holds what this file reserved so far; the caller releases it when the file is not kept.
     */
    private void copy(String name, InputStream in, Path to, long[] reserved) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                reserve(name, n, reserved);
                out.write(buffer, 0, n);
            }
        }
    }

    private synchronized void reserve(String name, int n, long[] reserved) throws IOException {
        checkOpen();
        if (bytes + n > maxBytes) {
            throw tooLarge(name, reserved[0] + n);
        }
        bytes += n;
        reserved[0] += n;
    }

    /** Gives back the bytes a file that was not kept had reserved (nothing once the upload is closed). */
    private synchronized void release(long reserved) {
        if (!closed) {
            bytes -= reserved;
        }
    }

    private Path place(String name, Path part) throws IOException {
        Path target = data.resolve(name);
        if (Files.exists(target)) {
            throw new IOException(name + " was already given inside an uploaded zip; nothing of " + name + " was kept.");
        }
        return Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Unpacks a zip beside the staging data, within what the upload's earlier zips left of the
     * unpack limits, then moves its top-level entries in (added to {@code moved}), refusing a clash.
     * Returns what it unpacked.
     */
    private SafeUnzip.Unpacked unpack(String name, Path zip, List<Path> moved) throws IOException {
        Path unpacked = incoming.resolve("unpacked-" + UUID.randomUUID());
        try {
            SafeUnzip.Unpacked brought;
            try {
                brought = Archives.unzip(zip, unpacked, unzipLimits, this.unpacked, unzipSetting);
            } catch (IOException e) {
                throw new IOException(String.valueOf(e.getMessage()).replace(zip.toString(), name), e);
            }
            List<Path> top;
            try (var children = Files.list(unpacked)) {
                top = children.sorted().toList();
            }
            for (Path p : top) {
                if (Files.exists(data.resolve(p.getFileName().toString()))) {
                    throw new IOException(name + " holds " + p.getFileName() + ", which another upload already gave;"
                            + " nothing of " + name + " was kept.");
                }
            }
            for (Path p : top) {
                moved.add(Files.move(p, data.resolve(p.getFileName().toString()), StandardCopyOption.ATOMIC_MOVE));
            }
            return brought;
        } finally {
            FileTrees.delete(unpacked);
        }
    }

    private IOException tooLarge(String name, long size) {
        String limit = human(maxBytes);
        return new IOException(size > maxBytes
                ? name + " is larger than " + limit + ", the upload limit (" + limitSetting + "), so it was not kept."
                : name + " would bring the upload past " + limit + ", the upload limit (" + limitSetting
                        + "), so it was not kept.");
    }

    /** The name an uploaded file is kept under: the last part of what the browser sent (some send a whole path). */
    public static String keptName(String uploaded) {
        String n = uploaded == null ? "" : uploaded.replace('\\', '/');
        n = n.substring(n.lastIndexOf('/') + 1).replaceAll("\\p{Cntrl}", "").strip();
        if (n.isEmpty() || n.equals(".") || n.equals("..")) {
            throw new IllegalArgumentException("An uploaded file has no usable name (\"" + uploaded + "\"), so it was not kept.");
        }
        return n;
    }

    /** A byte count as people read it: "2 GB", "1.5 MB", "300 bytes". */
    public static String human(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30)).replace(".0 ", " ");
        }
        if (bytes >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / (double) (1L << 20)).replace(".0 ", " ");
        }
        if (bytes >= 1L << 10) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / (double) (1L << 10)).replace(".0 ", " ");
        }
        return bytes + " bytes";
    }
}
