package org.recprompt.metrics.protocol.elliot;

import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Elliot 0.3.1's popularity-bias, coverage and diversity metrics, each as its own file computes it
 * (file and line in docs/protocols/elliot.md). They take every evaluated user (a list and a test
 * interaction), relevant or not, except PopREO (users with a relevant item). A value Elliot cannot
 * compute (a division by zero: an exception or numpy's nan) is NaN here, and the protocol leaves
 * it out.
 */
public final class ElliotBeyondAccuracy {

    private ElliotBeyondAccuracy() {
    }

    /** ACLT (aclt.py): the number of distinct long-tail items among the top entries. */
    public static double aclt(ElliotUser u, int cutoff, ElliotPopularity pop) {
        return distinctInTail(u, cutoff, pop);
    }

    /** APLT (aplt.py): distinct long-tail items among the top entries / the entries (repeats included); NaN for an empty list. */
    public static double aplt(ElliotUser u, int cutoff, ElliotPopularity pop) {
        int len = u.length(cutoff);
        return len == 0 ? Double.NaN : distinctInTail(u, cutoff, pop) / (double) len;
    }

    /** ARP (arp.py): the sum of pop(i) over the top entries (repeats included) / the entries; NaN for an empty list. */
    public static double arp(ElliotUser u, int cutoff, ElliotPopularity pop) {
        int len = u.length(cutoff);
        if (len == 0) {
            return Double.NaN;
        }
        long sum = 0;
        for (int r = 0; r < len; r++) {
            sum += pop.pop(u.list()[r]);
        }
        return sum / (double) len;
    }

    private static int distinctInTail(ElliotUser u, int cutoff, ElliotPopularity pop) {
        BitSet top = new BitSet();
        int n = 0;
        for (int r = 0; r < u.length(cutoff); r++) {
            int item = u.list()[r];
            if (!top.get(item)) {
                top.set(item);
                n += pop.inTail(item) ? 1 : 0;
            }
        }
        return n;
    }

    /**
     * PopREO (pop_reo.py), over the users with a relevant item: per group g (head, tail) P_g = the
     * sum over users of |distinct relevant top entries in g| / the sum of |relevant items in g not in
     * the user's training|; the result is std(P_head, P_tail) / mean(P_head, P_tail) with numpy's
     * population std. NaN when a denominator or the mean is 0.
     */
    public static double popReo(List<ElliotUser> users, int cutoff, ElliotPopularity pop) {
        long[] sums = new long[4];
        for (ElliotUser u : users) {
            BitSet rec = new BitSet();
            for (int r = 0; r < u.length(cutoff); r++) {
                if (u.isRelevant(u.list()[r])) {
                    rec.set(u.list()[r]);
                }
            }
            countGroups(rec, pop, sums, 0);
            for (int i : u.relevant()) {
                if (!u.train().get(i)) {
                    sums[2] += pop.inHead(i) ? 1 : 0;
                    sums[3] += pop.inTail(i) ? 1 : 0;
                }
            }
        }
        return stdOverMean(sums[0], sums[2], sums[1], sums[3]);
    }

    /**
     * PopRSP (pop_rsp.py), over every evaluated user: as PopREO with the numerators counting every
     * distinct top entry of the group and the denominators every group item not in the user's
     * training.
     */
    public static double popRsp(List<ElliotUser> users, int cutoff, ElliotPopularity pop) {
        long[] sums = new long[4];
        long[] inTrain = new long[2];
        for (ElliotUser u : users) {
            BitSet rec = new BitSet();
            for (int r = 0; r < u.length(cutoff); r++) {
                rec.set(u.list()[r]);
            }
            countGroups(rec, pop, sums, 0);
            inTrain[0] = 0;
            inTrain[1] = 0;
            countGroups(u.train(), pop, inTrain, 0);
            sums[2] += pop.headSize() - inTrain[0];
            sums[3] += pop.tailSize() - inTrain[1];
        }
        return stdOverMean(sums[0], sums[2], sums[1], sums[3]);
    }

    /** Adds the set's head items to counts[at] and its tail items to counts[at + 1]. */
    private static void countGroups(BitSet items, ElliotPopularity pop, long[] counts, int at) {
        for (int i = items.nextSetBit(0); i >= 0; i = items.nextSetBit(i + 1)) {
            counts[at] += pop.inHead(i) ? 1 : 0;
            counts[at + 1] += pop.inTail(i) ? 1 : 0;
        }
    }

    /** np.std([h, t]) / np.mean([h, t]) with h = numH / denH and t = numT / denT; NaN where numpy gives nan or inf. */
    static double stdOverMean(long numH, long denH, long numT, long denT) {
        if (denH == 0 || denT == 0) {
            return Double.NaN;
        }
        double h = numH / (double) denH;
        double t = numT / (double) denT;
        double mean = (h + t) / 2;
        if (mean == 0) {
            return Double.NaN;
        }
        double std = Math.sqrt(((h - mean) * (h - mean) + (t - mean) * (t - mean)) / 2);
        return std / mean;
    }

    /** ItemCoverage (item_coverage.py): the number of distinct items among every user's top entries (a count, not a share). */
    public static double itemCoverage(List<ElliotUser> users, int cutoff) {
        BitSet items = new BitSet();
        for (ElliotUser u : users) {
            for (int r = 0; r < u.length(cutoff); r++) {
                items.set(u.list()[r]);
            }
        }
        return items.cardinality();
    }

    /** UserCoverage (user_coverage.py): the number of users whose filtered list is not empty (a count; no cutoff). */
    public static double userCoverage(List<ElliotUser> users) {
        return users.stream().filter(u -> u.list().length > 0).count();
    }

    /**
     * Gini (gini_index.py): with c(i) the times item i is among the top entries, F = the sum of c, N =
     * the items known to training and the n recommended ones sorted by ascending c at positions
     * j = 0..n-1, G = sum_j (2 (j + N - n + 1) - N - 1) c_j / F / (N - 1); Elliot returns 1 - G.
     * With nothing recommended the sum is empty and Elliot returns 1; NaN when N &lt; 2 (Elliot divides by 0).
     */
    public static double gini(List<ElliotUser> users, int cutoff, int numItems) {
        Map<Integer, Integer> count = new LinkedHashMap<>();
        long freeNorm = 0;
        for (ElliotUser u : users) {
            freeNorm += u.length(cutoff);
            for (int r = 0; r < u.length(cutoff); r++) {
                count.merge(u.list()[r], 1, Integer::sum);
            }
        }
        if (numItems < 2) {
            return Double.NaN;
        }
        int[] sorted = count.values().stream().mapToInt(Integer::intValue).sorted().toArray();
        int n = sorted.length;
        double g = 0;
        for (int j = 0; j < n; j++) {
            g += (2L * (j + (numItems - n) + 1) - numItems - 1) * (sorted[j] / (double) freeNorm);
        }
        g /= (numItems - 1);
        return 1 - g;
    }

    /**
     * SEntropy (shannon_entropy.py): w(i) = the sum over users of 1 / |top entries| for each time i is
     * among them, c(i) the times, F the sum of c; the sum of w(i) * -log2(c(i) / F), divided by every
     * evaluated user (empty lists included). NaN when no user is evaluated.
     */
    public static double shannonEntropy(List<ElliotUser> users, int cutoff) {
        if (users.isEmpty()) {
            return Double.NaN;
        }
        Map<Integer, Integer> count = new LinkedHashMap<>();
        Map<Integer, Double> weight = new LinkedHashMap<>();
        long freeNorm = 0;
        for (ElliotUser u : users) {
            int norm = u.length(cutoff);
            freeNorm += norm;
            for (int r = 0; r < norm; r++) {
                int item = u.list()[r];
                count.merge(item, 1, Integer::sum);
                weight.put(item, weight.getOrDefault(item, 0.0) + (1.0 / norm));
            }
        }
        double sum = 0;
        for (var e : weight.entrySet()) {
            sum += e.getValue() * (-Math.log(count.get(e.getKey()) / (double) freeNorm) / Math.log(2));
        }
        return sum / users.size();
    }
}
