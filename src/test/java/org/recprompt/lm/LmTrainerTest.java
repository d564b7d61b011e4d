package org.recprompt.lm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.recprompt.base.ProgressMonitor;
import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.split.Split;
import org.recprompt.dataset.split.Splits;

class LmTrainerTest {

    final Dataset d = LmFixtures.cyclic();
    final Split split = Splits.leaveLastOut(d);

    LmTrainer.Result train(LmSettings s) {
        Vocabulary v = Vocabulary.build(d.items(), s.tokenisation());
        return LmTrainer.train(TrainingCorpus.of(split, v), s, ProgressMonitor.NONE);
    }

    @Test
    void training_is_deterministic_for_a_seed_and_differs_for_another() {
        LmSettings s = LmSettings.tiny(Tokenisation.ITEM).withEpochs(2);
        List<Double> first;
        List<Double> second;
        List<Double> other;
        LmTrainer.Result r1 = train(s);
        LmTrainer.Result r2 = train(s);
        LmTrainer.Result r3 = train(s.withSeed(2));
        first = r1.curve().stream().map(LmTrainer.LossPoint::loss).toList();
        second = r2.curve().stream().map(LmTrainer.LossPoint::loss).toList();
        other = r3.curve().stream().map(LmTrainer.LossPoint::loss).toList();
        assertThat(first).hasSizeGreaterThan(3).isEqualTo(second);
        assertThat(other).isNotEqualTo(first);
        int[] ctx = {Vocabulary.BOS, r1.model().vocabulary().item(0)[0]};
        assertThat(r1.model().nextLogProbs(ctx)).containsExactly(r2.model().nextLogProbs(ctx));
        r1.model().close();
        r2.model().close();
        r3.model().close();
    }

    @Test
    void the_loss_falls_and_a_trained_item_model_predicts_the_next_item_of_the_cycle() throws Exception {
        LmTrainer.Result r = train(LmSettings.tiny(Tokenisation.ITEM).withEpochs(30));
        try (LanguageModel m = r.model()) {
            assertThat(r.finalLoss()).isLessThan(r.curve().get(0).loss() / 2);
            assertThat(r.stop()).isEqualTo(LmTrainer.Stop.EPOCHS);
            Vocabulary v = m.vocabulary();
            // after items 3, 4, 5 (indices 2, 3, 4) comes item 6 (index 5)
            int[] ctx = TrainingCorpus.sequence(v, new int[] {2, 3, 4});
            float[] lp = m.nextLogProbs(ctx);
            int best = 0;
            for (int t = 1; t < lp.length; t++) {
                best = lp[t] > lp[best] ? t : best;
            }
            assertThat(v.itemOf(best)).isEqualTo(5);
            // saved and loaded, the model answers the same
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            m.saveParameters(bytes);
            try (LanguageModel loaded = LanguageModel.load(m.settings(), v, new ByteArrayInputStream(bytes.toByteArray()))) {
                assertThat(loaded.nextLogProbs(ctx)).containsExactly(lp);
            }
        }
    }

    @Test
    void a_cancelled_training_stops_and_keeps_what_it_learnt() {
        ProgressMonitor cancelAtOnce = new ProgressMonitor() {
            public void begin(long t) { }
            public void worked(long a) { }
            public void message(String m) { }
            public boolean isCancelled() {
                return true;
            }
        };
        Vocabulary v = Vocabulary.build(d.items(), Tokenisation.ITEM);
        LmTrainer.Result r = LmTrainer.train(TrainingCorpus.of(split, v), LmSettings.tiny(Tokenisation.ITEM), cancelAtOnce);
        try (LanguageModel m = r.model()) {
            assertThat(r.stop()).isEqualTo(LmTrainer.Stop.CANCELLED);
            assertThat(r.steps()).isZero();
        }
    }

    @Test
    void the_learning_rate_warms_up_decays_to_a_tenth_at_the_planned_end_and_follows_a_shorter_plan() {
        LmTrainer.Schedule lr = new LmTrainer.Schedule(2e-3f, 200);
        // warm-up over 5% of 200 steps: 10 steps from a hundredth of the peak
        assertThat(lr.getNewValue(0)).isCloseTo(2e-5f, within(1e-9f));
        assertThat(lr.getNewValue(5)).isCloseTo(2e-5f + (2e-3f - 2e-5f) / 2, within(1e-8f));
        assertThat(lr.getNewValue(10)).isCloseTo(2e-3f, within(1e-8f));
        // cosine: halfway through the decay the rate is midway between the peak and a tenth of it
        assertThat(lr.getNewValue(105)).isCloseTo((2e-3f + 2e-4f) / 2, within(1e-8f));
        assertThat(lr.getNewValue(200)).isCloseTo(2e-4f, within(1e-9f));
        assertThat(lr.getNewValue(400)).isCloseTo(2e-4f, within(1e-9f));
        // a time budget that leaves 100 steps: the decay ends at step 100
        lr.plan(100);
        assertThat(lr.total()).isEqualTo(100);
        assertThat(lr.getNewValue(100)).isCloseTo(2e-4f, within(1e-9f));
        assertThat(lr.getNewValue(50)).isGreaterThan(2e-4f).isLessThan(2e-3f);
    }

    @Test
    void batches_group_windows_of_similar_length_and_cover_every_window_once() {
        List<int[]> windows = new java.util.ArrayList<>();
        for (int k = 1; k <= 10; k++) {
            windows.add(new int[k % 2 == 0 ? 3 : 9]);
        }
        List<List<int[]>> batches = LmTrainer.batches(windows, 5, new java.util.Random(1));
        assertThat(batches).hasSize(2);
        assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(10);
        for (List<int[]> b : batches) {
            // one length per batch: no window is padded
            assertThat(b.stream().mapToInt(w -> w.length).distinct().count()).isEqualTo(1);
        }
        assertThat(batches.stream().flatMap(List::stream).distinct().count()).isEqualTo(10);
    }
}
