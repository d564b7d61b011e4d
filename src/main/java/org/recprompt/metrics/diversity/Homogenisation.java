package org.recprompt.metrics.diversity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.recprompt.metrics.SystemMetric;
import org.recprompt.metrics.UserRecs;

/**
 * Homogenisation (Chaney, Stewart and Engelhardt 2018, How algorithmic confounding in recommendation
 * systems increases homogeneity and decreases utility): the mean Jaccard similarity |L_u ∩ L_v| /
 * |L_u ∪ L_v| over all unordered pairs of users. Two empty lists count as identical (1). NaN with
 * fewer than two users. Exact and quadratic in the number of users (about 1 s for 10,000 users with
 * top-10 lists); lists are taken as given (cut to K beforehand).
 */
public final class Homogenisation implements SystemMetric {

    @Override
    public Acc accumulator() {
        return new Acc();
    }

    /** The sorted lists seen so far. */
    public static final class Acc implements Accumulator {
        private final List<int[]> lists = new ArrayList<>();

        @Override
        public void add(UserRecs recs) {
            int[] items = recs.list().items();
            Arrays.sort(items);
            lists.add(items);
        }

        @Override
        public void combine(Accumulator other) {
            lists.addAll(((Acc) other).lists);
        }

        @Override
        public double evaluate() {
            int n = lists.size();
            if (n < 2) {
                return Double.NaN;
            }
            double sum = 0;
            for (int a = 0; a < n; a++) {
                for (int b = a + 1; b < n; b++) {
                    sum += jaccard(lists.get(a), lists.get(b));
                }
            }
            return sum / ((double) n * (n - 1) / 2);
        }

        static double jaccard(int[] x, int[] y) {
            return org.recprompt.metrics.SortedSets.jaccard(x, y);
        }
    }
}
