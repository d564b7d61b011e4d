package org.recprompt.dataset.split;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Picks N evaluable users, seeded; optionally stratified by training-history length so that each
 * bucket keeps its share of the population (largest-remainder allocation). The result is in
 * user-index order and the same in every run.
 */
public final class UserSampler {

    /** Default history-length buckets: cold <= 5, 6-20, 21-100, > 100 (upper bounds, inclusive). */
    public static final int[] DEFAULT_BUCKETS = {5, 20, 100};

    private UserSampler() {
    }

    public static int[] sample(Split split, int n, long seed) {
        int[] users = split.evaluableUsers();
        if (n >= users.length) {
            return users;
        }
        int[] shuffled = users.clone();
        Seeds.shuffle(shuffled, new Random(seed));
        int[] out = Arrays.copyOf(shuffled, n);
        Arrays.sort(out);
        return out;
    }

    public static int[] stratified(Split split, int n, long seed, int[] bucketUpperBounds) {
        int[] users = split.evaluableUsers();
        if (n >= users.length) {
            return users;
        }
        List<List<Integer>> buckets = new ArrayList<>();
        for (int b = 0; b <= bucketUpperBounds.length; b++) {
            buckets.add(new ArrayList<>());
        }
        for (int u : users) {
            buckets.get(bucketOf(split.history(u).length, bucketUpperBounds)).add(u);
        }
        int[] quota = new int[buckets.size()];
        double[] remainder = new double[buckets.size()];
        int assigned = 0;
        for (int b = 0; b < buckets.size(); b++) {
            double exact = (double) n * buckets.get(b).size() / users.length;
            quota[b] = (int) Math.floor(exact);
            remainder[b] = exact - quota[b];
            assigned += quota[b];
        }
        while (assigned < n) {
            int best = 0;
            for (int b = 1; b < buckets.size(); b++) {
                if (remainder[b] > remainder[best]) {
                    best = b;
                }
            }
            quota[best]++;
            remainder[best] = -1;
            assigned++;
        }
        Random random = new Random(seed);
        int[] out = new int[n];
        int k = 0;
        for (int b = 0; b < buckets.size(); b++) {
            int[] members = buckets.get(b).stream().mapToInt(Integer::intValue).toArray();
            Seeds.shuffle(members, random);
            for (int j = 0; j < quota[b]; j++) {
                out[k++] = members[j];
            }
        }
        Arrays.sort(out);
        return out;
    }

    /** The bucket of a history length: the first upper bound it does not exceed, else the last. */
    public static int bucketOf(int length, int[] upperBounds) {
        for (int b = 0; b < upperBounds.length; b++) {
            if (length <= upperBounds[b]) {
                return b;
            }
        }
        return upperBounds.length;
    }
}
