package org.recprompt.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class VariablesTest {

    @Test
    void completions_offer_every_variable_the_linter_accepts_and_the_templates_steps() {
        List<String> labels = Variables.completions(List.of("preferences")).stream().map(Variables.Completion::label).toList();

        assertThat(labels).contains("history", "candidates", "user.id", "item.title", "last.genres", "sensitive.value",
                "title", "letter", "recency", "answer", "-last", "steps.preferences", "K", "C");
        assertThat(labels).doesNotHaveDuplicates().doesNotContain("steps.other");
        // every completion passes the linter where it belongs
        String body = "{{#history}}{{title}} {{recency}}{{/history}} {{user.id}} {{item.title}} {{steps.preferences}}";
        String text = "---\nname: t\nkind: chain\n---\n[step preferences]\nHi\n[step next]\n" + body + "\n";
        assertThat(TemplateLint.check(text, "t")).isEmpty();
        assertThat(TemplateLint.check(text.replace("{{user.id}}", "{{usr.id}}"), "t")).extracting(TemplateLint.Problem::message)
                .anySatisfy(m -> assertThat(m).contains("unknown variable 'usr.id'").contains("did you mean 'user'"));
    }
}
