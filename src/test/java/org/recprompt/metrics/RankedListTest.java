package org.recprompt.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RankedListTest {

    @Test
    void normalisation_drops_out_of_catalog_ids_and_repeats_and_keeps_rank_order() {
        RankedList l = RankedList.of(new int[] {4, -1, 4, 12, 9, 10, 0, 9}, 10);

        assertThat(l.items()).containsExactly(4, 9, 0);
        assertThat(l.rankOf(9)).isEqualTo(2);
        assertThat(l.rankOf(7)).isZero();
    }

    @Test
    void null_and_empty_raw_lists_become_the_empty_list() {
        assertThat(RankedList.of(null, 10).isEmpty()).isTrue();
        assertThat(RankedList.of(new int[0], 10).size()).isZero();
        assertThat(RankedList.of(new int[] {-3, 11}, 10).isEmpty()).isTrue();
    }

    @Test
    void top_k_cuts_long_lists_and_leaves_short_ones() {
        RankedList l = RankedList.of(new int[] {1, 2, 3}, 10);

        assertThat(l.top(2).items()).containsExactly(1, 2);
        assertThat(l.top(5)).isEqualTo(l);
    }

    @Test
    void a_gap_keeps_its_position_while_a_dropped_slot_closes_up() {
        // -1 (not in the catalog) is dropped and closes up; the two gaps keep positions: 0 at 1, 1 at 2, 2 at 5
        RankedList l = RankedList.of(new int[] {-1, 0, 1, RankedList.GAP, RankedList.GAP, 2, RankedList.GAP}, 10);

        assertThat(l.size()).isEqualTo(3);
        assertThat(l.items()).containsExactly(0, 1, 2);
        assertThat(l.hasGaps()).isTrue();
        assertThat(l.rankAt(3)).isEqualTo(5);
        assertThat(l.rankOf(2)).isEqualTo(5);
        assertThat(l.top(4).items()).containsExactly(0, 1);
        assertThat(l.top(4).hasGaps()).isFalse();
        assertThat(l.top(5)).isEqualTo(l);
        assertThat(l).isNotEqualTo(RankedList.of(new int[] {0, 1, 2}, 10));
        // gaps after the last item change nothing
        assertThat(RankedList.of(new int[] {0, 1, RankedList.GAP}, 10)).isEqualTo(RankedList.of(new int[] {0, 1}, 10));
    }
}
