package org.recprompt.metrics.breakdown;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.recprompt.metrics.ListMetric;
import org.recprompt.metrics.UserRecs;
import org.recprompt.metrics.popularity.LongTail;
import org.recprompt.metrics.stats.Summary;

/**
 * A per-list metric broken down by a user grouping: per user, by history-length bucket and by the
 * popularity of the held-out items. Each group's values are summarised with {@link Summary} (mean,
 * n and a seeded bootstrap interval); NaN values (metric undefined for that list) are left out.
 */
public final class Breakdown {

    /** Default history-length buckets, upper bounds inclusive: cold <= 5, 6-20, 21-100, > 100. */
    public static final int[] DEFAULT_BUCKETS = {5, 20, 100};

    private Breakdown() {
    }

    /** The metric's value for each user, by user index, in input order. */
    public static Map<Integer, Double> perUser(List<UserRecs> users, ListMetric metric) {
        Map<Integer, Double> out = new LinkedHashMap<>();
        for (UserRecs u : users) {
            out.put(u.user(), metric.evaluate(u));
        }
        return out;
    }

    /** Groups by a key of each user, in the order keys first appear. */
    public static Map<String, Summary> by(List<UserRecs> users, ListMetric metric, Function<UserRecs, String> key,
                                         long seed) {
        Map<String, List<Double>> values = new LinkedHashMap<>();
        for (UserRecs u : users) {
            double v = metric.evaluate(u);
            List<Double> list = values.computeIfAbsent(key.apply(u), k -> new ArrayList<>());
            if (!Double.isNaN(v)) {
                list.add(v);
            }
        }
        Map<String, Summary> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, Summary.of(v.stream().mapToDouble(Double::doubleValue).toArray(), seed)));
        return out;
    }

    /**
     * By a user attribute (ml-100k's gender, age, occupation; any dataset's attributes):
     * {@code attributeByUser[user]}, with users whose value is missing under "unknown".
     */
    public static Map<String, Summary> byAttribute(List<UserRecs> users, ListMetric metric, String[] attributeByUser,
                                                   long seed) {
        return by(users, metric, u -> u.user() < attributeByUser.length && attributeByUser[u.user()] != null
                ? attributeByUser[u.user()] : "unknown", seed);
    }

    /**
     * By the length of the training history: with bounds {5, 20, 100} the buckets are "<=5",
     * "6-20", "21-100" and ">100"; every bucket is present, in that order, empty ones with n = 0.
     */
    public static Map<String, Summary> byHistoryLength(List<UserRecs> users, ListMetric metric, int[] bounds, long seed) {
        Map<String, Summary> grouped = by(users, metric, u -> bucket(u.history().length, bounds), seed);
        Map<String, Summary> out = new LinkedHashMap<>();
        for (String label : labels(bounds)) {
            out.put(label, grouped.getOrDefault(label, new Summary(Double.NaN, 0, Double.NaN, Double.NaN)));
        }
        return out;
    }

    /**
     * By the popularity of the user's held-out items: "head" when all are head items, "tail" when all
     * are tail items, "mixed" otherwise, "none" when the user has no held-out item.
     */
    public static Map<String, Summary> byHeldOutPopularity(List<UserRecs> users, ListMetric metric, LongTail tail,
                                                           long seed) {
        return by(users, metric, u -> {
            int head = 0;
            for (int i : u.relevant()) {
                if (tail.isHead(i)) {
                    head++;
                }
            }
            int n = u.relevant().length;
            return n == 0 ? "none" : head == n ? "head" : head == 0 ? "tail" : "mixed";
        }, seed);
    }

    static String bucket(int length, int[] bounds) {
        int lower = 0;
        for (int k = 0; k < bounds.length; k++) {
            if (length <= bounds[k]) {
                return k == 0 ? "<=" + bounds[0] : (lower + 1) + "-" + bounds[k];
            }
            lower = bounds[k];
        }
        return ">" + bounds[bounds.length - 1];
    }

    static List<String> labels(int[] bounds) {
        List<String> out = new ArrayList<>();
        for (int k = 0; k < bounds.length; k++) {
            out.add(bucket(bounds[k], bounds));
        }
        out.add(">" + bounds[bounds.length - 1]);
        return out;
    }
}
