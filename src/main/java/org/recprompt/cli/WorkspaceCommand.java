package org.recprompt.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.recprompt.workspace.WorkspaceLocation;
import org.recprompt.workspace.WorkspaceLock;
import org.recprompt.workspace.WorkspaceLockedException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recprompt workspace}: where the workspace is and whether a workbench is using it. */
@Command(name = "workspace", mixinStandardHelpOptions = true,
        description = "Show the workspace folder and whether a running workbench holds it.")
final class WorkspaceCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print a JSON object instead of text.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Path workspace = WorkspaceLocation.resolve(new String[0], System.getenv());
        boolean exists = Files.isDirectory(workspace);
        String inUse = "no";
        if (exists) {
            try (WorkspaceLock lock = WorkspaceLock.acquire(workspace)) {
                inUse = "no";
            } catch (WorkspaceLockedException e) {
                inUse = "yes";
            }
        }
        var out = spec.commandLine().getOut();
        if (json) {
            out.printf("{\"workspace\": \"%s\", \"exists\": %b, \"in_use\": %b}%n",
                    workspace.toString().replace("\\", "\\\\").replace("\"", "\\\""), exists, inUse.equals("yes"));
        } else {
            out.println("workspace: " + workspace);
            out.println("exists:    " + (exists ? "yes" : "no (created when the workbench first starts)"));
            out.println("in use:    " + inUse);
        }
        return ExitCode.OK;
    }
}
