package org.recprompt.dataset.ui;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;

/** A dataset's licence, shown in full, and the box the researcher ticks to acknowledge it. */
class LicencePanel extends Composite<Div> {

    final Div text = new Div();
    final Span citation = new Span();
    final Checkbox acknowledged = new Checkbox("I have read this licence and will use the data under its terms");

    LicencePanel() {
        Div root = getContent();
        root.addClassName("rp-licence");
        Span heading = new Span("Licence");
        heading.addClassName("rp-step-title");
        text.addClassName("rp-licence-text");
        citation.addClassName("rp-muted");
        acknowledged.setId("licence-acknowledged");
        root.add(heading, text, citation, acknowledged);
    }

    void show(String licence, String cite) {
        text.setText(licence);
        citation.setText(cite == null || cite.isBlank() ? "" : "Cite: " + cite);
        acknowledged.setValue(false);
    }
}
