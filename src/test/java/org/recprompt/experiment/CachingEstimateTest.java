package org.recprompt.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.recprompt.backend.PriceTable;
import org.recprompt.experiment.ExperimentSpec.BackendSpec;
import org.recprompt.experiment.ExperimentSpec.Kind;
import org.recprompt.prompt.Message;
import org.recprompt.prompt.RenderedPrompt;

/** What prompt caching is expected to save, from the prefix two users' prompts share. */
class CachingEstimateTest {

    static BackendSpec backend(String type, String model) {
        return ExperimentYaml.read(CacheAccountingTest.experiment(null).replace("type: openai", "type: " + type)
                .replace("model: gpt-4o", "model: " + model), "e.yaml").backends().get(0);
    }

    static RenderedPrompt prompt(String system, String user) {
        return new RenderedPrompt("t", "1", List.of(new Message("system", system), new Message("user", user)), null, List.of());
    }

    @Test
    void the_prefix_is_what_two_users_prompts_share_and_anthropic_caches_only_the_system_prompt() {
        String instructions = "x".repeat(4_000);
        RenderedPrompt a = prompt("You recommend.", instructions + " history of user one");
        RenderedPrompt b = prompt("You recommend.", instructions + " history of user two");
        long openai = CachingEstimate.prefixTokens(a, b, Kind.OPENAI);
        // "system\nYou recommend.\nuser\n" (27) + 4,000 x + " history of user " (17) = 4,044 characters, 4 a token
        assertThat(openai).isEqualTo(1_011);
        assertThat(CachingEstimate.prefixTokens(a, b, Kind.ANTHROPIC)).isLessThan(10); // the system prompt alone
    }

    @Test
    void a_long_prefix_saves_its_tokens_on_every_call_after_the_first_at_input_minus_cached_rate() {
        BackendSpec gpt = backend("openai", "gpt-4o");
        Optional<PriceTable.Price> price = PriceTable.defaults().price("gpt-4o");
        CachingEstimate e = CachingEstimate.of(gpt, price, 101, 2_000.0 * 101, true);
        assertThat(e.prefixTokens()).isEqualTo(2_000);
        assertThat(e.cacheableCalls()).isEqualTo(100);
        // 2,000 tokens x 100 calls x ($2.50 - $1.25) per million = $0.25
        assertThat(e.saving()).isCloseTo(0.25, within(1e-12));
        assertThat(e.note()).contains("~2,000 shared prefix tokens x 100 calls").contains("$0.2500");
    }

    @Test
    void a_prefix_under_1024_tokens_saves_nothing_and_says_why() {
        CachingEstimate e = CachingEstimate.of(backend("openai", "gpt-4o"), PriceTable.defaults().price("gpt-4o"), 500,
                300.0 * 500, true);
        assertThat(e.saving()).isZero();
        assertThat(e.note()).contains("saves nothing").contains("~300 tokens").contains("at least 1,024 tokens");
    }

    @Test
    void one_user_measures_no_shared_prefix_and_an_unpriced_model_has_no_saving_figure() {
        BackendSpec gpt = backend("openai", "gpt-4o");
        assertThat(CachingEstimate.of(gpt, Optional.empty(), 10, 0, false).note()).contains("not estimated");
        CachingEstimate unpriced = CachingEstimate.of(backend("openai-compatible", "my-local-model"), Optional.empty(), 10,
                2_000.0 * 10, true);
        assertThat(unpriced.saving()).isZero();
        assertThat(unpriced.note()).contains("saving unknown");
    }
}
