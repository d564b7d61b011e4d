package org.recprompt.workspace.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;

/** The toolbar: new project, save, run the active editor, stop every background job, the keyboard shortcuts. */
class WorkbenchToolbar extends Composite<HorizontalLayout> {

    final Button newProject = new Button("New project", VaadinIcon.PLUS.create());
    final Button save = new Button("Save", VaadinIcon.DISC.create());
    final Button run = new Button("Run", VaadinIcon.PLAY.create());
    final Button stop = new Button("Stop", VaadinIcon.STOP.create());
    final Button shortcuts = new Button("Shortcuts", VaadinIcon.KEYBOARD_O.create());

    WorkbenchToolbar(Runnable onNew, Runnable onSave, Runnable onRun, Runnable onStop, Runnable onShortcuts) {
        HorizontalLayout bar = getContent();
        bar.setId("toolbar");
        bar.addClassName("rp-toolbar");
        bar.setWidthFull();
        bar.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        Span brand = new Span("RecPrompt");
        brand.addClassName("rp-brand");
        newProject.setId("toolbar-new-project");
        save.setId("toolbar-save");
        run.setId("toolbar-run");
        stop.setId("toolbar-stop");
        shortcuts.setId("toolbar-shortcuts");
        shortcuts.addClickListener(e -> onShortcuts.run());
        shortcuts.setTooltipText("Keyboard shortcuts (F1 or ?)");
        newProject.addClickListener(e -> onNew.run());
        save.addClickListener(e -> onSave.run());
        run.addClickListener(e -> onRun.run());
        stop.addClickListener(e -> onStop.run());
        newProject.setTooltipText("Create a project");
        save.setTooltipText("Save the active editor (Ctrl+S)");
        run.setTooltipText("Run the active experiment");
        stop.setTooltipText("Stop every running job");
        for (Button b : new Button[] {newProject, save, run, stop, shortcuts}) {
            b.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
        }
        run.addThemeVariants(ButtonVariant.LUMO_SUCCESS);
        stop.addThemeVariants(ButtonVariant.LUMO_ERROR);
        Span separator = new Span();
        separator.addClassName("rp-separator");
        Span separator2 = new Span();
        separator2.addClassName("rp-separator");
        bar.add(brand, newProject, save, separator, run, stop, separator2, shortcuts);
    }

    /** Puts a component at the right end of the toolbar (the account controls). */
    void addTrailing(Component component) {
        Span gap = new Span();
        gap.addClassName("rp-toolbar-gap");
        getContent().add(gap, component);
        getContent().setFlexGrow(1, gap);
    }

    void update(boolean canSave, boolean canRun, boolean canStop) {
        save.setEnabled(canSave);
        run.setEnabled(canRun);
        stop.setEnabled(canStop);
    }
}
