package org.recprompt.workspace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

import org.recprompt.base.FileTrees;
import org.recprompt.base.Hashes;
import org.recprompt.base.StaleEditException;
import org.recprompt.workspace.security.AccountService;
import org.springframework.stereotype.Service;

/**
 * The version check for files the workbench edits (experiment files): an editor keeps the
 * {@link #stamp} of what it read, and {@link #write} refuses, writing nothing, when the file's
 * content changed since (a {@link StaleEditException} saying who saved it and when, from the
 * saved_file table when the workbench saved that content, else the file's modification time).
 * Several processes on one workspace see each other's saves through the same table and files.
 */
@Service
public class FileSaves {

    /** The stamp of a file that does not exist (yet). */
    public static final String ABSENT = "absent";

    private final SavedFileRepository saves;
    private final WorkspaceSettings settings;
    private final Clock clock;

    FileSaves(SavedFileRepository saves, WorkspaceSettings settings, Clock clock) {
        this.saves = saves;
        this.settings = settings;
        this.clock = clock;
    }

    /** The SHA-256 of the file's bytes in hex, or {@link #ABSENT}. */
    public static String stamp(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(Hashes.sha256(Files.readAllBytes(file)));
        } catch (NoSuchFileException e) {
            return ABSENT;
        }
    }

    /** The stamp the file will have after writing {@code text}. */
    public static String stampOf(String text) {
        return HexFormat.of().formatHex(Hashes.sha256(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Writes the text all or nothing when the file still has {@code expected} (null: no check, for
     * the command line and new files), records who saved it, and returns the new stamp.
     * {@code what} names the file in the refusal ("Experiment baseline").
     */
    public String write(Path file, String text, String expected, String what) throws IOException {
        synchronized (this) { // one check-then-write at a time in this process
            if (expected != null) {
                String now = stamp(file);
                if (!now.equals(expected)) {
                    throw stale(file, now, what);
                }
            }
            FileTrees.writeAtomically(file, text);
            String stamp = stampOf(text);
            saves.save(new SavedFile(key(file), stamp, AccountService.currentUser(), clock.instant()));
            return stamp;
        }
    }

    private StaleEditException stale(Path file, String now, String what) throws IOException {
        Optional<SavedFile> saved = saves.findById(key(file)).filter(s -> s.getContentHash().equals(now));
        if (saved.isPresent()) {
            return new StaleEditException(what, saved.get().getSavedBy(), saved.get().getSavedAt());
        }
        Instant modified = Files.exists(file) ? Files.getLastModifiedTime(file).toInstant() : null;
        return new StaleEditException(now.equals(ABSENT) ? what + " (now deleted)" : what, "", modified);
    }

    /** The file's path relative to the workspace (the same in every process on it). */
    private String key(Path file) {
        Path root = settings.workspace().toAbsolutePath().normalize();
        Path abs = file.toAbsolutePath().normalize();
        String k = abs.startsWith(root) ? root.relativize(abs).toString() : abs.toString();
        return k.length() > 1000 ? k.substring(k.length() - 1000) : k;
    }
}
