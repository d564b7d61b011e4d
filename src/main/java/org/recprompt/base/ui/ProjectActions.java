package org.recprompt.base.ui;

import java.util.List;
import java.util.function.Consumer;

/**
 * Actions a feature adds to the project explorer's context menu outside the folders: on a project
 * ("Export project...") or on the workspace ("Import project..."). Implementations are Spring
 * beans; the workbench finds them all.
 */
public interface ProjectActions {

    /**
     * A menu item. {@code onProject}: shown on a project's row and given its id; otherwise shown
     * everywhere and given null. {@code ownersOnly}: enabled only for the project's owners when
     * roles apply (issue 23; "Members..."). {@code done} is called after the action changed the projects.
     */
    record Action(String label, boolean onProject, ActionHandler handler, boolean ownersOnly) {
        public Action(String label, boolean onProject, ActionHandler handler) {
            this(label, onProject, handler, false);
        }
    }

    @FunctionalInterface
    interface ActionHandler {
        void run(Long projectId, Consumer<Long> done);
    }

    List<Action> actions();
}
