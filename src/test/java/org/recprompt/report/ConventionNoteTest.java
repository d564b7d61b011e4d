package org.recprompt.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The comparison shows the run's own metrics: when the experiment names another convention or a
 * relevance threshold, every report says so beside it and points to the convention's table.
 */
class ConventionNoteTest {

    static final String ELLIOT_NOTE = "These are this project's own metrics (convention recprompt: every test interaction relevant,"
            + " lists de-duplicated, unknown items dropped, seen items kept). The experiment's convention is elliot"
            + " (relevant: rating >= 4.0): its table is under \"Evaluation convention\".";

    @TempDir
    Path dir;

    static void protocol(Path run, String protocol, String relevance, Double threshold) throws Exception {
        Files.writeString(run.resolve(ProtocolTable.FILE), """
                {"protocol": "%s", "describe": "%s (described)", "relevance": "%s", "relevance_threshold": %s,
                 "repeats": 1, "averaging": "averaged over the 1 repeat",
                 "variants": [{"variant": "%s", "failed": false, "repeats": 1, "metrics": {"hr@3": 0.5},
                   "repeats_defined": {"hr@3": 1}, "per_repeat": [{"repeat": 0, "counts": {"n_users": 6}}]}]}
                """.formatted(protocol, protocol, relevance, threshold == null ? "null" : threshold, RunFixture.LLM));
    }

    @Test
    void another_convention_is_named_beside_the_comparison_in_html_and_markdown() throws Exception {
        Path run = RunFixture.write(dir);
        protocol(run, "elliot", "rating >= 4.0", 4.0);
        Report report = Report.of(RunFolder.open(run), Report.Options.defaults(), false);

        assertThat(report.run().conventionNote()).hasValue(ELLIOT_NOTE);
        String html = HtmlReport.render(report);
        String comparison = html.substring(html.indexOf("<h2 id=\"comparison\">"), html.indexOf("<table class=\"cmp\">",
                html.indexOf("<h2 id=\"comparison\">")));
        assertThat(comparison).contains("<p id=\"convention-note\">These are this project&#39;s own metrics (convention recprompt:"
                + " every test interaction relevant, lists de-duplicated, unknown items dropped, seen items kept). The experiment&#39;s"
                + " convention is elliot (relevant: rating &gt;= 4.0): its table is under &quot;Evaluation convention&quot;.</p>");
        String md = MarkdownReport.render(report);
        String mdComparison = md.substring(md.indexOf("## Comparison"), md.indexOf("| Metric |"));
        assertThat(mdComparison).contains("These are this project's own metrics (convention recprompt:", "The experiment's convention"
                + " is elliot (relevant: rating &gt;= 4.0): its table is under \"Evaluation convention\".");
        assertThat(LatexReport.render(report)).contains("The experiment's convention is elliot");
    }

    @Test
    void a_relevance_threshold_under_recprompt_is_named_too() throws Exception {
        Path run = RunFixture.write(dir);
        protocol(run, "recprompt", "rating >= 3.5", 3.5);

        assertThat(RunFolder.open(run).conventionNote()).hasValueSatisfying(note -> assertThat(note)
                .endsWith("The experiment's convention is recprompt (relevant: rating >= 3.5): its table is under"
                        + " \"Evaluation convention\"."));
    }

    @Test
    void no_note_without_protocol_json_or_under_recprompt_with_every_test_interaction_relevant() throws Exception {
        Path run = RunFixture.write(dir);
        Files.deleteIfExists(run.resolve(ProtocolTable.FILE));
        Report none = Report.of(RunFolder.open(run), Report.Options.defaults(), false);
        assertThat(none.run().conventionNote()).isEmpty();
        assertThat(HtmlReport.render(none)).doesNotContain("convention-note", "own metrics");

        protocol(run, "recprompt", "all test interactions", null);
        Report own = Report.of(RunFolder.open(run), Report.Options.defaults(), false);
        assertThat(own.run().conventionNote()).isEmpty();
        assertThat(HtmlReport.render(own)).doesNotContain("convention-note");
        assertThat(MarkdownReport.render(own)).doesNotContain("own metrics");
    }
}
