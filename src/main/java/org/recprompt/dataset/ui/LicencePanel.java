package org.recprompt.dataset.ui;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;

/** A dataset's licence, shown in full, and the box the researcher ticks to acknowledge it. */
class LicencePanel extends Composite<Div> {

    final Div text = new Div();
    final Span citation = new Span();
    /** What the descriptor says about the data: its domain and facts (empty without a descriptor). */
    final Div facts = new Div();
    final Checkbox acknowledged = new Checkbox("I have read this licence and will use the data under its terms");

    LicencePanel() {
        Div root = getContent();
        root.addClassName("rp-licence");
        Span heading = new Span("Licence");
        heading.addClassName("rp-step-title");
        text.addClassName("rp-licence-text");
        citation.addClassName("rp-muted");
        acknowledged.setId("licence-acknowledged");
        facts.setId("licence-facts");
        root.add(heading, text, citation, facts, acknowledged);
    }

    void show(String licence, String cite) {
        text.setText(licence);
        citation.setText(cite == null || cite.isBlank() ? "" : "Cite: " + cite);
        facts.removeAll();
        acknowledged.setValue(false);
    }

    /** The licence of a descriptor, with what it says about the data: its domain and the publisher's facts. */
    void show(org.recprompt.dataset.DatasetDescriptor d) {
        show(d.licence(), d.citation());
        if (d.domain() != null && !d.domain().isBlank()) {
            facts.add(new Div(new Span("Domain: " + d.domain())));
        }
        if (!d.facts().isEmpty()) {
            com.vaadin.flow.component.html.UnorderedList list = new com.vaadin.flow.component.html.UnorderedList();
            d.facts().forEach(f -> list.add(new com.vaadin.flow.component.html.ListItem(f)));
            facts.add(new Span("The publisher says:"), list);
        }
    }
}
