package org.recprompt.prompt.ui;

import java.util.Collection;
import java.util.List;

import org.recprompt.base.ui.CodeEditor;
import org.recprompt.prompt.TemplateLint;
import org.recprompt.prompt.Variables;

import com.vaadin.flow.component.AbstractField.ComponentValueChangeEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasValue;
import com.vaadin.flow.shared.Registration;

/**
 * The template text of the editor: a CodeMirror 6 editor ({@link CodeEditor}) with Mustache
 * highlighting, completion of the variable model's names and the linter's problems in the gutter.
 */
class TemplateTextArea {

    private final CodeEditor editor = new CodeEditor();

    TemplateTextArea() {
        editor.setSizeFull();
        editor.addClassName("rp-template-text");
        editor.setId("template-text");
        completeFor(List.of());
    }

    Component component() {
        return editor;
    }

    String getValue() {
        return editor.getValue();
    }

    void setValue(String value) {
        editor.setValue(value);
    }

    Registration addValueChangeListener(
            HasValue.ValueChangeListener<? super ComponentValueChangeEvent<CodeEditor, String>> listener) {
        return editor.addValueChangeListener(listener);
    }

    /** Offers the variable model's names, and steps.NAME for the template's chain steps. */
    void completeFor(Collection<String> stepNames) {
        editor.setCompletions(Variables.completions(stepNames).stream()
                .map(c -> new CodeEditor.Completion(c.label(), c.detail())).toList());
    }

    void setProblems(List<TemplateLint.Problem> problems) {
        editor.setProblems(problems.stream()
                .map(p -> new CodeEditor.Problem(p.line(), p.message(), p.error())).toList());
    }

    void setReadOnly(boolean readOnly) {
        editor.setReadOnly(readOnly);
    }

    CodeEditor editor() {
        return editor;
    }
}
