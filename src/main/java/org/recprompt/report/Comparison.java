package org.recprompt.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.recprompt.metrics.accuracy.ChanceLevel;
import org.recprompt.metrics.stats.HolmBonferroni;
import org.recprompt.metrics.stats.PairedComparison;
import org.recprompt.report.MetricDefinitions.Definition;
import org.recprompt.report.MetricDefinitions.Direction;
import org.recprompt.report.MetricDefinitions.Family;
import org.recprompt.report.RunFolder.Estimate;

/**
 * Variants against metrics: each value with its interval as the run recorded it, the best per
 * metric marked (by the metric's direction; none for metrics without one; ties all marked), the
 * chance level where the run has one, and every other variant tested against a baseline variant on
 * the users both were evaluated on (paired, from the per-user values; Wilcoxon signed-rank or the
 * paired t-test of {@link PairedComparison}), with Holm's correction across all the tests of the
 * table (variants x metrics). Metrics without per-user values (coverage, Gini, entropy) are not tested.
 * A failed variant (every call failed) has no values: never best, never tested, never the baseline
 * (the first variant that did not fail takes its place, and {@link #baselineNote} says so).
 */
public final class Comparison {

    /** The paired test. */
    public enum Test {
        WILCOXON("Wilcoxon signed-rank test"), T_TEST("paired t-test");

        private final String label;

