package org.recprompt.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

class SensitivityStudyTest {

    static final double EPS = 1e-12;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /**
     * C = 4, K = 2, users u1 and u2. Orders: o0/llm and o1/llm (template x). Paraphrases: tplA/llm,
     * tplB/llm, tplC/llm, one set of family tplA.
     */
    Path run(boolean withSets) throws Exception {
        Path run = Files.createDirectories(dir.resolve("run"));
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("experiment", "sensitivity");
        s.put("candidates", Map.of("size", 4, "orders", 2));
        s.put("seeds", Map.of("bootstrap", 7));
        s.put("k", List.of(2));
        s.put("templates", List.of(Map.of("name", "x"), Map.of("name", "tplA"), Map.of("name", "tplB"), Map.of("name", "tplC")));
        if (withSets) {
            s.put("paraphrase_sets", List.of(Map.of("family", "tplA", "templates", List.of("tplA", "tplB", "tplC"))));
        }
        s.put("variants", List.of(variant("o0/llm", "x", 0, 0.5), variant("o1/llm", "x", 1, 0.75), variant("tplA/llm", "tplA", 0, 0.5),
                variant("tplB/llm", "tplB", 0, 1.0), variant("tplC/llm", "tplC", 0, 0.0)));
        Files.writeString(run.resolve(RunFolder.SUMMARY), JSON.writeValueAsString(s));
        Files.writeString(run.resolve(RunFolder.METRICS_PER_USER), "variant,user,hr@2\no0/llm,u1,1\no0/llm,u2,0\n");
        List<String> lines = new ArrayList<>();
        lines.add(call("o0/llm", "u1", List.of("a", "b", "c", "d"), "a", "a", "b", "c", "d"));
        lines.add(call("o1/llm", "u1", List.of("d", "c", "b", "a"), "a", "a", "b", "d", "c"));
        lines.add(call("o0/llm", "u2", List.of("e", "f", "g", "h"), "g", "e", "f", "g", "h"));
        lines.add(call("o1/llm", "u2", List.of("h", "g", "f", "e"), "g", "h", "g", "f", "e"));
        lines.add(call("tplA/llm", "u1", List.of("a", "b", "c", "d"), "a", "a", "b"));
        lines.add(call("tplB/llm", "u1", List.of("a", "b", "c", "d"), "a", "b", "a"));
        lines.add(call("tplC/llm", "u1", List.of("a", "b", "c", "d"), "a", "a", "c"));
        lines.add(call("tplA/llm", "u2", List.of("e", "f", "g", "h"), "g", "e", "f"));
        lines.add(call("tplB/llm", "u2", List.of("e", "f", "g", "h"), "g", "f", "e"));
        lines.add(call("tplC/llm", "u2", List.of("e", "f", "g", "h"), "g", "e", "f", "g"));
        Files.write(run.resolve(RunFolder.RESPONSES), lines);
        return run;
    }

