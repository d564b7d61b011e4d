package org.recprompt.metrics.protocol;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.recprompt.metrics.protocol.elliot.ElliotAccuracy;
import org.recprompt.metrics.protocol.elliot.ElliotBeyondAccuracy;
import org.recprompt.metrics.protocol.elliot.ElliotLists;
import org.recprompt.metrics.protocol.elliot.ElliotPopularity;
import org.recprompt.metrics.protocol.elliot.ElliotUser;

/**
 * The evaluation convention of Elliot 0.3.1 (sisinflab/elliot, commit c085d43; every choice with
 * its file and line in docs/protocols/elliot.md). Lists: each raw list is cut at top_k raw
 * positions (the largest cutoff unless given), then items unknown to training and items the user
 * has in training are dropped; repeats are kept ({@link ElliotLists}). Users: those of the file
 * that Elliot's dataset knows (a training interaction) and that have a test interaction; the
 * accuracy metrics, EFD, EPC and PopREO average over those with a relevant test item, the others
 * over all of them. Metrics ({@code name@K}, unrounded): ndcg, ndcgrendle2020, recall, precision,
 * hr, f1, map, mar, mrr, aclt, aplt, arp, popreo, poprsp, itemcoverage, usercoverage, gini,
 * sentropy, efd, epc. A value Elliot cannot compute (it divides by zero) is left out and named by a
 * count {@code name@K_undefined}.
 */
public final class ElliotProtocol implements Protocol {

    private final int topK;

    /** top_k = the largest cutoff asked for (the smallest top_k Elliot accepts for those cutoffs). */
    public ElliotProtocol() {
        this(0);
    }

    /**
     * @param topK Elliot's {@code top_k}: how many raw positions of each list are read before the
     *     filtering; 0 for the largest cutoff
     */
    public ElliotProtocol(int topK) {
        if (topK < 0) {
            throw new IllegalArgumentException("top_k must be at least 1, not " + topK);
        }
        this.topK = topK;
    }

    @Override
    public String id() {
        return "elliot";
    }

    @Override
    public String describe() {
        return "elliot (Elliot 0.3.1, sisinflab/elliot c085d43, docs/protocols/elliot.md): lists cut at top_k raw "
                + "positions, then items seen in training and unknown to training dropped, repeats kept; accuracy "
                + "means over users with a list and a relevant test item";
    }

    @Override
    public ProtocolResult evaluate(EvalInput input, int[] cutoffs) {
        int maxK = cutoffs[cutoffs.length - 1];
        if (topK > 0 && topK < maxK) {
            // evaluator.py refuses this configuration too
            throw new IllegalArgumentException("the cutoffs must not exceed top_k " + topK + " (largest cutoff " + maxK + ")");
        }
        int k0 = topK > 0 ? topK : maxK;
        ElliotLists.Prepared prepared = ElliotLists.prepare(input, k0);
        ElliotPopularity pop = new ElliotPopularity(input.popularity());
        List<ElliotUser> evaluated = prepared.users();
        List<ElliotUser> relevant = evaluated.stream().filter(u -> u.relevant().length > 0).toList();

        Map<String, Double> metrics = new LinkedHashMap<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("n_users", (long) relevant.size());
        counts.put("n_users_with_test", (long) evaluated.size());
        counts.putAll(prepared.counts());
        counts.put("train_items", (long) pop.trainItems());
        counts.put("short_head_items", (long) pop.headSize());
        counts.put("long_tail_items", (long) pop.tailSize());
        counts.put("short_head_boundary_ties", (long) pop.boundaryTies());
        for (int k : cutoffs) {
            Metrics m = new Metrics(metrics, counts, k);
            m.mean("ndcg", relevant, u -> ElliotAccuracy.ndcg(u, k));
            m.mean("ndcgrendle2020", relevant, u -> ElliotAccuracy.ndcgRendle2020(u, k));
            m.mean("recall", relevant, u -> ElliotAccuracy.recall(u, k));
            m.mean("precision", relevant, u -> ElliotAccuracy.precision(u, k));
            m.mean("hr", relevant, u -> ElliotAccuracy.hitRate(u, k));
            m.mean("f1", relevant, u -> ElliotAccuracy.f1(u, k));
            m.mean("map", relevant, u -> ElliotAccuracy.map(u, k));
            m.mean("mar", relevant, u -> ElliotAccuracy.mar(u, k));
            m.mean("mrr", relevant, u -> ElliotAccuracy.mrr(u, k));
            m.mean("aclt", evaluated, u -> ElliotBeyondAccuracy.aclt(u, k, pop));
            m.mean("aplt", evaluated, u -> ElliotBeyondAccuracy.aplt(u, k, pop));
            m.mean("arp", evaluated, u -> ElliotBeyondAccuracy.arp(u, k, pop));
            m.put("popreo", ElliotBeyondAccuracy.popReo(relevant, k, pop));
            m.put("poprsp", ElliotBeyondAccuracy.popRsp(evaluated, k, pop));
            m.put("itemcoverage", ElliotBeyondAccuracy.itemCoverage(evaluated, k));
            m.put("usercoverage", ElliotBeyondAccuracy.userCoverage(evaluated));
            m.put("gini", ElliotBeyondAccuracy.gini(evaluated, k, pop.trainItems()));
            m.put("sentropy", ElliotBeyondAccuracy.shannonEntropy(evaluated, k));
            m.mean("efd", relevant, u -> ElliotAccuracy.efd(u, k, pop));
            m.mean("epc", relevant, u -> ElliotAccuracy.epc(u, k, pop));
        }
        return new ProtocolResult(id(), metrics, counts);
    }

    /** Puts one cutoff's values; a NaN (Elliot cannot compute it) is left out and counted as undefined. */
    private record Metrics(Map<String, Double> metrics, Map<String, Long> counts, int k) {

        void put(String name, double value) {
            String key = name + "@" + k;
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                counts.put(key + "_undefined", 1L);
            } else {
                metrics.put(key, value);
            }
        }

        /** A metric's value for one user. */
        @FunctionalInterface
        interface PerUser {
            double of(ElliotUser user);
        }

        /** BaseMetric.eval: np.average of the per-user values; undefined over no user or when one user's value is. */
        void mean(String name, List<ElliotUser> users, PerUser perUser) {
            if (users.isEmpty()) {
                put(name, Double.NaN);
                return;
            }
            double sum = 0;
            for (ElliotUser u : users) {
                sum += perUser.of(u);
            }
            put(name, sum / users.size());
        }
    }
}
