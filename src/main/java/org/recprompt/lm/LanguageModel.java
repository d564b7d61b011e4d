package org.recprompt.lm;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

/**
 * A trained (or untrained) model ready to answer: the next token's log-probabilities after a
 * context, and the log-probability of whole continuations (a candidate's tokens after a user's
 * history: M6-Rec/LMRecSys-style plausibility). Contexts longer than the window keep their last
 * tokens. Calls are serialised (one forward pass at a time, each in its own NDManager).
 */
public final class LanguageModel implements AutoCloseable {

    private boolean closed;

    private static final int SCORE_BATCH = 32;

    private final LmSettings settings;
    private final Vocabulary vocabulary;
    private final Model model;
    private final TinyGpt block;

    LanguageModel(LmSettings settings, Vocabulary vocabulary, Model model, TinyGpt block) {
        this.settings = settings;
        this.vocabulary = vocabulary;
        this.model = model;
        this.block = block;
    }

    /** A model with freshly initialised (seeded) parameters: what free sampling looks like before training. */
    public static LanguageModel untrained(LmSettings s, Vocabulary v) {
        Model model = LmTrainer.newModel(s, v);
        return new LanguageModel(s, v, model, (TinyGpt) model.getBlock());
    }

    /** Reads parameters written by {@link #saveParameters} into a model of the same settings and vocabulary. */
    public static LanguageModel load(LmSettings s, Vocabulary v, InputStream parameters) throws IOException {
        Model model = LmTrainer.newModel(s, v);
        try {
            model.getBlock().loadParameters(model.getNDManager(), new DataInputStream(parameters));
        } catch (MalformedModelException | RuntimeException e) {
            model.close();
            throw new IOException("the parameters do not fit this model (a model saved by an earlier version of the workbench,"
                    + " whose output layer was not tied to its embeddings, must be trained again): " + e.getMessage(), e);
        }
        return new LanguageModel(s, v, model, (TinyGpt) model.getBlock());
    }

    public void saveParameters(OutputStream out) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        block.saveParameters(d);
        d.flush();
    }

    public LmSettings settings() {
        return settings;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** Trainable parameters. */
    public long parameterCount() {
        return block.getParameters().values().stream().mapToLong(p -> p.getArray().size()).sum();
    }

    /** log P(next token | context) for every token of the vocabulary. */
    public synchronized float[] nextLogProbs(int[] context) {
        requireOpen();
        int[] ctx = tail(context, settings.window());
        try (NDManager m = model.getNDManager().newSubManager()) {
            NDArray ids = m.create(ctx, new Shape(1, ctx.length));
            NDArray logits = forward(m, ids);
            return logits.get(0, ctx.length - 1).logSoftmax(0).toFloatArray();
        }
    }

    /**
     * {@link #nextLogProbs} for many contexts in one forward pass (rows padded on the right, which
     * the causal mask keeps out of every real position).
     */
    public synchronized float[][] nextLogProbs(List<int[]> contexts) {
        requireOpen();
        float[][] out = new float[contexts.size()][];
        int v = vocabulary.size();
        for (int from = 0; from < contexts.size(); from += SCORE_BATCH) {
            List<int[]> batch = contexts.subList(from, Math.min(contexts.size(), from + SCORE_BATCH)).stream()
                    .map(c -> tail(c.length == 0 ? new int[] {Vocabulary.BOS} : c, settings.window())).toList();
            int len = batch.stream().mapToInt(c -> c.length).max().orElse(1);
            int[] ids = new int[batch.size() * len];
            long[] last = new long[batch.size()];
            for (int k = 0; k < batch.size(); k++) {
                System.arraycopy(batch.get(k), 0, ids, k * len, batch.get(k).length);
                last[k] = batch.get(k).length - 1;
            }
            try (NDManager m = model.getNDManager().newSubManager()) {
                NDArray logits = forward(m, m.create(ids, new Shape(batch.size(), len)));
                NDArray index = m.create(last, new Shape(batch.size(), 1, 1)).broadcast(batch.size(), 1, v);
                float[] lp = logits.gather(index, 1).reshape(batch.size(), v).logSoftmax(1).toFloatArray();
                for (int k = 0; k < batch.size(); k++) {
                    out[from + k] = Arrays.copyOfRange(lp, k * v, (k + 1) * v);
                }
            }
        }
        return out;
    }

    /**
     * The log-probability of each continuation after the context: the sum of log P(token) over the
     * continuation's tokens, divided by their number when {@code normalise} (so long titles are not
     * penalised for their length). The context is cut from the left to fit the window; a
     * continuation that does not fit at all, or is empty, scores negative infinity.
     */
    public synchronized double[] continuationLogProbs(int[] context, List<int[]> continuations, boolean normalise) {
        requireOpen();
        double[] out = new double[continuations.size()];
        for (int from = 0; from < out.length; from += SCORE_BATCH) {
            int to = Math.min(out.length, from + SCORE_BATCH);
            scoreBatch(context, continuations.subList(from, to), normalise, out, from);
        }
        return out;
    }

    private void scoreBatch(int[] context, List<int[]> conts, boolean normalise, double[] out, int offset) {
        int longest = conts.stream().mapToInt(c -> c.length).max().orElse(0);
        int window = settings.window();
        if (longest == 0 || longest >= window) {
            for (int k = 0; k < conts.size(); k++) {
                out[offset + k] = conts.get(k).length == 0 || conts.get(k).length >= window ? Double.NEGATIVE_INFINITY : 0;
            }
            if (longest == 0) {
                return;
            }
        }
        int[] ctx = tail(context.length == 0 ? new int[] {Vocabulary.BOS} : context, window - Math.min(longest, window - 1));
        int len = ctx.length + Math.min(longest, window - 1) - 1;
        int b = conts.size();
        int[] ids = new int[b * len];
        for (int k = 0; k < b; k++) {
            System.arraycopy(ctx, 0, ids, k * len, ctx.length);
            int[] c = conts.get(k);
            for (int j = 0; j + 1 < c.length && ctx.length + j < len; j++) {
                ids[k * len + ctx.length + j] = c[j];
            }
        }
        float[] lp;
        try (NDManager m = model.getNDManager().newSubManager()) {
            NDArray logits = forward(m, m.create(ids, new Shape(b, len)));
            lp = logits.logSoftmax(2).toFloatArray();
        }
        int v = vocabulary.size();
        for (int k = 0; k < b; k++) {
            int[] c = conts.get(k);
            if (c.length == 0 || c.length >= window) {
                out[offset + k] = Double.NEGATIVE_INFINITY;
                continue;
            }
            double sum = 0;
            for (int j = 0; j < c.length; j++) {
                int pos = ctx.length - 1 + j; // the position whose output predicts c[j]
                sum += lp[(k * len + pos) * v + c[j]];
            }
            out[offset + k] = normalise ? sum / c.length : sum;
        }
    }

    private NDArray forward(NDManager m, NDArray ids) {
        ParameterStore ps = new ParameterStore(m, false);
        NDList result = block.forward(ps, new NDList(ids.toType(DataType.INT32, false)), false);
        return result.head();
    }

    static int[] tail(int[] a, int max) {
        return a.length <= max ? a : Arrays.copyOfRange(a, a.length - max, a.length);
    }

    /** Releases the parameters' native memory; the model answers no call after this. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            model.close();
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the language model has been closed (its run ended); load it again");
        }
    }
}
