package org.recprompt.report.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import org.recprompt.base.BackgroundJobs;
import org.recprompt.report.Figure;
import org.recprompt.report.MetricDefinitions;
import org.recprompt.report.RerankControl;
import org.recprompt.report.StudyCharts;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Input;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.data.value.ValueChangeMode;

/**
 * "Popularity and calibration control" in a run's results: a beta slider (popularity control,
 * S(p) + beta * S_pop(p)) and a lambda slider (Steck's calibration), each a native range input
 * beside a number field with step buttons. Moving either re-ranks every variant's recorded answers
 * ({@link RerankControl}: the run folder and its dataset, no model is asked) in a background job,
 * the latest move winning, and shows each measure at (beta, lambda) against the run's own with the
 * change, and the two sweep figures with the current value marked: accuracy against ARP and
 * coverage along beta (at lambda 0), accuracy against calibration KL along lambda (at beta 0).
 */
public class RerankPanel extends Div {

    /** One line of the table: a variant's measure in the run and re-ranked. */
    record Change(String variant, String metric, double run, double reranked) {

        double delta() {
            return reranked - run;
        }
    }

    final Input betaSlider = slider(-RerankControl.MAX_BETA, RerankControl.MAX_BETA, 0.05);
    final NumberField beta = number("Popularity beta", -RerankControl.MAX_BETA, RerankControl.MAX_BETA, 0.05);
    final Input lambdaSlider = slider(0, 1, 0.05);
    final NumberField lambda = number("Calibration lambda", 0, 1, 0.05);
    final Button reset = new Button("Reset");
    final Span status = new Span();
    final Grid<Change> table = new Grid<>();
    final Div popularityFigure = new Div();
    final Div calibrationFigure = new Div();
    private final BackgroundJobs jobs;
    private final String runName;
    private RerankControl control;
    private List<RerankControl.Point> betaCurve;
    private List<RerankControl.Point> lambdaCurve;
    private RerankControl.Values zero;
    private long generation;
    private BackgroundJobs.Job pending;

    public RerankPanel(String runName, Supplier<RerankControl> prepare, BackgroundJobs jobs) {
        this.jobs = jobs;
        this.runName = runName;
        setId("rerank-control");
        addClassName("rp-rerank");
        Paragraph about = new Paragraph("Re-rank every variant's recorded answers after the fact and see what it costs: beta < 0 pushes "
                + "popular items down (S(p) + beta * S_pop(p), S a rank-derived score), lambda > 0 pulls each list's genre mix toward "
                + "the user's history (Steck's calibration). Nothing is sent to a model: the answers come from the run folder.");
        about.addClassName("rp-muted");
        betaSlider.setId("rerank-beta-slider");
        beta.setId("rerank-beta");
        lambdaSlider.setId("rerank-lambda-slider");
        lambda.setId("rerank-lambda");
        status.setId("rerank-status");
        status.addClassName("rp-muted");
        link(betaSlider, beta);
        link(lambdaSlider, lambda);
        reset.addClickListener(e -> {
            beta.setValue(0.0);
            lambda.setValue(0.0);
        });
        HorizontalLayout controls = new HorizontalLayout(column(beta, betaSlider), column(lambda, lambdaSlider), reset);
        controls.setAlignItems(FlexComponent.Alignment.END);

        table.setId("rerank-table");
        table.addColumn(Change::variant).setHeader("Variant").setAutoWidth(true);
        table.addColumn(c -> MetricDefinitions.of(c.metric()).label()).setHeader("Metric").setAutoWidth(true)
                .setTooltipGenerator(c -> MetricDefinitions.of(c.metric()).hoverText());
        table.addColumn(c -> number(c.run())).setHeader("Run (beta 0, lambda 0)").setAutoWidth(true).setTextAlign(ColumnTextAlign.END);
        table.addColumn(c -> number(c.reranked())).setHeader("Re-ranked").setAutoWidth(true).setTextAlign(ColumnTextAlign.END);
        table.addColumn(c -> signed(c.delta())).setHeader("Change").setAutoWidth(true).setTextAlign(ColumnTextAlign.END)
                .setPartNameGenerator(c -> better(c) == null ? null : better(c) ? "rp-better" : "rp-worse");
        table.setAllRowsVisible(true);
        table.setVisible(false);

        popularityFigure.setId("rerank-popularity-figure");
        calibrationFigure.setId("rerank-calibration-figure");
        HorizontalLayout figures = new HorizontalLayout(popularityFigure, calibrationFigure);
        figures.setWidthFull();
        figures.setWrap(true);
        add(about, controls, status, table, figures);
        setEnabled(false);
        status.setText("Preparing the re-ranking (reading the answers and the run's dataset)...");
        prepare(prepare);
    }

    private void prepare(Supplier<RerankControl> prepare) {
        UI ui = UI.getCurrent();
        jobs.submitQuiet("Re-ranking control for " + runName, m -> {
            m.message("Reading the answers and the dataset");
            RerankControl c = prepare.get();
            if (!c.available()) {
                ui.access(() -> status.setText("No re-ranking: " + c.reason() + "."));
                return;
            }
            m.message("Sweeping beta and lambda");
            RerankControl.Values z = c.at(0, 0);
            List<RerankControl.Point> betas = c.betaCurve(0);
            List<RerankControl.Point> lambdas = c.calibrates() ? c.lambdaCurve(0) : List.of();
            ui.access(() -> {
                control = c;
                zero = z;
                betaCurve = betas;
                lambdaCurve = lambdas;
                setEnabled(true);
                lambda.setEnabled(c.calibrates());
                lambdaSlider.setEnabled(c.calibrates());
                if (!c.calibrates()) {
                    lambda.setHelperText("the run's dataset has no genres");
                }
                update();
            });
        });
    }

