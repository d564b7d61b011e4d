package org.recprompt.backend.ui;

import org.recprompt.backend.BackendConfigService.KeyStatus;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;

/**
 * Where a backend's key comes from: an environment variable (whether it is set, never its value),
 * or a key typed here that is stored encrypted when the editor saves and from then on shown only
 * masked (at most its last four characters), with Replace and Forget.
 */
class ApiKeyPanel extends Composite<Div> {

    final TextField variable = new TextField("API key variable");
    final Span status = new Span();
    final PasswordField key = new PasswordField("API key");
    final Button replace = new Button("Replace key");
    final Button forget = new Button("Forget key");
    private boolean replacing;
    private KeyStatus shown;

    ApiKeyPanel(Runnable onChange, Runnable onForget) {
        Div root = getContent();
        root.addClassName("rp-api-key");
        variable.setId("backend-key-variable");
        variable.setValueChangeMode(ValueChangeMode.EAGER);
        variable.setHelperText("The environment variable that holds the key; blank for the provider's usual one.");
        variable.addValueChangeListener(e -> onChange.run());
        status.setId("backend-key-status");
        status.addClassName("rp-key-status");
        key.setId("backend-key");
        key.setRevealButtonVisible(false);
        key.setValueChangeMode(ValueChangeMode.EAGER);
        key.setPlaceholder("Paste a key: it is stored encrypted when you save");
        key.setHelperText("Used instead of the variable. Never shown again, logged or exported.");
        key.setWidthFull();
        key.addValueChangeListener(e -> onChange.run());
        replace.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        replace.addClickListener(e -> {
            replacing = true;
            show(shown);
            key.focus();
        });
        forget.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
        forget.addClickListener(e -> onForget.run());
        HorizontalLayout actions = new HorizontalLayout(status, replace, forget);
        actions.setAlignItems(HorizontalLayout.Alignment.BASELINE);
        root.add(variable, actions, key);
    }

    /** False for editors and viewers: only a project's owners store, replace or forget its keys. */
    private boolean mayManage = true;

    void mayManage(boolean may) {
        mayManage = may;
        if (shown != null) {
            show(shown);
        }
    }

    /** Shows where the key comes from; the key field is offered unless a key is stored (then after Replace). */
    void show(KeyStatus s) {
        shown = s;
        boolean needed = s.source() != KeyStatus.Source.NOT_NEEDED;
        boolean stored = s.source() == KeyStatus.Source.STORED;
        if (!needed) {
            key.clear(); // typed before the type changed to one that sends no key
        }
        variable.setVisible(needed);
        status.setText(s.text() + (mayManage || !needed || stored ? "" : " Only the project's owners store keys here."));
        status.setClassName("rp-error", s.source() == KeyStatus.Source.MISSING);
        replace.setVisible(mayManage && stored && !replacing);
        forget.setVisible(mayManage && stored);
        key.setVisible(mayManage && needed && (!stored || replacing));
    }

    /** After a save or a forget: the typed key is gone from the form. */
    void reset() {
        replacing = false;
        key.clear();
    }
}
