package org.recprompt.workspace;

import org.recprompt.base.AppVersion;
import org.recprompt.base.ConsoleLog;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Says in the console, once the workbench is up, which workspace it runs on. */
@Component
class WorkspaceStartup {

    private final ConsoleLog console;
    private final WorkspaceSettings settings;
    private final ProjectService projects;

    WorkspaceStartup(ConsoleLog console, WorkspaceSettings settings, ProjectService projects) {
        this.console = console;
        this.settings = settings;
        this.projects = projects;
    }

    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        int count = projects.list().size();
        console.info("RecPrompt Workbench " + AppVersion.version() + " started on workspace " + settings.workspace()
                + " (" + count + (count == 1 ? " project)" : " projects)"));
    }
}
