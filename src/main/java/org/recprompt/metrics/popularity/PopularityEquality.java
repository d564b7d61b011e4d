package org.recprompt.metrics.popularity;

import java.util.BitSet;

import org.recprompt.metrics.SystemMetric;
import org.recprompt.metrics.UserRecs;

/**
 * PopREO and PopRSP (Zhu, Wang and Caverlee 2020, Measuring and mitigating item under-recommendation
 * bias in personalized ranking systems; as implemented by Elliot), with the item groups head and
 * tail of {@link LongTail}. For each group g:
 * <ul>
 * <li>REO: p_g = sum_u |L_u ∩ R_u ∩ g| / sum_u |(R_u \ H_u) ∩ g| (hits over relevant unseen items),</li>
 * <li>RSP: p_g = sum_u |(L_u \ H_u) ∩ g| / sum_u |g \ H_u| (recommended unseen items over unseen
 * items),</li>
 * </ul>
 * H_u the training history; result = population std(p_head, p_tail) / mean(p) (Elliot's form of the
 * paper's relative standard deviation over the two groups). 0 is parity. Both numerators count only
 * items the user has not seen in training, as their denominators do (the paper ranks unseen items
 * only; a convention that keeps seen items in the lists would otherwise count them against a
 * denominator that excludes them). Lists are taken as given (cut to K beforehand); an empty list adds
 * to the denominators only; duplicates and non-catalog items were removed by normalisation. NaN when
 * a group has an empty denominator or both p are 0.
 */
public record PopularityEquality(LongTail longTail, Kind kind) implements SystemMetric {

    public enum Kind { REO, RSP }

    @Override
    public Acc accumulator() {
        return new Acc(this);
    }

    /** Numerators and denominators per group (0 = head, 1 = tail). */
    public static final class Acc implements Accumulator {
        private final PopularityEquality m;
        private final double[] num = new double[2];
        private final double[] den = new double[2];

        Acc(PopularityEquality m) {
            this.m = m;
        }

        private int group(int item) {
            return m.longTail.isHead(item) ? 0 : 1;
        }

        @Override
        public void add(UserRecs u) {
            BitSet seen = new BitSet();
            for (int i : u.history()) {
                seen.set(i);
            }
            for (int r = 1; r <= u.list().size(); r++) {
                int item = u.list().itemAt(r);
                if (!seen.get(item) && (m.kind == Kind.RSP || u.isRelevant(item))) {
                    num[group(item)]++;
                }
            }
            if (m.kind == Kind.REO) {
                for (int i : u.relevant()) {
                    if (!seen.get(i)) {
                        den[group(i)]++;
                    }
                }
            } else {
                int seenHead = 0;
                int seenTail = 0;
                for (int i = seen.nextSetBit(0); i >= 0; i = seen.nextSetBit(i + 1)) {
                    if (i < m.longTail.catalogSize()) {
                        if (m.longTail.isHead(i)) {
                            seenHead++;
                        } else {
                            seenTail++;
                        }
                    }
                }
                den[0] += m.longTail.headSize() - seenHead;
                den[1] += m.longTail.tailSize() - seenTail;
            }
        }

        @Override
        public void combine(Accumulator other) {
            Acc o = (Acc) other;
            for (int g = 0; g < 2; g++) {
                num[g] += o.num[g];
                den[g] += o.den[g];
            }
        }

        @Override
        public double evaluate() {
            if (den[0] == 0 || den[1] == 0) {
                return Double.NaN;
            }
            double p0 = num[0] / den[0];
            double p1 = num[1] / den[1];
            double mean = (p0 + p1) / 2;
            if (mean == 0) {
                return Double.NaN;
            }
            double std = Math.abs(p0 - p1) / 2;
            return std / mean;
        }
    }
}
