package org.recprompt.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.recprompt.metrics.accuracy.HitRate;
import org.recprompt.metrics.accuracy.Ndcg;
import org.recprompt.metrics.accuracy.Precision;
import org.recprompt.metrics.accuracy.Recall;
import org.recprompt.metrics.accuracy.ReciprocalRank;
import org.recprompt.metrics.concentration.Coverage;
import org.recprompt.metrics.concentration.Entropy;
import org.recprompt.metrics.concentration.Gini;
import org.recprompt.metrics.diversity.CalibrationKl;
import org.recprompt.metrics.diversity.GenreIld;
import org.recprompt.metrics.diversity.Genres;
import org.recprompt.metrics.popularity.AveragePercentageLongTail;
import org.recprompt.metrics.popularity.AverageRecommendationPopularity;
import org.recprompt.metrics.popularity.LongTail;
import org.recprompt.metrics.popularity.Novelty;
import org.recprompt.metrics.popularity.Popularity;

/**
 * The standard set of metrics at one cutoff K, by the names the command line prints. The suite is
 * immutable; {@link #evaluate} is the evaluation context that accumulates. Lists must already be
 * normalised ({@link RankedList#of}) and cut to K; the per-list metrics are averaged over all users
 * given, skipping only lists for which a metric is undefined (see each metric).
 */
public final class MetricSuite {

    private final int k;
    private final Map<String, ListMetric> perList = new LinkedHashMap<>();
    private final Map<String, SystemMetric> system = new LinkedHashMap<>();

    public MetricSuite(int k, Popularity popularity, Genres genres) {
        this.k = k;
        LongTail tail = LongTail.of(popularity.interactions());
        perList.put("ndcg@" + k, new Ndcg(k));
        perList.put("hr@" + k, new HitRate(k));
        perList.put("mrr@" + k, new ReciprocalRank(k));
        perList.put("precision@" + k, new Precision(k));
        perList.put("recall@" + k, new Recall(k));
        perList.put("arp", new AverageRecommendationPopularity(popularity));
        perList.put("aplt", new AveragePercentageLongTail(tail));
        perList.put("novelty", new Novelty(popularity));
        perList.put("ild_genre", new GenreIld(genres));
        perList.put("calibration_kl", new CalibrationKl(genres));
        int catalog = popularity.catalogSize();
        system.put("coverage", new Coverage(catalog));
        system.put("gini", new Gini(catalog));
        system.put("entropy", new Entropy(catalog, false));
    }

    public int k() {
        return k;
    }

    public Map<String, ListMetric> perList() {
        return Map.copyOf(perList);
    }

    /**
     * The per-user metrics' seeded bootstrap 95% intervals (percentile, {@code resamples} draws) and
     * the number of users each mean is over: "KEY_ci95" = [low, high], "KEY_n".
     */
    public Map<String, Object> intervals(List<UserRecs> users, int resamples, long seed) {
        return intervals(perList, users, resamples, seed);
    }

    /** {@link #intervals(List, int, long)} for any per-list metrics by key. */
    static Map<String, Object> intervals(Map<String, ListMetric> perList, List<UserRecs> users, int resamples, long seed) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (var e : perList.entrySet()) {
            double[] values = users.stream().mapToDouble(u -> e.getValue().evaluate(u)).filter(v -> !Double.isNaN(v)).toArray();
            if (values.length == 0) {
                continue;
            }
            var summary = org.recprompt.metrics.stats.Summary.of(values, resamples, seed);
            out.put(e.getKey() + "_ci95", java.util.List.of(summary.ciLow(), summary.ciHigh()));
            out.put(e.getKey() + "_n", summary.n());
        }
        return out;
    }

    /** Every metric's value, in a fixed order, with "n_users" and "ild_too_short" (lists under 2 items). */
    public Map<String, Object> evaluate(List<UserRecs> users) {
        Map<String, Object> out = new LinkedHashMap<>();
        Mean.Acc ild = null;
        for (var e : perList.entrySet()) {
            Mean.Acc acc = new Mean(e.getValue()).accumulator();
            users.forEach(acc::add);
            out.put(e.getKey(), acc.evaluate());
            if (e.getKey().equals("ild_genre")) {
                ild = acc;
            }
        }
        for (var e : system.entrySet()) {
            SystemMetric.Accumulator acc = e.getValue().accumulator();
            users.forEach(acc::add);
            out.put(e.getKey(), acc.evaluate());
        }
        out.put("n_users", users.size());
        out.put("ild_too_short", ild == null ? 0 : ild.skipped());
        return out;
    }
}
