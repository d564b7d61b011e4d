package org.recprompt.metrics.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.recprompt.metrics.MetricSuite;
import org.recprompt.metrics.diversity.Genres;
import org.recprompt.metrics.popularity.Popularity;

/** The recprompt convention's added keys, hand-computed on three users. */
class RecpromptExtendedMetricsTest {

    static final double EPS = 1e-12;
    static final double D2 = 1 / (Math.log(3) / Math.log(2));
    /** Four items; item 3 has no training interaction; head {0, 1, 2} (2 + 1 + 1 of 4 interactions), tail {3}. */
    private static final Popularity POP = new Popularity(new int[] {2, 1, 1, 0}, new int[] {2, 1, 1, 0}, 2);

    static List<EvalUser> users(double ra0, double ra2, double rb1) {
        // a: raw [-1, 1, 1, 2] -> [1, 2]; test 2 (rated ra2) and 0 (ra0)
        EvalUser a = new EvalUser(0, new int[] {-1, 1, 1, 2}, new int[] {1}, new int[] {2, 0}, new double[] {ra2, ra0});
        // b: [1]; test 1 (rb1)
        EvalUser b = new EvalUser(1, new int[] {1}, new int[] {0}, new int[] {1}, new double[] {rb1});
        // c: test items but no list
        EvalUser c = new EvalUser(2, null, new int[] {0}, new int[] {3}, new double[] {4});
        return List.of(a, b, c);
    }

    ProtocolResult evaluate(List<EvalUser> users, Relevance relevance, int... ks) {
        return new RecpromptProtocol().evaluate(new EvalInput(4, POP, null, users, relevance), ks);
    }

    @Test
    void mapMarF1AndUserCoverageAtTwo() {
        ProtocolResult r = evaluate(users(2, 5, 1), Relevance.ALL, 2);
        Map<String, Double> m = r.metrics();
        // a: R = {0, 2}, hit 2 at rank 2: AP = (1/2) / 2, AR = 1 / (2 * 2), F1 = 2 / (2 + 2)
        // b: R = {1}, hit at rank 1: AP = 1, AR = 2 / (2 * 1), F1 = 2 / (2 + 1)
        assertThat(m.get("map@2")).isCloseTo((0.25 + 1) / 2, within(EPS));
        assertThat(m.get("mar@2")).isCloseTo((0.25 + 1) / 2, within(EPS));
        assertThat(m.get("f1@2")).isCloseTo((0.5 + 2 / 3.0) / 2, within(EPS));
        // a and b have an item; c has relevant items but no list
        assertThat(m.get("usercoverage@2")).isCloseTo(2 / 3.0, within(EPS));
        // no list holds the tail item 3
        assertThat(m.get("aclt@2")).isZero();
        assertThat(m).containsKeys("efd@2", "efd_rel@2", "epc@2", "epc_rel@2", "popreo@2", "poprsp@2", "entropy_norm@2");
    }

    @Test
    void gradedNdcgUsesTheRatingsAsExponentialGains() {
        ProtocolResult r = evaluate(users(2, 5, 1), Relevance.ALL, 2);
        // a: gains 0 -> 3, 2 -> 31; item 2 at rank 2: 31 d(2) / (31 + 3 d(2)); b: gain 1 at rank 1: 1
        assertThat(r.metrics().get("ndcg_graded@2")).isCloseTo((31 * D2 / (31 + 3 * D2) + 1) / 2, within(EPS));
        assertThat(r.counts()).containsEntry("relevant_items_without_gain", 0L);
        // with the threshold 4 only a's item 2 is relevant: graded equals binary, d(2)
        ProtocolResult t = evaluate(users(2, 5, 1), Relevance.atLeast(4), 2);
        assertThat(t.metrics().get("ndcg_graded@2")).isCloseTo(D2, within(EPS)).isCloseTo(t.metrics().get("ndcg@2"), within(EPS));
    }

    @Test
    void gradedNdcgIsAbsentWhenARelevantItemHasNoRatingAndTheCountSaysHowMany() {
        double none = Double.NaN;
        ProtocolResult r = evaluate(users(none, none, none), Relevance.ALL, 2, 5);
        assertThat(r.metrics()).doesNotContainKeys("ndcg_graded@2", "ndcg_graded@5").containsKeys("map@2", "map@5");
        // a's two and b's one relevant item
        assertThat(r.counts()).containsEntry("relevant_items_without_gain", 3L);
        // one unrated item is enough to leave the key out
        ProtocolResult partly = evaluate(users(2, none, 1), Relevance.ALL, 2);
        assertThat(partly.metrics()).doesNotContainKey("ndcg_graded@2");
        assertThat(partly.counts()).containsEntry("relevant_items_without_gain", 1L);
    }

    @Test
    void theExistingKeysKeepTheirValuesForOneCutoff() {
        List<EvalUser> users = users(2, 5, 1);
        ProtocolResult r = evaluate(users, Relevance.ALL, 10);
        RecpromptProtocol p = new RecpromptProtocol();
        EvalInput input = new EvalInput(4, POP, null, users, Relevance.ALL);
        Map<String, Object> suite = new MetricSuite(10, POP, new Genres(new int[4][], 0)).evaluate(p.userRecs(input, 10));
        suite.forEach((key, value) -> {
            if (value instanceof Double d) {
                assertThat(r.metrics().get(key)).as(key).isEqualTo(d);
            } else {
                assertThat(r.counts().get(key)).as(key).isEqualTo(((Number) value).longValue());
            }
        });
        assertThat(r.metrics()).containsKeys("ndcg@10", "arp", "coverage", "map@10", "usercoverage@10");
    }
}
