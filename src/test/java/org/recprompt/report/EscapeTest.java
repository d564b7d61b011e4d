package org.recprompt.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Escaping of untrusted text for each format, and the metric definitions' cut-offs. */
class EscapeTest {

    @Test
    void html_escapes_markup_quotes_and_drops_control_characters() {
        assertThat(Escape.html("<a href=\"x\" onclick='y'>&\u0007</a>")).isEqualTo("&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
        assertThat(Escape.html(null)).isEmpty();
    }

    @Test
    void latex_replaces_all_ten_specials_and_angle_brackets() {
        assertThat(Escape.latex("\\ { } $ & # % _ ^ ~ < >\nx"))
                .isEqualTo("\\textbackslash{} \\{ \\} \\$ \\& \\# \\% \\_ \\textasciicircum{} \\textasciitilde{} \\textless{} \\textgreater{} x");
    }

    @Test
    void markdown_escapes_table_and_emphasis_punctuation_and_fences_outlast_backtick_runs() {
        assertThat(Escape.markdown("a|b *c* [d](e) <i>")).isEqualTo("a\\|b \\*c\\* \\[d\\](e) &lt;i&gt;");
        assertThat(Escape.markdownBlock("x ```` y")).startsWith("`````text\n").endsWith("\n`````\n");
        assertThat(Escape.markdownBlock("plain")).isEqualTo("```text\nplain\n```\n");
    }

    @Test
    void a_template_or_answer_with_a_code_fence_cannot_escape_the_markdown_fence() {
        String hostile = "Rank:\n```\n</code><img src=x onerror=alert(1)>\n```\n~~~\n`````\nend";
        String md = "# Report\n\n" + Escape.markdownBlock(hostile) + "\nafter the block\n";

        // walk the lines as a CommonMark reader does: a fence closes only on a run of backticks at least as long
        String open = null;
        StringBuilder inside = new StringBuilder();
        StringBuilder outside = new StringBuilder();
        for (String line : md.split("\n", -1)) {
            String run = line.replaceAll("^(`{3,}).*$", "$1");
            if (open == null && line.startsWith("```")) {
                open = run;
            } else if (open != null && line.matches("`{" + open.length() + ",}\\s*")) {
                open = null;
            } else {
                (open == null ? outside : inside).append(line).append('\n');
            }
        }
        assertThat(open).as("the fence is closed").isNull();
        assertThat(inside.toString()).isEqualTo(hostile + "\n");
        assertThat(outside.toString()).doesNotContain("<img").contains("after the block");

        String cell = Escape.markdown("```</td><img src=x onerror=alert(1)>");
        assertThat(cell).doesNotContain("<img").doesNotContain("<").startsWith("\\`\\`\\`");
    }

    @Test
    void definitions_fill_in_the_cut_off_and_know_each_direction() {
        MetricDefinitions.Definition ndcg = MetricDefinitions.of("ndcg@10");
        assertThat(ndcg.label()).isEqualTo("NDCG@10");
        assertThat(ndcg.formula()).contains("r <= 10").contains("min(|R_u|,10)");
        assertThat(ndcg.family()).isEqualTo(MetricDefinitions.Family.ACCURACY);
        assertThat(MetricDefinitions.of("hallucination_rate").direction()).isEqualTo(MetricDefinitions.Direction.LOWER);
        assertThat(MetricDefinitions.of("gini").unitScale()).isTrue();
        assertThat(MetricDefinitions.of("novelty").unitScale()).isFalse();
        MetricDefinitions.Definition unknown = MetricDefinitions.of("my_metric");
        assertThat(unknown.family()).isEqualTo(MetricDefinitions.Family.OTHER);
        assertThat(unknown.direction()).isEqualTo(MetricDefinitions.Direction.NEUTRAL);
    }
}
