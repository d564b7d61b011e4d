package org.recprompt.base.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.recprompt.base.ui.CodeEditor.Completion;
import org.recprompt.base.ui.CodeEditor.Problem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vaadin.flow.component.AbstractField.ComponentValueChangeEvent;
import com.vaadin.flow.component.dependency.JsModule;
import com.vaadin.flow.internal.nodefeature.ElementPropertyMap;

/** The editor's server side without a UI: the element properties it sends and the field contract. */
class CodeEditorTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode property(CodeEditor editor, String name) throws Exception {
        Serializable raw = editor.getElement().getPropertyRaw(name);
        assertThat(raw).as(name).isNotNull();
        return JSON.readTree(raw.toString());
    }

    @Test
    void is_the_prompt_editor_element_from_the_frontend_folder() {
        CodeEditor editor = new CodeEditor();
        assertThat(editor.getElement().getTag()).isEqualTo("prompt-editor");
        assertThat(CodeEditor.class.getAnnotation(JsModule.class).value()).isEqualTo("./prompt-editor.ts");
    }

    @Test
    void completions_are_a_json_array_of_label_and_detail() throws Exception {
        CodeEditor editor = new CodeEditor();
        assertThat(property(editor, "completions")).isEqualTo(JSON.readTree("[]"));

        editor.setCompletions(List.of(new Completion("user.id", "the user's pseudonymous id"),
                new Completion("history", "list"), new Completion("title", null)));

        assertThat(property(editor, "completions")).isEqualTo(JSON.readTree("""
                [{"label":"user.id","detail":"the user's pseudonymous id"},
                 {"label":"history","detail":"list"},
                 {"label":"title","detail":""}]"""));
        assertThat(editor.getCompletions()).extracting(Completion::label).containsExactly("user.id", "history", "title");
    }

    @Test
    void problems_are_a_json_array_of_line_message_and_error() throws Exception {
        CodeEditor editor = new CodeEditor();
        editor.setProblems(List.of(new Problem(12, "Unknown variable {{titel}}", true),
                new Problem(3, "history: 0 shows the whole history", false)));

        assertThat(property(editor, "problems")).isEqualTo(JSON.readTree("""
                [{"line":12,"message":"Unknown variable {{titel}}","error":true},
                 {"line":3,"message":"history: 0 shows the whole history","error":false}]"""));

        editor.setProblems(List.of());
        assertThat(property(editor, "problems")).isEqualTo(JSON.readTree("[]"));
        assertThat(editor.getProblems()).isEmpty();
    }

    @Test
    void set_value_round_trips_through_the_value_property_and_fires_a_value_change() {
        CodeEditor editor = new CodeEditor();
        List<ComponentValueChangeEvent<CodeEditor, String>> events = new ArrayList<>();
        editor.addValueChangeListener(events::add);
        assertThat(editor.getValue()).isEmpty();
        assertThat(editor.isEmpty()).isTrue();

        String text = "---\nname: t\n---\n[user]\nHello {{user.id}}\n";
        editor.setValue(text);

        assertThat(editor.getValue()).isEqualTo(text);
        assertThat(editor.getElement().getProperty("value")).isEqualTo(text);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).getOldValue()).isEmpty();
        assertThat(events.get(0).getValue()).isEqualTo(text);
        assertThat(events.get(0).isFromClient()).isFalse();

        editor.setValue(text);
        assertThat(events).as("the same value again is no change").hasSize(1);
        editor.setValue(null);
        assertThat(editor.getValue()).isEmpty();
        assertThat(events).hasSize(2);
    }

    @Test
    void a_value_from_the_browser_is_a_change_from_the_client() throws Exception {
        CodeEditor editor = new CodeEditor("{{#history}}");
        List<ComponentValueChangeEvent<CodeEditor, String>> events = new ArrayList<>();
        editor.addValueChangeListener(events::add);

        editor.getElement().getNode().getFeature(ElementPropertyMap.class)
                .deferredUpdateFromClient("value", "{{#history}}{{title}}{{/history}}").run();

        assertThat(editor.getValue()).isEqualTo("{{#history}}{{title}}{{/history}}");
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.isFromClient()).isTrue();
            assertThat(e.getOldValue()).isEqualTo("{{#history}}");
        });
    }

    @Test
    void read_only_is_the_readonly_property() {
        CodeEditor editor = new CodeEditor();
        editor.setReadOnly(true);
        assertThat(editor.getElement().getProperty("readonly", false)).isTrue();
        assertThat(editor.isReadOnly()).isTrue();
        editor.setReadOnly(false);
        assertThat(editor.getElement().getProperty("readonly", true)).isFalse();
    }

    @Test
    void yaml_mode_and_its_schema_are_element_properties() throws Exception {
        CodeEditor editor = new CodeEditor();
        assertThat(editor.getMode()).isEqualTo(CodeEditor.Mode.TEMPLATE);
        editor.setMode(CodeEditor.Mode.YAML);
        assertThat(editor.getElement().getProperty("mode")).isEqualTo("yaml");

        editor.setSchema(java.util.Map.of("backends[]", List.of(new Completion("type", null))),
                java.util.Map.of("backends[].type", List.of(new Completion("ease", "baseline"), new Completion("openai", "llm"))));

        assertThat(property(editor, "schema")).isEqualTo(JSON.readTree("""
                {"keys": [{"path": "backends[]", "options": [{"label":"type","detail":""}]}],
                 "values": [{"path": "backends[].type",
                             "options": [{"label":"ease","detail":"baseline"},{"label":"openai","detail":"llm"}]}]}"""));
        assertThat(editor.getSchemaValues().get("backends[].type")).extracting(Completion::label).containsExactly("ease", "openai");
        editor.setMode(CodeEditor.Mode.TEMPLATE);
        assertThat(editor.getElement().getProperty("mode")).isEqualTo("template");
    }
}
