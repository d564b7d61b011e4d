package org.recprompt.report.ui;

import java.util.Locale;
import java.util.function.Function;

import org.recprompt.report.UserAnswers;

import com.vaadin.flow.component.Text;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;

/**
 * An answer's explanation on the per-user page: the text as the model wrote it (untrusted: only
 * text nodes, never HTML) with each cited title coloured by what it is (watched, about the answer,
 * invented, in no catalog; the kind is also written as hover text and for screen readers), and a line
 * with its length, unique-sentence ratio and counts. Empty when the answer has no explanation.
 */
final class ExplanationBlock {

    private ExplanationBlock() {
    }

    /** The block for one answer; {@code title} turns an item id into its title (for the hover text). */
    static Div of(UserAnswers.Answer answer, Function<String, String> title) {
        Div block = new Div();
        block.addClassName("rp-explanation");
        UserAnswers.Explanation e = answer.explanation();
        if (e == null) {
            return block;
        }
        Paragraph text = new Paragraph();
        text.setId("user-explanation");
        text.addClassName("rp-untrusted");
        int at = 0;
        for (UserAnswers.Cited c : e.cited()) {
            if (c.start() < at) {
                continue;
            }
            if (c.start() > at) {
                text.add(new Text(e.text().substring(at, c.start())));
            }
            Span span = new Span(c.text());
            span.addClassName("rp-cited-" + c.kind().toLowerCase(Locale.ROOT));
            span.getElement().setAttribute("title", label(c.kind()) + (c.itemId() == null ? "" : ": " + title.apply(c.itemId())));
            span.getElement().setAttribute("aria-label", c.text() + " (" + label(c.kind()) + ")");
            text.add(span);
            at = c.end();
        }
        if (at < e.text().length()) {
            text.add(new Text(e.text().substring(at)));
        }
        Paragraph summary = new Paragraph(String.format(Locale.ROOT,
                "%d words, %d of %d sentences distinct; cited: %d watched, %d invented (in the catalog, never watched), %d in no catalog, %d about the answer.",
                e.words(), e.uniqueSentences(), e.sentences(), e.count("HISTORY"), e.count("INVENTED"), e.count("UNKNOWN"),
                e.count("RECOMMENDED")));
        summary.addClassName("rp-muted");
        summary.setId("user-explanation-summary");
        block.add(new H4("Explanation (untrusted model output; cited titles marked)"), text, summary);
        return block;
    }

    static String label(String kind) {
        return switch (kind) {
            case "HISTORY" -> "watched by the user";
            case "RECOMMENDED" -> "a candidate or recommended item";
            case "INVENTED" -> "invented: in the catalog, never watched";
            default -> "invented: in no catalog";
        };
    }
}
