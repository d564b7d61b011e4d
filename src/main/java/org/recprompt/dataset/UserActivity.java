package org.recprompt.dataset;

import java.util.List;

/**
 * The one definition of a user's activity that every screen and report uses: a user is
 * <b>cold</b> with at most {@value #COLD_MAX} interactions the recommender knows (in a dataset's
 * statistics all of the user's interactions; in a run the training history, the held-out items
 * excluded), and the activity buckets (accuracy by user activity in the run tab's Sparsity section
 * and every report) have fixed edges, the first being the cold users: 0-5, 6-20, 21-50, 51-200 and
 * 201+. Fixed edges rather than quantiles, so that two runs, two samples or two datasets put a user
 * with 30 interactions in the same bucket and their bars can be compared; the edges follow the usual
 * cold, sparse, moderate, active and heavy users of MovieLens-sized data.
 */
public final class UserActivity {

    /** At most this many interactions: a cold user. */
    public static final int COLD_MAX = 5;

    /** A bucket of history lengths [low, high], inclusive (high = Integer.MAX_VALUE: open). */
    public record Bucket(int low, int high) {

        /** "cold: 0-5" for the cold users, else "6-20", ..., "201+". */
        public String label() {
            String range = high == Integer.MAX_VALUE ? low + "+" : low == high ? String.valueOf(low) : low + "-" + high;
            return isColdBucket() ? "cold: " + range : range;
        }

        public boolean contains(int x) {
            return x >= low && x <= high;
        }

        /** Whether this is the bucket of the cold users. */
        public boolean isColdBucket() {
            return low == 0 && high == COLD_MAX;
        }
    }

    /** The activity buckets, in order, the first the cold users. */
    public static final List<Bucket> BUCKETS = List.of(new Bucket(0, COLD_MAX), new Bucket(COLD_MAX + 1, 20), new Bucket(21, 50),
            new Bucket(51, 200), new Bucket(201, Integer.MAX_VALUE));

    private UserActivity() {
    }

    /** Whether a user with this many interactions is cold. */
    public static boolean isCold(int interactions) {
        return interactions <= COLD_MAX;
    }

    /** The bucket of a history length (negative lengths count as 0). */
    public static Bucket bucketOf(int length) {
        int x = Math.max(0, length);
        return BUCKETS.stream().filter(b -> b.contains(x)).findFirst().orElseThrow();
    }

    /** "cold users (≤ 5 interactions)": the name with its threshold, as every screen shows it. */
    public static String coldUsers(String counted) {
        return "cold users (\u2264 " + COLD_MAX + " " + counted + ")";
    }
}
