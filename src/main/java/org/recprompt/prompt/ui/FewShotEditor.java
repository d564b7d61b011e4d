package org.recprompt.prompt.ui;

import org.recprompt.base.ui.Editor;
import org.recprompt.base.ui.Notifications;
import org.recprompt.prompt.fewshot.FewShotService;
import org.recprompt.prompt.fewshot.FewShotSets;
import org.recprompt.prompt.fewshot.ProjectFewShotSet;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.data.value.ValueChangeMode;

/**
 * A few-shot set's tab: its YAML (examples with user, history, candidates and answer as the
 * dataset's ids), checked as it is typed. Whether an example leaks is checked for each evaluated
 * user when the set is used.
 */
class FewShotEditor implements Editor {

    final TextArea yaml = new TextArea();
    final Span status = new Span();
    private final Div content = new Div();
    private final FewShotService sets;
    private ProjectFewShotSet set;
    private String saved;
    private Runnable onChange = () -> { };

    FewShotEditor(FewShotService sets, ProjectFewShotSet set) {
        this.sets = sets;
        this.set = set;
        this.saved = set.getContent();
        content.addClassNames("rp-editor");
        yaml.setWidthFull();
        yaml.setMinHeight("24rem");
        yaml.addClassName("rp-template-text");
        yaml.setValueChangeMode(ValueChangeMode.LAZY);
        yaml.setValue(saved);
        yaml.addValueChangeListener(e -> changed());
        Paragraph help = new Paragraph("Each example: user, history (item ids, oldest first), candidates (item ids, "
                + "may be empty), answer (item ids) or note (free text). Examples come from other users' training data; "
                + "one drawn from the evaluated user or showing one of its held-out items is refused when the set is used.");
        help.addClassName("rp-muted");
        content.add(help, yaml, status);
        changed();
    }

    private void changed() {
        try {
            var parsed = FewShotSets.fromYaml(yaml.getValue(), set.getName());
            status.setText(parsed.examples().size() + " examples \u00b7 strategy " + parsed.strategy() + " \u00b7 seed " + parsed.seed());
            status.setClassName("rp-error", false);
            yaml.setInvalid(false);
        } catch (IllegalArgumentException e) {
            status.setText(e.getMessage());
            status.setClassName("rp-error", true);
            yaml.setInvalid(true);
        }
        onChange.run();
    }

    @Override
    public String id() {
        return "project:" + set.getProjectId() + "/fewshot:" + set.getId();
    }

    @Override
    public String title() {
        return set.getName();
    }

    @Override
    public Component content() {
        return content;
    }

    @Override
    public boolean isDirty() {
        return !yaml.getValue().equals(saved);
    }

    @Override
    public boolean save() {
        try {
            set = sets.save(set.getId(), yaml.getValue());
            saved = yaml.getValue();
            onChange.run();
            return true;
        } catch (IllegalArgumentException e) {
            Notifications.error(e.getMessage());
            return false;
        }
    }

    @Override
    public void setChangeListener(Runnable listener) {
        this.onChange = listener;
    }
}
