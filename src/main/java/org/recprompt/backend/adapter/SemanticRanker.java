package org.recprompt.backend.adapter;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

import org.recprompt.backend.baseline.Ranker;
import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.split.Split;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

/**
 * A semantic zero-shot ranker: it embeds texts in process with the quantized all-MiniLM-L6-v2
 * sentence model (384 dimensions, no network) and scores by cosine similarity.
 *
 * <p>{@link #scoreTexts} scores a scoring-pair template (M6-Rec style): the user side against each
 * item side. As a {@link Ranker} over a split, a user's score for an item is the cosine of the user
 * text (by default the titles of the user's most recent {@value #DEFAULT_HISTORY} training items)
 * with the item text (by default title and genres). Item embeddings are computed once per dataset
 * and cached in memory and, when a cache file is given, on disk; the file is reused only when its
 * header matches the catalog size, the model name and a hash of the item texts.
 */
public final class SemanticRanker implements Ranker {

    /** The model name written into cache files. */
    public static final String MODEL_NAME = "all-minilm-l6-v2-q";

    /** History items in the default user text. */
    public static final int DEFAULT_HISTORY = 20;

    private static final int MAGIC = 0x52505345; // "RPSE"
    private static final int FORMAT_VERSION = 1;
    private static final int BATCH = 256;

    /** Turns texts into embedding vectors; package-private so tests can count calls. */
    interface TextEmbedder {
        String modelName();

        float[][] embed(List<String> texts);
    }

    private final TextEmbedder embedder;
    private final Split split;
    private final Path cacheFile;
    private final IntFunction<String> itemText;
    private final IntFunction<String> userText;
    private final Map<Integer, float[]> userEmbeddings = new ConcurrentHashMap<>();
    private final Map<String, float[]> profileEmbeddings = new ConcurrentHashMap<>();
    private static final int PROFILES_KEPT = 20_000;
    private volatile float[][] itemEmbeddings;

    /** A ranker for texts only ({@link #scoreTexts}); the {@link Ranker} methods need a split. */
    public SemanticRanker() {
        this(MiniLm.INSTANCE, null, null, null, null);
    }

    /** A ranker over the split's catalog with the default item and user texts. */
    public SemanticRanker(Split split, Path cacheFile) {
        this(split, cacheFile, null, null);
    }

    /**
     * A ranker over the split's catalog; {@code itemText} and {@code userText} map an item or user
     * index to its text (null for the defaults). {@code cacheFile} may be null (memory only).
     */
    public SemanticRanker(Split split, Path cacheFile, IntFunction<String> itemText, IntFunction<String> userText) {
        this(MiniLm.INSTANCE, split, cacheFile, itemText, userText);
    }

    SemanticRanker(TextEmbedder embedder, Split split, Path cacheFile, IntFunction<String> itemText,
            IntFunction<String> userText) {
        this.embedder = embedder;
        this.split = split;
        this.cacheFile = cacheFile;
        this.itemText = itemText != null ? itemText : split == null ? null : i -> defaultItemText(split.dataset(), i);
        this.userText = userText != null ? userText
                : split == null ? null : u -> defaultUserText(split, u, DEFAULT_HISTORY);
    }

    /**
     * The in-process MiniLM model as a title embedder for grounding's semantic stage: unit-length
     * vectors, so a dot product is the cosine.
     */
    public static java.util.function.Function<List<String>, float[][]> titleEmbedder() {
        return titles -> {
            float[][] out = new float[titles.size()][];
            for (int from = 0; from < titles.size(); from += BATCH) {
                float[][] batch = MiniLm.INSTANCE.embed(titles.subList(from, Math.min(titles.size(), from + BATCH)));
                for (int k = 0; k < batch.length; k++) {
                    double norm = 0;
                    for (float v : batch[k]) {
                        norm += v * v;
                    }
                    float scale = norm == 0 ? 0 : (float) (1 / Math.sqrt(norm));
                    for (int j = 0; j < batch[k].length; j++) {
                        batch[k][j] *= scale;
                    }
                    out[from + k] = batch[k];
                }
            }
            return out;
        };
    }

    /** The default item text: "Heat (1995). Genres: Action, Crime, Thriller" (title only without genres). */
    public static String defaultItemText(Dataset dataset, int item) {
        String title = dataset.items().title(item);
        List<String> genres = dataset.items().genreNamesOf(item).stream()
                .filter(g -> g != null && !g.isBlank() && !g.equalsIgnoreCase("(no genres listed)")).toList();
        String base = title == null || title.isBlank() ? "Item " + dataset.items().id(item) : title.strip();
        return genres.isEmpty() ? base : base + ". Genres: " + String.join(", ", genres);
    }

