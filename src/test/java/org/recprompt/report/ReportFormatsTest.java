package org.recprompt.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Every report format from the fixture run, read back the way a reader (or a parser) would. */
class ReportFormatsTest {

    @TempDir
    Path dir;

    Report report;

    @BeforeEach
    void makeReport() throws IOException {
        report = Report.of(RunFolder.open(RunFixture.write(dir)), Report.Options.defaults(), true);
    }

    private String written(ReportFormat format, String name) throws IOException {
        Path out = dir.resolve("out").resolve(name);
        format.write(report, out);
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    @Test
    void html_holds_the_svg_figures_the_table_and_escapes_model_output() throws IOException {
        String html = written(ReportFormat.HTML, "r.html");

        int svgs = count(html, "<svg ");
        assertThat(svgs).isEqualTo(report.figures().size()).isGreaterThanOrEqualTo(7);
        assertThat(html).contains("<table class=\"cmp\">").contains("<th title=\"NDCG@3: DCG/IDCG").contains("\">NDCG@3</th>");
        assertThat(html).contains("fig-position-bias").contains("fig-lorenz").contains("fig-sparsity").contains("fig-cost-vs-accuracy");
        // The script in a raw answer and the markup of an invented title arrive as text only.
        assertThat(html).doesNotContain("<script").doesNotContain("<img").doesNotContain("onerror=alert(1)>");
        assertThat(html).contains("&lt;script&gt;alert(&#39;owned&#39;)&lt;/script&gt;");
        assertThat(html).contains("&lt;img src=x onerror=alert(1)&gt;");
        assertThat(html).contains("B_50%&amp;co").doesNotContain(">B_50%&co<");
        assertThat(html).contains("Content-Security-Policy");
        // Provenance, definitions, the template in full, and no secret.
        assertThat(html).contains("ml-fixture").contains("leave-last-out").contains("bootstrap 7").contains("rank-fixture version "
                + RunFixture.version(RunFixture.TEMPLATE)).contains("run made with 9.9.9-test");
        assertThat(html).contains("DCG/IDCG with binary gain").contains("&lt;b&gt;now&lt;/b&gt; \\section{x}");
        assertThat(html).doesNotContain(RunFixture.SECRET).doesNotContain("abc123");
        // Every SVG's ids are its own, so the inline charts cannot clip each other.
        assertThat(html).contains("id='fig-accuracy-clip-0'").contains("id='fig-lorenz-clip-0'");
    }

    @Test
    void the_best_value_is_bold_and_the_chance_level_is_shown_in_html() throws IOException {
        String html = written(ReportFormat.HTML, "r.html");

        Matcher row = Pattern.compile("NDCG@3</th>(.*?)</tr>", Pattern.DOTALL).matcher(html);
        assertThat(row.find()).isTrue();
        assertThat(row.group(1)).startsWith("<td>0.4262</td><td>0.3000").contains("<td class=\"best\">0.7000");
    }

    @Test
    void pdf_parses_with_pdfbox_and_has_pages_figures_and_the_templates_appendix() throws IOException {
        Path out = dir.resolve("r.pdf");
        ReportFormat.PDF.write(report, out);

        try (PDDocument pdf = Loader.loadPDF(out.toFile())) {
            assertThat(pdf.getNumberOfPages()).isGreaterThanOrEqualTo(2);
            int images = 0;
            for (PDPage page : pdf.getPages()) {
                for (COSName name : page.getResources().getXObjectNames()) {
                    if (page.getResources().getXObject(name) instanceof PDImageXObject) {
                        images++;
                    }
                }
            }
            assertThat(images).isEqualTo(report.figures().size());
            String text = new PDFTextStripper().getText(pdf);
            assertThat(text).contains("Comparison").contains("NDCG@3").contains("B_50%&co").contains("0.7000")
                    .contains("Appendix: templates").contains("\\section{x}").contains("ml-fixture").contains("Position bias");
            assertThat(text).doesNotContain(RunFixture.SECRET);
        }
    }

    @Test
    void latex_is_a_booktabs_table_of_the_variants_and_metrics_with_specials_escaped() throws IOException {
        String tex = written(ReportFormat.LATEX, "r.tex");

        assertThat(tex).contains("\\begin{tabular}{lrrrr}").contains("\\toprule").contains("\\midrule").contains("\\bottomrule")
                .contains("\\end{tabular}");
        assertThat(tex).contains("Metric & Chance & base & A & B\\_50\\%\\&co \\\\");
        assertThat(tex).contains("NDCG@3 & 0.4262 & 0.3000 {\\scriptsize [0.2000, 0.4000]} & \\textbf{0.7000}");
        assertThat(tex).contains("Hallucination rate").contains("\\emph{Grounding}").contains("\\caption{Comparison of 3 variants on ml-fixture");
        // Outside comments, no raw special from the run survives.
        String body = tex.lines().filter(l -> !l.startsWith("%")).reduce("", (a, b) -> a + b + "\n");
        assertThat(body).doesNotContain("B_50").doesNotContain("%&");
        // The template's full text follows as comments, one comment line per template line.
        assertThat(tex).contains("%   Rank these {{candidates}} & pick 100% <b>now</b> \\section{x} ~_^");
        assertThat(tex).doesNotContain(RunFixture.SECRET);
    }

    @Test
    void csv_has_run_definitions_aggregates_with_tests_and_per_user_values() throws IOException {
        Path out = dir.resolve("r.csv");
        ReportFormat.CSV.write(report, out);
        List<CSVRecord> rows = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(out)) {
            CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(r).forEach(rows::add);
        }

        assertThat(rows.get(0).getParser().getHeaderNames()).isEqualTo(DataReports.CSV_HEADER);
        assertThat(rows).anyMatch(r -> r.get("section").equals("run") && r.get("metric").equals("Dataset") && r.get("text").contains("ml-fixture"));
        assertThat(rows).anyMatch(r -> r.get("section").equals("definition") && r.get("metric").equals("gini"));
        CSVRecord a = rows.stream().filter(r -> r.get("section").equals("aggregate") && r.get("variant").equals("A")
                && r.get("metric").equals("ndcg@3")).findFirst().orElseThrow();
        assertThat(a.get("value")).isEqualTo("0.7");
        assertThat(a.get("ci_low")).isEqualTo("0.6");
        assertThat(a.get("best")).isEqualTo("true");
        assertThat(Double.parseDouble(a.get("mean_difference"))).isEqualTo(0.4, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(a.get("p")).isNotEmpty();
        assertThat(rows.stream().filter(r -> r.get("section").equals("aggregate"))).hasSize(3 * 7);
        assertThat(rows.stream().filter(r -> r.get("section").equals("user") && r.get("metric").equals("ndcg@3"))).hasSize(18);
        assertThat(rows).anyMatch(r -> r.get("section").equals("user") && r.get("variant").equals(RunFixture.LLM)
                && r.get("metric").equals("hallucination_rate") && r.get("user").equals("u2") && r.get("value").startsWith("0.333"));
        assertThat(rows).anyMatch(r -> r.get("section").equals("chance") && r.get("metric").equals("hr@3") && r.get("value").equals("0.6"));
        // the template begins with "---": a text cell a spreadsheet would read as a formula gets a quote
        assertThat(rows).anyMatch(r -> r.get("section").equals("template") && r.get("text").equals("'" + RunFixture.TEMPLATE));
        assertThat(Files.readString(out)).doesNotContain(RunFixture.SECRET);
    }

    @Test
    void json_has_the_comparison_per_user_values_provenance_and_figures() throws IOException {
        JsonNode json = new ObjectMapper().readTree(written(ReportFormat.JSON, "r.json"));

        assertThat(json.path("run").path("dataset").path("name").asText()).isEqualTo("ml-fixture");
        assertThat(json.path("run").path("templates").get(0).path("text").asText()).isEqualTo(RunFixture.TEMPLATE);
        assertThat(json.path("run").path("backends").get(2).path("apiKey").asText()).isEqualTo("(not shown)");
        JsonNode comparison = json.path("comparison");
        assertThat(comparison.path("baseline").asText()).isEqualTo("base");
        JsonNode ndcg = comparison.path("metrics").get(0);
        assertThat(ndcg.path("name").asText()).isEqualTo("ndcg@3");
        assertThat(ndcg.path("direction").asText()).isEqualTo("higher");
        assertThat(ndcg.path("chance").asDouble()).isEqualTo(0.426186);
        assertThat(ndcg.path("values").get(1).path("best").asBoolean()).isTrue();
        assertThat(ndcg.path("values").get(1).path("vs_baseline").path("mean_difference").asDouble()).isCloseTo(0.4,
                org.assertj.core.api.Assertions.within(1e-9));
        assertThat(ndcg.path("values").get(0).has("vs_baseline")).isFalse();
        assertThat(json.path("per_user").path("A").path("u6").path("ndcg@3").asDouble()).isEqualTo(0.75);
        assertThat(json.path("figures").size()).isEqualTo(report.figures().size()).isPositive();
        assertThat(DataReports.json(Report.of(report.run(), Report.Options.defaults(), false))).as("no figure list when none were prepared")
                .doesNotContainKey("figures");
        assertThat(json.toString()).doesNotContain(RunFixture.SECRET);
    }

    @Test
    void markdown_summarises_with_an_escaped_table_and_fenced_templates() throws IOException {
        String md = written(ReportFormat.MD, "r.md");

        assertThat(md).startsWith("# fixture &amp; co\n");
        assertThat(md).contains("| Metric | Chance | base (baseline) | A | B\\_50%&amp;co |");
        assertThat(md).contains("| NDCG@3 | 0.4262 | 0.3000 \\[0.2000, 0.4000\\] | **0.7000**");
        assertThat(md).containsPattern("- \\*\\*Dataset\\*\\*: [^\n]*path /nonexistent/ml-fixture");
        assertThat(md).contains("```text\n" + RunFixture.TEMPLATE + "```");
        assertThat(md).contains("&lt;img src=x onerror=alert(1)&gt;").doesNotContain("<img");
        assertThat(md).contains("Position bias").contains("## Metric definitions");
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
