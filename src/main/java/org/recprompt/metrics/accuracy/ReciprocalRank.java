package org.recprompt.metrics.accuracy;

import org.recprompt.metrics.ListMetric;
import org.recprompt.metrics.UserRecs;

/**
 * RR@K = 1 / rank of the first relevant item within the first K ranks, else 0; its mean over
 * users is MRR@K (METRICS.md; Voorhees 1999, TREC-8 QA track). Ranks are those of the normalised
 * list (an item after a dropped duplicate or hallucinated slot moves up; one after a gap keeps its
 * rank). A list shorter than K is
 * scored on what it has; an empty list scores 0.
 */
public record ReciprocalRank(int k) implements ListMetric {

    public ReciprocalRank {
        Cutoff.check(k);
    }

    @Override
    public double evaluate(UserRecs recs) {
        for (int n = 1; n <= recs.list().size() && recs.list().rankAt(n) <= k; n++) {
            if (recs.isRelevant(recs.list().itemAt(n))) {
                return 1.0 / recs.list().rankAt(n);
            }
        }
        return 0.0;
    }
}
