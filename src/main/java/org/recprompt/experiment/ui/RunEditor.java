package org.recprompt.experiment.ui;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import org.recprompt.base.ConsoleLog;
import org.recprompt.base.ui.Editor;
import org.recprompt.base.ui.Notifications;
import org.recprompt.experiment.ExperimentService;

import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;

/**
 * A run's tab: its experiment, state and settings, and the variants against every metric (mean
 * with its 95% interval) from the run's summary.json; a run that stopped before it finished can be
 * resumed from here (every call in its journal is kept).
 */
class RunEditor implements Editor {

    final Grid<JsonNode> table = new Grid<>();
    final Span state = new Span();
    final Button resume = new Button("Resume", VaadinIcon.PLAY.create());
    private final Div content = new Div();
    private final ExperimentService experiments;
    private final long projectId;
    private final Path folder;

    RunEditor(ExperimentService experiments, ConsoleLog console, long projectId, Path folder) {
        this.experiments = experiments;
        this.projectId = projectId;
        this.folder = folder;
        content.addClassNames("rp-editor", "rp-run-editor");
        content.setId("run-editor-" + folder.getFileName());
        ExperimentService.RunInfo info = experiments.info(folder);
        state.setId("run-state");
        state.setText(info.state().toLowerCase(Locale.ROOT) + " \u00b7 " + folder);
        resume.setId("run-resume");
        resume.setVisible(!"ACTIVE".equals(info.state()));
        if (info.isComplete()) {
            resume.setText("Re-evaluate from stored answers");
            resume.setTooltipText("Grounds and scores the answers in the run's journal again: no call is made");
        }
        resume.addClickListener(e -> {
            resume.setEnabled(false);
            try {
                experiments.resume(projectId, folder);
                console.info("Resumed run " + folder.getFileName());
                Notifications.info("Resumed run " + folder.getFileName() + "; its progress is in the Progress view");
            } catch (IOException | RuntimeException ex) {
                resume.setEnabled(true);
                Notifications.error("The run cannot be resumed: " + ex.getMessage());
            }
        });
        content.add(new H2(info.experiment().isEmpty() ? info.id() : info.experiment()), state, resume);
        info.summary().ifPresentOrElse(this::showSummary, () -> content.add(new Paragraph(
                "No results yet: the run has not finished. Its answers so far are in the folder's journal.")));
    }

    private void showSummary(JsonNode s) {
        JsonNode ds = s.path("dataset");
        Paragraph setting = new Paragraph(String.format(Locale.ROOT, "Dataset %s (%d users, %d items) \u00b7 split %s \u00b7 "
                + "%s users evaluated \u00b7 k %s \u00b7 app %s", ds.path("name").asText(), ds.path("users").asInt(),
                ds.path("items").asInt(), s.path("split").path("method").asText(), s.path("users").path("evaluated").asText(),
                s.path("k"), s.path("app_version").asText()));
        setting.addClassName("rp-muted");
        JsonNode chance = s.path("candidates").path("chance_level");
        table.setId("run-table");
        table.addColumn(v -> v.path("id").asText()).setHeader("Variant").setFrozen(true).setAutoWidth(true);
        table.addColumn(v -> v.path("n_users").asText()).setHeader("Users").setAutoWidth(true);
        List<String> metrics = new ArrayList<>();
        JsonNode first = s.path("variants").path(0).path("metrics");
        for (Iterator<String> it = first.fieldNames(); it.hasNext();) {
            metrics.add(it.next());
        }
        // The deepest cut-off first (the headline numbers), each family in the summary's order; rates last.
        List<String> ordered = new ArrayList<>(metrics);
        ordered.sort(java.util.Comparator.comparingInt((String m) -> -cutoff(m)).thenComparingInt(metrics::indexOf));
        metrics = ordered;
        for (String m : metrics) {
            String header = chance.has(m) ? m + " (chance " + chance.path(m).asText() + ")" : m;
            table.addColumn(v -> cell(v.path("metrics").path(m))).setHeader(header).setAutoWidth(true);
        }
        List<JsonNode> rows = new ArrayList<>();
        s.path("variants").forEach(rows::add);
        table.setItems(rows);
        table.setAllRowsVisible(true);
        content.add(setting, new H3("Variants"), table);
    }

    /** The K of "ndcg@10"; 0 for metrics without a cut-off (rates). */
    static int cutoff(String metric) {
        int at = metric.lastIndexOf('@');
        try {
            return at < 0 ? 0 : Integer.parseInt(metric.substring(at + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String cell(JsonNode metric) {
        if (metric.isMissingNode() || metric.isNull()) {
            return "";
        }
        JsonNode mean = metric.has("mean") ? metric.path("mean") : metric;
        if (!mean.isNumber()) {
            return mean.asText();
        }
        JsonNode ci = metric.path("ci");
        return ci.isArray() && ci.size() == 2 && ci.get(0).isNumber()
                ? String.format(Locale.ROOT, "%.4f [%.4f, %.4f]", mean.asDouble(), ci.get(0).asDouble(), ci.get(1).asDouble())
                : String.format(Locale.ROOT, "%.4f", mean.asDouble());
    }

    @Override
    public String id() {
        return "project:" + projectId + "/run:" + folder.getFileName();
    }

    @Override
    public String title() {
        return folder.getFileName().toString();
    }

    @Override
    public Component content() {
        return content;
    }
}
