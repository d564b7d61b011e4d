package org.recprompt.metrics.rerank;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;

import org.recprompt.metrics.ListMetric;
import org.recprompt.metrics.Mean;
import org.recprompt.metrics.RankedList;
import org.recprompt.metrics.UserRecs;
import org.recprompt.metrics.accuracy.Ndcg;
import org.recprompt.metrics.diversity.CalibrationKl;
import org.recprompt.metrics.diversity.Genres;
import org.recprompt.metrics.popularity.AverageRecommendationPopularity;
import org.recprompt.metrics.popularity.Popularity;

/**
 * Trade-off curves: for each value of a re-ranker's parameter (beta or lambda), re-rank every user's
 * candidates to a top-K and report the mean NDCG@K over all users beside the mean of a second metric
 * (ARP for popularity control, calibration KL for calibration). Means are as {@link Mean} takes them:
 * over all users, skipping only lists for which the metric is undefined (an empty list's ARP).
 */
public final class Sweep {

    private Sweep() {
    }

    /**
     * One user's input to a sweep.
     *
     * @param user the user's index
     * @param candidates the backend's scored candidates
     * @param relevant R_u
     * @param history the user's training items
     */
    public record Candidates(int user, ScoredList candidates, int[] relevant, int[] history) {
    }

    /**
     * One point of a curve.
     *
     * @param value the parameter (beta or lambda)
     * @param ndcg the mean NDCG@K over the users
     * @param secondary the mean of the second metric
     * @param users the number of users
     */
    public record Point(double value, double ndcg, double secondary, int users) {
    }

    public static List<Point> run(double[] values, DoubleFunction<Reranker> rerankerAt, List<Candidates> users, int k,
                                  int catalogSize, ListMetric secondary) {
        Reranker.checkK(k);
        List<Point> curve = new ArrayList<>(values.length);
        Ndcg ndcg = new Ndcg(k);
        for (double value : values) {
            Reranker reranker = rerankerAt.apply(value);
            Mean.Acc accuracy = new Mean(ndcg).accumulator();
            Mean.Acc other = new Mean(secondary).accumulator();
            for (Candidates c : users) {
                int[] list = reranker.rerank(c.candidates(), c.history(), k);
                UserRecs recs = new UserRecs(c.user(), RankedList.of(list, catalogSize).top(k), c.relevant(), c.history());
                accuracy.add(recs);
                other.add(recs);
            }
            curve.add(new Point(value, accuracy.evaluate(), other.evaluate(), users.size()));
        }
        return curve;
    }

    /** The accuracy/popularity curve of {@link PopularityControl}: mean NDCG@K and ARP per beta. */
    public static List<Point> popularity(double[] betas, Popularity popularity, List<Candidates> users, int k) {
        return run(betas, beta -> new PopularityControl(popularity, beta), users, k, popularity.catalogSize(),
                new AverageRecommendationPopularity(popularity));
    }

    /** The accuracy/calibration curve of {@link CalibratedReranker}: mean NDCG@K and calibration KL per lambda. */
    public static List<Point> calibration(double[] lambdas, Genres genres, List<Candidates> users, int k) {
        return run(lambdas, lambda -> new CalibratedReranker(genres, lambda), users, k, genres.catalogSize(),
                new CalibrationKl(genres));
    }
}
