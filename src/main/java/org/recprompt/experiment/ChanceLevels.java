package org.recprompt.experiment;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;

import org.recprompt.dataset.split.CandidateSet;
import org.recprompt.metrics.accuracy.ChanceLevel;

/**
 * The chance levels of a run's candidate protocol, from the candidate sets the users were shown:
 * per user, a uniformly random ranking of the user's C_u candidates, r_u of them relevant, scores
 * {@link ChanceLevel}'s expectation for (C_u, r_u) when the set holds a held-out item, and never
 * hits when it does not (retrieved candidates may miss it). The run's chance level is the mean over the evaluated users, so with
 * retrieval it is the retrieval recall times the level of a set that holds the item.
 */
final class ChanceLevels {

    private ChanceLevels() {
    }

    /** The users whose candidate set holds a held-out item. */
    static int retrieved(Collection<CandidateSet> sets) {
        return (int) sets.stream().filter(ChanceLevels::holdsHeldOut).count();
    }

    /** The share of users whose candidate set holds a held-out item; NaN without users. */
    static double recall(Collection<CandidateSet> sets) {
        return sets.isEmpty() ? Double.NaN : retrieved(sets) / (double) sets.size();
    }

    /** {@link #levels(Collection, List, IntUnaryOperator)} for users whose relevant items are all among their candidates. */
    static Map<String, Double> levels(Collection<CandidateSet> sets, List<Integer> ks) {
        return levels(sets, ks, null);
    }

    /**
     * ndcg@k, hr@k and mrr@k for every cutoff: the mean over the users of a random ranking's
     * expectation with the user's own count r of relevant items among the C_u candidates (more than
     * one under leave-last-n or a random holdout). {@code relevantTotal} gives a user's number of
     * relevant items in all (NDCG's ideal list counts them; null: r), which is more than r when a
     * retriever missed some.
     */
    static Map<String, Double> levels(Collection<CandidateSet> sets, List<Integer> ks, IntUnaryOperator relevantTotal) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (sets.isEmpty()) {
            return out;
        }
        for (int k : ks) {
            double ndcg = 0;
            double hr = 0;
            double mrr = 0;
            for (CandidateSet c : sets) {
                if (holdsHeldOut(c)) {
                    int r = c.relevant().length;
                    int total = relevantTotal == null ? r : Math.max(r, relevantTotal.applyAsInt(c.user()));
                    ndcg += ChanceLevel.ndcg(k, c.size(), r, total);
                    hr += ChanceLevel.hitRate(k, c.size(), r);
                    mrr += ChanceLevel.mrr(k, c.size(), r);
                }
            }
            out.put("ndcg@" + k, ndcg / sets.size());
            out.put("hr@" + k, hr / sets.size());
            out.put("mrr@" + k, mrr / sets.size());
        }
        return out;
    }

    private static boolean holdsHeldOut(CandidateSet c) {
        return c.size() > 0 && c.relevant().length > 0;
    }
}
