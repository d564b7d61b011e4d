package org.recprompt.lm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.Fixtures;
import org.recprompt.dataset.split.Split;
import org.recprompt.dataset.split.Splits;

class TrainingCorpusTest {

    // leave-last-out holds out each user's last row: a -> 3, b -> 4, c -> 4 (4 is only ever held out)
    final Dataset d = Fixtures.withTitles(new String[] {"Toy Story (1995)", "Heat (1995)", "American President, The (1995)", "Jumanji (1995)"},
            new String[4], "a 1 5 1", "a 2 5 2", "a 3 5 3", "b 2 5 1", "b 1 5 2", "b 4 5 3", "c 3 5 1", "c 4 5 2");
    final Split split = Splits.leaveLastOut(d);

    @Test
    void sequences_hold_each_users_training_items_in_order_and_never_a_held_out_interaction() {
        Vocabulary v = Vocabulary.build(d.items(), Tokenisation.ITEM);
        TrainingCorpus c = TrainingCorpus.of(split, v);
        int jumanji = v.item(d.items().indexOf("4"))[0];
        for (int u = 0; u < d.users().size(); u++) {
            int[] seq = c.sequence(u);
            assertThat(seq[0]).isEqualTo(Vocabulary.BOS);
            int[] items = Arrays.stream(seq).skip(1).map(v::itemOf).toArray();
            assertThat(items).containsExactly(split.history(u));
            for (int held : split.heldOut(u)) {
                // a held-out item may be in the history only when the user also interacted with it in training
                assertThat(Arrays.stream(split.history(u)).anyMatch(i -> i == held) || Arrays.stream(items).noneMatch(i -> i == held))
                        .isTrue();
            }
            assertThat(seq).doesNotContain(jumanji);
        }
        assertThat(c.windows(128).stream().flatMapToInt(Arrays::stream).anyMatch(t -> t == jumanji)).isFalse();
        // user a: <bos> 1 2 (3 is held out)
        assertThat(c.sequence(d.users().indexOf("a"))).containsExactly(Vocabulary.BOS, v.item(0)[0], v.item(1)[0]);
    }

    @Test
    void word_sequences_spell_titles_with_a_separator_and_the_held_out_title_never_appears() {
        Vocabulary v = Vocabulary.build(d.items(), Tokenisation.WORD);
        TrainingCorpus c = TrainingCorpus.of(split, v);
        int[] a = c.sequence(d.users().indexOf("a"));
        assertThat(v.decode(Arrays.copyOfRange(a, 1, a.length))).isEqualTo("toy story (1995) <sep> heat (1995) <sep>");
        int jumanjiWord = v.tokens().indexOf("jumanji");
        assertThat(c.windows(8).stream().flatMapToInt(Arrays::stream).anyMatch(t -> t == jumanjiWord)).isFalse();
        assertThat(Vocabulary.split("American President, The (1995)")).containsExactly("american", "president", ",", "the", "(1995)");
        assertThat(v.decode(v.item(2))).isEqualTo("american president, the (1995)");
    }

    @Test
    void windows_cut_long_sequences_sharing_one_token_and_the_fingerprint_follows_the_split() {
        Vocabulary v = Vocabulary.build(d.items(), Tokenisation.ITEM);
        TrainingCorpus c = TrainingCorpus.of(split, v);
        // a's sequence has 3 tokens: windows of 1 target each -> [bos, 1], [1, 2]
        List<int[]> w = c.windows(1);
        assertThat(w.get(0)).containsExactly(Vocabulary.BOS, v.item(0)[0]);
        assertThat(w.get(1)).containsExactly(v.item(0)[0], v.item(1)[0]);
        assertThat(c.targetTokens(1)).isEqualTo(2 + 2 + 1);
        assertThat(c.fingerprint()).isEqualTo(TrainingCorpus.of(split, v).fingerprint())
                .isNotEqualTo(TrainingCorpus.of(Splits.leaveLastN(d, 2), v).fingerprint());
    }

    @Test
    void items_with_too_few_training_users_get_no_token_are_left_out_of_the_sequences_and_a_restored_vocabulary_agrees() {
        // training users per item: Toy Story 2 (a, b), Heat 2 (a, b), American President 1 (c), Jumanji 0 (only held out)
        double[] users = ModelEvaluation.popularity(split);
        assertThat(users).containsExactly(2, 2, 1, 0);
        Vocabulary v = Vocabulary.build(d.items(), Tokenisation.ITEM, users, 2);
        assertThat(v.size()).isEqualTo(Vocabulary.SPECIAL.size() + 2);
        assertThat(v.item(2)).isEmpty();
        assertThat(v.item(3)).isEmpty();
        TrainingCorpus c = TrainingCorpus.of(split, v);
        // c watched American President in training: its sequence is <bos> alone, so it gives no window
        assertThat(c.sequence(d.users().indexOf("c"))).containsExactly(Vocabulary.BOS);
        assertThat(c.windows(8)).hasSize(2);
        // what a run checks: the vocabulary saved with the model, restored over the catalog, gives the same corpus
        Vocabulary restored = Vocabulary.restore(d.items(), Tokenisation.ITEM, v.tokens());
        assertThat(TrainingCorpus.of(split, restored).fingerprint()).isEqualTo(c.fingerprint());
        assertThat(Vocabulary.build(d.items(), Tokenisation.ITEM, users, 1).size()).isEqualTo(Vocabulary.SPECIAL.size() + 4);
    }
}
