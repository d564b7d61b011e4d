package org.recprompt.dataset.split;

import java.util.Arrays;
import java.util.BitSet;

import org.recprompt.dataset.Dataset;

/**
 * A train/test split of a dataset's interactions, with the method and seed that made it. A user is
 * evaluable when it has at least one held-out and one training interaction.
 */
public final class Split {

    private final Dataset dataset;
    private final String method;
    private final BitSet test;
    /** A predefined split's validation rows (never test rows); empty for every other split. */
    private final BitSet validation;
    private volatile Dataset train;
    private volatile int[] trainCounts;

    Split(Dataset dataset, String method, BitSet test) {
        this(dataset, method, test, new BitSet());
    }

    Split(Dataset dataset, String method, BitSet test, BitSet validation) {
        this.dataset = dataset;
        this.method = method;
        this.test = test;
        this.validation = validation;
    }

    /**
     * Whether the row comes from a predefined split's validation file: part of the user's history
     * ({@link #history(int)}), but not training data for the evaluation conventions (their
     * popularity and Elliot's candidate filter count the training file only).
     */
    public boolean isValidation(int row) {
        return validation.get(row);
    }

    /** The user's validation items (a predefined split's validation file), oldest first; empty for other splits. */
    public int[] validationItems(int user) {
        int[] rows = dataset.rowsOf(user);
        int[] out = new int[rows.length];
        int n = 0;
        for (int row : rows) {
            if (validation.get(row)) {
                out[n++] = dataset.interactions().item(row);
            }
        }
        return Arrays.copyOf(out, n);
    }

    public Dataset dataset() {
        return dataset;
    }

    /** How it was made, for example "leave-last-out" or "random-holdout(0.2, seed 7)". */
    public String method() {
        return method;
    }

    public boolean isTest(int row) {
        return test.get(row);
    }

    public int testSize() {
        return test.cardinality();
    }

    /** The user's training items, oldest first (ties on time by item id). */
    public int[] history(int user) {
        return items(user, false);
    }

    /** The user's held-out items, oldest first. */
    public int[] heldOut(int user) {
        return items(user, true);
    }

    /**
     * The rating of each held-out interaction, aligned with {@link #heldOut(int)}; NaN where the
     * data has no rating (an implicit interaction).
     */
    public double[] heldOutRatings(int user) {
        int[] rows = dataset.rowsOf(user);
        double[] out = new double[rows.length];
        int n = 0;
        for (int row : rows) {
            if (test.get(row)) {
                out[n++] = decimal(dataset.interactions().rating(row));
            }
        }
        return Arrays.copyOf(out, n);
    }

    /**
     * A stored rating as the decimal it was read from: ratings are kept as floats, and widening 0.7f
     * gives 0.699999988..., which a threshold of 0.7 (a double) would not reach. The float's shortest
     * decimal is the number the file held.
     */
    static double decimal(float rating) {
        return Float.isNaN(rating) ? Double.NaN : Double.parseDouble(Float.toString(rating));
    }

    /** Every item the user interacted with, training or held out. */
    public int[] allItems(int user) {
        int[] rows = dataset.rowsOf(user);
        int[] out = new int[rows.length];
        for (int k = 0; k < rows.length; k++) {
            out[k] = dataset.interactions().item(rows[k]);
        }
        return out;
    }

    public boolean isEvaluable(int user) {
        int tests = 0;
        int[] rows = dataset.rowsOf(user);
        for (int row : rows) {
            if (test.get(row)) {
                tests++;
            }
        }
        return tests > 0 && tests < rows.length;
    }

    /** Evaluable users in index order. */
    public int[] evaluableUsers() {
        return java.util.stream.IntStream.range(0, dataset.users().size()).filter(this::isEvaluable).toArray();
    }

    /** The training interactions as a dataset (same users and catalog). */
    public Dataset train() {
        if (train == null) {
            BitSet keep = new BitSet(dataset.interactions().size());
            keep.set(0, dataset.interactions().size());
            keep.andNot(test);
            train = dataset.withRows(keep, dataset.name() + " (train)");
        }
        return train;
    }

    /** Interactions per item in the training data: the popularity every metric and sampler uses. */
    public int[] trainItemCounts() {
        if (trainCounts == null) {
            trainCounts = train().itemCounts();
        }
        return trainCounts.clone();
    }

    private int[] items(int user, boolean held) {
        int[] rows = dataset.rowsOf(user);
        int[] out = new int[rows.length];
        int n = 0;
        for (int row : rows) {
            if (test.get(row) == held) {
                out[n++] = dataset.interactions().item(row);
            }
        }
        return Arrays.copyOf(out, n);
    }
}
