package org.recprompt.workspace.security.ui;

import java.util.List;

import org.recprompt.base.ui.Notifications;
import org.recprompt.base.ui.ProjectActions;
import org.recprompt.workspace.ProjectService;
import org.recprompt.workspace.security.ProjectAccess;
import org.recprompt.workspace.security.ProjectAccessException;
import org.recprompt.workspace.security.ServingMode;
import org.springframework.stereotype.Component;

/** "Members..." on a project's row when a login is required: the owners' {@link MembersDialog}. */
@Component
class MembersAction implements ProjectActions {

    private final ServingMode mode;
    private final ProjectAccess access;
    private final ProjectService projects;

    MembersAction(ServingMode mode, ProjectAccess access, ProjectService projects) {
        this.mode = mode;
        this.access = access;
        this.projects = projects;
    }

    @Override
    public List<Action> actions() {
        if (!mode.loginRequired()) {
            return List.of(); // one researcher on loopback: no members to manage
        }
        return List.of(new Action("Members...", true, (projectId, done) -> {
            try {
                String name = projects.find(projectId).map(p -> p.getName()).orElse("project " + projectId);
                new MembersDialog(access, projectId, name).open();
            } catch (ProjectAccessException e) {
                Notifications.error(e.getMessage());
            }
        }, true));
    }
}
