package org.recprompt.report.ui;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.recprompt.base.BackgroundJobs;
import org.recprompt.base.FailureText;
import org.recprompt.base.ui.ItemThumbnail;
import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.split.Split;
import org.recprompt.dataset.split.Splits;
import org.recprompt.report.RunFolder;
import org.recprompt.report.UserAnswers;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.OrderedList;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.select.Select;

/**
 * One user under one variant: the history (from the run's dataset and split), the candidates in
 * the order the prompt showed them with the held-out item marked (each with its image's thumbnail
 * where the dataset has one: {@link ItemThumbnail}), the rendered prompt, the raw
 * answer shown as untrusted text, and the grounded slots coloured by outcome with method and score;
 * with several repeats, a chooser shows each recorded answer in turn.
 * The dataset is loaded in the background; every text goes in with setText, never as HTML.
 */
class UserPage extends Dialog {

    final Div body = new Div();
    final Grid<UserAnswers.Slot> slots = new Grid<>();
    final Div answerBox = new Div();
    private Dataset dataset;
    private final boolean llm;
    private final boolean localOnly;

    UserPage(RunFolder run, String variant, String user, BackgroundJobs jobs) {
        setHeaderTitle("User " + user + " \u00b7 " + variant);
        RunFolder.Variant shown = run.variants().stream().filter(v -> v.id().equals(variant)).findFirst().orElse(null);
        this.llm = shown == null || shown.template() != null; // a prompt-based variant: never "a ranker"
        this.localOnly = run.localOnly();
        setWidth("min(70rem, 95vw)");
        setMaxHeight("90vh");
        body.setId("user-page");
        answerBox.setId("user-answer");
        slots.setId("user-slots");
        slots.addColumn(UserAnswers.Slot::rank).setHeader("#").setAutoWidth(true);
        slots.addColumn(UserAnswers.Slot::rawText).setHeader("As written").setAutoWidth(true).setFlexGrow(2);
        slots.addColumn(s -> s.itemId() == null ? "" : title(dataset, s.itemId())).setHeader("Matched item").setAutoWidth(true)
                .setFlexGrow(2);
        slots.addColumn(UserAnswers.Slot::outcome).setHeader("Outcome").setAutoWidth(true);
        slots.addColumn(UserAnswers.Slot::method).setHeader("Method").setAutoWidth(true);
        slots.addColumn(s -> Double.isNaN(s.score()) ? "" : String.format(Locale.ROOT, "%.2f", s.score())).setHeader("Score")
                .setAutoWidth(true);
        slots.setPartNameGenerator(s -> "outcome-" + s.outcome().toLowerCase(Locale.ROOT));
        slots.setAllRowsVisible(true);
        body.add(new Paragraph("Loading the user's answers and the dataset..."));
        add(body);
        getFooter().add(new Button("Close", e -> close()));
        UI ui = UI.getCurrent();
        jobs.submitQuiet("User " + user + " of " + variant, m -> {
            UserAnswers answers = UserAnswers.read(run.dir(), variant, user);
            Object path = run.dataset().get("path");
            Dataset d = null;
            try {
                d = path == null ? null : org.recprompt.report.RunDataset.loadAsRun(run, path.toString());
            } catch (RuntimeException e) {
                d = null; // titles are then ids; the page says so
            }
            Dataset dataset = d;
            ui.access(() -> show(run, answers, dataset));
        });
    }

    private void show(RunFolder run, UserAnswers a, Dataset d) {
        this.dataset = d;
        body.removeAll();
        if (d != null && run.leaveLastOut()) {
            int u = d.users().indexOf(a.user());
            if (u >= 0) {
                Split split = Splits.leaveLastOut(d);
                OrderedList history = new OrderedList();
                for (int item : split.history(u)) {
                    history.add(row(d, item, d.items().title(item)));
                }
                com.vaadin.flow.component.details.Details h = new com.vaadin.flow.component.details.Details(
                        "History (" + split.history(u).length + " items, oldest first)", history);
                h.setId("user-history");
                body.add(h);
            }
        } else if (d == null) {
            body.add(new Paragraph("The run's dataset could not be loaded here: items are shown by id."));
        }
        if (a.answers().isEmpty()) {
            body.add(new Paragraph("The run recorded no answer for this user under this variant."));
            return;
        }
        if (a.answers().size() > 1) {
            Select<UserAnswers.Answer> repeat = new Select<>();
            repeat.setId("user-repeat");
            repeat.setLabel("Repeat");
            repeat.setItems(a.answers());
            repeat.setItemLabelGenerator(x -> "repeat " + (x.repeat() + 1) + " \u00b7 " + x.status() + " \u00b7 "
                    + x.slots().stream().filter(sl -> "HIT".equals(sl.outcome())).count() + " hit(s)");
            repeat.setValue(a.answers().get(0));
            repeat.addValueChangeListener(e -> {
                if (e.getValue() != null) {
                    showAnswer(e.getValue(), d);
                }
            });
            Paragraph overview = new Paragraph(a.answers().size() + " answers recorded for this user (one per repeat): "
                    + a.answers().stream().map(x -> (x.repeat() + 1) + " " + x.status()).collect(java.util.stream.Collectors.joining(", "))
                    + ". Choose one to see it.");
            overview.addClassName("rp-muted");
            body.add(repeat, overview);
        }
        body.add(answerBox);
        showAnswer(a.answers().get(0), d);
    }

