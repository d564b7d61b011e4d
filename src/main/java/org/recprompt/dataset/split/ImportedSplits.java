package org.recprompt.dataset.split;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.recprompt.base.FileTrees;
import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.io.DatasetFormatException;

/**
 * Predefined splits kept beside a project's dataset, in {@code <dataset folder>/splits/<name>/}:
 * {@code train.EXT}, {@code test.EXT}, optionally {@code valid.EXT} (the extension of the file given)
 * and {@code source.txt} (the files' original names, when, and what was read). A split is checked
 * against the dataset with {@link PredefinedSplits} before anything is kept, written in a staging
 * folder and moved into place: a bad file leaves nothing behind. An experiment in the project names
 * the files relative to its own folder ({@link Stored#experimentLine}).
 */
public final class ImportedSplits {

    /** The folder under the dataset's folder that holds its splits. */
    public static final String FOLDER = "splits";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern EXTENSION = Pattern.compile("\\.[A-Za-z0-9]{1,8}$");

    private ImportedSplits() {
    }

    /** A file as the user gave it: its original name and where its bytes are now. */
    public record Given(String fileName, Path content) {
    }

    /**
     * A split kept beside a dataset.
     *
     * @param valid the validation file, or null
     * @param about the lines of source.txt (original names, when, what was read); empty when absent
     */
    public record Stored(String name, Path train, Path test, Path valid, List<String> about) {

        /**
         * The experiment's split block naming these files from the project's experiments folder
         * ({@code ../datasets/<dataset folder>/splits/<name>/...}).
         */
        public String experimentLine(String datasetFolder) {
            String base = "../datasets/" + datasetFolder + "/" + FOLDER + "/" + name + "/";
            return "split: { method: predefined, train: " + base + train.getFileName() + ", test: " + base + test.getFileName()
                    + (valid == null ? "" : ", valid: " + base + valid.getFileName()) + " }";
        }
    }

    /** The splits kept beside the dataset, by name. */
    public static List<Stored> list(Path datasetFolder) {
        Path dir = datasetFolder.resolve(FOLDER);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Stored> out = new ArrayList<>();
        try (Stream<Path> children = Files.list(dir)) {
            for (Path split : children.sorted().toList()) {
                String name = split.getFileName().toString();
                if (name.startsWith(".") || !Files.isDirectory(split)) {
                    continue;
                }
                Path train = find(split, "train");
                Path test = find(split, "test");
                if (train == null || test == null) {
                    continue;
                }
                Path source = split.resolve("source.txt");
                List<String> about = Files.isRegularFile(source) ? Files.readAllLines(source, StandardCharsets.UTF_8) : List.of();
                out.add(new Stored(name, train, test, find(split, "valid"), about));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the splits in " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** What is wrong with a new split's name; empty when it can be taken. */
    public static Optional<String> nameProblem(Path datasetFolder, String name) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty()) {
            return Optional.of("Name the split (for example the paper's name).");
        }
        if (!NAME.matcher(n).matches()) {
            return Optional.of("A split's name is up to 64 letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }
        if (Files.exists(datasetFolder.resolve(FOLDER).resolve(n))) {
            return Optional.of("This dataset already has a split named " + n + ".");
        }
        return Optional.empty();
    }

    /**
     * Checks the files against the dataset and keeps them as split {@code name}; {@code valid} may
     * be null. A problem (a name taken, a malformed line, an id the dataset lacks) is an
     * IllegalArgumentException naming the file as the user gave it, and nothing is kept.
     */
    public static Stored importSplit(Dataset dataset, Path datasetFolder, String name, Given train, Given test, Given valid,
            Instant now) {
        Optional<String> problem = nameProblem(datasetFolder, name);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
        String n = name.strip();
        Path dir = datasetFolder.resolve(FOLDER);
        Path staging = dir.resolve(".staging-" + UUID.randomUUID());
        try {
            Files.createDirectories(staging);
            Path t = stage(staging, "train", train);
            Path h = stage(staging, "test", test);
            Path v = valid == null ? null : stage(staging, "valid", valid);
            PredefinedSplits.Loaded loaded;
            try {
                loaded = PredefinedSplits.load(dataset, t, h, v);
            } catch (DatasetFormatException e) {
                String message = e.getMessage();
                Given[] given = {train, test, valid};
                Path[] staged = {t, h, v};
                for (int k = 0; k < staged.length; k++) {
                    if (staged[k] != null) {
                        message = message.replace(staged[k].toString(), given[k].fileName());
                    }
                }
                throw new IllegalArgumentException(message, e);
            }
            List<String> about = new ArrayList<>();
            about.add("train: " + train.fileName());
            about.add("test: " + test.fileName());
            if (valid != null) {
                about.add("valid: " + valid.fileName() + " (part of each user's history, never relevant)");
            }
            about.add("imported: " + now);
            about.add(loaded.summary());
            Files.write(staging.resolve("source.txt"), about, StandardCharsets.UTF_8);
            Path target = dir.resolve(n);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            return new Stored(n, target.resolve(t.getFileName()), target.resolve(h.getFileName()),
                    v == null ? null : target.resolve(v.getFileName()), List.copyOf(about));
        } catch (IOException e) {
            throw new UncheckedIOException("Keeping the split " + n + " failed: " + e.getMessage(), e);
        } finally {
            FileTrees.delete(staging);
            removeIfEmpty(dir);
        }
    }

    /** The splits folder goes when a failed import leaves it empty: nothing of it stays behind. */
    private static void removeIfEmpty(Path dir) {
        try (Stream<Path> left = Files.exists(dir) ? Files.list(dir) : Stream.empty()) {
            if (Files.exists(dir) && left.findAny().isEmpty()) {
                Files.delete(dir);
            }
        } catch (IOException e) {
            // another import is writing there, or the folder is not ours to remove: it stays
        }
    }

    /** Copies a given file into the staging folder as ROLE.EXT (the given file's extension, .tsv when it has none). */
    private static Path stage(Path staging, String role, Given given) throws IOException {
        var m = EXTENSION.matcher(given.fileName());
        String ext = m.find() ? m.group().toLowerCase(Locale.ROOT) : ".tsv";
        Path to = staging.resolve(role + ext);
        Files.copy(given.content(), to);
        return to;
    }

    private static Path find(Path split, String role) throws IOException {
        try (Stream<Path> files = Files.list(split)) {
            return files.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().startsWith(role + "."))
                    .sorted().findFirst().orElse(null);
        }
    }
}
