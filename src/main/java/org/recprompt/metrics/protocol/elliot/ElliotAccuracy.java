package org.recprompt.metrics.protocol.elliot;

import java.util.Arrays;

/**
 * Elliot 0.3.1's per-user accuracy and novelty metrics, each as its own file computes it (file and
 * line in docs/protocols/elliot.md). Every one takes the filtered list cut at the cutoff
 * (Python's {@code list[:cutoff]}) and is averaged over the users with a relevant test item.
 * A repeated relevant item is a hit each time it appears wherever Elliot sums get_rel over the
 * list (nDCG, nDCGRendle2020, precision, recall, F1, MAP, MAR, EFD, EPC), so those can pass 1.
 */
public final class ElliotAccuracy {

    private static final double LN2 = Math.log(2);

    private ElliotAccuracy() {
    }

    /** AbstractRelevanceSingleton.logarithmic_ranking_discount(k) = 1 / ln(k + 2) * ln 2, k from 0. */
    static double discount(int k) {
        return 1 / Math.log(k + 2) * LN2;
    }

    /**
     * nDCG (ndcg.py): DCG = sum over the top entries of gain(i) * discount(r); IDCG = the gains
     * sorted descending, the first min(|rel|, cutoff) discounted the same way; DCG / IDCG, or 0 when
     * DCG is 0.
     */
    public static double ndcg(ElliotUser u, int cutoff) {
        double[] gains = u.gains().clone();
        Arrays.sort(gains);
        int m = gains.length;
        int n = Math.min(m, cutoff);
        double idcg = 0;
        for (int r = 0; r < n; r++) {
            idcg += gains[m - r - 1] * discount(r);
        }
        double dcg = 0;
        for (int r = 0; r < u.length(cutoff); r++) {
            dcg += u.gain(u.list()[r]) * discount(r);
        }
        return dcg > 0 ? dcg / idcg : 0;
    }

    /**
     * nDCGRendle2020 (ndcg_rendle2020.py): binary gains; 1 / sum_{i < min(|rel|, cutoff)} 1 / log2(i + 2)
     * times the sum of 1 / log2(p + 2) over the top entries p that are relevant.
     */
    public static double ndcgRendle2020(ElliotUser u, int cutoff) {
        double ideal = 0;
        for (int i = 0; i < Math.min(u.relevant().length, cutoff); i++) {
            ideal += 1 / (Math.log(i + 2) / LN2);
        }
        double dcg = 0;
        for (int p = 0; p < u.length(cutoff); p++) {
            if (u.isRelevant(u.list()[p])) {
                dcg += 1 / (Math.log(p + 2) / LN2);
            }
        }
        return 1 / ideal * dcg;
    }

    /** Precision (precision.py): hits in the top entries / cutoff, even when the list is shorter. */
    public static double precision(ElliotUser u, int cutoff) {
        return u.hits(cutoff) / (double) cutoff;
    }

    /** Recall (recall.py): hits in the top entries / |relevant test items|. */
    public static double recall(ElliotUser u, int cutoff) {
        return u.hits(cutoff) / (double) u.relevant().length;
    }

    /** HR (hit_rate.py): 1 when a relevant item is among the top entries. */
    public static double hitRate(ElliotUser u, int cutoff) {
        return u.hits(cutoff) > 0 ? 1 : 0;
    }

    /** F1 (f1.py): 2 p r / (p + r) with p and r as above, 0 when p + r is 0. */
    public static double f1(ElliotUser u, int cutoff) {
        double p = u.hits(cutoff) / (double) cutoff;
        double r = u.hits(cutoff) / (double) u.relevant().length;
        double num = 2 * p * r;
        double den = p + r;
        return den != 0 ? num / den : 0;
    }

    /** MAP (map.py): the mean of P@n over n = 1..cutoff, P@n = hits in the top n / n (every n, not only hits). */
    public static double map(ElliotUser u, int cutoff) {
        double sum = 0;
        for (int n = 1; n <= cutoff; n++) {
            sum += u.hits(n) / (double) n;
        }
        return sum / cutoff;
    }

    /** MAR (mar.py): the mean of R@n over n = 1..cutoff, R@n = hits in the top n / |relevant|. */
    public static double mar(ElliotUser u, int cutoff) {
        double sum = 0;
        for (int n = 1; n <= cutoff; n++) {
            sum += u.hits(n) / (double) u.relevant().length;
        }
        return sum / cutoff;
    }

    /** MRR (mrr.py): 1 / the rank of the first relevant entry among the top entries, 0 without one. */
    public static double mrr(ElliotUser u, int cutoff) {
        for (int r = 0; r < u.length(cutoff); r++) {
            if (u.isRelevant(u.list()[r])) {
                return 1.0 / (r + 1);
            }
        }
        return 0;
    }

    /**
     * EFD (efd.py): sum over the top entries of rel(i) * discount(r) * (-log2(pop(i) / transactions)),
     * divided by the sum of discount(r) over the same entries (the list's own length, not the cutoff).
     */
    public static double efd(ElliotUser u, int cutoff, ElliotPopularity pop) {
        double nov = 0;
        double norm = 0;
        for (int r = 0; r < u.length(cutoff); r++) {
            int item = u.list()[r];
            nov += (u.isRelevant(item) ? 1 : 0) * discount(r) * pop.efdNovelty(item);
            norm += discount(r);
        }
        return norm > 0 ? nov / norm : nov;
    }

    /** EPC (epc.py): as EFD with the novelty 1 - pop(i) / |U_train|. */
    public static double epc(ElliotUser u, int cutoff, ElliotPopularity pop) {
        double nov = 0;
        double norm = 0;
        for (int r = 0; r < u.length(cutoff); r++) {
            int item = u.list()[r];
            nov += (u.isRelevant(item) ? 1 : 0) * discount(r) * pop.epcNovelty(item);
            norm += discount(r);
        }
        return norm > 0 ? nov / norm : nov;
    }
}
