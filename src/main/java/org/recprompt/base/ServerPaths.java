package org.recprompt.base;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Paths typed by a person for a file on the server: {@code ~} and {@code ~/...} mean the server
 * user's home, as in a shell, and the entries of the typed folder are offered as completions.
 */
public final class ServerPaths {

    /** Entries of one folder read at most while completing, so a huge folder cannot stall the screen. */
    static final int MAX_SCANNED = 20_000;

    private ServerPaths() {
    }

    /** The server user's home folder: {@code HOME} as a shell reads it, else Java's {@code user.home}. */
    public static Path home() {
        String env = System.getenv("HOME");
        if (env != null && !env.isBlank()) {
            try {
                Path p = Path.of(env);
                if (p.isAbsolute()) {
                    return p;
                }
            } catch (InvalidPathException e) {
                // not a path: fall back to Java's idea of the home folder
            }
        }
        return Path.of(System.getProperty("user.home"));
    }

    /**
     * The path {@code typed} names: surrounding spaces removed, {@code ~} and a leading {@code ~/}
     * replaced by {@code home}; {@code ~name} (another user's home) is left as typed.
     *
     * @throws InvalidPathException when the text cannot be a path on this system
     */
    public static Path expand(String typed, Path home) {
        String t = typed == null ? "" : typed.strip();
        if (t.equals("~")) {
            return home;
        }
        if (t.startsWith("~/")) {
            String rest = t.substring(2).replaceFirst("^/+", "");
            return rest.isEmpty() ? home : home.resolve(rest);
        }
        return Path.of(t);
    }

    /** The completions of a typed path, at most {@code limit} of them, and how many more matched. */
    public record Completions(List<String> entries, int more) {
        public Completions {
            entries = List.copyOf(entries);
        }

        static final Completions NONE = new Completions(List.of(), 0);
    }

    /**
     * The entries of the typed path's folder whose names start with what follows its last
     * {@code /} (letter case ignored), each written as the typed text completed with the entry's
     * name and, for a folder, a {@code /}: folders first, then files, hidden entries (a leading
     * dot) last unless the typed name starts with a dot; each group by name. Nothing for an empty
     * text, a folder that cannot be read or a text that is no path.
     */
    public static Completions complete(String typed, Path home, int limit) {
        String t = typed == null ? "" : typed.stripLeading();
        if (t.isEmpty()) {
            return Completions.NONE;
        }
        if (t.equals("~")) {
            t = "~/";
        }
        int slash = t.lastIndexOf('/');
        String folderText = slash < 0 ? "" : t.substring(0, slash + 1);
        String prefix = (slash < 0 ? t : t.substring(slash + 1)).toLowerCase(Locale.ROOT);
        Path folder;
        try {
            folder = folderText.isEmpty() ? Path.of("").toAbsolutePath() : expand(folderText, home);
        } catch (InvalidPathException e) {
            return Completions.NONE;
        }
        if (!Files.isDirectory(folder)) {
            return Completions.NONE;
        }
        boolean wantHidden = prefix.startsWith(".");
        List<Entry> found = new ArrayList<>();
        int scanned = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path p : entries) {
                if (++scanned > MAX_SCANNED) {
                    break;
                }
                String name = p.getFileName().toString();
                if (name.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                    found.add(new Entry(name, Files.isDirectory(p), name.startsWith(".") && !wantHidden));
                }
            }
        } catch (IOException | SecurityException e) {
            return Completions.NONE;
        }
        found.sort(Comparator.comparing(Entry::hidden).thenComparing(e -> !e.folder())
                .thenComparing(e -> e.name().toLowerCase(Locale.ROOT)).thenComparing(Entry::name));
        List<String> shown = found.stream().limit(Math.max(0, limit))
                .map(e -> folderText + e.name() + (e.folder() ? "/" : "")).toList();
        return new Completions(shown, found.size() - shown.size());
    }

    private record Entry(String name, boolean folder, boolean hidden) {
    }
}
