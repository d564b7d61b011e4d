package org.recprompt.metrics.stability;

import java.util.List;

import org.recprompt.metrics.RankedList;
import org.recprompt.metrics.fairness.ListSimilarity;

/**
 * Prompt sensitivity across paraphrases of a template (METRICS.md "Stability and position bias";
 * Sclar et al. 2024, Quantifying language models' sensitivity to spurious features in prompt design).
 */
public final class PromptSensitivity {

    private PromptSensitivity() {
    }

    /**
     * The mean Jaccard@K over the unordered pairs of one user's lists under different paraphrases
     * ({@link ListSimilarity#jaccard}; two empty lists are identical). 1 when every paraphrase gives
     * the same top-K set. NaN with fewer than two lists.
     */
    public static double meanPairwiseJaccard(List<RankedList> lists, int k) {
        int n = lists.size();
        if (n < 2) {
            return Double.NaN;
        }
        double sum = 0;
        for (int a = 0; a < n; a++) {
            for (int b = a + 1; b < n; b++) {
                sum += ListSimilarity.jaccard(lists.get(a), lists.get(b), k);
            }
        }
        return sum / (n * (n - 1) / 2.0);
    }

    /**
     * The spread of one metric across paraphrases (each value the metric's mean over the users for
     * one paraphrase): min, max, mean and population standard deviation (divisor n).
     */
    public record Spread(int n, double min, double max, double mean, double std) {

        public double range() {
            return max - min;
        }

        /** NaN values are refused; no values give n = 0 and NaN everywhere. */
        public static Spread of(double[] values) {
            int n = values.length;
            if (n == 0) {
                return new Spread(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            }
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            double sum = 0;
            for (double v : values) {
                if (Double.isNaN(v)) {
                    throw new IllegalArgumentException("a value is NaN; remove undefined values first");
                }
                min = Math.min(min, v);
                max = Math.max(max, v);
                sum += v;
            }
            double mean = sum / n;
            double ss = 0;
            for (double v : values) {
                ss += (v - mean) * (v - mean);
            }
            return new Spread(n, min, max, mean, Math.sqrt(ss / n));
        }
    }
}
