package org.recprompt.prompt.ui;

import java.util.List;

import org.recprompt.prompt.TemplateLint;

import com.vaadin.flow.component.AbstractField.ComponentValueChangeEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasValue;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.shared.Registration;

/** The template text field of the editor. */
class TemplateTextArea {

    private final TextArea area = new TextArea();

    TemplateTextArea() {
        area.setSizeFull();
        area.addClassName("rp-template-text");
        area.setValueChangeMode(ValueChangeMode.LAZY);
        area.setValueChangeTimeout(300);
        area.setId("template-text");
    }

    Component component() {
        return area;
    }

    String getValue() {
        return area.getValue();
    }

    void setValue(String value) {
        area.setValue(value);
    }

    Registration addValueChangeListener(
            HasValue.ValueChangeListener<? super ComponentValueChangeEvent<TextArea, String>> listener) {
        return area.addValueChangeListener(listener);
    }

    void setProblems(List<TemplateLint.Problem> problems) {
        area.setInvalid(problems.stream().anyMatch(TemplateLint.Problem::error));
    }
}
