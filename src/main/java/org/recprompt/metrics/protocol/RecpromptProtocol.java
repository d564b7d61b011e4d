package org.recprompt.metrics.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.recprompt.metrics.ExtendedSuite;
import org.recprompt.metrics.MetricSuite;
import org.recprompt.metrics.RankedList;
import org.recprompt.metrics.UserRecs;
import org.recprompt.metrics.accuracy.GradedNdcg;
import org.recprompt.metrics.diversity.Genres;

/**
 * This project's own convention (METRICS.md), the default: each list is normalised by
 * {@link RankedList#of} (items the dataset does not know and every repeat of an earlier item are
 * dropped, the ranks close up; a skipped rank stays a gap) and cut at K; items the user already has
 * in training are kept (a model that recommends them is penalised by missing the test items); the
 * mean is over the users that have a list and at least one relevant test item. The metrics are
 * {@link MetricSuite}'s. With one cutoff the metrics that do not name K in their key (arp, aplt,
 * novelty, ild_genre, calibration_kl, coverage, gini, entropy) keep their bare names, as they
 * always had; with several, each key ends in {@code @K}. Beside them come {@link ExtendedSuite}'s
 * (map, mar, f1, aclt, efd, efd_rel, epc, epc_rel, popreo, poprsp, entropy_norm, usercoverage, each
 * {@code name@K}) and {@code ndcg_graded@K}, which is there only when every relevant test item of the
 * averaged users has a rating that gives a gain (at least 0): the count
 * {@code relevant_items_without_gain} says how many do not (unrated, as in implicit data, or
 * negative), and when it is above 0 the graded keys are absent. docs/protocols/recprompt.md lists
 * every key with its formula and source.
 */
public final class RecpromptProtocol implements Protocol {

    @Override
    public String id() {
        return "recprompt";
    }

    @Override
    public String describe() {
        return "recprompt (this project's convention, METRICS.md): lists de-duplicated, unknown items dropped, "
                + "seen items kept; mean over users with a list and a relevant test item";
    }

    /** The users that enter the mean, each with the list cut at k. */
    public List<UserRecs> userRecs(EvalInput input, int k) {
        List<UserRecs> out = new ArrayList<>();
        for (EvalUser u : input.users()) {
            if (!u.hasList()) {
                continue;
            }
            int[] relevant = new int[u.test().length];
            double[] ratings = new double[relevant.length];
            int n = 0;
            for (int j = 0; j < relevant.length; j++) {
                if (input.relevance().isRelevant(u.testRatings()[j])) {
                    relevant[n] = u.test()[j];
                    ratings[n++] = u.testRatings()[j];
                }
            }
            if (n == 0) {
                continue;
            }
            out.add(new UserRecs(u.user(), RankedList.of(u.raw(), input.catalogSize()).top(k),
                    Arrays.copyOf(relevant, n), u.known(), Arrays.copyOf(ratings, n)));
        }
        return out;
    }

    /** The added metrics at k for these users (graded NDCG only when every relevant item has a gain). */
    private static ExtendedSuite extendedSuite(EvalInput input, int k, List<UserRecs> users) {
        return new ExtendedSuite(k, input.popularity(), withoutGain(users) == 0);
    }

    /**
     * The per-user metrics' seeded bootstrap 95% intervals at k ("KEY_ci95" = [low, high], "KEY_n"),
     * {@link MetricSuite}'s keys as it names them (bare for the metrics without K in their name) and
     * the added ones with {@code @K}.
     */
    public Map<String, Object> intervals(EvalInput input, int k, int resamples, long seed) {
        List<UserRecs> users = userRecs(input, k);
        Map<String, Object> out = new LinkedHashMap<>(
                new MetricSuite(k, input.popularity(), genres(input)).intervals(users, resamples, seed));
        out.putAll(extendedSuite(input, k, users).intervals(users, resamples, seed));
        return out;
    }

    /** The relevant items of these users whose rating gives no graded gain (missing or negative). */
    static long withoutGain(List<UserRecs> users) {
        long n = 0;
        for (UserRecs u : users) {
            for (double r : u.ratings()) {
                if (!GradedNdcg.gradable(r)) {
                    n++;
                }
            }
        }
        return n;
    }

    @Override
    public ProtocolResult evaluate(EvalInput input, int[] cutoffs) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        Genres genres = genres(input);
        boolean several = cutoffs.length > 1;
        for (int k : cutoffs) {
            List<UserRecs> users = userRecs(input, k);
            MetricSuite suite = new MetricSuite(k, input.popularity(), genres);
            for (var e : suite.evaluate(users).entrySet()) {
                String key = e.getKey();
                if (e.getValue() instanceof Double d) {
                    metrics.put(several && !key.contains("@") ? key + "@" + k : key, d);
                } else if (e.getValue() instanceof Number n && !key.equals("n_users")) {
                    counts.put(several ? key + "@" + k : key, n.longValue());
                }
            }
            counts.put("n_users", (long) users.size());
            counts.put("relevant_items_without_gain", withoutGain(users));
            metrics.putAll(extendedSuite(input, k, users).evaluate(users, withoutList(input)));
        }
        long withList = input.users().stream().filter(EvalUser::hasList).count();
        counts.put("users_without_held_out", withList - counts.get("n_users"));
        counts.put("users_without_list", withoutList(input));
        return new ProtocolResult(id(), metrics, counts);
    }

    /** The input's genres, or none for every item when it has no genres. */
    private static Genres genres(EvalInput input) {
        return input.genres() != null ? input.genres() : new Genres(new int[input.catalogSize()][], 0);
    }

    /** The users with a relevant test item but no list. */
    private static long withoutList(EvalInput input) {
        return input.users().stream().filter(u -> !u.hasList() && u.relevant(input.relevance()).length > 0).count();
    }
}
