package org.recprompt.lm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.recprompt.base.FileTrees;
import org.recprompt.dataset.Items;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Saved models: one folder per model ({@code projects/<project>/models/<name>/}) holding
 * {@code model.json} (settings, dataset, split, training-data fingerprint, steps, tokens, time,
 * why it stopped), {@code vocabulary.txt} (one token per line), {@code parameters.bin} (DJL's
 * parameter format), {@code loss.csv} (the training curve) and {@code metrics.json} (the
 * evaluation against most-popular). The folder is written in a staging folder beside it and moved
 * into place, so a model folder is whole or absent.
 */
public final class ModelStore {

    public static final String MANIFEST = "model.json";
    public static final String VOCABULARY = "vocabulary.txt";
    public static final String PARAMETERS = "parameters.bin";
    public static final String LOSS = "loss.csv";
    public static final String METRICS = "metrics.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What model.json holds. */
    public record Manifest(String name, LmSettings settings, String dataset, String datasetPath, String split,
            String fingerprint, int vocabularySize, long parameters, long steps, long targetTokens, double seconds,
            String stop, String created) {
    }

    private ModelStore() {
    }

    /** Whether a name can name a model folder. */
    public static boolean validName(String name) {
        return name != null && name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,79}");
    }

    public static void save(Path dir, Manifest manifest, LanguageModel model, List<LmTrainer.LossPoint> curve,
            Map<String, Object> metrics) throws IOException {
        Path parent = dir.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path staging = Files.createTempDirectory(parent, "." + dir.getFileName() + ".");
        try {
            Files.write(staging.resolve(MANIFEST), JSON.writeValueAsBytes(manifest));
            Files.writeString(staging.resolve(VOCABULARY), String.join("\n", model.vocabulary().tokens()) + "\n",
                    StandardCharsets.UTF_8);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            model.saveParameters(bytes);
            Files.write(staging.resolve(PARAMETERS), bytes.toByteArray());
            StringBuilder csv = new StringBuilder("step,epoch,seconds,loss\n");
            for (LmTrainer.LossPoint p : curve) {
                csv.append(String.format(Locale.ROOT, "%d,%.4f,%.3f,%.6f%n", p.step(), p.epoch(), p.seconds(), p.loss()));
            }
            Files.writeString(staging.resolve(LOSS), csv, StandardCharsets.UTF_8);
            Files.write(staging.resolve(METRICS), JSON.writeValueAsBytes(metrics == null ? Map.of() : metrics));
            if (Files.exists(dir)) {
                FileTrees.delete(dir);
            }
            try {
                Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(staging, dir);
            }
        } finally {
            if (Files.exists(staging)) {
                FileTrees.delete(staging);
            }
        }
    }

    /** Rewrites metrics.json of a saved model (atomically). */
    public static void saveMetrics(Path dir, Map<String, Object> metrics) throws IOException {
        FileTrees.writeAtomically(dir.resolve(METRICS), JSON.writeValueAsBytes(metrics));
    }

    public static Manifest manifest(Path dir) throws IOException {
        Path f = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(f)) {
            throw new IOException("no saved model in " + dir + " (" + MANIFEST + " is missing)");
        }
        try {
            return JSON.readValue(f.toFile(), Manifest.class);
        } catch (IOException e) {
            throw new IOException(f + ": not a model manifest: " + e.getMessage(), e);
        }
    }

    public static Map<String, Object> metrics(Path dir) throws IOException {
        Path f = dir.resolve(METRICS);
        return Files.isRegularFile(f) ? JSON.readValue(f.toFile(), new TypeReference<LinkedHashMap<String, Object>>() { })
                : Map.of();
    }

    public static List<LmTrainer.LossPoint> curve(Path dir) throws IOException {
        List<LmTrainer.LossPoint> out = new ArrayList<>();
        Path f = dir.resolve(LOSS);
        if (!Files.isRegularFile(f)) {
            return out;
        }
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        for (int n = 1; n < lines.size(); n++) {
            String[] c = lines.get(n).split(",");
            if (c.length < 4) {
                continue;
            }
            try {
                out.add(new LmTrainer.LossPoint(Integer.parseInt(c[0]), Double.parseDouble(c[1]), Double.parseDouble(c[2]),
                        Double.parseDouble(c[3])));
            } catch (NumberFormatException e) {
                throw new IOException(f + ", line " + (n + 1) + ": not step,epoch,seconds,loss: " + lines.get(n));
            }
        }
        return out;
    }

    /** The model over the catalog (its vocabulary restored against the catalog's items). */
    public static LanguageModel load(Path dir, Items items) throws IOException {
        Manifest m = manifest(dir);
        List<String> tokens = Files.readAllLines(dir.resolve(VOCABULARY), StandardCharsets.UTF_8);
        while (!tokens.isEmpty() && tokens.get(tokens.size() - 1).isEmpty()) {
            tokens.remove(tokens.size() - 1);
        }
        if (tokens.size() != m.vocabularySize()) {
            throw new IOException(dir.resolve(VOCABULARY) + ": " + tokens.size() + " tokens, but " + MANIFEST + " says "
                    + m.vocabularySize());
        }
        Vocabulary v = Vocabulary.restore(items, m.settings().tokenisation(), tokens);
        try (InputStream in = Files.newInputStream(dir.resolve(PARAMETERS))) {
            return LanguageModel.load(m.settings(), v, in);
        }
    }

    /**
     * The backend lines that put a saved p5 model into an experiment: an item-token model ranks;
     * a word-token model generates titles freely and constrained to the catalog (so the effect of
     * constraining on hallucination is measured) and scores the candidates' titles.
     */
    public static List<String> experimentLines(String model, Tokenisation tokens) {
        String id = model.replaceAll("[^A-Za-z0-9_.-]", "-");
        String m = "model: \"" + model.replace("\"", "\\\"") + "\"";
        return tokens == Tokenisation.ITEM
                ? List.of("{ id: " + id + ", type: p5, " + m + " }")
                : List.of("{ id: " + id + "-free, type: p5, " + m + ", decoding: free }",
                        "{ id: " + id + "-constrained, type: p5, " + m + ", decoding: constrained }",
                        "{ id: " + id + "-score, type: p5, " + m + ", lengthNormalise: true }");
    }

    /** The saved models in a folder, by name. */
    public static List<String> list(Path modelsDir) {
        if (!Files.isDirectory(modelsDir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(modelsDir)) {
            return s.filter(p -> Files.isRegularFile(p.resolve(MANIFEST)))
                    .map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
