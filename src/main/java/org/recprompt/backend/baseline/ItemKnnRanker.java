package org.recprompt.backend.baseline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.recprompt.dataset.split.Split;

/**
 * Item-based k-nearest neighbours (Sarwar et al. 2001, "Item-based collaborative filtering
 * recommendation algorithms"; Deshpande and Karypis 2004) on binary training interactions:
 * sim(i, j) = |U_i ∩ U_j| / sqrt(|U_i| |U_j|) (cosine), and score(u, j) = sum over the user's
 * history items i of sim(i, j), keeping for each history item only its {@code neighbours} most
 * similar items among those being scored (ties at the cut are kept). Items nobody interacted with
 * score 0.
 */
public final class ItemKnnRanker implements Ranker {

    private final int items;
    private final int[][] usersOf;
    private final int[][] itemsOf;
    private final int neighbours;

    public ItemKnnRanker(Split split, int neighbours) {
        if (neighbours < 1) {
            throw new IllegalArgumentException("item-knn needs at least 1 neighbour, not " + neighbours);
        }
        this.neighbours = neighbours;
        this.items = split.dataset().items().size();
        int users = split.dataset().users().size();
        List<List<Integer>> byItem = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            byItem.add(new ArrayList<>());
        }
        itemsOf = new int[users][];
        for (int u = 0; u < users; u++) {
            itemsOf[u] = Arrays.stream(split.history(u)).distinct().sorted().toArray();
            for (int i : itemsOf[u]) {
                byItem.get(i).add(u);
            }
        }
        usersOf = new int[items][];
        for (int i = 0; i < items; i++) {
            usersOf[i] = byItem.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
    }

    @Override
    public String name() {
        return "item-knn";
    }

    /** Cosine similarity of two items over their training users. */
    public double similarity(int i, int j) {
        int[] a = usersOf[i];
        int[] b = usersOf[j];
        if (a.length == 0 || b.length == 0) {
            return 0;
        }
        int common = 0;
        int x = 0;
        int y = 0;
        while (x < a.length && y < b.length) {
            if (a[x] == b[y]) {
                common++;
                x++;
                y++;
            } else if (a[x] < b[y]) {
                x++;
            } else {
                y++;
            }
        }
        return common / Math.sqrt((double) a.length * b.length);
    }

    @Override
    public double[] score(int user, int[] candidates) {
        return scoreFor(itemsOf[user], candidates);
    }

    /** The score for the profile {@code history} (each distinct item once), with the similarities of the training split. */
    @Override
    public double[] score(int user, int[] history, int[] candidates) {
        return scoreFor(Arrays.stream(history).distinct().sorted().toArray(), candidates);
    }

    private double[] scoreFor(int[] profile, int[] candidates) {
        double[] s = new double[candidates.length];
        for (int h : profile) {
            double[] sims = new double[candidates.length];
            for (int k = 0; k < candidates.length; k++) {
                sims[k] = candidates[k] == h ? 0 : similarity(h, candidates[k]);
            }
            double cut = kthLargest(sims, neighbours);
            for (int k = 0; k < candidates.length; k++) {
                if (sims[k] > 0 && sims[k] >= cut) {
                    s[k] += sims[k];
                }
            }
        }
        return s;
    }

    /** The k-th largest value (the neighbourhood threshold), or the smallest when fewer than k. */
    static double kthLargest(double[] values, int k) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length == 0 ? 0 : sorted[Math.max(0, sorted.length - k)];
    }

    @Override
    public int catalogSize() {
        return items;
    }
}
