package org.recprompt.workspace;

import java.nio.file.Path;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The workspace folder this workbench runs on (see {@link WorkspaceLocation}). */
@Component
public class WorkspaceSettings {

    private final Path workspace;

    WorkspaceSettings(@Value("${" + WorkspaceLocation.PROPERTY + "}") String workspace) {
        this.workspace = Path.of(workspace).toAbsolutePath().normalize();
    }

    public Path workspace() {
        return workspace;
    }
}
