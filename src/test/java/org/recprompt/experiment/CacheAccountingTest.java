package org.recprompt.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.recprompt.backend.PriceTable;
import org.recprompt.backend.Usage;
import org.recprompt.experiment.ExperimentSpec.BackendSpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Prompt-cache tokens in the journal and responses.jsonl, and the experiment's cached prices. */
class CacheAccountingTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static String experiment(String price) {
        return """
                name: cached
                dataset: { path: data/ml, format: movielens-csv }
                split: { method: leave-last-out }
                candidates: { size: 20, negatives: random, seed: 1 }
                templates: [ a.mustache ]
                backends:
                  - id: gpt
                    type: openai
                    model: gpt-4o
                """ + (price == null ? "" : "    price: " + price + "\n") + """
                k: [10]
                metrics: [ndcg]
                """;
    }

    @Test
    void a_record_writes_its_cache_counts_at_the_end_of_usage_and_reads_them_back() throws Exception {
        CallRecord r = new CallRecord("v", "gpt", "t", "1", "u1", 0, "OK", "1. A", null, List.of(), 1_000, 100, 5, 0.00275,
                false, 1, "h", List.of("i1"), List.of("i1")).withCacheTokens(600, 0);
        JsonNode n = JSON.readTree(JSON.writeValueAsString(r.toJson()));
        assertThat(n.path("usage").path("cached_input_tokens").asLong()).isEqualTo(600);
        assertThat(n.path("usage").path("cache_write_tokens").asLong()).isZero();
        assertThat(CallRecord.cacheReported(n)).isTrue();
        assertThat(CallRecord.fromJson(n)).isEqualTo(r);
    }

    @Test
    void a_record_from_before_cache_counts_reads_as_zero_and_not_reported() throws Exception {
        JsonNode old = JSON.readTree("{\"variant\":\"v\",\"backend\":\"gpt\",\"user\":\"u1\",\"repeat\":0,\"status\":\"OK\","
                + "\"slots\":[],\"usage\":{\"input_tokens\":50,\"output_tokens\":7},\"cost\":0.1}");
        CallRecord r = CallRecord.fromJson(old);
        assertThat(r.inputTokens()).isEqualTo(50);
        assertThat(r.cachedInputTokens()).isZero();
        assertThat(r.cacheWriteTokens()).isZero();
        assertThat(CallRecord.cacheReported(old)).isFalse();
    }

    @Test
    void the_price_keys_cached_input_and_cache_write_are_read_written_and_used() {
        ExperimentSpec s = ExperimentYaml.read(experiment("{ input: 2.0, output: 8.0, cachedInput: 0.2, cacheWrite: 2.5 }"), "e.yaml");
        BackendSpec b = s.backends().get(0);
        assertThat(b.priceCachedInput()).isEqualTo(0.2);
        assertThat(b.priceCacheWrite()).isEqualTo(2.5);
        assertThat(ExperimentYaml.read(ExperimentYaml.write(s), "again.yaml")).isEqualTo(s);
        PriceTable.Price p = BackendPrices.price(b, PriceTable.defaults()).orElseThrow();
        // 400 x 2.0 + 300 x 0.2 + 300 x 2.5 + 100 x 8.0 = 800 + 60 + 750 + 800 per million
        assertThat(p.cost(new Usage(1_000, 100, 300, 300))).isCloseTo(0.002410, within(1e-12));
        Map<String, Object> basis = BackendPrices.basis(b, PriceTable.defaults()).orElseThrow();
        assertThat(basis).containsEntry("cachedInput", 0.2).containsEntry("source", "experiment");
    }

    @Test
    void an_overridden_input_price_keeps_the_list_ratio_for_cached_input() {
        BackendSpec b = ExperimentYaml.read(experiment("{ input: 4.0, output: 8.0 }"), "e.yaml").backends().get(0);
        PriceTable.Price p = BackendPrices.price(b, PriceTable.defaults()).orElseThrow();
        assertThat(p.cachedInputPerMillion()).isCloseTo(2.0, within(1e-12)); // gpt-4o: cached at 50% of input
        BackendSpec listed = ExperimentYaml.read(experiment(null), "e.yaml").backends().get(0);
        assertThat(BackendPrices.basis(listed, PriceTable.defaults()).orElseThrow()).containsEntry("cachedInput", 1.25)
                .containsEntry("source", "list");
    }

    @Test
    void an_unknown_price_key_is_refused_with_the_allowed_ones() {
        assertThatThrownBy(() -> ExperimentYaml.read(experiment("{ input: 1, cached: 0.5 }"), "e.yaml"))
                .hasMessageContaining("cached");
    }
}