    /** The default user text: the titles of the user's most recent {@code n} training items, joined. */
    public static String defaultUserText(Split split, int user, int n) {
        return historyText(split.dataset(), split.history(user), n);
    }

    /** The titles of the {@code n} most recent items of a history (oldest first), joined. */
    public static String historyText(Dataset dataset, int[] history, int n) {
        int from = Math.max(0, history.length - n);
        List<String> titles = new ArrayList<>();
        for (int k = from; k < history.length; k++) {
            String t = dataset.items().title(history[k]);
            if (t != null && !t.isBlank()) {
                titles.add(t.strip());
            }
        }
        return String.join(", ", titles);
    }

    @Override
    public String name() {
        return "semantic";
    }

    /** The cosine of the user-side embedding with each item-side embedding (a scoring-pair template). */
    public double[] scoreTexts(String userSide, List<String> itemSides) {
        if (itemSides.isEmpty()) {
            return new double[0];
        }
        List<String> texts = new ArrayList<>(itemSides.size() + 1);
        texts.add(userSide);
        texts.addAll(itemSides);
        float[][] v = embedNormalized(texts);
        double[] out = new double[itemSides.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = dot(v[0], v[k + 1]);
        }
        return out;
    }

    @Override
    public double[] score(int user, int[] items) {
        float[][] itemVectors = itemEmbeddings();
        float[] u = userEmbedding(user);
        double[] out = new double[items.length];
        if (u == null) {
            return out;
        }
        for (int k = 0; k < items.length; k++) {
            out[k] = dot(u, itemVectors[items[k]]);
        }
        return out;
    }

    /**
     * The score for the profile {@code history}: the cosine of the default user text built from that
     * history (its most recent {@value #DEFAULT_HISTORY} titles) with each item; all 0 for an empty history.
     */
    @Override
    public double[] score(int user, int[] history, int[] items) {
        requireSplit();
        float[][] itemVectors = itemEmbeddings();
        String text = historyText(split.dataset(), history, DEFAULT_HISTORY);
        double[] out = new double[items.length];
        if (text.isBlank()) {
            return out;
        }
        float[] u = profileEmbeddings.get(text);
        if (u == null) {
            u = embedNormalized(List.of(text))[0];
            if (profileEmbeddings.size() > PROFILES_KEPT) {
                profileEmbeddings.clear();
            }
            profileEmbeddings.put(text, u);
        }
        for (int k = 0; k < items.length; k++) {
            out[k] = dot(u, itemVectors[items[k]]);
        }
        return out;
    }

    @Override
    public int catalogSize() {
        requireSplit();
        return split.dataset().items().size();
    }

    /** The normalized item embeddings, computed or loaded on first use. */
    float[][] itemEmbeddings() {
        return itemEmbeddings(done -> { });
    }

    /** Whether ranking still has to embed (or load) the catalog first: {@link #prepare} does it with progress. */
    public boolean needsPreparation() {
        return split != null && itemEmbeddings == null;
    }

    /**
     * Embeds the catalog now (or loads it from the cache file), telling {@code itemsDone} how many of
     * the {@link #catalogSize()} items are embedded after each batch, so that a run can show this step
     * apart from its calls (it can take most of a minute on a large catalog).
     */
    public void prepare(java.util.function.IntConsumer itemsDone) {
        itemEmbeddings(itemsDone);
    }

    private float[][] itemEmbeddings(java.util.function.IntConsumer itemsDone) {
        float[][] e = itemEmbeddings;
        if (e == null) {
            synchronized (this) {
                e = itemEmbeddings;
                if (e == null) {
                    e = loadOrCompute(itemsDone);
                    itemEmbeddings = e;
                }
            }
        }
        return e;
    }

    private float[] userEmbedding(int user) {
        requireSplit();
        float[] cached = userEmbeddings.get(user);
        if (cached != null) {
            return cached.length == 0 ? null : cached;
        }
        String text = userText.apply(user);
        float[] v = text == null || text.isBlank() ? new float[0] : embedNormalized(List.of(text))[0];
        userEmbeddings.put(user, v);
        return v.length == 0 ? null : v;
    }

