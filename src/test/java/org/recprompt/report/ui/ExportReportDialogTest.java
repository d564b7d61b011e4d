package org.recprompt.report.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.KaribuTestBase;
import org.recprompt.base.BackgroundJobs;
import org.recprompt.report.ReportExport;
import org.recprompt.report.ReportFormat;
import org.recprompt.report.RunFixture;
import org.springframework.beans.factory.annotation.Autowired;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.html.Anchor;

/**
 * "Export report..." without a browser: the dialog writes the report the {@code report} command
 * would into the run folder's reports folder in a background job, then links to the file.
 */
class ExportReportDialogTest extends KaribuTestBase {

    @Autowired
    BackgroundJobs jobs;

    @TempDir
    Path dir;

    @Test
    void an_html_report_is_written_into_the_run_folder_and_opens_in_a_new_tab() throws Exception {
        Path run = RunFixture.write(dir);
        ExportReportDialog dialog = new ExportReportDialog(run, jobs);
        dialog.open();
        assertThat(dialog.format.getListDataView().getItems()).as("every format the report command writes")
                .containsExactly(ReportFormat.values());
        assertThat(dialog.target.getText()).contains("reports/report.html");

        dialog.export.click();
        eventually(() -> dialog.written != null);

        Path file = run.resolve("reports").resolve("report.html");
        assertThat(dialog.written).isEqualTo(file);
        String html = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg ").contains("fig-sparsity").doesNotContain("<script");
        try (var left = Files.list(file.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no temporary file left behind").containsExactly("report.html");
        }
        Anchor link = _find(dialog, Anchor.class, s -> s.withId("export-link")).get(0);
        assertThat(link.getText()).isEqualTo("Open report.html");
        assertThat(link.getTarget()).contains("_blank");
        assertThat(link.getHref()).isNotBlank().doesNotContain(dir.toString());
        assertThat(dialog.status.getText()).isEqualTo("Wrote reports/report.html.");
        assertThat(dialog.export.isEnabled()).as("another format can be exported").isTrue();
    }

    @Test
    void a_json_report_with_beta_and_lambda_parses_and_downloads() throws Exception {
        Path run = RunFixture.write(dir);
        ExportReportDialog dialog = new ExportReportDialog(run, jobs);
        dialog.open();
        dialog.format.setValue(ReportFormat.JSON);
        dialog.beta.setValue(-0.5);
        dialog.lambda.setValue(0.2);
        assertThat(dialog.target.getText()).contains("reports/report-beta=-0.5-lambda=0.2.json");

        dialog.export.click();
        eventually(() -> dialog.written != null);

        JsonNode json = new ObjectMapper().readTree(dialog.written.toFile());
        assertThat(json.has("sparsity")).isTrue();
        assertThat(json.toString()).contains(RunFixture.LLM);
        Anchor link = _find(dialog, Anchor.class, s -> s.withId("export-link")).get(0);
        assertThat(link.getText()).isEqualTo("Download report-beta=-0.5-lambda=0.2.json");
        assertThat(link.getElement().hasAttribute("download")).isTrue();
    }

    @Test
    void a_lambda_outside_zero_to_one_is_refused_before_anything_runs() {
        Path run;
        try {
            run = RunFixture.write(dir);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        ExportReportDialog dialog = new ExportReportDialog(run, jobs);
        dialog.open();
        dialog.lambda.setValue(1.5);

        assertThat(dialog.target.getText()).isEqualTo("Lambda must be between 0 and 1, not 1.5.");
        assertThat(dialog.export.isEnabled()).isFalse();
        assertThat(Files.exists(ReportExport.folderOf(run))).isFalse();
    }

    private static void eventually(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 3000 && !condition.getAsBoolean(); i++) {
            Thread.sleep(10);
            MockVaadin.clientRoundtrip();
        }
        assertThat(condition.getAsBoolean()).as("condition met in time").isTrue();
    }
}
