package org.recprompt.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

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
}