    /** One recorded answer: candidates, prompt, raw answer and grounded slots. */
    private void showAnswer(UserAnswers.Answer answer, Dataset d) {
        answerBox.removeAll();
        boolean failed = "ERROR".equals(answer.status());
        if (failed) {
            Paragraph what = new Paragraph("The call failed: " + FailureText.sentence(answer.error()));
            what.setId("user-failure");
            what.addClassName("rp-error");
            answerBox.add(what);
            String details = FailureText.details(answer.error());
            if (details != null) {
                Pre full = new Pre();
                full.setText(details);
                full.addClassName("rp-preview-text");
                com.vaadin.flow.component.details.Details more = new com.vaadin.flow.component.details.Details("Details", full);
                more.setId("user-failure-details");
                answerBox.add(more);
            }
        }
        Set<String> held = new HashSet<>(answer.relevant());
        OrderedList candidates = new OrderedList();
        for (String id : answer.candidates()) {
            ListItem li = row(d, d == null ? -1 : d.items().indexOf(id), title(d, id) + (held.contains(id) ? "  \u2605 held out" : ""));
            if (held.contains(id)) {
                li.addClassName("rp-held-out");
            }
            candidates.add(li);
        }
        if (!answer.candidates().isEmpty()) {
            answerBox.add(new H4("Candidates, in the order the prompt showed them"), candidates);
        }
        if (!answer.prompt().isEmpty()) {
            StringBuilder p = new StringBuilder();
            for (Map.Entry<String, String> m : answer.prompt()) {
                p.append("=== ").append(m.getKey()).append(" ===\n").append(m.getValue()).append("\n\n");
            }
            Pre prompt = new Pre();
            prompt.setText(p.toString().strip());
            prompt.addClassName("rp-preview-text");
            com.vaadin.flow.component.details.Details d2 = new com.vaadin.flow.component.details.Details("Rendered prompt", prompt);
            d2.setId("user-prompt");
            answerBox.add(d2);
        }
        if (!answer.steps().isEmpty()) {
            Div steps = new Div();
            steps.setId("user-steps");
            answer.steps().forEach((name, text) -> {
                Pre stepAnswer = new Pre();
                stepAnswer.addClassName("rp-untrusted");
                stepAnswer.setText(text);
                steps.add(new Span("Step " + name + ":"), stepAnswer);
            });
            answerBox.add(new H4("Earlier steps of the chain (untrusted model output)"), steps);
        }
        Pre raw = new Pre();
        raw.setId("user-raw-answer");
        raw.addClassName("rp-untrusted");
        raw.setText(answer.response() != null ? answer.response()
                : failed ? "(no answer: the call failed)" : llm ? "(no text answer recorded)" : "(a ranker: no text answer)");
        Span status = new Span("Status " + answer.status() + (answer.error() == null || failed ? "" : ": " + answer.error()));
        answerBox.add(new H4("Raw answer (untrusted model output, shown as text)"), raw, status);
        answerBox.add(ExplanationBlock.of(answer, id -> title(d, id)));
        slots.setItems(answer.slots());
        answerBox.add(new H4("Grounded slots"), slots);
    }

    /** One item of a list: its image's thumbnail when it has one (not loaded for a local-only run), then the text. */
    private ListItem row(Dataset d, int item, String text) {
        com.vaadin.flow.component.Component thumb = d == null || item < 0 ? null
                : ItemThumbnail.of(d.items().image(item), d.items().title(item), localOnly);
        if (thumb == null) {
            return new ListItem(text);
        }
        ListItem li = new ListItem(thumb, new Span(text));
        li.addClassName("rp-with-thumb");
        return li;
    }

    private static String title(Dataset d, String id) {
        if (d == null) {
            return id;
        }
        int i = d.items().indexOf(id);
        return i < 0 ? id + " (not in the catalog)" : d.items().title(i);
    }

    List<UserAnswers.Slot> shownSlots() {
        return slots.getGenericDataView().getItems().toList();
    }
}
