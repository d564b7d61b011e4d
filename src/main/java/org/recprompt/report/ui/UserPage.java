package org.recprompt.report.ui;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.recprompt.base.BackgroundJobs;
import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.io.DatasetLoader;
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

/**
 * One user under one variant: the history (from the run's dataset and split), the candidates in
 * the order the prompt showed them with the held-out item marked, the rendered prompt, the raw
 * answer shown as untrusted text, and the grounded slots coloured by outcome with method and score.
 * The dataset is loaded in the background; every text goes in with setText, never as HTML.
 */
class UserPage extends Dialog {

    final Div body = new Div();
    final Grid<UserAnswers.Slot> slots = new Grid<>();

    UserPage(RunFolder run, String variant, String user, BackgroundJobs jobs) {
        setHeaderTitle("User " + user + " \u00b7 " + variant);
        setWidth("min(70rem, 95vw)");
        setMaxHeight("90vh");
        body.setId("user-page");
        body.add(new Paragraph("Loading the user's answers and the dataset..."));
        add(body);
        getFooter().add(new Button("Close", e -> close()));
        UI ui = UI.getCurrent();
        jobs.submit("User " + user + " of " + variant, m -> {
            UserAnswers answers = UserAnswers.read(run.dir(), variant, user);
            Object path = run.dataset().get("path");
            Dataset d = null;
            try {
                d = path == null ? null : DatasetLoader.load(Path.of(path.toString()));
            } catch (RuntimeException e) {
                d = null; // titles are then ids; the page says so
            }
            Dataset dataset = d;
            ui.access(() -> show(run, answers, dataset));
        });
    }

    private void show(RunFolder run, UserAnswers a, Dataset d) {
        body.removeAll();
        if (d != null && "leave-last-out".equals(String.valueOf(run.split().get("method")))) {
            int u = d.users().indexOf(a.user());
            if (u >= 0) {
                Split split = Splits.leaveLastOut(d);
                OrderedList history = new OrderedList();
                for (int item : split.history(u)) {
                    history.add(new ListItem(d.items().title(item)));
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
        UserAnswers.Answer answer = a.answers().get(0);
        Set<String> held = new HashSet<>(answer.relevant());
        OrderedList candidates = new OrderedList();
        for (String id : answer.candidates()) {
            ListItem li = new ListItem(title(d, id) + (held.contains(id) ? "  \u2605 held out" : ""));
            if (held.contains(id)) {
                li.addClassName("rp-held-out");
            }
            candidates.add(li);
        }
        if (!answer.candidates().isEmpty()) {
            body.add(new H4("Candidates, in the order the prompt showed them"), candidates);
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
            body.add(d2);
        }
        Pre raw = new Pre();
        raw.setId("user-raw-answer");
        raw.addClassName("rp-untrusted");
        raw.setText(answer.response() == null ? "(a ranker: no text answer)" : answer.response());
        Span status = new Span("Status " + answer.status() + (answer.error() == null ? "" : ": " + answer.error()));
        body.add(new H4("Raw answer (untrusted model output, shown as text)"), raw, status);
        body.add(ExplanationBlock.of(answer, id -> title(d, id)));
        slots.setId("user-slots");
        slots.addColumn(UserAnswers.Slot::rank).setHeader("#").setAutoWidth(true);
        slots.addColumn(UserAnswers.Slot::rawText).setHeader("As written").setAutoWidth(true).setFlexGrow(2);
        slots.addColumn(s -> s.itemId() == null ? "" : title(d, s.itemId())).setHeader("Matched item").setAutoWidth(true).setFlexGrow(2);
        slots.addColumn(UserAnswers.Slot::outcome).setHeader("Outcome").setAutoWidth(true);
        slots.addColumn(UserAnswers.Slot::method).setHeader("Method").setAutoWidth(true);
        slots.addColumn(s -> Double.isNaN(s.score()) ? "" : String.format(Locale.ROOT, "%.2f", s.score())).setHeader("Score")
                .setAutoWidth(true);
        slots.setPartNameGenerator(s -> "outcome-" + s.outcome().toLowerCase(Locale.ROOT));
        slots.setItems(answer.slots());
        slots.setAllRowsVisible(true);
        body.add(new H4("Grounded slots"), slots);
        if (a.answers().size() > 1) {
            body.add(new Paragraph((a.answers().size() - 1) + " more repeat(s) recorded; the first is shown."));
        }
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
