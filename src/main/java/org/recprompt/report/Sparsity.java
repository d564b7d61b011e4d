package org.recprompt.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.UserActivity;
import org.recprompt.dataset.split.Splits;
import org.recprompt.metrics.SplitAdapter;
import org.recprompt.metrics.popularity.LongTail;
import org.recprompt.metrics.popularity.Popularity;
import org.recprompt.metrics.stats.Summary;

/**
 * The sparsity study: a per-user metric of every variant grouped two ways, side by side.
 *
 * <p>By user activity: the user's training history length in the fixed buckets of
 * {@link UserActivity} (cold: 0-5, 6-20, 21-50, 51-200 and 201+ items; cold is the dataset
 * statistics' cold users, the same threshold). Buckets nobody falls in are left out.
 *
 * <p>By the held-out item's popularity: head, mid or tail by its share of training interactions
 * (Abdollahpouri et al. 2019, The unfairness of popularity bias in recommendation: head = the most
 * popular items that together hold 20% of the training interactions, tail = the least popular items
 * that together hold the last 20%, items never interacted with included; mid = the rest), defined
 * through {@link LongTail} (head = its 20% prefix, tail = outside its 80% prefix). A user with several
 * held-out items is counted under the first one the run recorded.
 *
 * <p>Each bucket shows, per variant, the mean of the users in it with a seeded percentile bootstrap
 * 95% interval (1,000 resamples) over those users. History lengths come from {@link HistoryLengths};
 * training popularity needs the run's dataset and a leave-last-out split, or the popularity half is
 * left out with its reason.
 */
public record Sparsity(String metric, List<Group> activity, String activityReason, List<Group> popularity, String popularityReason) {

    static final int RESAMPLES = 1000;
    static final long SEED = 7;
    static final double HEAD_SHARE = 0.2;
    static final double TAIL_SHARE = 0.2;

    /** The activity buckets, inclusive, the last open: {@link UserActivity#BUCKETS}. */
    static final List<UserActivity.Bucket> ACTIVITY = UserActivity.BUCKETS;
    static final List<String> POPULARITY = List.of("head", "mid", "tail");

    /** One bucket: its label, how many users fall in it (the most over variants), each variant's estimate. */
    public record Group(String bucket, int users, Map<String, RunFolder.Estimate> byVariant) {
    }

    /** A table line: which grouping ("user activity" or "item popularity"), and the group. */
    public record Line(String dimension, Group group) {
    }

    /** Both halves as table lines, activity first. */
    public List<Line> lines() {
        List<Line> out = new ArrayList<>();
        activity.forEach(g -> out.add(new Line("user activity", g)));
        popularity.forEach(g -> out.add(new Line("item popularity", g)));
        return out;
    }

    /** What the study shows and what is missing, one sentence for the reports. */
    public String description() {
        StringBuilder b = new StringBuilder("Mean ").append(metric == null ? "accuracy" : MetricDefinitions.of(metric).label())
                .append(" of the users in each bucket with its 95% bootstrap interval, by user activity (training history length, "
                        + "fixed buckets; cold: at most " + UserActivity.COLD_MAX + " items) and by the held-out item's training popularity (head: the most popular items holding 20% of "
                        + "training interactions; tail: the least popular holding the last 20%; mid: the rest).");
        if (activityReason != null) {
            b.append(" Not by user activity: ").append(activityReason).append('.');
        }
        if (popularityReason != null) {
            b.append(" Not by item popularity: ").append(popularityReason).append('.');
        }
        return b.toString();
    }

    /** "mean [low, high]" of a cell, empty when the variant has no user in the bucket. */
    public static String cell(RunFolder.Estimate e) {
        if (e == null) {
            return "";
        }
        String ci = Formats.interval(e.low(), e.high());
        return Formats.value(e.mean()) + (ci.isEmpty() ? "" : " " + ci);
    }

    public boolean isEmpty() {
        return activity.isEmpty() && popularity.isEmpty();
    }

