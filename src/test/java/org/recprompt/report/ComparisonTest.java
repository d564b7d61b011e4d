package org.recprompt.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.report.Comparison.Cell;
import org.recprompt.report.MetricDefinitions.Direction;
import org.recprompt.report.RunFolder.Estimate;

/** Significance, Holm's correction, best per metric and chance levels on hand-computed fixtures. */
class ComparisonTest {

    @TempDir
    Path dir;

    /**
     * Six users. ndcg@10: A = base + (0.05, 0.10, ..., 0.30), all positive, so Wilcoxon's W+ = 21 and
     * the exact two-sided p = 2 / 2^6 = 0.03125; B = base + (0.05, ..., 0.25, -0.30): W+ = 15,
     * 14 of the 64 sign patterns reach it, p = 28/64 = 0.4375. novelty: A = base (no difference:
     * no test), B = base + (1, 2, 3, 4, 5, 0): the zero pair is dropped, W+ = 15 of 5 pairs,
     * p = 2 / 2^5 = 0.0625. Holm over m = 3: 0.03125 x 3 = 0.09375, 0.0625 x 2 = 0.125,
     * 0.4375 x 1 = 0.4375.
     */
    Path wilcoxonRun() throws IOException {
        double[] d = {0.05, 0.10, 0.15, 0.20, 0.25, 0.30};
        List<String> lines = new ArrayList<>(List.of("variant,user,ndcg@10,novelty"));
        for (int u = 0; u < 6; u++) {
            lines.add(row("base", u, 0.5, 5));
            lines.add(row("A", u, 0.5 + d[u], 5));
            lines.add(row("B", u, 0.5 + (u == 5 ? -d[u] : d[u]), 5 + (u == 5 ? 0 : u + 1)));
        }
        return run("wilcoxon", lines, """
                {"ndcg@10": {"mean": 0.5, "ci": [0.4, 0.6]}, "novelty": {"mean": 5.0}}""", """
                {"ndcg@10": {"mean": 0.675, "ci": [0.6, 0.75]}, "novelty": {"mean": 5.0}}""", """
                {"ndcg@10": {"mean": 0.575, "ci": [0.45, 0.7]}, "novelty": {"mean": 7.5}}""");
    }

    private static String row(String variant, int user, double ndcg, double novelty) {
        return String.format(Locale.ROOT, "%s,u%d,%.6f,%.6f", variant, user + 1, ndcg, novelty);
    }

    private Path run(String name, List<String> perUser, String base, String a, String b) throws IOException {
        Path run = Files.createDirectories(dir.resolve(name));
        Files.writeString(run.resolve("summary.json"), """
                {"experiment": "stats", "k": [10], "seeds": {"bootstrap": 11},
                 "candidates": {"size": 20, "chance_level": {"ndcg@10": 0.227178}},
                 "variants": [{"id": "base", "metrics": %s}, {"id": "A", "metrics": %s}, {"id": "B", "metrics": %s}]}
                """.formatted(base, a, b), StandardCharsets.UTF_8);
        Files.write(run.resolve("metrics-per-user.csv"), perUser, StandardCharsets.UTF_8);
        return run;
    }

    @Test
    void paired_wilcoxon_p_values_are_holm_corrected_across_variants_and_metrics() throws IOException {
        Comparison c = Comparison.of(RunFolder.open(wilcoxonRun()), "base", Comparison.Test.WILCOXON, 0.05);

        assertThat(c.tests()).isEqualTo(3);
        Cell aNdcg = c.row("ndcg@10").cell("A");
        Cell bNdcg = c.row("ndcg@10").cell("B");
        Cell bNovelty = c.row("novelty").cell("B");
        assertThat(aNdcg.test().p()).isCloseTo(0.03125, within(1e-12));
        assertThat(bNdcg.test().p()).isCloseTo(0.4375, within(1e-12));
        assertThat(bNovelty.test().p()).isCloseTo(0.0625, within(1e-12));
        assertThat(bNovelty.test().n()).isEqualTo(6);
        assertThat(aNdcg.test().pHolm()).isCloseTo(0.09375, within(1e-12));
        assertThat(bNovelty.test().pHolm()).isCloseTo(0.125, within(1e-12));
        assertThat(bNdcg.test().pHolm()).isCloseTo(0.4375, within(1e-12));
        assertThat(c.row("novelty").cell("A").test().p()).isNaN();
        assertThat(c.row("ndcg@10").cell("base").test()).as("the baseline is not tested against itself").isNull();
        // Raw p = 0.031 would pass at 0.05; after Holm nothing does.
        assertThat(c.rows().stream().flatMap(r -> r.cells().stream()).filter(x -> x.test() != null && x.test().significant())).isEmpty();
        assertThat(aNdcg.test().meanDifference()).isCloseTo(0.175, within(1e-9));
        assertThat(aNdcg.test().effectSize()).as("rank-biserial: all pairs favour A").isCloseTo(1.0, within(1e-12));
    }

    @Test
    void at_a_looser_level_only_the_comparison_that_survives_holm_is_significant_and_better() throws IOException {
        Comparison c = Comparison.of(RunFolder.open(wilcoxonRun()), "base", Comparison.Test.WILCOXON, 0.1);

        Cell aNdcg = c.row("ndcg@10").cell("A");
        assertThat(aNdcg.test().significant()).isTrue();
        assertThat(aNdcg.better(Direction.HIGHER)).isTrue();
        assertThat(aNdcg.better(Direction.LOWER)).isFalse();
        assertThat(c.row("novelty").cell("B").test().significant()).isFalse();
        assertThat(c.row("ndcg@10").cell("B").test().significant()).isFalse();
    }

