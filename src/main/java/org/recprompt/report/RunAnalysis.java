package org.recprompt.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.recprompt.metrics.stability.PositionBias;
import org.recprompt.report.RunFolder.Call;
import org.recprompt.report.RunFolder.Slot;

/**
 * What the charts show beyond the run's aggregates, computed from its single answers: the held-out
 * item's prompt position against hits, exposure counts for Lorenz curves.
 * Lists are treated as the metrics treat them (METRICS.md): the grounded top-K list is the catalog
 * items of an answer in slot order, duplicates removed, cut to K.
 */
public final class RunAnalysis {

    private RunAnalysis() {
    }

    /** The grounded top-K list of an answer. */
    public static List<String> topK(Call call, int k) {
        Set<String> list = new LinkedHashSet<>();
        for (Slot s : call.slots()) {
            if (list.size() == k) {
                break;
            }
            if (s.itemId() != null && !"HALLUCINATED".equals(s.outcome())) {
                list.add(s.itemId());
            }
        }
        return List.copyOf(list);
    }

    /** HR@K of one answer: whether its top-K list holds a held-out item. */
    public static boolean hit(Call call, int k) {
        return topK(call, k).stream().anyMatch(call.relevant()::contains);
    }

    /**
     * HR@K by the prompt position (1..C) of the held-out item, per variant; only answers whose
     * candidates hold a held-out item count (the first one shown, when several are). Empty when the
     * answers carry no candidates or held-out items.
     */
    public static Map<String, PositionBias.ByPosition> positionBias(RunFolder run, int k) {
        int c = run.candidateCount();
        Map<String, List<int[]>> trials = new LinkedHashMap<>();
        for (Call call : run.calls()) {
            if (call.candidates().isEmpty() || call.relevant().isEmpty()) {
                continue;
            }
            int size = c > 0 ? c : call.candidates().size();
            int position = -1;
            for (int p = 0; p < call.candidates().size() && position < 0; p++) {
                if (call.relevant().contains(call.candidates().get(p))) {
                    position = p + 1;
                }
            }
            if (position >= 1 && position <= size) {
                trials.computeIfAbsent(call.variant(), v -> new ArrayList<>()).add(new int[] {position, hit(call, k) ? 1 : 0, size});
            }
        }
        Map<String, PositionBias.ByPosition> out = new LinkedHashMap<>();
        for (String v : run.variantIds()) {
            List<int[]> t = trials.get(v);
            if (t == null) {
                continue;
            }
            int size = t.stream().mapToInt(x -> x[2]).max().orElse(0);
            out.put(v, PositionBias.hitRateByPosition(t.stream().mapToInt(x -> x[0]).toArray(), hits(t), size));
        }
        return out;
    }

    private static boolean[] hits(List<int[]> trials) {
        boolean[] out = new boolean[trials.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = trials.get(i)[1] == 1;
        }
        return out;
    }

    /**
     * How often each catalog item was recommended in the top-K lists of each variant, ascending,
     * with a zero for every catalog item never recommended (catalogSize items in all; when the run
     * does not record the catalog size, only recommended items count).
     */
    public static Map<String, long[]> exposure(RunFolder run, int k, int catalogSize) {
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        for (Call call : run.calls()) {
            Map<String, Long> m = counts.computeIfAbsent(call.variant(), v -> new HashMap<>());
            for (String item : topK(call, k)) {
                m.merge(item, 1L, Long::sum);
            }
        }
        Map<String, long[]> out = new LinkedHashMap<>();
        for (String v : run.variantIds()) {
            Map<String, Long> m = counts.get(v);
            if (m == null || m.isEmpty()) {
                continue;
            }
            long[] c = new long[Math.max(catalogSize, m.size())];
            int i = c.length - m.size();
            for (long x : m.values()) {
                c[i++] = x;
            }
            Arrays.sort(c);
            out.put(v, c);
        }
        return out;
    }

    /**
     * The Lorenz curve of ascending counts: points (share of items, share of recommendations) from
     * (0, 0) to (1, 1), thinned to at most {@code maxPoints} (every point where the curve bends is
     * kept when there are fewer).
     */
    public static double[][] lorenz(long[] ascending, int maxPoints) {
        int n = ascending.length;
        double total = Arrays.stream(ascending).sum();
        int step = Math.max(1, n / Math.max(1, maxPoints - 1));
        List<double[]> points = new ArrayList<>();
        points.add(new double[] {0, 0});
        double cumulative = 0;
        for (int i = 0; i < n; i++) {
            cumulative += ascending[i];
            if ((i + 1) % step == 0 || i == n - 1) {
                points.add(new double[] {(i + 1) / (double) n, total == 0 ? 0 : cumulative / total});
            }
        }
        return points.toArray(double[][]::new);
    }

    /** The Gini index of ascending counts (METRICS.md): sum_j (2j - n - 1) c_j / (N (n - 1)). */
    public static double gini(long[] ascending) {
        int n = ascending.length;
        double total = Arrays.stream(ascending).sum();
        if (n < 2 || total == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int j = 1; j <= n; j++) {
            sum += (2.0 * j - n - 1) * ascending[j - 1];
        }
        return sum / (total * (n - 1));
    }

    /** Total cost and tokens of each variant: from summary.json, else summed over the answers. */
    public static Map<String, double[]> costs(RunFolder run) {
        Map<String, double[]> out = new LinkedHashMap<>();
        Map<String, double[]> summed = new HashMap<>();
        for (Call c : run.calls()) {
            double[] s = summed.computeIfAbsent(c.variant(), v -> new double[2]);
            s[0] += c.cost();
            s[1] += c.inputTokens() + c.outputTokens();
        }
        for (RunFolder.Variant v : run.variants()) {
            double[] s = summed.getOrDefault(v.id(), new double[2]);
            double cost = Double.isNaN(v.cost()) ? s[0] : v.cost();
            double tokens = v.inputTokens() + v.outputTokens() > 0 ? v.inputTokens() + v.outputTokens() : s[1];
            out.put(v.id(), new double[] {cost, tokens});
        }
        return out;
    }
}
