package org.recprompt.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.recprompt.base.FileTrees;
import org.recprompt.base.SafeUnzip;
import org.recprompt.workspace.WorkspaceSettings;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Starts the staging folders of dataset uploads ({@link DatasetUpload}) under the workspace's
 * {@code tmp/}. An upload may hold {@code recprompt.upload.max-bytes} (environment
 * {@code RECPROMPT_UPLOAD_MAX_BYTES}, 2 GB by default), counted together as the bytes arrive; the
 * zips of one upload are unpacked under the project import's limits ({@code recprompt.import.max-bytes},
 * {@code recprompt.import.max-entries}) counted together for the whole upload. Import split... uses
 * the same staging and limit for its files.
 * Staging folders left by a stopped workbench are removed when it starts.
 */
@Service
public class DatasetUploads {

    static final String PREFIX = "upload-";
    /** What raises the upload limit, named in the message that refuses a file. */
    public static final String LIMIT_SETTING = "RECPROMPT_UPLOAD_MAX_BYTES raises it";
    static final String UNZIP_SETTING = "RECPROMPT_IMPORT_MAX_BYTES and RECPROMPT_IMPORT_MAX_ENTRIES raise it";

    private final Path tmp;
    private final long maxBytes;
    private final SafeUnzip.Limits unzipLimits;

    DatasetUploads(WorkspaceSettings workspace, @Value("${recprompt.upload.max-bytes:2147483648}") long maxBytes,
            @Value("${recprompt.import.max-bytes:2147483648}") long unzipBytes,
            @Value("${recprompt.import.max-entries:100000}") long unzipEntries) {
        this.tmp = workspace.workspace().resolve("tmp");
        this.maxBytes = maxBytes;
        this.unzipLimits = new SafeUnzip.Limits(unzipBytes, unzipEntries);
        removeLeftovers();
    }

    /** The most bytes one upload may hold. */
    public long maxBytes() {
        return maxBytes;
    }

    /** A new, empty upload with its own staging folder; the caller closes it. */
    public DatasetUpload start() {
        try {
            Files.createDirectories(tmp);
            return new DatasetUpload(Files.createTempDirectory(tmp, PREFIX + OWNER), maxBytes, LIMIT_SETTING, unzipLimits,
                    UNZIP_SETTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a staging folder for the upload in " + tmp + ": " + e.getMessage(), e);
        }
    }

    /**
     * Staging folders are named {@code upload-<host>~<pid>~<random>}: processes that share the
     * workspace root (a database server) each remove only what nobody uses any more at start.
     */
    static final String OWNER = host() + "~" + ProcessHandle.current().pid() + "~";

    private static String host() {
        String h = System.getenv("HOSTNAME");
        if (h == null || h.isBlank()) {
            try {
                h = java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                h = "host";
            }
        }
        return h.strip().replaceAll("[^A-Za-z0-9.-]", "_");
    }

    /**
     * Whether a staging folder was left by a process that has ended: one of this host whose process
     * is gone, or (another host's, or named the old way) one untouched for a day.
     */
    static boolean abandoned(Path folder) {
        String[] parts = folder.getFileName().toString().substring(PREFIX.length()).split("~");
        if (parts.length == 3 && parts[0].equals(OWNER.substring(0, OWNER.indexOf('~')))) {
            try {
                return ProcessHandle.of(Long.parseLong(parts[1])).map(p -> !p.isAlive()).orElse(true);
            } catch (NumberFormatException e) {
                return true;
            }
        }
        try {
            return Files.getLastModifiedTime(folder).toInstant().isBefore(java.time.Instant.now().minus(java.time.Duration.ofDays(1)));
        } catch (IOException e) {
            return false;
        }
    }

    private void removeLeftovers() {
        if (!Files.isDirectory(tmp)) {
            return;
        }
        try (var old = Files.list(tmp)) {
            old.filter(p -> p.getFileName().toString().startsWith(PREFIX) && abandoned(p)).forEach(FileTrees::delete);
        } catch (IOException e) {
            // a leftover staging folder only takes space; the next start tries again
        }
    }
}
