package org.recprompt.prompt.ui;

import java.util.List;

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
 * The prompt template editor: CodeMirror 6 in the {@code <prompt-editor>} element
 * ({@code frontend/prompt-editor.ts}). A field on the element's {@code value} property, which the
 * browser sends about 300 ms after the last keystroke, on blur and before a Ctrl/Meta/Alt key
 * combination reaches the page's shortcuts (so Ctrl+S saves what was typed). It highlights
 * Mustache tags, the YAML front matter and the block markers, completes variable names after
 * {@code {{}, {@code {{#}, {@code {{^} and {@code {{/} from {@link #setCompletions}, and marks
 * the lines of {@link #setProblems}. Ctrl+S is left to the workbench. It fills its container
 * (at least 20rem high).
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
public class PromptCodeEditor extends AbstractSinglePropertyField<PromptCodeEditor, String>
        implements HasSize, Focusable<PromptCodeEditor> {

    /** A name offered after {@code {{}: a variable, a dotted name ({@code user.id}) or an item field. */
    public record Completion(String label, String detail) {
    }

    /** A lint marker on a 1-based line of the whole file; a warning when not an error. */
    public record Problem(int line, String message, boolean error) {
    }

    private List<Completion> completions = List.of();
    private List<Problem> problems = List.of();

    public PromptCodeEditor() {
        super("value", "", false);
        setCompletions(List.of());
        setProblems(List.of());
    }

    public PromptCodeEditor(String value) {
        this();
        setValue(value);
    }

    /** Null is taken as the empty text. */
    @Override
    public void setValue(String value) {
        super.setValue(value == null ? "" : value);
    }

    /** The names to complete, in the order to offer them; replaces the previous list. */
    public void setCompletions(List<Completion> completions) {
        this.completions = List.copyOf(completions);
        ArrayNode json = JsonNodeFactory.instance.arrayNode();
        for (Completion c : this.completions) {
            ObjectNode o = json.addObject();
            o.put("label", c.label());
            o.put("detail", c.detail() == null ? "" : c.detail());
        }
        getElement().setPropertyJson("completions", json);
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
