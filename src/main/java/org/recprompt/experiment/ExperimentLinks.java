package org.recprompt.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.recprompt.base.ConsoleLog;
import org.recprompt.base.FileTrees;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How a run folder names the experiment it was made from: run.json's {@code experiment_file} (the
 * file relative to the run folder, written by {@link ExperimentRun}), and for a run written before
 * that link, or whose file is gone, the experiment's name: {@code NAME.yaml}, else the experiment
 * file whose {@code name:} it is.
 */
final class ExperimentLinks {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ExperimentLinks() {
    }

    /** The experiment file as seen from the run folder, with '/' (absolute when no relative path leads there). */
    static String link(Path folder, Path file) {
        try {
            return folder.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
        } catch (IllegalArgumentException e) {
            return file.toAbsolutePath().normalize().toString();
        }
    }

    /** The file run.json links to (resolved, whether or not it is there); empty for a run without the link. */
    static Optional<Path> linked(Path runFolder) {
        Path manifest = runFolder.resolve(ExperimentRun.MANIFEST);
        try {
            String link = Files.exists(manifest) ? JSON.readTree(manifest.toFile()).path(ExperimentRun.EXPERIMENT_FILE).asText("") : "";
            return link.isEmpty() ? Optional.empty() : Optional.of(runFolder.resolve(link).normalize());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether the file lies inside the folder: by its normalized path, and, when it exists, by its real
     * path too (a symbolic link does not lead out). A run folder comes from anywhere (an imported
     * archive), so its link is followed only into the project's experiments folder.
     */
    static boolean inside(Path file, Path folder) {
        Path f = file.toAbsolutePath().normalize();
        Path d = folder.toAbsolutePath().normalize();
        if (!f.startsWith(d) || f.equals(d)) {
            return false;
        }
        try {
            return !Files.exists(f) || f.toRealPath().startsWith(d.toRealPath());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Among the experiment files, {@code NAME.yaml}, else the first whose {@code name:} is the name. */
    static Optional<Path> byName(List<Path> files, String name) {
        if (name == null || name.isEmpty()) {
            return Optional.empty();
        }
        Optional<Path> direct = files.stream().filter(f -> f.getFileName().toString().equals(name + ".yaml")).findFirst();
        if (direct.isPresent()) {
            return direct;
        }
        for (Path f : files) {
            try {
                if (Files.size(f) <= ExperimentYaml.MAX_BYTES && name.equals(ExperimentYaml.read(Files.readString(f), f.toString()).name())) {
                    return Optional.of(f);
                }
            } catch (IOException | RuntimeException e) {
                // an unreadable or invalid experiment is not the run's
            }
        }
        return Optional.empty();
    }

    /** Points the run's link at another file (all or nothing). */
    static void relink(Path runFolder, Path file) throws IOException {
        Path manifest = runFolder.resolve(ExperimentRun.MANIFEST);
        JsonNode m = JSON.readTree(manifest.toFile());
        if (!(m instanceof ObjectNode o)) {
            throw new IOException(manifest + " is not a JSON object");
        }
        o.put(ExperimentRun.EXPERIMENT_FILE, link(runFolder, file));
        FileTrees.writeAtomically(manifest, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n");
    }

    /** A run folder's experiment file, as the service finds it. */
    interface RunFile {
        Path of(Path runFolder) throws IOException;
    }

    /**
     * The experiment file a run was made from: the file its run.json links to (relative to the run
     * folder), followed only into the experiments folder ({@link #inside}); for a run written before
     * runs kept that link, whose linked file is gone or whose link leads out, the experiment file of
     * the run's experiment name ({@link #byName} among {@code files}). Thrown, with a sentence that
     * says which, when none is there.
     */
    static Path experimentFile(Path runFolder, String runId, String experiment, Path experimentsFolder, Path projectFolder,
            Supplier<List<Path>> files) throws IOException {
        Optional<Path> link = linked(runFolder);
        Optional<Path> byLink = link.filter(l -> inside(l, experimentsFolder));
        if (byLink.isPresent() && Files.isRegularFile(byLink.get())) {
            return byLink.get();
        }
        Optional<Path> byName = byName(files.get(), experiment);
        if (byName.isPresent()) {
            return byName.get();
        }
        if (link.isPresent() && byLink.isEmpty()) {
            throw new IOException("Run " + runId + " links to an experiment file outside the project's experiments folder ("
                    + link.get() + "), which is not followed, and no experiment of the project is named " + experiment
                    + "; the run cannot be resumed.");
        }
        if (byLink.isPresent()) {
            Path gone = byLink.get();
            String shown = gone.startsWith(projectFolder) ? projectFolder.relativize(gone).toString().replace('\\', '/') : gone.toString();
            throw new IOException("The experiment file " + shown + " of run " + runId + " is gone (deleted, or renamed"
                    + " outside the workbench), and no experiment of the project is named " + experiment
                    + "; put the file back to resume the run.");
        }
        throw new IOException("No experiment of the project is named " + experiment + " (run " + runId
                + " names its experiment only, not its file); the run cannot be resumed.");
    }

    /**
     * Moves experiment {@code name}'s file and the link of each of its runs to the new file; refused
     * (nothing moved) while one of them is running. Returns how many runs follow; a run whose link
     * cannot be rewritten is said in the console.
     */
    static int move(Path from, Path to, String name, List<ExperimentService.RunInfo> runs, RunFile experimentFile, ConsoleLog console)
            throws IOException {
        List<Path> linked = new ArrayList<>();
        for (ExperimentService.RunInfo r : runs) {
            Path f;
            try {
                f = experimentFile.of(r.folder());
            } catch (IOException e) {
                continue;
            }
            if (Files.isSameFile(f, from)) {
                if ("ACTIVE".equals(r.state())) {
                    throw new IllegalArgumentException("A run of " + name + " is running (" + r.id() + "); rename it when the run ends.");
                }
                linked.add(r.folder());
            }
        }
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        for (Path run : linked) {
            try {
                relink(run, to);
            } catch (IOException | RuntimeException e) {
                console.warn("Run " + run.getFileName() + " still links to " + name + ".yaml: " + e.getMessage());
            }
        }
        return linked.size();
    }
}
