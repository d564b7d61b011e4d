package org.recprompt.workspace;

import org.recprompt.base.AppVersion;
import org.recprompt.base.ConsoleLog;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Says in the console, once the workbench is up, which workspace it runs on. */
@Component
class WorkspaceStartup {

    private final ConsoleLog console;
    private final WorkspaceSettings settings;
    private final ProjectService projects;

    private final String databaseUrl;

    WorkspaceStartup(ConsoleLog console, WorkspaceSettings settings, ProjectService projects,
            @Value("${spring.datasource.url:}") String databaseUrl) {
        this.console = console;
        this.settings = settings;
        this.projects = projects;
        this.databaseUrl = databaseUrl;
    }

    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        try {
            // the database's files, created by H2 with the process's umask, become the owner's only like their folder
            org.recprompt.base.OwnerOnly.restrictTree(settings.workspace().resolve("db"));
        } catch (java.io.IOException e) {
            console.info("Could not make the workspace database readable by its owner only: " + e.getMessage());
        }
        int count = projects.list().size();
        DatabaseSettings database = new DatabaseSettings(databaseUrl, "", "");
        console.info("RecPrompt Workbench " + AppVersion.version() + " started on workspace " + settings.workspace()
                + (database.shared() ? " with the database " + database.displayUrl() : "") + " (" + count + (count == 1 ? " project)" : " projects)"));
    }
}
