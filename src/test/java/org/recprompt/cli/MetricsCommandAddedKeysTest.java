package org.recprompt.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The recprompt convention's added keys through {@code recprompt metrics}, hand-computed on a tiny
 * MovieLens CSV dataset: leave-last-out, user 1 trains on 1, 2 and holds out 3 (rated
 * 4); user 2 trains on 1 and holds out 4 (rated 4); user 3 trains on 2, holds out 1 and has no list.
 * pop = 2, 2, 0, 0 for movies 1..4 (4 distinct user-item pairs), |U_train| = 3, head {1, 2}, tail
 * {3, 4}. Lists: user 1 [3, 1] (hit at rank 1), user 2 [2, unknown 99, 4] -> [2, 4] (hit at rank 2).
 */
class MetricsCommandAddedKeysTest {

    static final double EPS = 1e-12;
    static final double D2 = 1 / (Math.log(3) / Math.log(2));
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @Test
    void the_added_metrics_are_printed_beside_the_existing_ones(@TempDir Path dir) throws Exception {
        Path recs = MetricsCommandTest.fixture(dir); // its comment gives the split

        int code = RecPromptCli.run(new String[] {"metrics", "--dataset", dir.toString(), "--recs", recs.toString(),
                "--json"}, new PrintWriter(out), new PrintWriter(err));

        assertThat(code).as(err.toString()).isZero();
        JsonNode j = new ObjectMapper().readTree(out.toString());
        // one relevant item each: graded = binary NDCG
        assertThat(j.get("ndcg_graded@10").asDouble()).isCloseTo((1 + D2) / 2, within(EPS))
                .isCloseTo(j.get("ndcg@10").asDouble(), within(EPS));
        assertThat(j.get("relevant_items_without_gain").asInt()).isZero();
        // AP: 1 and (1/2) / 1; AR: (10 - 1 + 1) / 10 and (10 - 2 + 1) / 10; F1: 2 / (10 + 1) each
        assertThat(j.get("map@10").asDouble()).isCloseTo(0.75, within(EPS));
        assertThat(j.get("mar@10").asDouble()).isCloseTo(0.95, within(EPS));
        assertThat(j.get("f1@10").asDouble()).isCloseTo(2 / 11.0, within(EPS));
        // one tail item in each list
        assertThat(j.get("aclt@10").asDouble()).isCloseTo(1.0, within(EPS));
        // EPC: user 1 (1 + d2 (1 - 2/3)) / (1 + d2), user 2 (1 - 2/3 + d2) / (1 + d2)
        assertThat(j.get("epc@10").asDouble()).isCloseTo((4 / 3.0 + 4 * D2 / 3) / 2 / (1 + D2), within(EPS));
        // relevance-aware: only the hits, 1 / (1 + d2) and d2 / (1 + d2)
        assertThat(j.get("epc_rel@10").asDouble()).isCloseTo(0.5, within(EPS));
        // -log2 p(i|seen) over 4 pairs: movies 1, 2 -> 1; movies 3, 4 (no user, counted as 1) -> 2
        assertThat(j.get("efd@10").asDouble()).isCloseTo(1.5, within(EPS));
        assertThat(j.get("efd_rel@10").asDouble()).isCloseTo(1.0, within(EPS));
        // RSP: head 1 recommended unseen (movie 2 to user 2) of 1 unseen; tail 2 of 4: std 1/4 over mean 3/4
        assertThat(j.get("poprsp@10").asDouble()).isCloseTo(1 / 3.0, within(EPS));
        // REO: no relevant item is in the head: undefined
        assertThat(j.get("popreo@10").isNull() || j.get("popreo@10").asText().equals("NaN")).isTrue();
        // each movie recommended once
        assertThat(j.get("entropy_norm@10").asDouble()).isCloseTo(1.0, within(EPS));
        // users 1 and 2 of the three with a held-out item
        assertThat(j.get("usercoverage@10").asDouble()).isCloseTo(2 / 3.0, within(EPS));
        assertThat(j.get("map@10_n").asInt()).isEqualTo(2);
        assertThat(j.has("map@10_ci95")).isTrue();
    }
}
