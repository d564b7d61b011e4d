package org.recprompt.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Prompt-cache tokens priced at their own rates, computed by hand. */
class CachedPriceTest {

    @Test
    void cached_input_is_priced_at_the_cached_rate_and_the_rest_at_the_input_rate() {
        PriceTable.Price p = new PriceTable.Price(2.50, 10.00, 1.25, 2.50);
        // 400 uncached x $2.50/M + 600 cached x $1.25/M + 100 output x $10/M = 0.001 + 0.00075 + 0.001
        assertThat(p.cost(new Usage(1_000, 100, 600, 0))).isCloseTo(0.002750, within(1e-12));
        assertThat(p.cost(new Usage(1_000, 100))).isCloseTo(0.003500, within(1e-12));
    }

    @Test
    void anthropic_reads_cost_a_tenth_and_writes_a_quarter_more_than_input() {
        PriceTable.Price p = PriceTable.defaults().price("claude-sonnet-4-20250514").orElseThrow();
        assertThat(p.cachedInputPerMillion()).isCloseTo(0.30, within(1e-12));
        assertThat(p.cacheWritePerMillion()).isCloseTo(3.75, within(1e-12));
        // 500 uncached x 3 + 200 read x 0.30 + 300 written x 3.75 + 100 out x 15 = 1500 + 60 + 1125 + 1500 (per million)
        assertThat(p.cost(new Usage(1_000, 100, 200, 300))).isCloseTo(0.004185, within(1e-12));
    }

    @Test
    void openai_list_prices_halve_cached_input_for_4o_and_quarter_it_for_4_1() {
        PriceTable t = PriceTable.defaults();
        assertThat(t.price("gpt-4o").orElseThrow().cachedInputPerMillion()).isCloseTo(1.25, within(1e-12));
        assertThat(t.price("gpt-4o-mini").orElseThrow().cachedInputPerMillion()).isCloseTo(0.075, within(1e-12));
        assertThat(t.price("gpt-4.1").orElseThrow().cachedInputPerMillion()).isCloseTo(0.50, within(1e-12));
        assertThat(t.price("gpt-4.1-mini").orElseThrow().cachedInputPerMillion()).isCloseTo(0.10, within(1e-12));
        assertThat(t.price("gpt-4o").orElseThrow().cacheWritePerMillion()).isCloseTo(2.50, within(1e-12));
    }

    @Test
    void a_model_without_a_cache_discount_prices_cached_tokens_as_input() {
        PriceTable t = new PriceTable();
        t.put("m", 1.0, 2.0);
        assertThat(t.cost("m", new Usage(1_000_000, 0, 500_000, 0))).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void usage_adds_its_cache_counts_and_refuses_parts_larger_than_the_whole() {
        assertThat(new Usage(10, 1, 4, 2).plus(new Usage(5, 1, 1, 0))).isEqualTo(new Usage(15, 2, 5, 2));
        assertThatThrownBy(() -> new Usage(10, 1, 8, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot exceed");
    }
}
