package org.recprompt.lm.ui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.recprompt.base.Charts;
import org.recprompt.base.ui.Editor;
import org.recprompt.lm.LmSettings;
import org.recprompt.lm.LmTrainer;
import org.recprompt.lm.LossChart;
import org.recprompt.lm.ModelService;
import org.recprompt.lm.ModelStore;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;

/**
 * A saved model's tab: the training curve (JFreeChart, as SVG), the settings and training facts,
 * the evaluation against most-popular on the same users and candidates, and how to use it in an
 * experiment. Everything is shown as text (no markup from files).
 */
class ModelEditor implements Editor {

    final Div content = new Div();
    private final String name;
    private final long projectId;

    ModelEditor(ModelService models, long projectId, String name) {
        this.name = name;
        this.projectId = projectId;
        content.addClassNames("rp-editor", "rp-model");
        content.setId("model-editor-" + name);
        content.add(new H2(name));
        try {
            ModelStore.Manifest m = models.manifest(projectId, name);
            List<LmTrainer.LossPoint> curve = ModelStore.curve(models.model(projectId, name));
            Map<String, Object> metrics = ModelStore.metrics(models.model(projectId, name));
            LmSettings s = m.settings();
            Span about = new Span(String.format(Locale.ROOT,
                    "%s tokens \u00b7 %,d parameters \u00b7 vocabulary %,d \u00b7 trained on %s (%s) \u00b7 %,d steps, %,d tokens in %.0f s"
                            + " \u00b7 stopped: %s \u00b7 training data fingerprint %s \u00b7 %s",
                    s.tokenisation().id(), m.parameters(), m.vocabularySize(), m.dataset(), m.split(), m.steps(), m.targetTokens(),
                    m.seconds(), m.stop(), m.fingerprint(), m.created()));
            about.addClassName("rp-muted");
            content.add(about);
            if (!curve.isEmpty()) {
                String svg = Charts.svg(LossChart.of(curve), 640, 320);
                Image chart = new Image("data:image/svg+xml;base64,"
                        + Base64.getEncoder().encodeToString(svg.getBytes(StandardCharsets.UTF_8)), "Training curve");
                content.add(chart);
            }
            content.add(new H3("Settings"), new Pre(String.format(Locale.ROOT,
                    "width %d, layers %d, heads %d, feed-forward %d, window %d, batch %d%nepochs %d, time budget %d s, seed %d,"
                            + " learning rate %s, dropout %s, items of at least %d training users",
                    s.dModel(), s.layers(), s.heads(), s.ffn(), s.window(), s.batch(), s.epochs(), s.timeBudgetSeconds(), s.seed(),
                    s.learningRate(), s.dropout(), Math.max(1, s.minItemUsers()))));
            content.add(new H3("Against most-popular (same users, same candidates)"), new Pre(describe(metrics)));
            content.add(new H3("Use it in an experiment"),
                    new Paragraph("Experiments > New experiment... offers this model beside most-popular and the semantic ranker;"
                            + " in an existing experiment, add these lines (a word model's scoring line needs candidates):"), new Pre(usage(s)));
        } catch (IOException e) {
            Span error = new Span("This model cannot be read: " + e.getMessage());
            error.addClassName("rp-error");
            content.add(error);
        }
    }

    /** The evaluation as aligned text lines. */
    @SuppressWarnings("unchecked")
    static String describe(Map<String, Object> metrics) {
        StringBuilder s = new StringBuilder();
        if (metrics.containsKey("users")) {
            s.append("users: ").append(metrics.get("users")).append('\n');
        }
        for (String block : List.of("candidates", "full_catalog")) {
            Object o = metrics.get(block);
            if (!(o instanceof Map<?, ?> m)) {
                continue;
            }
            String title = block.equals("candidates") ? m.get("size") + " candidates" : "full catalog";
            for (String who : List.of("model", "most_popular")) {
                Map<String, Object> v = (Map<String, Object>) m.get(who);
                if (v != null) {
                    s.append(String.format(Locale.ROOT, "%-14s %-13s HR@10 %.4f   NDCG@10 %.4f%n", title, who.replace('_', '-'),
                            ((Number) v.get("hr@10")).doubleValue(), ((Number) v.get("ndcg@10")).doubleValue()));
                }
            }
        }
        if (metrics.get("generation") instanceof Map<?, ?> g) {
            g.forEach((decoding, v) -> {
                Map<String, Object> m = (Map<String, Object>) v;
                s.append(String.format(Locale.ROOT, "generation %-12s %s titles, invented (not a catalog title): %.1f%%%n", decoding,
                        m.get("titles"), 100 * ((Number) m.get("invented_rate")).doubleValue()));
            });
        }
        if (metrics.get("training") instanceof Map<?, ?> t) {
            s.append(String.format(Locale.ROOT, "training: %.0f tokens/s, final loss %.3f%n",
                    ((Number) t.get("tokens_per_second")).doubleValue(), ((Number) t.get("final_loss")).doubleValue()));
        }
        return s.length() == 0 ? "not evaluated (training was cancelled)" : s.toString();
    }

    /** The backend lines for an experiment: the same lines "New experiment..." writes for this model. */
    private String usage(LmSettings s) {
        StringBuilder b = new StringBuilder("backends:\n  - { id: pop, type: most-popular }\n  - { id: semantic, type: semantic }\n");
        ModelStore.experimentLines(name, s.tokenisation()).forEach(line -> b.append("  - ").append(line).append('\n'));
        return b.toString();
    }

    @Override
    public String id() {
        return "model:" + projectId + ":" + name;
    }

    @Override
    public String title() {
        return name;
    }

    @Override
    public Component content() {
        return content;
    }
}
