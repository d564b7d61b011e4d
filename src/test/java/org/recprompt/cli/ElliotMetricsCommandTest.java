package org.recprompt.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code recprompt metrics --protocol elliot --k 10,20,50 --json} end to end. Leave-last-out on a
 * tiny MovieLens dataset: user 1 trains on {1, 2} and holds out 3; user 2 trains on {3, 1} and
 * holds out 2; user 3 trains on {2} and holds out 4; user 4 trains on {4} and holds out 5 (no list).
 * pop (distinct training users) = 1: 2, 2: 2, 3: 1, 4: 1, 5: 0 (unknown to training).
 * Lists (top_k = 50): user 1 [3, 1 (seen), 4] -> [3, 4]; user 2 [99 (not in the dataset), 2] -> [2];
 * user 3 [4, 4] -> [4, 4] (the repeat is kept).
 */
class ElliotMetricsCommandTest {

    static final double EPS = 1e-12;
    static final List<String> METRICS = List.of("ndcg", "ndcgrendle2020", "recall", "precision", "hr", "f1", "map",
            "mar", "mrr", "aclt", "aplt", "arp", "popreo", "poprsp", "itemcoverage", "usercoverage", "gini",
            "sentropy", "efd", "epc");

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @Test
    void elliot_json_has_every_metric_at_every_cutoff_and_the_values_elliot_would_print(@TempDir Path dir)
            throws Exception {
        Files.writeString(dir.resolve("movies.csv"), """
                movieId,title,genres
                1,One (1990),Comedy
                2,Two (1991),Drama
                3,Three (1992),Comedy|Drama
                4,Four (1993),Horror
                5,Five (1994),Horror
                """);
        Files.writeString(dir.resolve("ratings.csv"), """
                userId,movieId,rating,timestamp
                1,1,4.0,1
                1,2,4.0,2
                1,3,4.0,3
                2,3,4.0,1
                2,1,4.0,2
                2,2,4.0,3
                3,2,4.0,1
                3,4,4.0,2
                4,4,4.0,1
                4,5,4.0,2
                """);
        Path recs = dir.resolve("recs.csv");
        Files.writeString(recs, """
                user,item,rank
                1,3,1
                1,1,2
                1,4,3
                2,99,1
                2,2,2
                3,4,1
                3,4,2
                """);

        int code = RecPromptCli.run(new String[] {"metrics", "--dataset", dir.toString(), "--recs", recs.toString(),
            "--protocol", "elliot", "--k", "10,20,50", "--json"}, new PrintWriter(out), new PrintWriter(err));

        assertThat(code).as(err.toString()).isZero();
        JsonNode j = new ObjectMapper().readTree(out.toString());
        for (String name : METRICS) {
            for (int k : new int[] {10, 20, 50}) {
                assertThat(j.has(name + "@" + k)).as(name + "@" + k).isTrue();
            }
        }
        assertThat(j.get("protocol").asText()).isEqualTo("elliot");
        assertThat(j.get("n_users").asInt()).isEqualTo(3);
        assertThat(j.get("users_without_list").asInt()).isEqualTo(1);
        assertThat(j.get("items_seen_in_train").asInt()).isEqualTo(1);
        assertThat(j.get("items_unknown_to_train").asInt()).isEqualTo(1);
        assertThat(j.get("repeated_items_kept").asInt()).isEqualTo(1);
        assertThat(j.get("top_k").asInt()).isEqualTo(50);
        // every user hits at rank 1 with one relevant item (IDCG = 1); user 3's repeat adds 1/log2(3)
        double log2of3 = Math.log(3) / Math.log(2);
        assertThat(j.get("ndcg@10").asDouble()).isCloseTo((1 + 1 + 1 + 1 / log2of3) / 3, within(EPS));
        // precision divides by K whatever the list's length: (1 + 1 + 2) / 10 / 3; recall (1 + 1 + 2) / 3
        assertThat(j.get("precision@10").asDouble()).isCloseTo(4 / 30.0, within(EPS));
        assertThat(j.get("precision@50").asDouble()).isCloseTo(4 / 150.0, within(EPS));
        assertThat(j.get("recall@20").asDouble()).isCloseTo(4 / 3.0, within(EPS));
        // head: transactions 6, limit 4.8: 1 (2) -> 2.8, 2 (2) -> 0.8, 3 (1) -> -0.2: head {1, 2, 3}, tail {4}
        // ARP over [3, 4], [2], [4, 4]: ((1 + 1)/2 + 2/1 + (1 + 1)/2) / 3 = 4/3; ACLT (1 + 0 + 1) / 3
        assertThat(j.get("arp@10").asDouble()).isCloseTo(4 / 3.0, within(EPS));
        assertThat(j.get("aclt@10").asDouble()).isCloseTo(2 / 3.0, within(EPS));
        // items {2, 3, 4} (counts, not shares), users with a list 3
        assertThat(j.get("itemcoverage@10").asDouble()).isEqualTo(3.0);
        assertThat(j.get("usercoverage@10").asDouble()).isEqualTo(3.0);
        // PopREO: head hits 3 (user 1) and 2 (user 2) over 2 unseen relevant head items, tail hit 4 over 1: equal, 0
        assertThat(j.get("popreo@10").asDouble()).isCloseTo(0.0, within(EPS));
    }
}
