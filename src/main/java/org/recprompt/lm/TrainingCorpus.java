package org.recprompt.lm;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.recprompt.base.Hashes;
import org.recprompt.dataset.split.Split;

/**
 * What the model is trained on: each user's <em>training</em> interactions only
 * ({@link Split#history}, oldest first), phrased as one token sequence: {@code <bos>} then the
 * items (item tokens) or each title's words followed by {@code <sep>} (word tokens). Held-out
 * interactions never enter a sequence. Long sequences are cut into windows of at most
 * {@code window + 1} tokens (inputs and next-token targets), consecutive windows sharing one token.
 * The fingerprint (SHA-256 over the vocabulary and every sequence) says exactly what the model saw,
 * so a run can check that a saved model was trained on the split it is evaluated on.
 */
public final class TrainingCorpus {

    private final Vocabulary vocabulary;
    private final int[][] sequences;

    private TrainingCorpus(Vocabulary vocabulary, int[][] sequences) {
        this.vocabulary = vocabulary;
        this.sequences = sequences;
    }

    public static TrainingCorpus of(Split split, Vocabulary vocabulary) {
        int users = split.dataset().users().size();
        int[][] seqs = new int[users][];
        for (int u = 0; u < users; u++) {
            seqs[u] = sequence(vocabulary, split.history(u));
        }
        return new TrainingCorpus(vocabulary, seqs);
    }

    /** {@code <bos>} and the items' tokens (word tokens: each title followed by {@code <sep>}). */
    public static int[] sequence(Vocabulary v, int[] items) {
        List<Integer> out = new ArrayList<>();
        out.add(Vocabulary.BOS);
        for (int item : items) {
            int[] t = v.item(item);
            if (t.length == 0) {
                continue;
            }
            for (int x : t) {
                out.add(x);
            }
            if (v.tokenisation() == Tokenisation.WORD) {
                out.add(Vocabulary.SEP);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The user's training sequence. */
    public int[] sequence(int user) {
        return sequences[user].clone();
    }

    public int users() {
        return sequences.length;
    }

    /** Windows of at most {@code window + 1} tokens covering every sequence of at least 2 tokens, in user order. */
    public List<int[]> windows(int window) {
        List<int[]> out = new ArrayList<>();
        for (int[] s : sequences) {
            for (int start = 0; start + 1 < s.length; start += window) {
                int end = Math.min(s.length, start + window + 1);
                out.add(java.util.Arrays.copyOfRange(s, start, end));
            }
        }
        return out;
    }

    /** Target tokens per epoch (every token but each window's first). */
    public long targetTokens(int window) {
        return windows(window).stream().mapToLong(w -> w.length - 1).sum();
    }

    public String fingerprint() {
        var digest = Hashes.sha256();
        for (String t : vocabulary.tokens()) {
            digest.update((t + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        ByteBuffer b = ByteBuffer.allocate(4);
        for (int[] s : sequences) {
            digest.update(b.clear().putInt(-1).array());
            for (int x : s) {
                digest.update(b.clear().putInt(x).array());
            }
        }
        return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }
}
