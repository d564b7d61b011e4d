package org.recprompt.workspace.security.ui;

import java.util.Optional;

import org.recprompt.workspace.security.ProjectAccess;
import org.recprompt.workspace.security.ProjectRole;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasEnabled;
import com.vaadin.flow.component.HasValue;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Div;

/**
 * The line an editor shows when the signed-in account may read but not change what it shows: its
 * role in the project and who may. The services refuse such a change anyway; this says why the
 * editor is read-only before anyone tries.
 */
public final class RoleNotice {

    private RoleNotice() {
    }

    /** The notice when the caller's role is below {@code needed}; empty when it may. {@code what}: "change templates". */
    public static Optional<Div> unless(ProjectAccess access, long projectId, ProjectRole needed, String what) {
        if (access.may(projectId, needed)) {
            return Optional.empty();
        }
        String role = access.role(projectId).map(ProjectRole::withArticle).orElse("not a member");
        Div notice = new Div();
        notice.setId("role-notice");
        notice.addClassName("rp-role-notice");
        notice.setText("Read only: you are " + role + " of this project; only its "
                + (needed == ProjectRole.OWNER ? "owners" : "editors and owners") + " can " + what + ".");
        return Optional.of(notice);
    }

    /** Makes every field under {@code root} read only and disables every button (a viewer's editor). */
    public static void readOnlyAll(Component root) {
        if (root instanceof HasValue<?, ?> field) {
            field.setReadOnly(true);
        }
        if (root instanceof Button button && root instanceof HasEnabled) {
            button.setEnabled(false);
        }
        root.getChildren().forEach(RoleNotice::readOnlyAll);
    }
}
