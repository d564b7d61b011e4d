package org.recprompt.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code recprompt metrics --protocol recbole} end to end on a tiny MovieLens CSV dataset (as MetricsCommandTest's).
 * Leave-last-out: user 1 trains on movies 1, 2 and holds out 3; user 2 trains on 1 and holds out 4;
 * user 3 trains on 2 and holds out 1 and has no list. Lists: user 1 [3, 1]: 1 is training history,
 * RecBole masks it -> top K [3]; user 2 [2, unknown 99, 4] -> [2, 4] (2 is not user 2's history).
 * Training interactions: movies 1 and 2 two each, 3 and 4 none. RecBole's num_items = 4 + 1 (padding).
 */
class MetricsRecboleProtocolTest {

    static final double EPS = 1e-12;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    static Path fixture(Path dir) throws Exception {
        return MetricsCommandTest.fixture(dir); // its comment gives the split
    }

    @Test
    void json_has_recbole_keys_at_each_k_and_hand_computed_values(@TempDir Path dir) throws Exception {
        Path recs = fixture(dir);

        int code = RecPromptCli.run(new String[] {"metrics", "--dataset", dir.toString(), "--recs", recs.toString(),
                "--protocol", "recbole", "--k", "10,20", "--json"}, new PrintWriter(out), new PrintWriter(err));

        assertThat(code).as(err.toString()).isZero();
        JsonNode j = new ObjectMapper().readTree(out.toString());
        List<String> keys = new ArrayList<>();
        j.fieldNames().forEachRemaining(keys::add);
        for (int k : new int[] {10, 20}) {
            for (String m : new String[] {"hit", "mrr", "ndcg", "precision", "recall", "map", "itemcoverage",
                    "averagepopularity", "giniindex", "shannonentropy", "tailpercentage"}) {
                assertThat(keys).contains(m + "@" + k);
            }
        }
        assertThat(j.get("protocol").asText()).isEqualTo("recbole");
        // every user with a test item is averaged; user 3 has no list and scores 0
        assertThat(j.get("n_users").asInt()).isEqualTo(3);
        assertThat(j.get("users_without_list").asInt()).isEqualTo(1);
        assertThat(j.get("history_items_dropped").asInt()).isEqualTo(1);
        assertThat(j.get("unknown_items_dropped").asInt()).isEqualTo(1);
        // user 1: hit at rank 1 -> ndcg 1; user 2: hit at rank 2 of one positive -> 1/log2(3); user 3: 0
        assertThat(j.get("ndcg@10").asDouble()).isCloseTo((1 + 1 / log2(3)) / 3, within(EPS));
        assertThat(j.get("mrr@10").asDouble()).isCloseTo((1 + 0.5) / 3, within(EPS));
        assertThat(j.get("hit@20").asDouble()).isCloseTo(2.0 / 3, within(EPS));
        // one hit each over K slots: (1/10 + 1/10 + 0) / 3 and (1/20 + 1/20 + 0) / 3
        assertThat(j.get("precision@10").asDouble()).isCloseTo(0.2 / 3, within(EPS));
        assertThat(j.get("precision@20").asDouble()).isCloseTo(0.1 / 3, within(EPS));
        // MAP: user 1 P@1 / min(1, K) = 1, user 2 P@2 = 1/2 -> (1 + 1/2 + 0) / 3
        assertThat(j.get("map@10").asDouble()).isCloseTo(0.5, within(EPS));
        // recommended {3, 2, 4} over 4 + 1 items
        assertThat(j.get("itemcoverage@10").asDouble()).isCloseTo(0.6, within(EPS));
        // user 2's movie 2 has 2 training interactions: (0 + 2/10 + 0) / 3
        assertThat(j.get("averagepopularity@10").asDouble()).isCloseTo(0.2 / 3, within(EPS));
        // counts [1, 1, 1], idx 3..5 of n = 5: (0 + 2 + 4) / 3 / 5
        assertThat(j.get("giniindex@10").asDouble()).isCloseTo(0.4, within(EPS));
        assertThat(j.get("shannonentropy@10").asDouble()).isCloseTo(Math.log(3) / 3, within(EPS));
        // tail: max(int(2 * 0.1), 1) = 1 of movies 1 and 2 (tied at 2): movie 1, the lower index, never recommended
        assertThat(j.get("tailpercentage@10").asDouble()).isCloseTo(0.0, within(EPS));
        assertThat(j.get("tail_boundary_ties").asInt()).isEqualTo(2);
    }
}