    /** The study of the run's primary accuracy metric (null: none, and both halves say so). */
    public static Sparsity of(RunFolder run, String metric, HistoryLengths lengths) {
        if (metric == null) {
            return new Sparsity(null, List.of(), "the run reports no accuracy metric", List.of(), "the run reports no accuracy metric");
        }
        List<Group> activity = List.of();
        String activityReason = null;
        if (lengths.isEmpty()) {
            activityReason = lengths.reason();
        } else {
            Map<String, String> bucketOf = new LinkedHashMap<>();
            lengths.byUser().forEach((user, len) -> bucketOf.put(user, UserActivity.bucketOf(len).label()));
            activity = groups(run, metric, bucketOf, ACTIVITY.stream().map(UserActivity.Bucket::label).toList());
            if (activity.isEmpty()) {
                activityReason = "no evaluated user has a known history length";
            }
        }
        List<Group> popularity = List.of();
        String popularityReason;
        Map<String, String> itemBucket = new LinkedHashMap<>();
        popularityReason = heldOutBuckets(run, itemBucket);
        if (popularityReason == null) {
            popularity = groups(run, metric, itemBucket, POPULARITY);
            if (popularity.isEmpty()) {
                popularityReason = "no evaluated user's held-out item is in the dataset";
            }
        }
        return new Sparsity(metric, activity, activityReason, popularity, popularityReason);
    }

    /** Each user's held-out item's bucket (head, mid, tail); returns why not, or null. */
    private static String heldOutBuckets(RunFolder run, Map<String, String> out) {
        if (!run.leaveLastOut()) {
            return "the run's split is " + run.split().get("method") + ", not leave-last-out, so training popularity is unknown";
        }
        if (run.calls().stream().allMatch(c -> c.relevant().isEmpty())) {
            return "the run recorded no held-out items (" + RunFolder.RESPONSES + ")";
        }
        RunDataset loaded = RunDataset.of(run);
        if (loaded.dataset() == null) {
            return loaded.reason();
        }
        Dataset d = loaded.dataset();
        Popularity pop = SplitAdapter.popularity(Splits.leaveLastOut(d));
        Map<String, String> heldOut = new LinkedHashMap<>();
        for (RunFolder.Call c : run.calls()) {
            if (!c.relevant().isEmpty()) {
                heldOut.putIfAbsent(c.user(), c.relevant().get(0));
            }
        }
        String[] buckets = buckets(pop.interactions());
        heldOut.forEach((user, id) -> {
            int item = d.items().indexOf(id);
            if (item >= 0) {
                out.put(user, buckets[item]);
            }
        });
        return null;
    }

    /** head / mid / tail of every catalog item by training interactions. */
    static String[] buckets(int[] interactions) {
        LongTail head = LongTail.of(interactions, HEAD_SHARE);
        LongTail notTail = LongTail.of(interactions, 1 - TAIL_SHARE);
        String[] out = new String[interactions.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = head.isHead(i) ? "head" : notTail.isHead(i) ? "mid" : "tail";
        }
        return out;
    }

    private static List<Group> groups(RunFolder run, String metric, Map<String, String> bucketOf, List<String> order) {
        List<Group> out = new ArrayList<>();
        for (String bucket : order) {
            Map<String, RunFolder.Estimate> byVariant = new LinkedHashMap<>();
            int users = 0;
            for (String v : run.variantIds()) {
                double[] values = run.perUser(v, metric).entrySet().stream().filter(e -> bucket.equals(bucketOf.get(e.getKey())))
                        .mapToDouble(Map.Entry::getValue).toArray();
                if (values.length > 0) {
                    Summary s = Summary.of(values, RESAMPLES, SEED);
                    byVariant.put(v, new RunFolder.Estimate(s.mean(), s.ciLow(), s.ciHigh(), s.n()));
                    users = Math.max(users, s.n());
                }
            }
            if (!byVariant.isEmpty()) {
                out.add(new Group(bucket, users, byVariant));
            }
        }
        return out;
    }
}
