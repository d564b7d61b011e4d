package org.recprompt.backend.baseline;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.recprompt.dataset.split.Split;

/**
 * EASE^R (Steck 2019, "Embarrassingly Shallow Autoencoders for Sparse Data"): with X the binary
 * user-item training matrix, G = X^T X + lambda I, P = G^-1, the item-item weights are
 * B = I - P diag(1 / diag(P)), so diag(B) = 0, and score(u, j) = sum_i X_ui B_ij. The closed form
 * needs an n x n inverse, so it is restricted to the {@code maxItems} most popular items with at
 * least {@code minUsers} training users; every other item scores 0 (and ranks after them).
 */
public final class EaseRanker implements Ranker {

    private final int catalogSize;
    private final int[] column;
    private final double[][] weights;
    private final int[][] history;

    public EaseRanker(Split split, double lambda, int minUsers, int maxItems) {
        if (lambda <= 0) {
            throw new IllegalArgumentException("EASE needs lambda > 0, not " + lambda);
        }
        int users = split.dataset().users().size();
        catalogSize = split.dataset().items().size();
        history = new int[users][];
        int[] popularity = new int[catalogSize];
        for (int u = 0; u < users; u++) {
            history[u] = Arrays.stream(split.history(u)).distinct().toArray();
            for (int i : history[u]) {
                popularity[i]++;
            }
        }
        int[] kept = IntStream.range(0, catalogSize).filter(i -> popularity[i] >= minUsers).boxed()
                .sorted(Comparator.comparingInt((Integer i) -> -popularity[i]).thenComparingInt(i -> i))
                .limit(maxItems).mapToInt(Integer::intValue).sorted().toArray();
        column = new int[catalogSize];
        Arrays.fill(column, -1);
        for (int k = 0; k < kept.length; k++) {
            column[kept[k]] = k;
        }
        int n = kept.length;
        double[][] gram = new double[n][n];
        for (int u = 0; u < users; u++) {
            int[] cols = Arrays.stream(history[u]).map(i -> column[i]).filter(c -> c >= 0).toArray();
            for (int a : cols) {
                for (int b : cols) {
                    gram[a][b] += 1;
                }
            }
        }
        for (int k = 0; k < n; k++) {
            gram[k][k] += lambda;
        }
        weights = new double[n][n];
        if (n > 0) {
            RealMatrix p = new LUDecomposition(new Array2DRowRealMatrix(gram, false)).getSolver().getInverse();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    weights[i][j] = i == j ? 0 : -p.getEntry(i, j) / p.getEntry(j, j);
                }
            }
        }
    }

    @Override
    public String name() {
        return "ease";
    }

    /** The learned weight from item a to item b (0 when either is outside the modelled items). */
    public double weight(int a, int b) {
        int i = column[a];
        int j = column[b];
        return i < 0 || j < 0 ? 0 : weights[i][j];
    }

    @Override
    public double[] score(int user, int[] items) {
        return scoreFor(history[user], items);
    }

    /** The score for the profile {@code profile} (each distinct item once), with the weights fitted on the training split. */
    @Override
    public double[] score(int user, int[] profile, int[] items) {
        return scoreFor(Arrays.stream(profile).distinct().toArray(), items);
    }

    private double[] scoreFor(int[] profile, int[] items) {
        double[] s = new double[items.length];
        for (int k = 0; k < items.length; k++) {
            int j = column[items[k]];
            if (j < 0) {
                s[k] = Double.NEGATIVE_INFINITY;
                continue;
            }
            for (int h : profile) {
                int i = column[h];
                if (i >= 0) {
                    s[k] += weights[i][j];
                }
            }
        }
        return s;
    }

    @Override
    public int catalogSize() {
        return catalogSize;
    }
}
