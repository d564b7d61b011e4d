package org.recprompt.report.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.cli.RecPromptCli;

/** {@code recprompt report} through the command line's entry point, on a fixture run folder. */
class ReportCommandTest {

    @TempDir
    Path dir;

    Path run;
    StringWriter out;
    StringWriter err;

    @BeforeEach
    void writeRun() throws IOException {
        run = org.recprompt.report.ReportFixtures.run(dir);
    }

    int cli(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return RecPromptCli.run(args, new PrintWriter(out), new PrintWriter(err));
    }

    @Test
    void writes_each_format_and_says_what_it_wrote() throws IOException {
        for (String f : new String[] {"html", "pdf", "csv", "json", "latex", "md"}) {
            Path file = dir.resolve("r." + f);
            assertThat(cli("report", run.toString(), "--format", f, "--out", file.toString())).as(f + ": " + err).isZero();
            assertThat(Files.size(file)).isPositive();
            assertThat(out.toString()).startsWith("Wrote " + file + " (" + f + ": 3 variants");
        }
        assertThat(Files.readString(dir.resolve("r.html"))).contains("<svg ");
        assertThat(Files.readString(dir.resolve("r.latex"))).contains("\\toprule");
    }

    @Test
    void the_format_follows_the_extension_and_figures_can_be_exported() throws IOException {
        Path tex = dir.resolve("table.tex");
        Path figures = dir.resolve("figures");
        assertThat(cli("report", run.toString(), "--out", tex.toString(), "--baseline", "A", "--test", "t", "--figures",
                figures.toString())).as(err.toString()).isZero();
        assertThat(Files.readString(tex)).contains("\\begin{tabular}").contains("A (paired t-test");
        assertThat(figures.resolve("accuracy.svg")).content().startsWith("<?xml").contains("<svg");
        assertThat(Files.readAllBytes(figures.resolve("position-bias.png"))).startsWith(0x89, 'P', 'N', 'G');
        assertThat(out.toString()).contains("figures to " + figures);
    }

    @Test
    void an_incomplete_run_folder_fails_with_one_sentence_naming_the_file() throws IOException {
        Files.delete(run.resolve("summary.json"));
        assertThat(cli("report", run.toString(), "--format", "html", "--out", dir.resolve("r.html").toString())).isEqualTo(1);
        assertThat(err.toString()).startsWith("recprompt: The run folder").contains(run.resolve("summary.json").toString())
                .doesNotContain("Exception");
        assertThat(dir.resolve("r.html")).doesNotExist();
    }

    @Test
    void an_unknown_format_or_an_out_file_without_one_is_refused() {
        assertThat(cli("report", run.toString(), "--format", "docx", "--out", dir.resolve("r.docx").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("Unknown report format 'docx'").contains("html, pdf, csv, json, latex, md");
        assertThat(cli("report", run.toString(), "--out", dir.resolve("report").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("Give --format");
    }

    @Test
    void a_stored_run_is_found_by_its_id_in_the_workspace() throws Exception {
        java.nio.file.Path ws = dir.resolve("ws");
        java.nio.file.Path stored = ws.resolve("projects").resolve("3").resolve("runs").resolve("ranking-20261126-120000");
        org.recprompt.base.FileTrees.copy(run, stored);
        String before = System.getProperty(org.recprompt.workspace.WorkspaceLocation.PROPERTY);
        System.setProperty(org.recprompt.workspace.WorkspaceLocation.PROPERTY, ws.toString());
        try {
            org.assertj.core.api.Assertions.assertThat(ReportCommand.locate(java.nio.file.Path.of("ranking-20261126-120000")))
                    .isEqualTo(stored);
            org.assertj.core.api.Assertions.assertThat(ReportCommand.locate(java.nio.file.Path.of("no-such-run")))
                    .isEqualTo(java.nio.file.Path.of("no-such-run"));
            java.nio.file.Path out = dir.resolve("by-id.md");
            org.assertj.core.api.Assertions.assertThat(cli("report", "ranking-20261126-120000", "--format", "md", "--out", out.toString()))
                    .isZero();
            org.assertj.core.api.Assertions.assertThat(out).exists();
        } finally {
            if (before == null) {
                System.clearProperty(org.recprompt.workspace.WorkspaceLocation.PROPERTY);
            } else {
                System.setProperty(org.recprompt.workspace.WorkspaceLocation.PROPERTY, before);
            }
        }
    }

    @Test
    void beta_and_lambda_add_the_answers_re_ranked_with_no_model_call_or_say_why_not() throws IOException {
        Path six = org.recprompt.report.ReportFixtures.runWithDataset(Files.createDirectories(dir.resolve("six")));
        Path md = dir.resolve("re.md");
        assertThat(cli("report", six.toString(), "--out", md.toString(), "--beta", "-1")).as(err.toString()).isZero();
        // Only u6's top 2 holds an item other users trained on (item 1, S 1, S_pop 1): at beta -1 it drops below item 4 (2/3),
        // so v's ARP falls from 2.5 / 6 to 0.
        String text = Files.readString(md);
        assertThat(text).contains("## Re-ranked at beta -1.0000, lambda 0.0000").containsPattern("\\| v \\| ARP \\| [0-9.]+ \\| 0\\.0000 \\| -");
        Path json = dir.resolve("re.json");
        assertThat(cli("report", six.toString(), "--out", json.toString(), "--beta", "-1", "--lambda", "0.5")).as(err.toString()).isZero();
        assertThat(Files.readString(json)).contains("\"reranked\"").contains("\"lambda\" : 0.5");
        Path html = dir.resolve("re.html");
        assertThat(cli("report", six.toString(), "--out", html.toString(), "--beta", "-0.5")).as(err.toString()).isZero();
        assertThat(Files.readString(html)).contains("id=\"popularity-control\"").contains("id=\"calibration-control\"")
                .contains("The square marks beta = -0.50");

        assertThat(cli("report", run.toString(), "--out", dir.resolve("no.md").toString(), "--beta", "-1")).isZero();
        assertThat(out.toString()).contains("Note: not re-ranked: its dataset is not at /nonexistent/ml-fixture");
        assertThat(cli("report", six.toString(), "--out", md.toString(), "--lambda", "2")).isEqualTo(2);
        assertThat(err.toString()).contains("--lambda must be between 0 and 1");
    }
}
