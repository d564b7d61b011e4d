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
    static final String READ_LICENCE = "I have read this licence and will use the data under its terms";
    static final String NO_LICENCE = "No licence information ships with this data.";
    static final String CONFIRM_RIGHT = "I confirm that I may use this data for this research";

    final Checkbox acknowledged = new Checkbox(READ_LICENCE);

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

    /**
     * Data no descriptor names: nothing is claimed until the box is ticked; the panel says what the
     * dataset will record then.
     */
    void showUnlicensed() {
        show(NO_LICENCE, null);
        citation.setText("When you tick the box, the dataset records: \"" + org.recprompt.dataset.DatasetService.NO_DESCRIPTOR_LICENCE
                + "\"");
        acknowledged.setLabel(CONFIRM_RIGHT);
    }

    void show(String licence, String cite) {
        acknowledged.setLabel(READ_LICENCE);
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
