package org.recprompt.report.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.report.RunFolder;
import org.recprompt.report.UserAnswers;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Text;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;

class ExplanationBlockTest {

    @TempDir
    Path dir;

    static final String TEXT = "Like Heat, it is tense <script>x()</script> as The Godfather.";

    UserAnswers.Answer answer() throws Exception {
        int heat = TEXT.indexOf("Heat");
        int godfather = TEXT.indexOf("The Godfather");
        Files.writeString(dir.resolve(RunFolder.RESPONSES), """
                {"variant":"explain/llm","user":"u1","repeat":0,"status":"OK","response":"r","slots":[],"candidates":[],"relevant":["9"],\
                "explanation":{"text":%s,"words":10,"sentences":1,"unique_sentences":1,"cited":[\
                {"start":%d,"end":%d,"text":"The Godfather","item_id":"13","kind":"INVENTED"},\
                {"start":%d,"end":%d,"text":"Heat","item_id":"4","kind":"HISTORY"},\
                {"start":0,"end":999,"text":"out of range","item_id":null,"kind":"UNKNOWN"}]}}
                """.formatted(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(TEXT), godfather,
                godfather + "The Godfather".length(), heat, heat + 4));
        return UserAnswers.read(dir, "explain/llm", "u1").answers().get(0);
    }

    @Test
    void the_explanation_is_read_with_its_citations_in_text_order_and_bad_offsets_dropped() throws Exception {
        UserAnswers.Explanation e = answer().explanation();
        assertThat(e.text()).isEqualTo(TEXT);
        assertThat(e.cited()).extracting(UserAnswers.Cited::text).containsExactly("Heat", "The Godfather");
        assertThat(e.count("INVENTED")).isEqualTo(1);
    }

    @Test
    void cited_titles_are_marked_by_kind_and_the_untrusted_text_stays_text() throws Exception {
        Div block = ExplanationBlock.of(answer(), id -> "title " + id);
        Paragraph text = (Paragraph) block.getChildren().filter(c -> c.getId().orElse("").equals("user-explanation")).findFirst()
                .orElseThrow();
        List<Component> parts = text.getChildren().toList();
        assertThat(parts).hasSize(5);
        assertThat(((Span) parts.get(1)).getText()).isEqualTo("Heat");
        assertThat(((Span) parts.get(1)).getClassNames()).contains("rp-cited-history");
        assertThat(((Span) parts.get(3)).getClassNames()).contains("rp-cited-invented");
        assertThat(parts.get(3).getElement().getAttribute("title")).isEqualTo("invented: in the catalog, never watched: title 13");
        assertThat(((Text) parts.get(2)).getText()).contains("<script>x()</script>");
        assertThat(text.getElement().getProperty("innerHTML")).isNull();
        String joined = parts.stream().map(c -> c instanceof Text t ? t.getText() : ((Span) c).getText()).reduce("", String::concat);
        assertThat(joined).isEqualTo(TEXT);
    }

    @Test
    void an_answer_without_explanation_gives_an_empty_block() {
        UserAnswers.Answer plain = new UserAnswers.Answer(0, "OK", null, "1. Heat", List.of(), List.of(), List.of(), List.of(), java.util.Map.of(), null);
        assertThat(ExplanationBlock.of(plain, id -> id).getChildren()).isEmpty();
    }
}