    /** The slider and the number field show one value; a change of either re-ranks (the slider waits until it rests). */
    private void link(Input slider, NumberField field) {
        slider.setValueChangeMode(ValueChangeMode.TIMEOUT);
        slider.setValueChangeTimeout(200);
        slider.addValueChangeListener(e -> {
            if (e.getValue() != null && !e.getValue().isBlank()) {
                double x = Double.parseDouble(e.getValue());
                if (field.getValue() == null || field.getValue() != x) {
                    field.setValue(x);
                }
            }
        });
        field.addValueChangeListener(e -> {
            if (e.getValue() == null || e.getValue() < field.getMin() || e.getValue() > field.getMax()) {
                return;
            }
            String s = format(e.getValue());
            if (!s.equals(slider.getValue())) {
                slider.setValue(s);
            }
            if (control != null) {
                update();
            }
        });
    }

    /** Re-ranks at the current (beta, lambda) in the background; a result arriving after a newer move is dropped. */
    void update() {
        double b = beta.getValue() == null ? 0 : beta.getValue();
        double l = lambda.getValue() == null || !control.calibrates() ? 0 : lambda.getValue();
        long gen = ++generation;
        if (pending != null && !pending.state().isFinished()) {
            pending.supersede(); // the newer move replaces it: no row, no "Cancelled" line
        }
        status.setText(String.format(Locale.ROOT, "Re-ranking at beta %.2f, lambda %.2f...", b, l));
        UI ui = UI.getCurrent();
        RerankControl c = control;
        pending = jobs.submitQuiet(String.format(Locale.ROOT, "Re-ranking %s at beta %.2f, lambda %.2f", runName, b, l), m -> {
            RerankControl.Values now = c.at(b, l);
            RerankControl.Values atBeta = l == 0 ? now : c.at(b, 0);
            if (m.isCancelled()) {
                return;
            }
            Figure pop = StudyCharts.popularitySweep(c, betaCurve, b, 0, atBeta);
            Figure cal = null;
            if (c.calibrates()) {
                RerankControl.Values atLambda = b == 0 ? now : c.at(0, l);
                cal = StudyCharts.calibrationSweep(c, lambdaCurve, 0, l, atLambda);
            }
            List<Change> rows = new ArrayList<>();
            for (String v : c.rerankedVariants()) {
                for (String metric : c.metrics()) {
                    rows.add(new Change(v, metric, zero.get(v, metric), now.get(v, metric)));
                }
            }
            Figure calibration = cal;
            ui.access(() -> {
                if (gen != generation) {
                    return;
                }
                table.setItems(rows);
                table.setVisible(true);
                popularityFigure.removeAll();
                popularityFigure.add(RunResults.figure(pop));
                calibrationFigure.removeAll();
                if (calibration != null) {
                    calibrationFigure.add(RunResults.figure(calibration));
                }
                status.setText(String.format(Locale.ROOT, "Re-ranked at beta %.2f, lambda %.2f (%d variants, K = %d).", b, l,
                        c.rerankedVariants().size(), c.k()));
            });
        });
    }

    /** Whether a change is for the better by the metric's direction (null: no direction or no change). */
    static Boolean better(Change c) {
        double d = c.delta();
        if (!Double.isFinite(d) || Math.abs(d) < 1e-12) {
            return null;
        }
        return switch (MetricDefinitions.of(c.metric()).direction()) {
            case HIGHER -> d > 0;
            case LOWER -> d < 0;
            case NEUTRAL -> null;
        };
    }

    private static Input slider(double min, double max, double step) {
        Input input = new Input();
        input.setType("range");
        input.getElement().setAttribute("min", format(min));
        input.getElement().setAttribute("max", format(max));
        input.getElement().setAttribute("step", format(step));
        input.setValue("0");
        input.setWidth("16rem");
        return input;
    }

    private static NumberField number(String label, double min, double max, double step) {
        NumberField f = new NumberField(label);
        f.setMin(min);
        f.setMax(max);
        f.setStep(step);
        f.setStepButtonsVisible(true);
        f.setValue(0.0);
        f.setWidth("11rem");
        f.setValueChangeMode(ValueChangeMode.ON_CHANGE);
        return f;
    }

    private static Div column(NumberField field, Input slider) {
        Div d = new Div(field, new Div(slider));
        d.addClassName("rp-slider");
        return d;
    }

    static String format(double x) {
        String s = java.math.BigDecimal.valueOf(Math.round(x * 100) / 100.0).stripTrailingZeros().toPlainString();
        return s.equals("-0") ? "0" : s;
    }

    private static String number(double x) {
        return Double.isNaN(x) ? "" : String.format(Locale.ROOT, "%.4f", x);
    }

    private static String signed(double x) {
        return Double.isNaN(x) ? "" : String.format(Locale.ROOT, "%+.4f", x);
    }

    RerankControl control() {
        return control;
    }
}
