package org.recprompt.lm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.split.Split;
import org.recprompt.dataset.split.Splits;

class GenerationTest {

    final Dataset d = LmFixtures.cyclic();
    final Split split = Splits.leaveLastOut(d);
    final Vocabulary v = Vocabulary.build(d.items(), Tokenisation.WORD);
    final PrefixTree tree = PrefixTree.of(v);

    @Test
    void the_prefix_tree_knows_every_title_and_blocks_titles_per_request() {
        assertThat(tree.size()).isEqualTo(12);
        assertThat(tree.itemOf(v.item(3))).isEqualTo(3);
        assertThat(tree.itemOf(v.encodeText("Red"))).isEqualTo(-1); // a prefix, not a title
        PrefixTree.Blocked blocked = tree.blocked();
        PrefixTree.Node red = tree.find(v.encodeText("Red"));
        assertThat(red.tokens()).hasSize(3); // planet, river, moon
        blocked.block(0); // Red Planet (1990)
        blocked.block(0);
        assertThat(blocked.open(red)).isTrue();
        blocked.block(3); // Red River (1993)
        blocked.block(10); // Red Moon (2000)
        assertThat(blocked.open(red)).isFalse();
        assertThat(blocked.mayEnd(tree.find(v.item(0)))).isFalse();
        assertThat(blocked.mayEnd(tree.find(v.item(1)))).isTrue();
    }

    @Test
    void constrained_decoding_never_yields_a_title_outside_the_catalog_and_free_sampling_from_an_untrained_model_does() {
        try (LanguageModel untrained = LanguageModel.untrained(LmSettings.tiny(Tokenisation.WORD), v)) {
            P5Scorer scorer = new P5Scorer(untrained, split);
            int invented = 0;
            int free = 0;
            for (int u = 0; u < 5; u++) {
                for (Generator.Title t : scorer.generate(u, 3, Decoding.FREE, 1.0, 7)) {
                    free++;
                    invented += t.item() < 0 ? 1 : 0;
                }
                List<Generator.Title> constrained = scorer.generate(u, 3, Decoding.CONSTRAINED, 1.0, 7);
                assertThat(constrained).hasSize(3);
                List<Integer> items = new ArrayList<>();
                for (Generator.Title t : constrained) {
                    assertThat(t.item()).as(t.text()).isGreaterThanOrEqualTo(0);
                    assertThat(t.text()).isEqualTo(v.decode(v.item(t.item())));
                    items.add(t.item());
                }
                assertThat(items).doesNotHaveDuplicates();
                for (int h : split.history(u)) {
                    assertThat(items).doesNotContain(h);
                }
            }
            assertThat(free).isPositive();
            assertThat(invented).isPositive();
        }
    }

    @Test
    void a_continuations_log_probability_is_the_sum_of_its_next_token_log_probabilities() {
        try (LanguageModel m = LanguageModel.untrained(LmSettings.tiny(Tokenisation.WORD), v)) {
            int[] ctx = TrainingCorpus.sequence(v, new int[] {0, 1});
            int[] title = {v.item(2)[0], v.item(2)[1], v.item(2)[2], Vocabulary.SEP};
            double expected = 0;
            int[] running = ctx;
            for (int t : title) {
                expected += m.nextLogProbs(running)[t];
                running = java.util.Arrays.copyOf(running, running.length + 1);
                running[running.length - 1] = t;
            }
            double[] got = m.continuationLogProbs(ctx, List.of(title, new int[] {title[0], Vocabulary.SEP}, new int[0]), false);
            assertThat(got[0]).isCloseTo(expected, within(1e-4));
            assertThat(got[2]).isEqualTo(Double.NEGATIVE_INFINITY);
            double[] normalised = m.continuationLogProbs(ctx, List.of(title), true);
            assertThat(normalised[0]).isCloseTo(expected / title.length, within(1e-4));
        }
    }

    @Test
    void batched_next_token_log_probabilities_equal_one_context_at_a_time_whatever_the_padding() {
        try (LanguageModel m = LanguageModel.untrained(LmSettings.tiny(Tokenisation.WORD), v)) {
            int[] shortCtx = TrainingCorpus.sequence(v, new int[] {0});
            int[] longCtx = TrainingCorpus.sequence(v, new int[] {0, 1, 2, 3});
            float[][] both = m.nextLogProbs(List.of(shortCtx, longCtx));
            float[] one = m.nextLogProbs(shortCtx);
            float[] two = m.nextLogProbs(longCtx);
            for (int t = 0; t < one.length; t++) {
                assertThat((double) both[0][t]).isCloseTo(one[t], within(1e-4));
                assertThat((double) both[1][t]).isCloseTo(two[t], within(1e-4));
            }
        }
    }

    @Test
    void sampling_picks_the_argmax_at_temperature_zero_and_only_allowed_tokens() {
        float[] lp = {-3, -0.1f, -2, -5};
        assertThat(Generator.pick(lp, new boolean[] {true, true, true, true}, 0, new Random(1))).isEqualTo(1);
        assertThat(Generator.pick(lp, new boolean[] {true, false, true, false}, 0, new Random(1))).isEqualTo(2);
        assertThat(Generator.pick(lp, new boolean[4], 1, new Random(1))).isEqualTo(-1);
        for (int s = 0; s < 50; s++) {
            assertThat(Generator.pick(lp, new boolean[] {true, false, false, true}, 1, new Random(s))).isIn(0, 3);
        }
    }
}
