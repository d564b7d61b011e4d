package org.recprompt.workspace.ui;

import java.util.List;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;

/**
 * Every keyboard shortcut of the workbench, by where it works (F1, ?, or the toolbar's Shortcuts).
 * The list is kept here beside the code that binds them: WorkbenchView (window), ProjectExplorer
 * (explorer), the dialogs' Enter buttons, and the CodeMirror editors' own keymaps.
 */
class ShortcutsDialog extends Dialog {

    /** One shortcut: the keys as a person presses them, and what they do. */
    record Shortcut(String keys, String action) {
    }

    /** A group of shortcuts that work in one place. */
    record Section(String where, List<Shortcut> shortcuts) {
    }

    static final List<Section> SECTIONS = List.of(
            new Section("Anywhere in the workbench", List.of(
                    new Shortcut("Ctrl+S (\u2318S)", "Save the active editor"),
                    new Shortcut("Alt+W", "Close the active tab (asks first when it has unsaved changes)"),
                    new Shortcut("Ctrl+W", "The same, where the browser lets the page have it (an installed app "
                            + "window); in a normal browser window Ctrl+W closes the browser tab, which asks first "
                            + "when an editor has unsaved changes"),
                    new Shortcut("F1 or ?", "This list (? not while typing in a field)"))),
            new Section("Project explorer (click a row first)", List.of(
                    new Shortcut("\u2191 \u2193", "Move between rows"),
                    new Shortcut("Enter", "Open the row (a folder opens or closes)"),
                    new Shortcut("F2", "Rename the project or entry"),
                    new Shortcut("Delete", "Delete it (asks first)"),
                    new Shortcut("Shift+F10 or the context-menu key", "Its context menu (Open, Rename, Import...)"))),
            new Section("Dialogs", List.of(
                    new Shortcut("Enter", "Confirm (Create, Rename) in New project, Rename, New backend, New template "
                            + "and New experiment"),
                    new Shortcut("Esc", "Cancel and close the dialog"))),
            new Section("Template editor (and the other code editors)", List.of(
                    new Shortcut("Ctrl+Space", "Complete a variable, section or key"),
                    new Shortcut("Ctrl+Z / Ctrl+Y (Ctrl+Shift+Z)", "Undo / redo"),
                    new Shortcut("Ctrl+F", "Find and replace"),
                    new Shortcut("Ctrl+Shift+M, F8", "List the problems, go to the next one"),
                    new Shortcut("Tab / Shift+Tab", "Indent / outdent; press Esc first to move on to the next field"))));

    ShortcutsDialog() {
        setId("shortcuts-dialog");
        setHeaderTitle("Keyboard shortcuts");
        setWidth("40rem");
        Div body = new Div();
        body.addClassName("rp-shortcuts");
        for (Section section : SECTIONS) {
            body.add(new H4(section.where()));
            for (Shortcut s : section.shortcuts()) {
                Span keys = new Span(s.keys());
                keys.addClassName("rp-shortcut-keys");
                Span action = new Span(s.action());
                Div row = new Div(keys, action);
                row.addClassName("rp-shortcut");
                body.add(row);
            }
        }
        Paragraph mac = new Paragraph("On a Mac, \u2318 works where Ctrl is written for Save; the editors take \u2318 too.");
        mac.addClassName("rp-muted");
        body.add(mac);
        add(body);
        Button close = new Button("Close", e -> close());
        close.setId("shortcuts-close");
        close.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        getFooter().add(close);
    }
}
