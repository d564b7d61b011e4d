package org.recprompt.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.split.Split;
import org.recprompt.dataset.split.Splits;
import org.recprompt.metrics.ListMetric;
import org.recprompt.metrics.RankedList;
import org.recprompt.metrics.SplitAdapter;
import org.recprompt.metrics.UserRecs;
import org.recprompt.metrics.accuracy.HitRate;
import org.recprompt.metrics.accuracy.Ndcg;
import org.recprompt.metrics.concentration.Coverage;
import org.recprompt.metrics.concentration.Exposure;
import org.recprompt.metrics.diversity.CalibrationKl;
import org.recprompt.metrics.diversity.Genres;
import org.recprompt.metrics.popularity.AveragePercentageLongTail;
import org.recprompt.metrics.popularity.AverageRecommendationPopularity;
import org.recprompt.metrics.popularity.LongTail;
import org.recprompt.metrics.popularity.Popularity;
import org.recprompt.metrics.rerank.CalibratedReranker;
import org.recprompt.metrics.rerank.PopularityControl;
import org.recprompt.metrics.rerank.ScoredList;

/**
 * Popularity and calibration control applied after the fact to a finished run: every answer of
 * every variant re-ranked with the metrics' re-rankers and measured again, from the run folder and
 * its dataset only (no backend is asked; the answers are what the run recorded).
 *
 * <p>Scores. An LLM gives a ranked list, not scores, so S(p) is rank-derived for every variant (the
 * baselines too, so that beta means the same for all): the answer's catalog items, duplicates and
 * hallucinated slots removed, score S = 1 - (r - 1) / m for the item at rank r of the m answered
 * items (1 for the first); the candidates the prompt showed but the answer left out follow with
 * S = 0, in prompt order, so re-ranking can bring them in.
 *
 * <p>Re-ranking. First Abdollahpouri et al.'s popularity control ({@link PopularityControl}):
 * S'(p) = S(p) + beta * S_pop(p), S_pop = training users of p / the most any item has; beta &lt; 0
 * penalises popular items. Then, when lambda &gt; 0, Steck's calibrated re-ranking
 * ({@link CalibratedReranker}) greedily maximises (1 - lambda) * sum S' - lambda * C_KL over the
 * adjusted scores. The re-ranked list is as long as the answer's list was (m items cut to K), so an
 * empty or failed answer stays empty (it scored 0 in the run and still does), and at beta = 0,
 * lambda = 0 every list, and so every value, is the run's own.
 *
 * <p>Measures, at the run's largest K, each as the run computes it: NDCG@K and HR@K, ARP, APLT
 * (Elliot's 80% head), calibration KL (when the dataset has genres) as the mean over users of the
 * mean over a user's repeats, and item coverage over all lists. Needs the run's dataset (training
 * popularity, histories and genres) and a leave-last-out split; {@link #reason()} says why not.
 * Everything is prepared once; {@link #at} only re-ranks and measures (no file is read).
 */
public final class RerankControl {

    /**
     * The betas of the popularity sweep curve: -2 to 2 in steps of 0.1. Wider than the re-ranker's
     * usual [-1, 1]: candidates drawn at random are mostly tail items whose S_pop (against the most
     * popular item of the catalog) differ by hundredths, while neighbouring rank scores differ by 1/m,
     * so a list ranked by popularity hardly moves before |beta| exceeds 1.
     */
    public static final double[] BETAS = steps(-2.0, 2.0, 40);
    /** The largest |beta| the control offers. */
    public static final double MAX_BETA = 2.0;
    /** The lambdas of the calibration sweep curve: 0 to 1 in steps of 0.1. */
    public static final double[] LAMBDAS = steps(0.0, 1.0, 10);

    /** One answer prepared for re-ranking: user (dataset index), candidates with scores, how long the answer was. */
    record Answer(int user, ScoredList candidates, int length, int[] relevant, int[] history) {
    }

    /** A metric value of each variant: variant -> metric name -> value. */
    public record Values(Map<String, Map<String, Double>> byVariant) {

        public double get(String variant, String metric) {
            Double x = byVariant.getOrDefault(variant, Map.of()).get(metric);
            return x == null ? Double.NaN : x;
        }
    }

    /** One point of a sweep: the parameter and each variant's values there. */
    public record Point(double value, Values values) {
    }

    private final List<String> variants;
    private final Map<String, List<List<Answer>>> byVariant; // variant -> users -> the user's answers (repeats)
    private final int k;
    private final int catalog;
    private final Popularity popularity;
    private final Genres genres;
    private final List<String> metrics;
    private final Map<String, ListMetric> perList = new LinkedHashMap<>();
    private final String reason;
    /** Sweeps already drawn (the run tab and the figures ask for the same ones). */
    private final Map<String, List<Point>> curves = new java.util.concurrent.ConcurrentHashMap<>();