    private float[][] loadOrCompute(java.util.function.IntConsumer itemsDone) {
        requireSplit();
        int n = split.dataset().items().size();
        List<String> texts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String t = itemText.apply(i);
            texts.add(t == null || t.isBlank() ? "Item " + split.dataset().items().id(i) : t);
        }
        String hash = hash(texts);
        if (cacheFile != null && Files.isRegularFile(cacheFile)) {
            float[][] loaded = read(cacheFile, n, embedder.modelName(), hash);
            if (loaded != null) {
                itemsDone.accept(n);
                return loaded;
            }
        }
        float[][] computed = embedNormalized(texts, itemsDone);
        if (cacheFile != null) {
            write(cacheFile, embedder.modelName(), hash, computed);
        }
        return computed;
    }

    /** Embeds in batches and scales each vector to unit length, so a dot product is the cosine. */
    private float[][] embedNormalized(List<String> texts) {
        return embedNormalized(texts, done -> { });
    }

    private float[][] embedNormalized(List<String> texts, java.util.function.IntConsumer done) {
        float[][] out = new float[texts.size()][];
        for (int from = 0; from < texts.size(); from += BATCH) {
            List<String> batch = new ArrayList<>(texts.subList(from, Math.min(texts.size(), from + BATCH)));
            for (int k = 0; k < batch.size(); k++) {
                String t = batch.get(k);
                batch.set(k, t == null || t.isBlank() ? "-" : t); // the model rejects blank text
            }
            float[][] v = embedder.embed(batch);
            for (int k = 0; k < v.length; k++) {
                out[from + k] = normalize(v[k]);
            }
            done.accept(from + batch.size());
        }
        return out;
    }

    private static float[] normalize(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += x * x;
        }
        float[] out = v.clone();
        if (sum > 0) {
            float inv = (float) (1.0 / Math.sqrt(sum));
            for (int k = 0; k < out.length; k++) {
                out[k] *= inv;
            }
        }
        return out;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += a[k] * b[k];
        }
        return s;
    }

    static String hash(List<String> texts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String t : texts) {
                byte[] b = t.getBytes(StandardCharsets.UTF_8);
                md.update(new byte[] {(byte) (b.length >>> 24), (byte) (b.length >>> 16), (byte) (b.length >>> 8),
                        (byte) b.length});
                md.update(b);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The cached vectors, or null when the file is unreadable or its header does not match. */
    static float[][] read(Path file, int catalogSize, String modelName, String textHash) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != MAGIC || in.readInt() != FORMAT_VERSION) {
                return null;
            }
            int n = in.readInt();
            String model = in.readUTF();
            String hash = in.readUTF();
            int dim = in.readInt();
            if (n != catalogSize || !model.equals(modelName) || !hash.equals(textHash) || dim <= 0) {
                return null;
            }
            float[][] out = new float[n][dim];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < dim; k++) {
                    out[i][k] = in.readFloat();
                }
            }
            return out;
        } catch (IOException e) {
            return null; // truncated or unreadable: recompute
        }
    }

    /** Writes the vectors to a temporary file next to {@code file}, then moves it into place atomically. */
    static void write(Path file, String modelName, String textHash, float[][] vectors) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try {
                try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
                    out.writeInt(MAGIC);
                    out.writeInt(FORMAT_VERSION);
                    out.writeInt(vectors.length);
                    out.writeUTF(modelName);
                    out.writeUTF(textHash);
                    int dim = vectors.length == 0 ? 1 : vectors[0].length;
                    out.writeInt(dim);
                    for (float[] v : vectors) {
                        for (float x : v) {
                            out.writeFloat(x);
                        }
                    }
                }
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the embedding cache " + file, e);
        }
    }

    private void requireSplit() {
        if (split == null) {
            throw new IllegalStateException("this semantic ranker has no dataset; use scoreTexts");
        }
    }

    /** The in-process model, loaded once (about half a second) on first use. */
    static final class MiniLm implements TextEmbedder {
        static final MiniLm INSTANCE = new MiniLm();

        private volatile AllMiniLmL6V2QuantizedEmbeddingModel model;

        private AllMiniLmL6V2QuantizedEmbeddingModel model() {
            AllMiniLmL6V2QuantizedEmbeddingModel m = model;
            if (m == null) {
                synchronized (this) {
                    m = model;
                    if (m == null) {
                        m = new AllMiniLmL6V2QuantizedEmbeddingModel();
                        model = m;
                    }
                }
            }
            return m;
        }

        @Override
        public String modelName() {
            return MODEL_NAME;
        }

        @Override
        public float[][] embed(List<String> texts) {
            List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
            List<Embedding> embeddings = model().embedAll(segments).content();
            float[][] out = new float[embeddings.size()][];
            for (int k = 0; k < out.length; k++) {
                out[k] = embeddings.get(k).vector();
            }
            return out;
        }
    }

    @Override
    public String toString() {
        return "SemanticRanker[" + MODEL_NAME + (split == null ? "" : ", " + split.dataset().name()) + "]";
    }
}
