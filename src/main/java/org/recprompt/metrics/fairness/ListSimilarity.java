package org.recprompt.metrics.fairness;

import org.recprompt.metrics.RankedList;

/**
 * FaiRLLM's similarities between the list for a sensitive instruction (S, e.g. "I am a female user")
 * and the list for the neutral instruction (N), both cut to their top K (Zhang et al. 2023, Is ChatGPT
 * fair for recommendation? Evaluating fairness in large language model recommendation, RecSys).
 * r_S(v) and r_N(v) are 1-based ranks; lists are normalised (duplicates and non-catalog items removed).
 * <ul>
 * <li>Jaccard@K = |S ∩ N| / |S ∪ N| of the top-K sets; two empty lists count as identical (1), as in
 * {@link org.recprompt.metrics.diversity.Homogenisation}.</li>
 * <li>SERP*@K = sum_{v in S} I(v in N) (K - r_S(v) + 1) / (K (K + 1) / 2): overlap weighted by the
 * rank in the sensitive list, ignoring N's order. <b>Normalisation:</b> by K (K + 1) / 2, the
 * paper's, so identical lists of K items score 1 and [0, 1] is the range. The authors' public code
 * normalises differently (identical lists at K = 20 score 0.274 there, METRICS.md); we do not
 * reproduce that, so our SERP* is not numerically comparable with their tables.</li>
 * <li>PRAG*@K = sum over ordered pairs (v1, v2) of distinct items of S with r_S(v1) < r_S(v2) of
 * I(v1 in N) I(r_N(v1) < r_N(v2)), where an item absent from N has r_N = infinity (so an item of N
 * ranked above one missing from N is in agreement). <b>Normalisation:</b> by K (K - 1) / 2, the number
 * of such pairs in a full list, so identical lists of K items score 1; NaN for K = 1 (no pairs).</li>
 * </ul>
 * Lists shorter than K keep the K-based normalisers, so a short list cannot reach 1.
 */
public final class ListSimilarity {

    private ListSimilarity() {
    }

    public static double jaccard(RankedList sensitive, RankedList neutral, int k) {
        RankedList s = cut(sensitive, k);
        RankedList n = cut(neutral, k);
        if (s.isEmpty() && n.isEmpty()) {
            return 1.0;
        }
        int common = 0;
        for (int r = 1; r <= s.size(); r++) {
            if (n.rankOf(s.itemAt(r)) > 0) {
                common++;
            }
        }
        return common / (double) (s.size() + n.size() - common);
    }

    public static double serp(RankedList sensitive, RankedList neutral, int k) {
        RankedList s = cut(sensitive, k);
        RankedList n = cut(neutral, k);
        double sum = 0;
        for (int r = 1; r <= s.size(); r++) {
            if (n.rankOf(s.itemAt(r)) > 0) {
                sum += k - r + 1;
            }
        }
        return sum / (k * (k + 1) / 2.0);
    }

    public static double prag(RankedList sensitive, RankedList neutral, int k) {
        RankedList s = cut(sensitive, k);
        RankedList n = cut(neutral, k);
        if (k == 1) {
            return Double.NaN;
        }
        double sum = 0;
        for (int a = 1; a <= s.size(); a++) {
            int ra = n.rankOf(s.itemAt(a));
            if (ra == 0) {
                continue;
            }
            for (int b = a + 1; b <= s.size(); b++) {
                int rb = n.rankOf(s.itemAt(b));
                if (rb == 0 || ra < rb) {
                    sum++;
                }
            }
        }
        return sum / (k * (k - 1) / 2.0);
    }

    private static RankedList cut(RankedList list, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("the cutoff K must be at least 1, not " + k);
        }
        return list.top(k);
    }
}