    private RerankControl(List<String> variants, Map<String, List<List<Answer>>> byVariant, int k, int catalog, Popularity popularity,
            Genres genres, String reason) {
        this.variants = variants;
        this.byVariant = byVariant;
        this.k = k;
        this.catalog = catalog;
        this.popularity = popularity;
        this.genres = genres;
        this.reason = reason;
        if (popularity != null) {
            perList.put("ndcg@" + k, new Ndcg(k));
            perList.put("hr@" + k, new HitRate(k));
            perList.put("arp", new AverageRecommendationPopularity(popularity));
            perList.put("aplt", new AveragePercentageLongTail(LongTail.of(popularity.interactions())));
            if (genres != null) {
                perList.put("calibration_kl", new CalibrationKl(genres));
            }
        }
        List<String> names = new ArrayList<>(perList.keySet());
        if (popularity != null) {
            names.add("coverage");
        }
        this.metrics = List.copyOf(names);
    }

    private static RerankControl unavailable(RunFolder run, String reason) {
        return new RerankControl(run.variantIds(), Map.of(), run.maxK(), 0, null, null, reason);
    }

    /** Prepared once per opened run folder: the run tab's sliders, its figures and the reports all ask. */
    private static final Map<RunFolder, RerankControl> PREPARED = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /**
     * The control for a run, prepared once per opened run folder; when it cannot be (no dataset,
     * another split, no answers) {@link #available()} is false.
     */
    public static RerankControl of(RunFolder run) {
        RerankControl known = PREPARED.get(run);
        if (known != null) {
            return known;
        }
        RerankControl prepared = prepare(run);
        PREPARED.put(run, prepared);
        return prepared;
    }

    private static RerankControl prepare(RunFolder run) {
        if (!run.leaveLastOut()) {
            return unavailable(run, "the run's split is " + run.split().get("method") + ", not leave-last-out");
        }
        if (run.calls().isEmpty()) {
            return unavailable(run, "the run folder has no answers (" + RunFolder.RESPONSES + ")");
        }
        RunDataset loaded = RunDataset.of(run);
        if (loaded.dataset() == null) {
            return unavailable(run, loaded.reason());
        }
        return of(run, loaded.dataset());
    }

    static RerankControl of(RunFolder run, Dataset d) {
        Split split = Splits.leaveLastOut(d);
        Popularity pop = SplitAdapter.popularity(split);
        Genres genres = d.items().genreNames().isEmpty() ? null : SplitAdapter.genres(d.items());
        int k = run.maxK();
        Map<String, Map<String, List<Answer>>> grouped = new LinkedHashMap<>();
        for (String v : run.variantIds()) {
            grouped.put(v, new LinkedHashMap<>());
        }
        for (RunFolder.Call c : run.calls()) {
            int u = d.users().indexOf(c.user());
            Map<String, List<Answer>> users = grouped.get(c.variant());
            if (u < 0 || users == null) {
                continue;
            }
            users.computeIfAbsent(c.user(), x -> new ArrayList<>()).add(answer(c, d, split, u, k));
        }
        Map<String, List<List<Answer>>> byVariant = new LinkedHashMap<>();
        grouped.forEach((v, users) -> byVariant.put(v, List.copyOf(users.values())));
        if (byVariant.values().stream().allMatch(List::isEmpty)) {
            return unavailable(run, "no answer's user is in the dataset");
        }
        return new RerankControl(run.variantIds(), byVariant, k, d.items().size(), pop, genres, null);
    }

    private static Answer answer(RunFolder.Call c, Dataset d, Split split, int u, int k) {
        List<Integer> items = new ArrayList<>();
        for (RunFolder.Slot slot : c.slots()) {
            int item = slot.itemId() == null || "HALLUCINATED".equals(slot.outcome()) ? -1 : d.items().indexOf(slot.itemId());
            if (item >= 0 && !items.contains(item)) {
                items.add(item);
            }
        }
        int answered = items.size();
        for (String id : c.candidates()) {
            int item = d.items().indexOf(id);
            if (item >= 0 && !items.contains(item)) {
                items.add(item);
            }
        }
        double[] scores = new double[items.size()];
        for (int r = 0; r < answered; r++) {
            scores[r] = 1.0 - r / (double) answered;
        }
        ScoredList list = new ScoredList(items.stream().mapToInt(Integer::intValue).toArray(), scores);
        // the answer's own held-out items as the run recorded them (a replay line's recorded truth), else the split's
        int[] relevant = c.relevant().stream().mapToInt(id -> d.items().indexOf(id)).toArray();
        boolean recorded = relevant.length > 0 && java.util.Arrays.stream(relevant).allMatch(i -> i >= 0);
        return new Answer(u, list, Math.min(k, answered), recorded ? relevant : split.heldOut(u), split.history(u));
    }

    public boolean available() {
        return reason == null;
    }

    /** Why the control is not available (null when it is). */
    public String reason() {
        return reason;
    }

