package org.recprompt.metrics.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.recprompt.metrics.popularity.Popularity;

class RecpromptProtocolTest {

    /** Four items; item 3 has no training interaction. */
    private static final Popularity POP = new Popularity(new int[] {2, 1, 1, 0}, new int[] {2, 1, 1, 0}, 2);

    @Test
    void normalisesListsAndAveragesOverUsersWithAListAndARelevantItem() {
        // user 0: raw [-1, 1, 1, 2]: the unknown item and the repeat drop, the list is [1, 2]; test {2 (rated 5), 0 (rated 2)}
        EvalUser a = new EvalUser(0, new int[] {-1, 1, 1, 2}, new int[] {1}, new int[] {2, 0}, new double[] {5, 2});
        // user 1: a list but its only test item is rated 1: relevant only without a threshold
        EvalUser b = new EvalUser(1, new int[] {1}, new int[] {0}, new int[] {1}, new double[] {1});
        // user 2: test items but no list: never averaged
        EvalUser c = new EvalUser(2, null, new int[] {0}, new int[] {3}, new double[] {4});
        EvalInput input = new EvalInput(4, POP, null, List.of(a, b, c), Relevance.atLeast(4));

        ProtocolResult r = new RecpromptProtocol().evaluate(input, new int[] {1, 2});

        // only user 0 counts; item 2 (relevant) is at rank 2 of [1, 2]
        assertThat(r.metrics().get("hr@1")).isEqualTo(0.0);
        assertThat(r.metrics().get("hr@2")).isEqualTo(1.0);
        assertThat(r.metrics().get("ndcg@2")).isCloseTo(1 / (Math.log(3) / Math.log(2)), within(1e-12));
        assertThat(r.metrics()).containsKeys("arp@1", "coverage@2");
        assertThat(r.counts()).containsEntry("n_users", 1L).containsEntry("users_without_held_out", 1L)
                .containsEntry("users_without_list", 1L);

        ProtocolResult all = new RecpromptProtocol().evaluate(new EvalInput(4, POP, null, List.of(a, b, c), Relevance.ALL),
                new int[] {1});
        // without a threshold user 1's item 1 is a hit at rank 1, and item 0 joins user 0's relevant set
        assertThat(all.metrics().get("hr@1")).isEqualTo(0.5);
        assertThat(all.metrics()).containsKey("arp").doesNotContainKey("arp@1");
    }

    @Test
    void relevanceWithAThresholdNeverCountsAnUnratedInteraction() {
        assertThat(Relevance.atLeast(3.5).isRelevant(Double.NaN)).isFalse();
        assertThat(Relevance.ALL.isRelevant(Double.NaN)).isTrue();
        assertThat(Relevance.atLeast(3.5).isRelevant(3.5)).isTrue();
        assertThatThrownBy(() -> Relevance.atLeast(Double.NaN)).hasMessageContaining("finite");
    }

    @Test
    void namesAreCheckedAndCutoffsSorted() {
        assertThat(Protocols.of("RecPrompt").id()).isEqualTo("recprompt");
        assertThatThrownBy(() -> Protocols.of("lenskit")).hasMessageContaining("use one of recprompt");
        assertThat(Protocols.cutoffs(List.of(50, 10, 20, 10))).containsExactly(10, 20, 50);
        assertThatThrownBy(() -> Protocols.cutoffs(List.of(0))).hasMessageContaining("at least 1");
    }
}