        Test(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** "wilcoxon" or "t" (also "t-test", "ttest"). */
        public static Test parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "")) {
                case "wilcoxon", "w" -> WILCOXON;
                case "t", "ttest", "paired" -> T_TEST;
                default -> throw new ReportException("Unknown test '" + s + "': use wilcoxon or t");
            };
        }
    }

    /**
     * A variant against the baseline on one metric, over the n users both have values for: mean
     * difference (variant - baseline) with its bootstrap 95% interval, the raw and Holm-adjusted
     * p-values, and the effect size (rank-biserial r for Wilcoxon, Cohen's d_z for the t-test).
     */
    public record Pair(int n, double meanDifference, double ciLow, double ciHigh, double p, double pHolm, boolean significant,
            double effectSize) {
    }

    /** One value of the table; test is null for the baseline and for metrics without per-user values. */
    public record Cell(String variant, Estimate estimate, boolean best, Pair test) {

        /** Significantly better (true), worse (false) than the baseline given the direction, or null. */
        public Boolean better(Direction direction) {
            if (test == null || !test.significant() || direction == Direction.NEUTRAL) {
                return null;
            }
            return (test.meanDifference() > 0) == (direction == Direction.HIGHER);
        }
    }

    /** One metric across the variants, in variant order; chance is NaN when the run has none for it. */
    public record Row(Definition metric, double chance, List<Cell> cells) {

        public Cell cell(String variant) {
            return cells.stream().filter(c -> c.variant().equals(variant)).findFirst().orElseThrow();
        }
    }

    private final List<String> variants;
    private final String baseline;
    private final Test test;
    private final double alpha;
    private final List<Row> rows;
    private final int tests;

    private final String baselineNote;
    private final Map<String, VariantStatus> statuses;

    private Comparison(List<String> variants, String baseline, Test test, double alpha, List<Row> rows, int tests,
            String baselineNote, Map<String, VariantStatus> statuses) {
        this.baselineNote = baselineNote;
        this.statuses = statuses;
        this.variants = variants;
        this.baseline = baseline;
        this.test = test;
        this.alpha = alpha;
        this.rows = rows;
        this.tests = tests;
    }

    /** The comparison of a run's variants against {@code baseline} (null: the first variant). */
    public static Comparison of(RunFolder run, String baseline, Test test, double alpha) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new ReportException("The significance level must lie between 0 and 1, not " + alpha);
        }
        String asked = baseline == null ? run.variantIds().get(0) : run.variant(baseline).id();
        String base = asked;
        String note = null;
        if (run.variant(asked).failed()) { // a variant that measured nothing is no baseline
            base = run.variants().stream().filter(v -> !v.failed()).map(RunFolder.Variant::id).findFirst().orElse(asked);
            note = base.equals(asked) ? "Every variant failed: nothing was tested."
                    : "The baseline is " + base + ", not " + asked + ": " + asked + " failed (every call), so it measured nothing.";
        }
        long seed = seed(run);
        List<String> metrics = run.metricNames();
        List<String> variants = run.variantIds();
        PairedComparison[][] paired = new PairedComparison[metrics.size()][variants.size()];
        List<Double> ps = new ArrayList<>();
        for (int m = 0; m < metrics.size(); m++) {
            Map<String, Double> b = run.perUser(base, metrics.get(m));
            for (int v = 0; v < variants.size(); v++) {
                if (!variants.get(v).equals(base) && !b.isEmpty()) {
                    paired[m][v] = paired(run.perUser(variants.get(v), metrics.get(m)), b, seed);
                }
                if (paired[m][v] != null) {
                    ps.add(p(paired[m][v], test));
                }
            }
        }
        double[] adjusted = HolmBonferroni.adjust(ps.stream().mapToDouble(Double::doubleValue).toArray());
        int tests = (int) java.util.Arrays.stream(adjusted).filter(x -> !Double.isNaN(x)).count();
        List<Row> rows = new ArrayList<>();
        int next = 0;
        for (int m = 0; m < metrics.size(); m++) {
            Definition def = MetricDefinitions.of(metrics.get(m));
            List<Estimate> estimates = new ArrayList<>();
            for (String v : variants) {
                estimates.add(run.variant(v).metrics().getOrDefault(metrics.get(m), new Estimate(Double.NaN, Double.NaN, Double.NaN, 0)));
            }
            boolean[] best = best(estimates, def.direction());
            List<Cell> cells = new ArrayList<>();
            for (int v = 0; v < variants.size(); v++) {
                Pair pair = null;
                PairedComparison pc = paired[m][v];
                if (pc != null) {
                    double p = p(pc, test);
                    double holm = adjusted[next++];
                    pair = new Pair(pc.n(), pc.meanDifference(), pc.ciLow(), pc.ciHigh(), p, holm, !Double.isNaN(holm) && holm <= alpha,
                            test == Test.WILCOXON ? pc.rankBiserial() : pc.cohensD());
                }
                cells.add(new Cell(variants.get(v), estimates.get(v), best[v], pair));
            }
            rows.add(new Row(def, chance(run, metrics.get(m)), List.copyOf(cells)));
        }
        Map<String, VariantStatus> statuses = new java.util.LinkedHashMap<>();
        run.variants().forEach(v -> statuses.put(v.id(), v.health()));
        return new Comparison(variants, base, test, alpha, List.copyOf(rows), tests, note, statuses);
    }

    /** The values of the users both variants have, paired; null with fewer than 2 such users. */
    private static PairedComparison paired(Map<String, Double> a, Map<String, Double> b, long seed) {
        List<String> common = a.keySet().stream().filter(b::containsKey).toList();
        if (common.size() < 2) {
            return null;
        }
        double[] x = common.stream().mapToDouble(a::get).toArray();
        double[] y = common.stream().mapToDouble(b::get).toArray();
        return PairedComparison.of(x, y, seed);
    }

    private static double p(PairedComparison pc, Test test) {
        return test == Test.WILCOXON ? pc.wilcoxonP() : pc.tTestP();
    }

    /** The best cells: the highest (or lowest) mean; ties within 1e-9 all count; none without a direction. */
    static boolean[] best(List<Estimate> estimates, Direction direction) {
        boolean[] out = new boolean[estimates.size()];
        if (direction == Direction.NEUTRAL) {
            return out;
        }
        double sign = direction == Direction.HIGHER ? 1 : -1;
        double top = estimates.stream().mapToDouble(Estimate::mean).filter(x -> !Double.isNaN(x)).map(x -> sign * x).max()
                .orElse(Double.NaN);
        int withValue = (int) estimates.stream().filter(e -> !Double.isNaN(e.mean())).count();
        for (int i = 0; i < out.length; i++) {
            double x = estimates.get(i).mean();
            out[i] = withValue > 1 && !Double.isNaN(x) && Math.abs(sign * x - top) <= 1e-9 * Math.max(1, Math.abs(top));
        }
        if (withValue > 1 && allTrue(out, estimates)) {
            return new boolean[out.length];
        }
        return out;
    }

    /** When every variant with a value ties, none is "best". */
    private static boolean allTrue(boolean[] best, List<Estimate> estimates) {
        for (int i = 0; i < best.length; i++) {
            if (!Double.isNaN(estimates.get(i).mean()) && !best[i]) {
                return false;
            }
        }
        return true;
    }

    /** The run's chance level for an accuracy metric; MRR@K computed from the candidate count. */
    static double chance(RunFolder run, String metric) {
        Double recorded = run.chanceLevels().get(metric);
        if (recorded != null) {
            return recorded;
        }
        int c = run.candidateCount();
        int at = metric.indexOf('@');
        if (c > 0 && at > 0 && metric.startsWith("mrr@")) {
            try {
                return ChanceLevel.mrr(Integer.parseInt(metric.substring(at + 1)), c);
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    private static long seed(RunFolder run) {
        Object s = run.seeds().getOrDefault("bootstrap", run.seeds().get("experiment"));
        return s instanceof Number n ? n.longValue() : 7L;
    }

    public List<String> variants() {
        return variants;
    }

    public String baseline() {
        return baseline;
    }

    /** Why the baseline is not the one asked for (the asked one failed), or null. */
    public String baselineNote() {
        return baselineNote;
    }

    /** How the variant's calls went. */
    public VariantStatus status(String variant) {
        return statuses.get(variant);
    }

    /** Whether the variant failed: its column is greyed, without values, star or arrows. */
    public boolean failed(String variant) {
        VariantStatus s = statuses.get(variant);
        return s != null && s.failed();
    }

    /** The header in plain ASCII (PDF, LaTeX): "id (!partial)", "id (failed)" or the id. */
    public String plainLabel(String variant) {
        VariantStatus s = statuses.get(variant);
        return s == null ? variant : s.partial() ? variant + " (!partial)" : s.failed() ? variant + " (failed)" : variant;
    }

    /** The variant's id as a column header: a partial variant carries the warning sign. */
    public String label(String variant) {
        VariantStatus s = statuses.get(variant);
        return s != null && s.partial() ? variant + " " + VariantStatus.PARTIAL_MARK : variant;
    }

    public Test test() {
        return test;
    }

    public double alpha() {
        return alpha;
    }

    public List<Row> rows() {
        return rows;
    }

    /** The rows of one family, in run order. */
    public List<Row> rows(Family family) {
        return rows.stream().filter(r -> r.metric().family() == family).toList();
    }

    public Row row(String metric) {
        return rows.stream().filter(r -> r.metric().name().equals(metric)).findFirst()
                .orElseThrow(() -> new ReportException("The run has no metric '" + metric + "'"));
    }

    /** How many tests Holm's correction ran over. */
    public int tests() {
        return tests;
    }

    /** One sentence on how significance was decided, for every report. */
    public String method() {
        return String.format(Locale.ROOT, "Each variant against the baseline '%s', paired per user (%s, two-sided); p-values "
                + "Holm-corrected across the %d tests of the table; significant when the adjusted p is at most %s. Metrics without "
                + "per-user values are not tested.", baseline, test.label(), tests, Formats.number(alpha));
    }
}
