package org.recprompt.experiment;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.recprompt.cli.RecPromptCli;
import org.recprompt.workspace.WorkspaceLocation;

/** Commands run in process on a private workspace under the test's folder, their output captured. */
abstract class InProcessCli {

    @TempDir
    Path dir;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    private String before;

    @BeforeEach
    void privateWorkspace() {
        before = System.getProperty(WorkspaceLocation.PROPERTY);
        System.setProperty(WorkspaceLocation.PROPERTY, dir.resolve("ws").toString());
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(WorkspaceLocation.PROPERTY);
        } else {
            System.setProperty(WorkspaceLocation.PROPERTY, before);
        }
    }

    int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return RecPromptCli.run(args, new PrintWriter(out), new PrintWriter(err));
    }
}
