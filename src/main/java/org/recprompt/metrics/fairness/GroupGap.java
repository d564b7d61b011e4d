package org.recprompt.metrics.fairness;

import java.util.ArrayList;
import java.util.List;

import org.recprompt.metrics.ListMetric;
import org.recprompt.metrics.Mean;
import org.recprompt.metrics.UserRecs;

/**
 * Group accuracy gap (METRICS.md "Group gaps"; Li et al. 2021, User-oriented fairness in
 * recommendation): mean of a per-list metric (NDCG@K) over group A minus its mean over group B, each
 * mean as {@link Mean} takes it (all users, skipping only undefined values). NaN when a group has no
 * counted user. {@link #byActivity} gives the groups any dataset has: cold and heavy users split at
 * the median history length.
 */
public record GroupGap(ListMetric metric) {

    /** mean(metric over a) - mean(metric over b). */
    public double between(List<UserRecs> a, List<UserRecs> b) {
        return mean(a) - mean(b);
    }

    public double mean(List<UserRecs> users) {
        Mean.Acc acc = new Mean(metric).accumulator();
        users.forEach(acc::add);
        return acc.evaluate();
    }

    /** Two groups of users. */
    public record Groups(List<UserRecs> cold, List<UserRecs> heavy) {
    }

    /**
     * Cold users have a history no longer than the median history length (the mean of the two middle
     * lengths for an even number of users); heavy users have a longer one. With every length equal,
     * every user is cold.
     */
    public static Groups byActivity(List<UserRecs> users) {
        if (users.isEmpty()) {
            return new Groups(List.of(), List.of());
        }
        int[] lengths = users.stream().mapToInt(u -> u.history().length).sorted().toArray();
        int n = lengths.length;
        double median = n % 2 == 1 ? lengths[n / 2] : (lengths[n / 2 - 1] + lengths[n / 2]) / 2.0;
        List<UserRecs> cold = new ArrayList<>();
        List<UserRecs> heavy = new ArrayList<>();
        for (UserRecs u : users) {
            (u.history().length <= median ? cold : heavy).add(u);
        }
        return new Groups(List.copyOf(cold), List.copyOf(heavy));
    }
}
