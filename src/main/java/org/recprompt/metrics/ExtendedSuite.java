package org.recprompt.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.recprompt.metrics.accuracy.AveragePrecision;
import org.recprompt.metrics.accuracy.AverageRecall;
import org.recprompt.metrics.accuracy.F1;
import org.recprompt.metrics.accuracy.GradedNdcg;
import org.recprompt.metrics.concentration.Entropy;
import org.recprompt.metrics.concentration.UserCoverage;
import org.recprompt.metrics.popularity.AverageCoverageLongTail;
import org.recprompt.metrics.popularity.ExpectedFreeDiscovery;
import org.recprompt.metrics.popularity.ExpectedPopularityComplement;
import org.recprompt.metrics.popularity.LongTail;
import org.recprompt.metrics.popularity.Popularity;
import org.recprompt.metrics.popularity.PopularityEquality;

/**
 * The metrics the recprompt convention reports beside {@link MetricSuite}'s at one cutoff K (graded
 * NDCG, MAP, MAR, F1, ACLT, PopREO, PopRSP, EFD, EPC, user coverage, normalised entropy), each key
 * ending in {@code @K}. Kept apart from {@link MetricSuite#perList()}, whose keys runs' per-user files
 * follow. Lists must be normalised and cut to K like MetricSuite's; per-list metrics are averaged over
 * the users given (NaN values skipped), user coverage also over the users given without a list.
 * docs/protocols/recprompt.md lists each key's formula and source.
 */
public final class ExtendedSuite {

    private final int k;
    private final Map<String, ListMetric> perList = new LinkedHashMap<>();
    private final Map<String, SystemMetric> system = new LinkedHashMap<>();

    /**
     * @param graded whether to include {@code ndcg_graded@K}: only when every averaged user's relevant
     *     items have usable ratings (see {@link GradedNdcg})
     */
    public ExtendedSuite(int k, Popularity popularity, boolean graded) {
        this.k = k;
        LongTail tail = LongTail.of(popularity.interactions());
        if (graded) {
            perList.put("ndcg_graded@" + k, new GradedNdcg(k));
        }
        perList.put("map@" + k, new AveragePrecision(k));
        perList.put("mar@" + k, new AverageRecall(k));
        perList.put("f1@" + k, new F1(k));
        perList.put("aclt@" + k, new AverageCoverageLongTail(tail));
        perList.put("efd@" + k, new ExpectedFreeDiscovery(popularity, false));
        perList.put("efd_rel@" + k, new ExpectedFreeDiscovery(popularity, true));
        perList.put("epc@" + k, new ExpectedPopularityComplement(popularity));
        perList.put("epc_rel@" + k, new ExpectedPopularityComplement(popularity, true));
        system.put("popreo@" + k, new PopularityEquality(tail, PopularityEquality.Kind.REO));
        system.put("poprsp@" + k, new PopularityEquality(tail, PopularityEquality.Kind.RSP));
        system.put("entropy_norm@" + k, new Entropy(popularity.catalogSize(), true));
    }

    public int k() {
        return k;
    }

    /** The per-list metrics by key (for per-user values and intervals). */
    public Map<String, ListMetric> perList() {
        return java.util.Collections.unmodifiableMap(perList);
    }

    /** The per-list metrics' bootstrap 95% intervals and counts, as {@link MetricSuite#intervals}. */
    public Map<String, Object> intervals(List<UserRecs> users, int resamples, long seed) {
        return MetricSuite.intervals(perList, users, resamples, seed);
    }

    /**
     * Every metric's value, in a fixed order, then {@code usercoverage@K}.
     *
     * @param users the averaged users, lists cut to K
     * @param withoutList how many further users have relevant items but no list (user coverage only)
     */
    public Map<String, Double> evaluate(List<UserRecs> users, long withoutList) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (var e : perList.entrySet()) {
            Mean.Acc acc = new Mean(e.getValue()).accumulator();
            users.forEach(acc::add);
            out.put(e.getKey(), acc.evaluate());
        }
        for (var e : system.entrySet()) {
            SystemMetric.Accumulator acc = e.getValue().accumulator();
            users.forEach(acc::add);
            out.put(e.getKey(), acc.evaluate());
        }
        UserCoverage.Acc coverage = new UserCoverage().accumulator();
        users.forEach(coverage::add);
        UserRecs none = new UserRecs(-1, RankedList.empty(), new int[0], new int[0]);
        for (long n = 0; n < withoutList; n++) {
            coverage.add(none);
        }
        out.put("usercoverage@" + k, coverage.evaluate());
        return out;
    }
}
