package org.recprompt.base.ui;

import java.util.Optional;

import com.vaadin.flow.component.Component;

/**
 * Something that opens in an editor tab of the workbench: a project, a template, an experiment.
 * Features implement it; the shell shows its title (with a dirty marker), saves it on Ctrl+S,
 * asks before closing it with unsaved changes, and runs it from the toolbar when it can run.
 */
public interface Editor {

    /** A key that is the same for the same input, so that opening it twice selects the open tab. */
    String id();

    /** The tab's title, without the dirty marker. */
    String title();

    Component content();

    default boolean isDirty() {
        return false;
    }

    /** Saves the changes; false when they are invalid (the editor shows why) and nothing was saved. */
    default boolean save() {
        return true;
    }

    /** The shell calls this so it can mark the tab and enable Save when the dirty state or title changes. */
    default void setChangeListener(Runnable onChange) {
    }

    /** What the toolbar's Run button does while this editor is active, if anything. */
    default Optional<Runnable> runAction() {
        return Optional.empty();
    }
}