    @Test
    void the_paired_t_test_matches_its_closed_form_for_two_degrees_of_freedom() throws IOException {
        // Differences 1, 2, 3: t = 2 / (1 / sqrt 3) = 2 sqrt 3 with df = 2, where the two-sided p is
        // 1 - t / sqrt(t^2 + 2) = 1 - sqrt(12/14) = 0.0741799...
        List<String> lines = List.of("variant,user,ndcg@10,novelty", "base,u1,0.1,1", "base,u2,0.1,1", "base,u3,0.1,1",
                "A,u1,1.1,1", "A,u2,2.1,1", "A,u3,3.1,1", "B,u1,0.1,1", "B,u2,0.1,1", "B,u3,0.1,1");
        Path run = run("ttest", lines, "{\"ndcg@10\": 0.1}", "{\"ndcg@10\": 2.1}", "{\"ndcg@10\": 0.1}");
        Comparison c = Comparison.of(RunFolder.open(run), null, Comparison.Test.T_TEST, 0.05);

        assertThat(c.baseline()).as("the first variant by default").isEqualTo("base");
        assertThat(c.tests()).isEqualTo(1);
        double expected = 1 - Math.sqrt(12.0 / 14.0);
        assertThat(c.row("ndcg@10").cell("A").test().p()).isCloseTo(expected, within(1e-9));
        assertThat(c.row("ndcg@10").cell("A").test().pHolm()).isCloseTo(expected, within(1e-9));
        assertThat(c.row("ndcg@10").cell("A").test().effectSize()).as("d_z = 2 / 1").isCloseTo(2.0, within(1e-12));
    }

    @Test
    void the_best_value_follows_each_metrics_direction_and_ties_are_all_marked() {
        List<Estimate> e = List.of(est(0.1), est(0.0), est(0.3), est(Double.NaN));
        assertThat(Comparison.best(e, Direction.HIGHER)).containsExactly(false, false, true, false);
        assertThat(Comparison.best(e, Direction.LOWER)).containsExactly(false, true, false, false);
        assertThat(Comparison.best(e, Direction.NEUTRAL)).containsExactly(false, false, false, false);
        assertThat(Comparison.best(List.of(est(0.5), est(0.5), est(0.2)), Direction.HIGHER)).containsExactly(true, true, false);
        assertThat(Comparison.best(List.of(est(0.0), est(0.0)), Direction.LOWER)).as("all tie: none is best").containsExactly(false, false);
    }

    @Test
    void best_is_marked_by_direction_in_a_run_hallucination_lower_accuracy_higher() throws IOException {
        Comparison c = Comparison.of(RunFolder.open(RunFixture.write(dir)), null, Comparison.Test.WILCOXON, 0.05);

        assertThat(c.row("ndcg@3").cells()).extracting(Cell::best).containsExactly(false, true, false);
        assertThat(c.row("hallucination_rate").cells()).extracting(Cell::best).containsExactly(true, true, false);
        assertThat(c.row("gini").cells()).extracting(Cell::best).containsExactly(true, false, false);
        assertThat(c.row("arp").cells()).extracting(Cell::best).as("lower ARP: less popularity bias").containsExactly(true, false, false);
        assertThat(c.row("abstention_rate").cells()).extracting(Cell::best).containsOnly(false);
        assertThat(c.row("ndcg@3").chance()).isEqualTo(0.426186);
        assertThat(c.row("arp").chance()).isNaN();
    }

    @Test
    void grounding_rates_are_tested_per_user_from_the_answers() throws IOException {
        Comparison c = Comparison.of(RunFolder.open(RunFixture.write(dir)), "base", Comparison.Test.WILCOXON, 0.05);

        // The LLM variant invented a title for one user only (1 of 3 slots), so one non-zero pair.
        Comparison.Pair p = c.row("hallucination_rate").cell(RunFixture.LLM).test();
        assertThat(p.n()).isEqualTo(6);
        assertThat(p.meanDifference()).isCloseTo(1 / 18.0, within(1e-12));
        assertThat(p.p()).as("one non-zero pair of rank 1: exact p = 2/2").isCloseTo(1.0, within(1e-12));
        assertThat(c.row("compliance_rate").cell(RunFixture.LLM).test().meanDifference()).isCloseTo(-1 / 6.0, within(1e-12));
        assertThat(c.row("gini").cell("A").test()).as("no per-user values").isNull();
    }

    @Test
    void an_unknown_baseline_or_level_is_refused_with_the_variants_named() throws IOException {
        RunFolder run = RunFolder.open(wilcoxonRun());
        assertThatThrownBy(() -> Comparison.of(run, "nope", Comparison.Test.WILCOXON, 0.05)).isInstanceOf(ReportException.class)
                .hasMessageContaining("'nope'").hasMessageContaining("base, A, B");
        assertThatThrownBy(() -> Comparison.of(run, null, Comparison.Test.WILCOXON, 5)).isInstanceOf(ReportException.class);
        assertThat(Comparison.Test.parse("t")).isEqualTo(Comparison.Test.T_TEST);
        assertThatThrownBy(() -> Comparison.Test.parse("anova")).isInstanceOf(ReportException.class);
    }

    @Test
    void mrr_chance_is_computed_from_the_candidate_count_when_the_run_did_not_record_it() throws IOException {
        RunFolder run = RunFolder.open(wilcoxonRun());
        // C = 20, K = 10: (1/20) (1 + 1/2 + ... + 1/10) = 2.9289683 / 20
        assertThat(Comparison.chance(run, "mrr@10")).isCloseTo(2.928968253968254 / 20, within(1e-12));
        assertThat(Comparison.chance(run, "ndcg@10")).isEqualTo(0.227178);
    }

    private static Estimate est(double mean) {
        return new Estimate(mean, Double.NaN, Double.NaN, 0);
    }
}
