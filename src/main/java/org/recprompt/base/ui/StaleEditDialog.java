package org.recprompt.base.ui;

import org.recprompt.base.StaleEditException;

import com.vaadin.flow.component.confirmdialog.ConfirmDialog;

/**
 * The question after a refused save ({@link StaleEditException}): what changed, by whom and when,
 * then Reload (the saved version replaces this editor's text), Overwrite (this editor's text is
 * saved over it, knowingly) or Cancel (keep editing, nothing saved). Nothing is lost silently.
 */
public final class StaleEditDialog {

    private StaleEditDialog() {
    }

    public static ConfirmDialog open(StaleEditException e, Runnable reload, Runnable overwrite) {
        ConfirmDialog d = new ConfirmDialog();
        d.setId("stale-edit");
        d.setHeader("Changed since you opened it");
        d.setText(e.getMessage() + " Reload shows the saved version (your changes here are dropped); Overwrite saves"
                + " yours over it; Cancel keeps editing.");
        d.setConfirmText("Overwrite");
        d.setConfirmButtonTheme("error primary");
        d.addConfirmListener(ev -> overwrite.run());
        d.setRejectable(true);
        d.setRejectText("Reload");
        d.addRejectListener(ev -> reload.run());
        d.setCancelable(true);
        d.open();
        return d;
    }
}
