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
 * workspace: each file is streamed to disk (never held whole in memory) and counted against the
 * upload limit as it arrives; a zip is unpacked under {@link SafeUnzip}'s rules. {@link #data()} is
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
    private long bytes;
    private boolean closed;

    private record Received(List<Path> paths, long bytes, boolean zip) {
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
        String name;
        try {
            name = keptName(uploadedName);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        synchronized (this) {
            checkOpen();
            if (received.containsKey(name)) {
                throw new IOException(name + " was uploaded already; remove it from the list first to upload it again.");
            }
            if (declared > 0 && bytes + declared > maxBytes) {
                throw tooLarge(name, declared);
            }
        }
        Path part = Files.createDirectories(incoming.resolve(UUID.randomUUID().toString())).resolve(name);
        try {
            long size = copy(name, in, part);
            synchronized (this) {
                checkOpen();
                if (bytes + size > maxBytes) {
                    throw tooLarge(name, size);
                }
                if (received.containsKey(name)) {
                    throw new IOException(name + " was uploaded already; remove it from the list first to upload it again.");
                }
                boolean zip = name.toLowerCase(Locale.ROOT).endsWith(".zip");
                List<Path> paths = zip ? unpack(name, part) : List.of(place(name, part));
                received.put(name, new Received(paths, size, zip));
                bytes += size;
                return zip ? String.format(Locale.ROOT, "%s (%,d bytes, unpacked: %s)", name, size,
                        String.join(", ", paths.stream().map(p -> p.getFileName().toString()
                                + (Files.isDirectory(p) ? "/" : "")).toList()))
                        : String.format(Locale.ROOT, "%s (%,d bytes)", name, size);
            }
        } finally {
            FileTrees.delete(part.getParent());
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
        bytes = 0;
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

    private long copy(String name, InputStream in, Path to) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        long room;
        synchronized (this) {
            room = maxBytes - bytes;
        }
        try (OutputStream out = Files.newOutputStream(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > room) {
                    throw tooLarge(name, total);
                }
                out.write(buffer, 0, n);
            }
        }
        return total;
    }

    private Path place(String name, Path part) throws IOException {
        Path target = data.resolve(name);
        if (Files.exists(target)) {
            throw new IOException(name + " was already given inside an uploaded zip; nothing of " + name + " was kept.");
        }
        return Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Unpacks a zip beside the staging data, then moves its top-level entries in, refusing a clash. */
    private List<Path> unpack(String name, Path zip) throws IOException {
        Path unpacked = incoming.resolve("unpacked-" + UUID.randomUUID());
        try {
            try {
                Archives.unzip(zip, unpacked, unzipLimits, unzipSetting);
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
            List<Path> moved = new ArrayList<>();
            for (Path p : top) {
                moved.add(Files.move(p, data.resolve(p.getFileName().toString()), StandardCopyOption.ATOMIC_MOVE));
            }
            return moved;
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