    static Map<String, Object> variant(String id, String template, int order, double hr) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", id);
        v.put("backend", "llm");
        v.put("template", template);
        v.put("order", order);
        v.put("metrics", Map.of("hr@2", Map.of("mean", hr, "n", 2)));
        return v;
    }

    static String call(String variant, String user, List<String> candidates, String relevant, String... ranked) throws Exception {
        List<Map<String, Object>> slots = new ArrayList<>();
        for (int i = 0; i < ranked.length; i++) {
            slots.add(Map.of("slot", i + 1, "raw_text", ranked[i], "item_id", ranked[i], "outcome", ranked[i].equals(relevant) ? "HIT" : "VALID"));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("variant", variant);
        m.put("user", user);
        m.put("repeat", 0);
        m.put("status", "OK");
        m.put("slots", slots);
        m.put("candidates", candidates);
        m.put("relevant", List.of(relevant));
        return JSON.writeValueAsString(m);
    }

    @Test
    void kendall_tau_across_orders_position_hit_rates_and_first_slot_selection_on_a_fixture() throws Exception {
        SensitivityStudy s = SensitivityStudy.of(RunFolder.open(run(true)));

        assertThat(s.orders()).hasSize(1);
        SensitivityStudy.OrderGroup g = s.orders().get(0);
        assertThat(g.label()).isEqualTo("llm");
        assertThat(g.variants()).containsExactly("o0/llm", "o1/llm");
        // u1: [a b c d] vs [a b d c], one discordant pair of 6 -> 2/3; u2: [e f g h] vs [h g f e] -> -1
        assertThat(g.tau().mean()).isCloseTo((2 / 3.0 - 1) / 2, within(EPS));
        assertThat(g.tau().n()).isEqualTo(2);
        assertThat(g.tau().hasInterval()).isTrue();
        // top items offered at 1, 4, 1, 1
        assertThat(g.selection()).containsExactly(new double[] {0.75, 0, 0, 0.25}, within(EPS));
        assertThat(g.chance()).isCloseTo(0.25, within(EPS));
        assertThat(g.answers()).isEqualTo(4);
        // held-out at 1 (hit), 4 (hit), 3 (miss), 2 (hit) with K = 2
        assertThat(g.hitRate().totals()).containsExactly(1, 1, 1, 1);
        assertThat(g.hitRate().hits()).containsExactly(1, 1, 0, 1);
    }

    @Test
    void the_spread_of_every_metric_and_the_mean_jaccard_across_a_paraphrase_set() throws Exception {
        SensitivityStudy s = SensitivityStudy.of(RunFolder.open(run(true)));

        assertThat(s.paraphrases()).hasSize(1);
        SensitivityStudy.ParaphraseGroup p = s.paraphrases().get(0);
        assertThat(p.label()).isEqualTo("[tplA]/llm");
        assertThat(p.family()).isEqualTo("tplA");
        assertThat(p.variants()).containsExactly("tplA/llm", "tplB/llm", "tplC/llm");
        SensitivityStudy.MetricSpread hr = p.spreads().stream().filter(m -> m.metric().equals("hr@2")).findFirst().orElseThrow();
        // 0.5, 1.0, 0.0
        assertThat(hr.spread().min()).isEqualTo(0.0);
        assertThat(hr.spread().max()).isEqualTo(1.0);
        assertThat(hr.spread().std()).isCloseTo(Math.sqrt(1 / 6.0), within(EPS));
        // u1: {a b} {b a} {a c}: 1, 1/3, 1/3 -> 5/9; u2: {e f} three times -> 1
        assertThat(p.jaccard().mean()).isCloseTo((5 / 9.0 + 1) / 2, within(EPS));
        assertThat(p.jaccard().n()).isEqualTo(2);
        assertThat(s.k()).isEqualTo(2);
    }

    @Test
    void every_report_format_has_the_sensitivity_section_and_the_figures_are_drawn() throws Exception {
        Report r = Report.of(RunFolder.open(run(true)), Report.Options.defaults(), true);
        String tau = Formats.value((2 / 3.0 - 1) / 2);
        String html = HtmlReport.render(r);
        assertThat(html).contains("<h2 id=\"sensitivity\">Sensitivity</h2>", "Kendall&#39;s tau", tau, "Spread across paraphrases: [tplA]/llm");
        assertThat(MarkdownReport.render(r)).contains("## Sensitivity", "| llm | o0/llm, o1/llm | 4 | " + tau + " |");
        assertThat(LatexReport.render(r)).contains("Candidate order", "Jaccard@2");
        assertThat(PdfReport.render(r)).isNotEmpty();
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) DataReports.json(r).get("sensitivity");
        assertThat(JSON.writeValueAsString(json)).contains("\"kendall_tau\":{\"mean\":" + ((2 / 3.0 - 1) / 2))
                .contains("\"first_slot_selection_by_position\":[0.75,0.0,0.0,0.25]");
        assertThat(r.figures()).extracting(Figure::id).contains("order-hit-rate", "first-slot-selection");
        Report none = Report.of(RunFolder.open(RunFixture.write(dir.resolve("plain"))), Report.Options.defaults(), false);
        assertThat(none.sensitivity().isEmpty()).isTrue();
        assertThat(HtmlReport.render(none)).doesNotContain("id=\"sensitivity\"");
    }

    @Test
    void without_paraphrase_sets_or_orders_there_is_no_study() throws Exception {
        SensitivityStudy s = SensitivityStudy.of(RunFolder.open(run(false)));
        assertThat(s.paraphrases()).isEmpty();
        assertThat(s.orders()).hasSize(1);
        assertThat(SensitivityStudy.without("tpl/o1/llm", "o1")).isEqualTo("tpl/llm");
        assertThat(SensitivityStudy.without("tpl/llm", "o0")).isNull();
        assertThat(SensitivityStudy.replace("tplB/o1/llm", "tplB", "[tplA]")).isEqualTo("[tplA]/o1/llm");
    }
}
