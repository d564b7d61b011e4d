package org.recprompt.base.ui;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vaadin.flow.component.AbstractSinglePropertyField;
import com.vaadin.flow.component.Focusable;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import com.vaadin.flow.component.dependency.NpmPackage;

/**
 * The workbench's code editor: CodeMirror 6 in the {@code <prompt-editor>} element
 * ({@code frontend/prompt-editor.ts}), shared by the template editor ({@link Mode#TEMPLATE}) and the
 * experiment editor ({@link Mode#YAML}). A field on the element's {@code value} property, which the
 * browser sends about 300 ms after the last keystroke, on blur and before a Ctrl/Meta/Alt key
 * combination reaches the page's shortcuts (so Ctrl+S saves what was typed). Both modes show line
 * numbers and mark the lines of {@link #setProblems}. Template mode highlights Mustache tags, the
 * YAML front matter and the block markers and completes variable names after {@code {{},
 * {@code {{#}, {@code {{^} and {@code {{/} from {@link #setCompletions}; YAML mode highlights
 * YAML and completes keys and values from {@link #setSchema}. Ctrl+S is left to the workbench. It
 * fills its container (at least 20rem high).
 *
 * <p>A change to the element or to the packages below needs a new production bundle: see
 * docs/FRONTEND.md.
 */
@Tag("prompt-editor")
@JsModule("./prompt-editor.ts")
@NpmPackage(value = "codemirror", version = "6.0.2")
@NpmPackage(value = "@codemirror/view", version = "6.43.15")
@NpmPackage(value = "@codemirror/state", version = "6.7.6")
@NpmPackage(value = "@codemirror/language", version = "6.13.1")
@NpmPackage(value = "@codemirror/commands", version = "6.11.1")
@NpmPackage(value = "@codemirror/autocomplete", version = "6.20.4")
@NpmPackage(value = "@codemirror/lint", version = "6.9.8")
@NpmPackage(value = "@codemirror/search", version = "6.7.2")
@NpmPackage(value = "@lezer/highlight", version = "1.2.5")
@NpmPackage(value = "@codemirror/lang-yaml", version = "6.1.3")
public class CodeEditor extends AbstractSinglePropertyField<CodeEditor, String>
        implements HasSize, Focusable<CodeEditor> {

    /** A name offered after {@code {{}: a variable, a dotted name ({@code user.id}) or an item field. */
    public record Completion(String label, String detail) {
    }

    /** A lint marker on a 1-based line of the whole file; a warning when not an error. */
    public record Problem(int line, String message, boolean error) {
    }

    /** What the text is: a prompt template or a YAML file. */
    public enum Mode {
        TEMPLATE, YAML
    }

    private List<Completion> completions = List.of();
    private Mode mode = Mode.TEMPLATE;
    private Map<String, List<Completion>> schemaKeys = Map.of();
    private Map<String, List<Completion>> schemaValues = Map.of();
    private List<Problem> problems = List.of();

    public CodeEditor() {
        super("value", "", false);
        setCompletions(List.of());
        setProblems(List.of());
    }

    public CodeEditor(String value) {
        this();
        setValue(value);
    }

    /** Null is taken as the empty text. */
    @Override
    public void setValue(String value) {
        super.setValue(value == null ? "" : value);
    }

    public void setMode(Mode mode) {
        this.mode = mode;
        getElement().setProperty("mode", mode.name().toLowerCase(Locale.ROOT));
    }

    public Mode getMode() {
        return mode;
    }

    /**
     * YAML mode's completions: the keys offered at each level and the values offered after a key,
     * both by path ({@code ""} the top level, {@code backends[]} an item of the backends list,
     * {@code backends[].type} the values of its {@code type}); replaces the previous schema.
     */
    public void setSchema(Map<String, List<Completion>> keys, Map<String, List<Completion>> values) {
        this.schemaKeys = copy(keys);
        this.schemaValues = copy(values);
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.set("keys", toJson(schemaKeys));
        json.set("values", toJson(schemaValues));
        getElement().setPropertyJson("schema", json);
    }

    public Map<String, List<Completion>> getSchemaKeys() {
        return schemaKeys;
    }

    public Map<String, List<Completion>> getSchemaValues() {
        return schemaValues;
    }

    private static Map<String, List<Completion>> copy(Map<String, List<Completion>> m) {
        Map<String, List<Completion>> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return java.util.Collections.unmodifiableMap(out);
    }

    /** [{path, options: [{label, detail}]}]: a list, as Flow's property encoding refuses some object keys ("", "a[]"). */
    private static ArrayNode toJson(Map<String, List<Completion>> m) {
        ArrayNode json = JsonNodeFactory.instance.arrayNode();
        m.forEach((path, list) -> {
            ObjectNode o = json.addObject();
            o.put("path", path);
            o.set("options", completionsJson(list));
        });
        return json;
    }

    private static ArrayNode completionsJson(List<Completion> list) {
        ArrayNode json = JsonNodeFactory.instance.arrayNode();
        for (Completion c : list) {
            ObjectNode o = json.addObject();
            o.put("label", c.label());
            o.put("detail", c.detail() == null ? "" : c.detail());
        }
        return json;
    }

    /** The names to complete, in the order to offer them; replaces the previous list. */
    public void setCompletions(List<Completion> completions) {
        this.completions = List.copyOf(completions);
        getElement().setPropertyJson("completions", completionsJson(this.completions));
    }

    public List<Completion> getCompletions() {
        return completions;
    }

    /** The lint markers to show; replaces the previous ones (an empty list clears them). */
    public void setProblems(List<Problem> problems) {
        this.problems = List.copyOf(problems);
        ArrayNode json = JsonNodeFactory.instance.arrayNode();
        for (Problem p : this.problems) {
            ObjectNode o = json.addObject();
            o.put("line", p.line());
            o.put("message", p.message() == null ? "" : p.message());
            o.put("error", p.error());
        }
        getElement().setPropertyJson("problems", json);
    }

    public List<Problem> getProblems() {
        return problems;
    }
}
