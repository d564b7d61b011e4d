package org.recprompt.experiment;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.recprompt.dataset.split.CandidateSet;
import org.recprompt.metrics.accuracy.ChanceLevel;

/**
 * The chance levels of a run's candidate protocol, from the candidate sets the users were shown:
 * per user, a uniformly random ranking of the user's C_u candidates finds the held-out item with
 * {@link ChanceLevel}'s expectation when the set holds it, and never when it does not (retrieved
 * candidates may miss it). The run's chance level is the mean over the evaluated users, so with
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

    /** ndcg@k, hr@k and mrr@k for every cutoff: the mean over the users of a random ranking's expectation. */
    static Map<String, Double> levels(Collection<CandidateSet> sets, List<Integer> ks) {
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
                    ndcg += ChanceLevel.ndcg(k, c.size());
                    hr += ChanceLevel.hitRate(k, c.size());
                    mrr += ChanceLevel.mrr(k, c.size());
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
