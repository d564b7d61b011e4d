package org.recprompt.lm;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.recprompt.base.ProgressMonitor;
import org.recprompt.dataset.split.CandidateSampler;
import org.recprompt.dataset.split.CandidateSet;
import org.recprompt.dataset.split.Split;
import org.recprompt.dataset.split.UserSampler;
import org.recprompt.metrics.RankedList;
import org.recprompt.metrics.UserRecs;
import org.recprompt.metrics.accuracy.HitRate;
import org.recprompt.metrics.accuracy.Ndcg;

/**
 * A trained model against most-popular (training popularity: distinct users per item) on the
 * same users and the same candidates: HR@10 and NDCG@10 (METRICS.md) over 20 sampled candidates
 * (the held-out item and 19 random negatives), and, for item tokens, over the whole catalog minus
 * the user's training items. For word tokens, the share of generated titles that are no catalog
 * title (exactly, in the model's spelling) under free, greedy and constrained decoding. The
 * result is a plain map, written as metrics.json beside the model.
 */
public final class ModelEvaluation {

    public static final int K = 10;
    public static final int CANDIDATES = 20;

    private ModelEvaluation() {
    }

    public static Map<String, Object> evaluate(P5Scorer scorer, Split split, int maxUsers, int generationUsers, long seed,
            ProgressMonitor monitor) {
        int[] users = split.evaluableUsers().length <= maxUsers ? split.evaluableUsers()
                : UserSampler.sample(split, maxUsers, seed);
        int items = split.dataset().items().size();
        double[] pop = popularity(split);
        boolean itemTokens = scorer.model().vocabulary().tokenisation() == Tokenisation.ITEM;
        CandidateSampler sampler = CandidateSampler.random(split, Math.min(CANDIDATES, items), seed);
        Acc fullModel = new Acc();
        Acc fullPop = new Acc();
        Acc candModel = new Acc();
        Acc candPop = new Acc();
        monitor.begin(users.length);
        int batch = 64;
        for (int from = 0; from < users.length && !monitor.isCancelled(); from += batch) {
            int[] chunk = Arrays.copyOfRange(users, from, Math.min(users.length, from + batch));
            double[][] all = itemTokens ? scorer.scoreAll(chunk) : null;
            for (int j = 0; j < chunk.length; j++) {
                int u = chunk[j];
                int[] history = split.history(u);
                int[] relevant = split.heldOut(u);
                CandidateSet c = sampler.sample(u);
                double[] candidateScores = itemTokens ? pick(all[j], c.items()) : scorer.score(u, c.items(), true);
                candModel.add(u, top(c.items(), candidateScores, K), relevant, history, items);
                candPop.add(u, top(c.items(), pick(pop, c.items()), K), relevant, history, items);
                if (itemTokens) {
                    int[] rest = notIn(items, history);
                    fullModel.add(u, top(rest, pick(all[j], rest), K), relevant, history, items);
                    fullPop.add(u, top(rest, pick(pop, rest), K), relevant, history, items);
                }
            }
            monitor.worked(chunk.length);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("users", candModel.n);
        out.put("k", K);
        out.put("candidates", Map.of("size", CANDIDATES, "model", candModel.toMap(), "most_popular", candPop.toMap()));
        if (itemTokens) {
            out.put("full_catalog", Map.of("model", fullModel.toMap(), "most_popular", fullPop.toMap()));
        } else {
            out.put("generation", generation(scorer, Arrays.copyOf(users, Math.min(users.length, generationUsers)), seed));
        }
        return out;
    }

    /** For each decoding: titles generated, and the share that spell no catalog title. */
    static Map<String, Object> generation(P5Scorer scorer, int[] users, long seed) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Decoding d : Decoding.values()) {
            long titles = 0;
            long invented = 0;
            for (int u : users) {
                List<Generator.Title> g = scorer.generate(u, K, d, d == Decoding.FREE ? 1.0 : 0.0, seed);
                titles += g.size();
                invented += g.stream().filter(t -> t.item() < 0).count();
            }
            out.put(d.id(), Map.of("users", users.length, "titles", titles,
                    "invented_rate", titles == 0 ? 0.0 : (double) invented / titles));
        }
        return out;
    }

    /** Distinct training users per item. */
    static double[] popularity(Split split) {
        double[] pop = new double[split.dataset().items().size()];
        for (int u = 0; u < split.dataset().users().size(); u++) {
            for (int i : Arrays.stream(split.history(u)).distinct().toArray()) {
                pop[i]++;
            }
        }
        return pop;
    }

    private static double[] pick(double[] scores, int[] items) {
        double[] out = new double[items.length];
        for (int k = 0; k < items.length; k++) {
            out[k] = scores[items[k]];
        }
        return out;
    }

    private static int[] notIn(int items, int[] history) {
        boolean[] seen = new boolean[items];
        for (int i : history) {
            seen[i] = true;
        }
        return java.util.stream.IntStream.range(0, items).filter(i -> !seen[i]).toArray();
    }

    /** The best {@code k} items by score, ties broken by the given order. */
    static int[] top(int[] items, double[] scores, int k) {
        Integer[] order = new Integer[items.length];
        for (int j = 0; j < order.length; j++) {
            order[j] = j;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        int[] out = new int[Math.min(k, items.length)];
        for (int j = 0; j < out.length; j++) {
            out[j] = items[order[j]];
        }
        return out;
    }

    private static final class Acc {
        double hr;
        double ndcg;
        int n;

        void add(int user, int[] list, int[] relevant, int[] history, int catalog) {
            UserRecs r = new UserRecs(user, RankedList.of(list, catalog), relevant, history);
            hr += new HitRate(K).evaluate(r);
            ndcg += new Ndcg(K).evaluate(r);
            n++;
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("hr@10", n == 0 ? 0.0 : hr / n);
            m.put("ndcg@10", n == 0 ? 0.0 : ndcg / n);
            return m;
        }
    }
}
