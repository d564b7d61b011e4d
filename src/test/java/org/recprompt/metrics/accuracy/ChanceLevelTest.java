package org.recprompt.metrics.accuracy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.recprompt.metrics.Lists.log2;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.recprompt.metrics.Lists;
import org.recprompt.metrics.UserRecs;

/** Chance levels with r relevant items among C candidates (leave-last-n, random holdouts), checked by hand and by enumeration. */
class ChanceLevelTest {

    private static final double EPS = 1e-12;

    @Test
    void two_relevant_among_four_candidates_by_hand() {
        // the 6 equally likely rank pairs of the 2 relevant items: {1,2} {1,3} {1,4} {2,3} {2,4} {3,4}
        // hr@2: all but {3,4} hit = 5/6
        assertThat(ChanceLevel.hitRate(2, 4, 2)).isCloseTo(5.0 / 6, within(EPS));
        // mrr@2: first hit at 1 in 3 pairs, at 2 in 2 pairs: (3 + 2/2) / 6 = 2/3; @3 adds {3,4} at 1/3: 13/18
        assertThat(ChanceLevel.mrr(2, 4, 2)).isCloseTo(2.0 / 3, within(EPS));
        assertThat(ChanceLevel.mrr(3, 4, 2)).isCloseTo(13.0 / 18, within(EPS));
        // ndcg@2: DCG per pair 1+d2, 1, 1, d2, d2, 0 (d2 = 1/log2 3): mean (3 + 3 d2) / 6; IDCG = 1 + d2: 0.5
        double d2 = 1 / log2(3);
        assertThat(ChanceLevel.ndcg(2, 4, 2, 2)).isCloseTo((3 + 3 * d2) / 6 / (1 + d2), within(EPS)).isCloseTo(0.5, within(EPS));
        // ndcg@3: E[DCG] = (2/4)(1 + d2 + 1/2), IDCG = 1 + d2
        assertThat(ChanceLevel.ndcg(3, 4, 2, 2)).isCloseTo(0.5 * (1.5 + d2) / (1 + d2), within(EPS));
        assertThat(ChanceLevel.hitRate(3, 4, 2)).isEqualTo(1.0);
        // the one-item formula would say hr@2 = 0.5: too low
        assertThat(ChanceLevel.hitRate(2, 4)).isCloseTo(0.5, within(EPS));
    }

    @Test
    void every_candidate_relevant_or_a_cutoff_past_the_candidates_and_bad_counts() {
        assertThat(ChanceLevel.hitRate(6, 4, 4)).isEqualTo(1.0);
        assertThat(ChanceLevel.ndcg(6, 4, 4, 4)).isCloseTo(1.0, within(EPS));
        assertThat(ChanceLevel.mrr(6, 4, 4)).isCloseTo(1.0, within(EPS));
        assertThat(ChanceLevel.hitRate(6, 4, 2)).isEqualTo(1.0);
        // k > C with r = 2 of 4: first hit at 1 (1/2), 2 (1/3), 3 (1/6): 1/2 + 1/6 + 1/18
        assertThat(ChanceLevel.mrr(9, 4, 2)).isCloseTo(0.5 + 1.0 / 6 + 1.0 / 18, within(EPS));
        assertThat(ChanceLevel.hitRate(3, 4, 0)).isZero();
        assertThat(ChanceLevel.ndcg(3, 4, 0, 2)).isZero();
        assertThat(ChanceLevel.mrr(3, 4, 0)).isZero();
        // a second relevant item the candidates miss raises the ideal DCG: (1/4)(1 + d2) / (1 + d2)
        assertThat(ChanceLevel.ndcg(2, 4, 1, 2)).isCloseTo(0.25, within(EPS));
        assertThatThrownBy(() -> ChanceLevel.hitRate(2, 4, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 to C=4");
        assertThatThrownBy(() -> ChanceLevel.ndcg(2, 4, 2, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void one_relevant_item_gives_exactly_the_one_item_closed_forms() {
        for (int c = 1; c <= 30; c++) {
            for (int k = 1; k <= 35; k++) {
                double dcg = 0;
                double rr = 0;
                for (int i = 1; i <= Math.min(k, c); i++) {
                    dcg += 1.0 / (Math.log(i + 1) / Math.log(2));
                    rr += 1.0 / i;
                }
                assertThat(ChanceLevel.hitRate(k, c, 1)).isEqualTo(Math.min(k, c) / (double) c);
                assertThat(ChanceLevel.ndcg(k, c, 1, 1)).isEqualTo(dcg / c);
                assertThat(ChanceLevel.mrr(k, c, 1)).isEqualTo(rr / c);
                assertThat(ChanceLevel.ndcg(k, c)).isEqualTo(dcg / c);
            }
        }
    }

    @Test
    void the_levels_are_the_means_of_the_metrics_over_every_placement_of_the_relevant_items() {
        for (int c = 1; c <= 7; c++) {
            for (int r = 1; r <= c; r++) {
                List<int[]> placements = subsets(c, r);
                for (int k = 1; k <= c + 2; k++) {
                    double ndcg = 0;
                    double hr = 0;
                    double mrr = 0;
                    int[] list = new int[c];
                    for (int i = 0; i < c; i++) {
                        list[i] = i;
                    }
                    for (int[] relevant : placements) {
                        UserRecs u = Lists.recs(list, relevant);
                        ndcg += new Ndcg(k).evaluate(u);
                        hr += new HitRate(k).evaluate(u);
                        mrr += new ReciprocalRank(k).evaluate(u);
                    }
                    int n = placements.size();
                    String at = "C=" + c + " r=" + r + " k=" + k;
                    assertThat(ChanceLevel.ndcg(k, c, r, r)).as(at).isCloseTo(ndcg / n, within(1e-9));
                    assertThat(ChanceLevel.hitRate(k, c, r)).as(at).isCloseTo(hr / n, within(1e-9));
                    assertThat(ChanceLevel.mrr(k, c, r)).as(at).isCloseTo(mrr / n, within(1e-9));
                }
            }
        }
    }

    /** Every r-subset of 0..c-1. */
    private static List<int[]> subsets(int c, int r) {
        List<int[]> out = new ArrayList<>();
        for (int mask = 0; mask < 1 << c; mask++) {
            if (Integer.bitCount(mask) == r) {
                int[] s = new int[r];
                int n = 0;
                for (int i = 0; i < c; i++) {
                    if ((mask & 1 << i) != 0) {
                        s[n++] = i;
                    }
                }
                out.add(s);
            }
        }
        return out;
    }
}
