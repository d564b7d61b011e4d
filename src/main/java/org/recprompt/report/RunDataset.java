package org.recprompt.report;

import java.nio.file.Files;
import java.nio.file.Path;

import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.DuplicatePolicy;
import org.recprompt.dataset.io.ColumnMapping;
import org.recprompt.dataset.io.DatasetFormat;
import org.recprompt.dataset.io.DatasetLoader;

/**
 * The dataset a run names, loaded for figures that need more than the run recorded (history
 * lengths, genres): only when the file is still there, unchanged in size, and small enough to load
 * quickly; otherwise {@link #reason()} says why not. A run folder object loads it once (a new
 * {@link RunFolder#open} reads it again).
 */
public record RunDataset(Dataset dataset, String reason) {

    /** Datasets up to this many interactions are loaded (ml-1m has 1M). */
    static final long LOAD_LIMIT = 2_000_000;

    /** Loaded once per opened run folder (the figures, the history lengths, the sparsity study and the re-ranking all ask). */
    private static final java.util.Map<RunFolder, RunDataset> LOADED = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    static RunDataset of(RunFolder run) {
        RunDataset known = LOADED.get(run);
        if (known != null) {
            return known;
        }
        RunDataset loaded = load(run);
        LOADED.put(run, loaded);
        return loaded;
    }

    /** The duplicates policy the run recorded (summary.json dataset.duplicates.policy); keep-last for older runs. */
    static DuplicatePolicy duplicatesOf(RunFolder run) {
        if (run.dataset().get("duplicates.policy") instanceof String p) {
            try {
                return DuplicatePolicy.byId(p);
            } catch (IllegalArgumentException e) {
                return DuplicatePolicy.DEFAULT;
            }
        }
        return DuplicatePolicy.DEFAULT;
    }

    /**
     * The generic CSV columns and item file the run recorded (summary.json dataset.mapping, the
     * item file's absolute path); the usual column names for runs that name none.
     */
    static ColumnMapping mappingOf(RunFolder run) {
        // RunFolder flattens the summary's keys (mapping.items.file): nest them again.
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        run.dataset().forEach((key, value) -> {
            if (key.startsWith("mapping.") && value != null) {
                String[] parts = key.substring("mapping.".length()).split("\\.");
                java.util.Map<String, Object> at = m;
                for (int i = 0; i < parts.length - 1; i++) {
                    @SuppressWarnings("unchecked")
                    java.util.Map<String, Object> inner = (java.util.Map<String, Object>) at.computeIfAbsent(parts[i],
                            k -> new java.util.LinkedHashMap<String, Object>());
                    at = inner;
                }
                at.put(parts[parts.length - 1], value);
            }
        });
        if (m.isEmpty()) {
            return ColumnMapping.guess();
        }
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().convertValue(m, ColumnMapping.class);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the run's summary.json has an unreadable dataset.mapping: " + e.getMessage(), e);
        }
    }

    /**
     * The run's dataset read as the run read it (its generic CSV columns and item file too): its format, its duplicates policy, and the file's row
     * order when the run used {@code order: file} (whatever its size; not kept). Throws when it cannot be read.
     */
    public static Dataset loadAsRun(RunFolder run, String path) {
        Object format = run.dataset().get("format");
        DatasetFormat f = format instanceof String s ? DatasetFormat.byId(s) : null;
        Dataset d = DatasetLoader.load(Path.of(path), f, mappingOf(run), duplicatesOf(run));
        return run.fileOrder() ? d.inFileOrder() : d;
    }

    private static RunDataset load(RunFolder run) {
        Object path = run.dataset().get("path");
        Object interactions = run.dataset().get("interactions");
        if (!(path instanceof String p) || !Files.exists(Path.of(p))) {
            return new RunDataset(null, "its dataset is not at " + path);
        }
        if (!(interactions instanceof Number n) || n.longValue() > LOAD_LIMIT) {
            return new RunDataset(null, "its dataset is too large to load for it");
        }
        try {
            Dataset d = loadAsRun(run, p);
            if (d.interactions().size() != n.longValue()) {
                return new RunDataset(null, "its dataset at " + p + " has changed");
            }
            return new RunDataset(d, "from " + p);
        } catch (RuntimeException e) {
            return new RunDataset(null, "its dataset could not be read: " + e.getMessage());
        }
    }
}