    /** Whether the lambda control is there (the dataset has genres). */
    public boolean calibrates() {
        return available() && genres != null;
    }

    public List<String> variants() {
        return variants;
    }

    /** The variants with answers to re-rank. */
    public List<String> rerankedVariants() {
        return variants.stream().filter(v -> !byVariant.getOrDefault(v, List.of()).isEmpty()).toList();
    }

    /** The metric names measured, in display order (the names the run uses). */
    public List<String> metrics() {
        return metrics;
    }

    public int k() {
        return k;
    }

    /** Users with answers per variant. */
    public int users(String variant) {
        return byVariant.getOrDefault(variant, List.of()).size();
    }

    /** The re-ranked top list of one answer. */
    int[] rerank(Answer a, double beta, double lambda) {
        if (a.length() == 0) {
            return new int[0];
        }
        if (lambda == 0) {
            return new PopularityControl(popularity, beta).rerank(a.candidates(), a.history(), a.length());
        }
        if (genres == null) {
            throw new IllegalStateException("the dataset has no genres: no calibration");
        }
        ScoredList c = a.candidates();
        ScoredList adjusted = c;
        if (beta != 0) {
            PopularityControl control = new PopularityControl(popularity, beta);
            int[] items = c.items();
            double[] scores = c.scores();
            for (int x = 0; x < items.length; x++) {
                scores[x] += beta * control.normalisedPopularity(items[x]);
            }
            adjusted = new ScoredList(items, scores);
        }
        return new CalibratedReranker(genres, lambda).rerank(adjusted, a.history(), a.length());
    }

    /** Every variant's measures with its answers re-ranked at (beta, lambda); (0, 0) gives the run's own lists. */
    public Values at(double beta, double lambda) {
        check(beta, lambda);
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        for (String v : rerankedVariants()) {
            out.put(v, measure(byVariant.get(v), beta, lambda));
        }
        return new Values(out);
    }

    private void check(double beta, double lambda) {
        if (!available()) {
            throw new IllegalStateException("No re-ranking: " + reason);
        }
        if (!Double.isFinite(beta)) {
            throw new IllegalArgumentException("beta must be finite, not " + beta);
        }
        if (!(lambda >= 0 && lambda <= 1)) {
            throw new IllegalArgumentException("lambda must be in [0, 1], not " + lambda);
        }
        if (lambda > 0 && genres == null) {
            throw new IllegalArgumentException("lambda must be 0: the run's dataset has no genres to calibrate");
        }
    }

    private Map<String, Double> measure(List<List<Answer>> users, double beta, double lambda) {
        int n = perList.size();
        double[] sums = new double[n];
        int[] counts = new int[n];
        Exposure.Counts exposure = new Coverage(catalog).accumulator();
        List<ListMetric> list = List.copyOf(perList.values());
        for (List<Answer> answers : users) {
            double[] userSum = new double[n];
            int[] userCount = new int[n];
            for (Answer a : answers) {
                UserRecs recs = new UserRecs(a.user(), RankedList.of(rerank(a, beta, lambda), catalog), a.relevant(), a.history());
                exposure.add(recs);
                for (int m = 0; m < n; m++) {
                    double x = list.get(m).evaluate(recs);
                    if (!Double.isNaN(x)) {
                        userSum[m] += x;
                        userCount[m]++;
                    }
                }
            }
            for (int m = 0; m < n; m++) {
                if (userCount[m] > 0) {
                    sums[m] += userSum[m] / userCount[m];
                    counts[m]++;
                }
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        List<String> names = List.copyOf(perList.keySet());
        for (int m = 0; m < n; m++) {
            out.put(names.get(m), counts[m] == 0 ? Double.NaN : sums[m] / counts[m]);
        }
        out.put("coverage", exposure.evaluate());
        return out;
    }

    /** The popularity sweep at a fixed lambda: every variant measured at each of {@link #BETAS}. */
    public List<Point> betaCurve(double lambda) {
        return curves.computeIfAbsent("beta|" + lambda, key -> {
            List<Point> out = new ArrayList<>();
            for (double beta : BETAS) {
                out.add(new Point(beta, at(beta, lambda)));
            }
            return List.copyOf(out);
        });
    }

    /** The calibration sweep at a fixed beta: every variant measured at each of {@link #LAMBDAS}. */
    public List<Point> lambdaCurve(double beta) {
        return curves.computeIfAbsent("lambda|" + beta, key -> {
            List<Point> out = new ArrayList<>();
            for (double lambda : LAMBDAS) {
                out.add(new Point(lambda, at(beta, lambda)));
            }
            return List.copyOf(out);
        });
    }

    private static double[] steps(double from, double to, int intervals) {
        double[] out = new double[intervals + 1];
        for (int i = 0; i <= intervals; i++) {
            out[i] = Math.round((from + (to - from) * i / intervals) * 1e9) / 1e9;
        }
        return out;
    }
}
